// Proves: the request pipeline of one operation (operation.ts), in process, for both APIs: sign-in by token or
// API key (401), path parameters (400), the spec's role rules (403), the organization (404), the list (200), and the
// API's own error bodies. Every handler is built inside its test (Stryker attributes set-up code to the tests that run it).
import { describe, expect, it } from 'vitest';
import { flashback } from '../apis/flashback/index.js';
import { superai } from '../apis/superai/index.js';
import type { ApiDefinition, Dataset } from '../apis/types.js';
import type { JsonObject } from '../openapi/types.js';
import { indexDataset } from './dataset.js';
import { operationHandler, type Outcome, type OperationRequest } from './operation.js';

// ---- SuperAI: organizations and users as its spec shapes them (ids are UUIDs) ----
const OWN = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER = '9b2d5c1e-0f4a-4c8e-8d1b-6f7a2e3c4d5b';
const PLATFORM = 'c0ffee00-0000-4000-8000-000000000001';
const MISSING = '00000000-0000-4000-8000-000000000000';
const REQUEST_ID = '01K8KABR6S16YETA2SZPVBS9SP';
const KEY = (n: number) => `saf_${String(n).repeat(32)}`;

const saUser = (id: string, org: string, role: string, status: string, created: string): JsonObject => ({
  id,
  email: `${id.slice(0, 8)}@own.example`,
  first_name: 'Ada',
  last_name: 'Lovelace',
  organization_id: org,
  organization_name: org === OWN ? 'Own Org' : org === OTHER ? 'Other Org' : 'Platform',
  role,
  status,
  modified_by: 'system',
  created_at: created,
  updated_at: created,
});

const superaiData = (): Dataset => ({
  organizations: [
    { id: OWN, name: 'Own Org' },
    { id: OTHER, name: 'Other Org' },
    { id: PLATFORM, name: 'Platform' },
  ],
  users: [
    {
      token: 'sa_org_admin_own',
      apiKey: KEY(1),
      record: saUser('7c9e6679-7425-40de-944b-e07fc1f90ae7', OWN, 'org_admin', 'active', '2025-06-02T09:15:00Z'),
    },
    {
      token: 'sa_app_user_own',
      apiKey: KEY(2),
      record: saUser('11111111-7425-40de-944b-e07fc1f90ae7', OWN, 'app_user', 'active', '2025-05-20T08:00:00Z'),
    },
    {
      token: 'sa_inactive_own',
      apiKey: KEY(3),
      record: saUser('22222222-7425-40de-944b-e07fc1f90ae7', OWN, 'org_admin', 'inactive', '2025-07-01T08:00:00Z'),
    },
    {
      token: 'sa_org_admin_other',
      record: saUser('33333333-7425-40de-944b-e07fc1f90ae7', OTHER, 'org_admin', 'active', '2025-01-01T00:00:00Z'),
    },
    {
      token: 'sa_backoffice',
      apiKey: KEY(4),
      record: saUser('44444444-7425-40de-944b-e07fc1f90ae7', PLATFORM, 'backoffice', 'active', '2025-01-01T00:00:00Z'),
    },
  ],
});

/** The handler, its answers without the journal's `rule` and `user` (tested on their own below). */
const build = (api: ApiDefinition, data: Dataset) => {
  const handler = operationHandler(api, indexDataset(api, data));
  return {
    ...handler,
    answer: (request: OperationRequest) => {
      const { rule: _rule, user: _user, ...outcome } = handler.answer(request);
      return outcome;
    },
  };
};
const saRequest = (org: string, headers: { authorization?: string; apiKey?: string }): OperationRequest => ({
  params: { organization_id: org },
  requestId: REQUEST_ID,
  authorization: headers.authorization,
  apiKey: headers.apiKey,
});
const ids = (outcome: Outcome) => {
  if (!('raw' in outcome)) throw new Error(`expected a 200 list, got ${JSON.stringify(outcome)}`);
  return (JSON.parse(outcome.raw) as JsonObject[]).map((u) => u.id);
};
/** SuperAI's standard error structure (spec ErrorResponse): the vendor's code of the status, the request's id. */
const saError = (status: number, code: string, message: string | RegExp = /\S/) => ({
  status,
  body: {
    error: { message: typeof message === 'string' ? message : expect.stringMatching(message), code, details: null },
    request_id: REQUEST_ID,
  },
});
const OWN_IDS = ['22222222-7425-40de-944b-e07fc1f90ae7', '7c9e6679-7425-40de-944b-e07fc1f90ae7', '11111111-7425-40de-944b-e07fc1f90ae7'];

