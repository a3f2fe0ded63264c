// Proves: what each API definition (src/apis/<api>/index.ts) says beyond its spec, called directly: the sign-in state
// the banner and /docs show (it agrees with the spec's activeWhen rule), where a user's organization lives, the
// list and error bodies, the /__mock/identities row (README: role, organization and state; SuperAI's apiKey or
// null), role names, SuperAI's organization_name consistency and its config section's base URL (with /api).
import { describe, expect, it } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import { superai } from '../../src/apis/superai/index.js';
import { canSignIn } from '../../src/openapi/extensions.js';
import type { JsonObject } from '../../src/openapi/types.js';

const REQUEST = { params: { organization_id: 'not-a-uuid' }, query: {}, requestId: '01K8KABR6S16YETA2SZPVBS9SP' };
const ORG = '123e4567-e89b-12d3-a456-426614174000';

describe('flashback definition', () => {
  const owner = (extra: JsonObject): JsonObject => ({ id: '550e8400-e29b-41d4-a716-446655440000', orgId: ORG, orgRole: 255, ...extra });

  it('signInState: deletedAt null or absent is active, a deletion time is deleted, as the spec sign-in rule (deletedAt null) reads it', () => {
    const cases: [JsonObject, string][] = [
      [owner({ deletedAt: null }), 'active'],
      [owner({}), 'active'],
      [owner({ deletedAt: '2025-01-01T00:00:00Z' }), 'deleted'],
    ];
    for (const [user, state] of cases) {
      expect(flashback.signInState(user)).toBe(state);
      expect(canSignIn(flashback.operation.access, user)).toBe(state === 'active');
    }
  });

  it('organizationOf: orgId when it is a string, else null (orgId is nullable)', () => {
    expect(flashback.mock.organizationOf(owner({}))).toBe(ORG);
    expect(flashback.mock.organizationOf(owner({ orgId: null }))).toBeNull();
    expect(flashback.mock.organizationOf({ orgRole: 255 })).toBeNull();
  });

  it('list answers the envelope {success: true, data, total} and no header; every failure body is the pinned empty envelope', () => {
    const users = [owner({}), owner({ id: 'x' })];
    expect(flashback.mock.list(users, { id: ORG, name: 'Example' }, { params: {}, query: {} })).toEqual({
      body: { success: true, data: users, total: 2 },
    });
    for (const status of [401, 403, 500, 404, 400])
      expect(flashback.mock.errorBody(status, 'whatever', REQUEST)).toEqual({ success: false, data: [], total: 0 });
  });

  it('identity: token, userId, orgId, orgRole and deleted; null for what the record lacks', () => {
    expect(flashback.mock.identity({ token: 'fb_owner_1', record: owner({ deletedAt: '2025-01-01T00:00:00Z' }) })).toEqual({
      token: 'fb_owner_1',
      userId: '550e8400-e29b-41d4-a716-446655440000',
      orgId: ORG,
      orgRole: 255,
      deleted: true,
    });
    expect(flashback.mock.identity({ token: 't', record: { deletedAt: null } })).toEqual({
      token: 't',
      userId: null,
      orgId: null,
      orgRole: null,
      deleted: false,
    });
  });

  it("roleName: the spec's x-enum-varnames of orgRole, the number itself outside the enum", () => {
    expect([0, 1, 2, 254, 255].map((orgRole) => flashback.mock.roleName({ orgRole }))).toEqual([
      'USER',
      'BILLING',
      'WORKSPACES',
      'ADMINISTRATOR',
      'OWNER',
    ]);
    expect(flashback.mock.roleName({ orgRole: 7 })).toBe('7');
  });
});

describe('superai definition', () => {
  const ACME = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  const user = (extra: JsonObject): JsonObject => ({
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    organization_id: ACME,
    organization_name: 'Acme Analytics',
    role: 'org_admin',
    status: 'active',
    ...extra,
  });

  it('signInState is the status (UserStatus: pending, active, inactive); only active signs in (activeWhen)', () => {
    for (const status of ['pending', 'active', 'inactive']) {
      expect(superai.signInState(user({ status }))).toBe(status);
      expect(canSignIn(superai.operation.access, user({ status }))).toBe(status === 'active');
    }
  });

  it('organizationOf: organization_id when it is a string, else null', () => {
    expect(superai.mock.organizationOf(user({}))).toBe(ACME);
    expect(superai.mock.organizationOf({ role: 'backoffice' })).toBeNull();
    expect(superai.mock.organizationOf(user({ organization_id: null }))).toBeNull();
  });

  it("errorBody: the standard error structure with the spec's code of each status; 422 in FastAPI's detail form", () => {
    const codes: [number, string][] = [
      [400, 'bad_request'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [500, 'internal_error'],
    ];
    for (const [status, code] of codes)
      expect(superai.mock.errorBody(status, 'Said so', REQUEST)).toEqual({
        error: { message: 'Said so', code, details: null },
        request_id: REQUEST.requestId,
      });
    expect(superai.mock.errorBody(409, 'Said so', REQUEST)).toEqual({
      error: { message: 'Said so', code: null, details: null },
      request_id: REQUEST.requestId,
    });
    expect(superai.mock.errorBody(422, 'Input should be a valid UUID', REQUEST)).toEqual({
      detail: [{ loc: ['path', 'organization_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing', input: 'not-a-uuid' }],
    });
    expect(superai.mock.errorBody(422, 'm', { params: {}, query: {}, requestId: 'r' })).toEqual({
      detail: [{ loc: ['path', 'organization_id'], msg: 'm', type: 'uuid_parsing', input: null }],
    });
  });

  it('list answers the bare array of the users and no header', () => {
    const users = [user({}), user({ id: 'x' })];
    expect(superai.mock.list(users, { id: ACME, name: 'Acme Analytics' }, { params: { organization_id: ACME }, query: {} })).toEqual({
      body: users,
    });
  });

  it('identity: token, userId, organizationId, role, status and apiKey; null for what the user lacks', () => {
    const key = `saf_${'a'.repeat(32)}`;
    expect(superai.mock.identity({ token: 'sa_org_admin_1', record: user({}), apiKey: key })).toEqual({
      token: 'sa_org_admin_1',
      userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      organizationId: ACME,
      role: 'org_admin',
      status: 'active',
      apiKey: key,
    });
    expect(superai.mock.identity({ token: 't', record: {} })).toEqual({
      token: 't',
      userId: null,
      organizationId: null,
      role: null,
      status: null,
      apiKey: null,
    });
  });

  it('roleName is the role itself; consistency names organization_name when it is not the organization name', () => {
    expect(superai.mock.roleName({ role: 'backoffice' })).toBe('backoffice');
    const acme = { id: ACME, name: 'Acme Analytics' };
    expect(superai.mock.consistency!(user({}), acme)).toBeNull();
    expect(superai.mock.consistency!(user({ organization_name: 'Other' }), acme)).toBe(
      'field organization_name: "Other" is not the organization\'s name "Acme Analytics"',
    );
  });

  it("the config section for the mock has SuperAI's base URL with the spec's /api (README: baseUrl includes /api)", () => {
    expect(superai.verify.sectionFromMockIdentities([], 'http://127.0.0.1:4010')).toEqual({ baseUrl: 'http://127.0.0.1:4010/api' });
  });
});