describe('SuperAI pipeline: 401 (FACTS.md: "Authentication required" when credentials are missing, "Invalid authentication token" when wrong)', () => {
  it('no Authorization and no API key → 401 "Authentication required"', () => {
    expect(build(superai, superaiData()).answer(saRequest(OWN, {}))).toEqual(saError(401, 'unauthorized', 'Authentication required'));
  });

  it('a blank Authorization header counts as missing → 401 "Authentication required"', () => {
    const handler = build(superai, superaiData());
    for (const authorization of ['', '   ', '\t'])
      expect(handler.answer(saRequest(OWN, { authorization }))).toEqual(saError(401, 'unauthorized', 'Authentication required'));
  });

  it('an unknown bearer token → 401 "Invalid authentication token"', () => {
    const out = build(superai, superaiData()).answer(saRequest(OWN, { authorization: 'Bearer sa_backoffice_ffffffffffff' }));
    expect(out).toEqual(saError(401, 'unauthorized', 'Invalid authentication token'));
  });

  it('a scheme other than Bearer → 401 with a message, even when a valid token follows', () => {
    const handler = build(superai, superaiData());
    for (const authorization of [
      'Basic Zm9vOmJhcg==',
      'Basic Bearer sa_backoffice',
      'xBearer sa_backoffice',
      'Bearer',
      'Bearer sa_backoffice junk',
    ])
      expect(handler.answer(saRequest(OWN, { authorization }))).toEqual(saError(401, 'unauthorized'));
  });

  it('a user who is not active (x-access-control activeWhen: status active) → 401 with a message', () => {
    const out = build(superai, superaiData()).answer(saRequest(OWN, { authorization: 'Bearer sa_inactive_own' }));
    expect(out).toEqual(saError(401, 'unauthorized'));
  });

  it('Bearer is matched case-insensitively, with one or more spaces and trailing whitespace (RFC 9110 11.4, 5.5)', () => {
    const handler = build(superai, superaiData());
    for (const authorization of ['Bearer sa_backoffice', 'bearer sa_backoffice', 'BEARER  sa_backoffice', 'Bearer sa_backoffice  '])
      expect(ids(handler.answer(saRequest(OWN, { authorization })))).toEqual(OWN_IDS);
  });
});

describe('SuperAI pipeline: the API key (X-API-Key, counted only without an Authorization header)', () => {
  it("an org_admin's key lists its own organization, as its token does; surrounding whitespace is not part of the key", () => {
    const handler = build(superai, superaiData());
    expect(ids(handler.answer(saRequest(OWN, { apiKey: KEY(1) })))).toEqual(OWN_IDS);
    expect(ids(handler.answer(saRequest(OWN, { apiKey: ` ${KEY(1)}  ` })))).toEqual(OWN_IDS);
    expect(handler.answer(saRequest(OTHER, { apiKey: KEY(1) }))).toEqual(
      saError(403, 'forbidden', 'Insufficient permissions to access this resource'),
    );
  });

  it('a blank key counts as missing → 401 "Authentication required"', () => {
    const handler = build(superai, superaiData());
    for (const apiKey of ['', '  '])
      expect(handler.answer(saRequest(OWN, { apiKey }))).toEqual(saError(401, 'unauthorized', 'Authentication required'));
  });

  it('an unknown key, or the key of a user who is not active → 401 with a message', () => {
    const handler = build(superai, superaiData());
    expect(handler.answer(saRequest(OWN, { apiKey: KEY(9) }))).toEqual(saError(401, 'unauthorized'));
    expect(handler.answer(saRequest(OWN, { apiKey: KEY(3) }))).toEqual(saError(401, 'unauthorized'));
  });

  it('the Authorization header decides when both are sent: a valid key beside a bad token → 401', () => {
    const out = build(superai, superaiData()).answer(saRequest(OWN, { authorization: 'Bearer nope', apiKey: KEY(4) }));
    expect(out).toEqual(saError(401, 'unauthorized', 'Invalid authentication token'));
  });

  it('a valid token without any key signs in by the token', () => {
    const out = build(superai, superaiData()).answer(saRequest(OWN, { authorization: 'Bearer sa_org_admin_own' }));
    expect(ids(out)).toEqual(OWN_IDS);
  });
});

describe('SuperAI pipeline: 400, 403, 404 and 200 (spec responses and x-access-control)', () => {
  it('organization_id not a UUID → 400 "Invalid UUID format" (the documented 400), after sign-in', () => {
    const handler = build(superai, superaiData());
    for (const org of ['not-a-uuid', '123', `${OWN}x`, ''])
      expect(handler.answer(saRequest(org, { authorization: 'Bearer sa_backoffice' }))).toEqual(
        saError(400, 'bad_request', 'Invalid UUID format'),
      );
    expect(handler.answer(saRequest('not-a-uuid', {}))).toEqual(saError(401, 'unauthorized', 'Authentication required'));
  });

  it('a role no rule allows → 403 with the documented message, even for its own organization', () => {
    const out = build(superai, superaiData()).answer(saRequest(OWN, { authorization: 'Bearer sa_app_user_own' }));
    expect(out).toEqual(saError(403, 'forbidden', 'Insufficient permissions to access this resource'));
  });

  it('org_admin: its own organization (any case of the UUID) → 200; another or a missing one → 403 (no existence leak)', () => {
    const handler = build(superai, superaiData());
    const admin = { authorization: 'Bearer sa_org_admin_own' };
    expect(ids(handler.answer(saRequest(OWN.toUpperCase(), admin)))).toEqual(OWN_IDS);
    for (const org of [OTHER, MISSING])
      expect(handler.answer(saRequest(org, admin))).toEqual(saError(403, 'forbidden', 'Insufficient permissions to access this resource'));
  });

  it('backoffice: any organization → 200; one that does not exist → 404 "Organization not found"', () => {
    const handler = build(superai, superaiData());
    const bo = { authorization: 'Bearer sa_backoffice' };
    expect(ids(handler.answer(saRequest(OTHER, bo)))).toEqual(['33333333-7425-40de-944b-e07fc1f90ae7']);
    expect(handler.answer(saRequest(MISSING, bo))).toEqual(saError(404, 'not_found', 'Organization not found'));
  });

  it("errorOutcome without a message uses the vendor's words of each status (the spec's examples)", () => {
    const handler = build(superai, superaiData());
    const request = { params: { organization_id: 'not-a-uuid' }, requestId: REQUEST_ID };
    expect(handler.errorOutcome(500, request)).toEqual(saError(500, 'internal_error', 'An unexpected error occurred'));
    expect(handler.errorOutcome(404, request)).toEqual(saError(404, 'not_found', 'Organization not found'));
    expect(handler.errorOutcome(401, request, 'Authentication required')).toEqual(saError(401, 'unauthorized', 'Authentication required'));
    expect(handler.errorOutcome(422, request)).toEqual({
      status: 422,
      body: {
        detail: [{ loc: ['path', 'organization_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing', input: 'not-a-uuid' }],
      },
    });
    expect(handler.apiKeyHeader).toBe('X-API-Key');
  });

  it('a failure that is no API error (a bug) is not disguised as one: it propagates', () => {
    const api = superai;
    const dataset = indexDataset(api, superaiData());
    const boom = new TypeError('boom');
    const handler = operationHandler(api, {
      ...dataset,
      listBody: () => {
        throw boom;
      },
    });
    expect(() => handler.answer(saRequest(OWN, { authorization: 'Bearer sa_backoffice' }))).toThrow(boom);
  });
});

describe('the pipeline reads its rules from the spec', () => {
  const withOperation = (api: ApiDefinition, change: Partial<ApiDefinition['operation']>): ApiDefinition => ({
    ...api,
    operation: { ...api.operation, ...change },
  });

  it('an operation without x-access-control is refused when the handler is made, naming the API and operation', () => {
    expect(() => build(withOperation(superai, { access: null }), superaiData())).toThrow(
      'superai: listOrganizationUsers has no x-access-control in its spec',
    );
  });

  it('an optional query parameter the request lacks is not a 400', () => {
    const api = withOperation(superai, {
      parameters: [...superai.operation.parameters, { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } }],
    });
    expect(ids(build(api, superaiData()).answer(saRequest(OWN, { authorization: 'Bearer sa_backoffice' })))).toEqual(OWN_IDS);
  });

  it('any valid OpenAPI schema of a path parameter is accepted (externalDocs is no JSON Schema keyword)', () => {
    const [param] = superai.operation.parameters;
    const api = withOperation(superai, {
      parameters: [{ ...param!, schema: { ...param!.schema, externalDocs: { url: 'https://example.test/ids' } } }],
    });
    const handler = build(api, superaiData());
    expect(ids(handler.answer(saRequest(OWN, { authorization: 'Bearer sa_backoffice' })))).toEqual(OWN_IDS);
    expect(handler.answer(saRequest('nope', { authorization: 'Bearer sa_backoffice' }))).toEqual(
      saError(400, 'bad_request', 'Invalid UUID format'),
    );
  });

  it('a path parameter that is no UUID is named in its 400 message', () => {
    const [param] = superai.operation.parameters;
    const api = withOperation(superai, { parameters: [{ ...param!, schema: { type: 'string', pattern: '^[0-9a-f-]+$' } }] });
    const out = build(api, superaiData()).answer(saRequest('NOT HEX', { authorization: 'Bearer sa_backoffice' }));
    expect(out).toEqual(saError(400, 'bad_request', /organization_id/));
    expect(JSON.stringify(out)).not.toContain('UUID');
  });

  it('a status without a vendor message still gets a human-readable one (ErrorDetail.message is required)', () => {
    const request = { params: { organization_id: OWN }, requestId: REQUEST_ID };
    const conflict = {
      status: 409,
      body: { error: { message: expect.stringMatching(/\S/), code: null, details: null }, request_id: REQUEST_ID },
    };
    expect(build(superai, superaiData()).errorOutcome(409, request)).toEqual(conflict);
    const denied409 = withOperation(superai, { access: { ...superai.operation.access!, deniedStatus: 409 } });
    expect(build(denied409, superaiData()).answer(saRequest(OWN, { authorization: 'Bearer sa_app_user_own' }))).toEqual(conflict);
  });

  it('without a documented 400, a malformed parameter gets the 422 the operation documents', () => {
    const api = withOperation(superai, { responses: superai.operation.responses.filter((r) => r.status !== 400) });
    const out = build(api, superaiData()).answer(saRequest('not-a-uuid', { authorization: 'Bearer sa_backoffice' }));
    expect(out.status).toBe(422);
  });
});

// ---- Flashback: the caller's own organization, roles 2/254/255 allowed, the pinned empty envelope on failure ----
const FB_ORG = '123e4567-e89b-12d3-a456-426614174000';
const EMPTY = { success: false, data: [], total: 0 };
const fbUser = (id: string, orgId: string | null, orgRole: number, deletedAt: string | null = null): JsonObject => ({
  id,
  email: `${id.slice(0, 8)}@example.com`,
  name: 'John',
  lastName: 'Doe',
  orgId,
  orgRole,
  validated: true,
  deletedAt,
});
const flashbackData = (): Dataset => ({
  organizations: [{ id: FB_ORG, name: 'Example' }],
  users: [
    { token: 'fb_owner', record: fbUser('550e8400-e29b-41d4-a716-446655440000', FB_ORG, 255) },
    { token: 'fb_user', record: fbUser('660e8400-e29b-41d4-a716-446655440001', FB_ORG, 0) },
    { token: 'fb_deleted_owner', record: fbUser('770e8400-e29b-41d4-a716-446655440002', FB_ORG, 255, '2025-01-01T00:00:00Z') },
    { token: 'fb_no_org', record: fbUser('880e8400-e29b-41d4-a716-446655440003', null, 255) },
    { token: 'fb_gone_org', record: fbUser('990e8400-e29b-41d4-a716-446655440004', 'aaaaaaaa-e89b-12d3-a456-426614174000', 255) },
  ],
});
const fbRequest = (authorization?: string): OperationRequest => ({ params: {}, requestId: REQUEST_ID, authorization });

describe('Flashback pipeline', () => {
  it('an OWNER gets 200 with its organization; no API-key scheme in its spec', () => {
    const handler = build(flashback, flashbackData());
    expect(handler.apiKeyHeader).toBeNull();
    const out = handler.answer(fbRequest('Bearer fb_owner'));
    if (!('raw' in out)) throw new Error('expected 200');
    expect(out.status).toBe(200);
    const body = JSON.parse(out.raw) as { success: boolean; total: number; data: JsonObject[] };
    expect(body.success).toBe(true);
    expect(body.total).toBe(3);
  });

  it('no, malformed or unknown token, or a soft-deleted user → 401 with the envelope', () => {
    const handler = build(flashback, flashbackData());
    for (const authorization of [undefined, '', 'Basic x', 'Bearer nope', 'Bearer fb_deleted_owner'])
      expect(handler.answer(fbRequest(authorization))).toEqual({ status: 401, body: EMPTY });
  });

  it('USER → 403; an OWNER with no organization or one that does not exist is "not in organization" → 403, never 404', () => {
    const handler = build(flashback, flashbackData());
    for (const token of ['fb_user', 'fb_no_org', 'fb_gone_org'])
      expect(handler.answer(fbRequest(`Bearer ${token}`))).toEqual({ status: 403, body: EMPTY });
  });

  it('an API key means nothing to an API whose spec has no API-key scheme, even when a user has one', () => {
    const data = flashbackData();
    data.users[0] = { ...data.users[0]!, apiKey: 'fb_key_of_the_owner' };
    expect(build(flashback, data).answer({ ...fbRequest(undefined), apiKey: 'fb_key_of_the_owner' })).toEqual({ status: 401, body: EMPTY });
  });

  it('even with a documented 404, a caller whose own organization is missing gets the denied status', () => {
    const notFound = { ...flashback.operation.responses.find((r) => r.status === 403)!, status: 404 };
    const api: ApiDefinition = {
      ...flashback,
      operation: { ...flashback.operation, responses: [...flashback.operation.responses, notFound] },
    };
    expect(build(api, flashbackData()).answer(fbRequest('Bearer fb_gone_org'))).toEqual({ status: 403, body: EMPTY });
  });
});

describe("the step that decided each answer (the journal's rule) and the caller", () => {
  const handler = operationHandler(superai, indexDataset(superai, superaiData()));
  const ruleOf = (org: string, authorization?: string) => {
    const out = handler.answer(saRequest(org, { authorization }));
    return [out.status, out.rule, out.user?.record.id ?? null];
  };
  it('auth, parameter, access, organization, ok', () => {
    expect(ruleOf(OWN)).toEqual([401, 'auth', null]);
    expect(ruleOf('not-a-uuid', 'Bearer sa_backoffice')[1]).toBe('parameter');
    expect(ruleOf(OTHER, 'Bearer sa_org_admin_own')[1]).toBe('access');
    expect(ruleOf(MISSING, 'Bearer sa_backoffice')).toEqual([404, 'organization', expect.any(String)]);
    expect(ruleOf(OWN, 'Bearer sa_backoffice')[1]).toBe('ok');
  });
});
