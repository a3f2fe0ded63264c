// Proves: the checks every response gets (README, "The contract suite": a documented status, JSON,
// valid against its status's schema, no 5xx) judge as openapi/*.yaml say, case by case and without
// a server: statuses the operation does not list fail (a proxy's answer to a credential probe only
// warns), a documented body must come as application/json and match its schema (members of an enum
// named as the spec gives them, the page's own members apart from the inferred ones), Flashback's
// error envelope carries its pinned {success:false, data:[], total:0}, and departures from a part
// the spec marks x-inferred only warn.
import { describe, expect, it } from 'vitest';
import { casesOf, fbUser, judgePlanned, response, saUser } from './trust/judge.js';
import type { HttpResponse } from '../../src/verify/types.js';

const saError = { error: { message: 'Forbidden', code: 'forbidden', details: null }, request_id: null };
const fbFailure = { success: false, data: [], total: 0 };
const fbList = (users: unknown[]) => ({ success: true, data: users, total: users.length });
const SA_ID2 = '8c9e6679-7425-40de-944b-e07fc1f90ae7';
const withoutContentType = (res: HttpResponse): HttpResponse => ({ ...res, headers: {} });

describe('not_a_server_error', () => {
  it.each([200, 400, 403, 404, 499])('%i passes', (status) => {
    expect(judgePlanned('superai', 'role:org_admin', response(status, saError)).not_a_server_error!.outcome).toBe('passed');
  });

  it.each([500, 501, 503, 599])('%i fails, whatever the case', (status) => {
    for (const [api, key] of [
      ['superai', 'role:org_admin'],
      ['superai', 'param:organization_id=not-a-uuid'],
      ['flashback', 'role:USER'],
    ] as const) {
      expect(judgePlanned(api, key, response(status, saError)).not_a_server_error).toMatchObject({
        outcome: 'failed',
        source: 'documented',
        expected: 'a status below 500',
        received: `${status}`,
      });
    }
  });
});

describe('status_code_conformance', () => {
  it('every status the spec lists passes (SuperAI: 200, 400, 401, 403, 404, 422, 500)', () => {
    for (const status of [200, 400, 401, 403, 404, 422, 500])
      expect(judgePlanned('superai', 'role:org_admin', response(status, saError)).status_code_conformance!.outcome).toBe('passed');
  });

  it('a status the spec does not list fails, naming those it lists and which are inferred', () => {
    expect(judgePlanned('flashback', 'role:OWNER', response(404, fbFailure)).status_code_conformance).toMatchObject({
      outcome: 'failed',
      source: 'documented',
      expected: 'one of 200, 401 (inferred), 403, 500',
      received: '404',
    });
    expect(judgePlanned('superai', 'role:org_admin', response(409, saError)).status_code_conformance).toMatchObject({
      outcome: 'failed',
      expected: 'one of 200, 400, 401 (inferred), 403, 404, 422, 500',
      received: '409',
    });
  });

  it("on a credential probe, an undocumented 4xx is likely a proxy's: it warns; elsewhere it fails", () => {
    expect(judgePlanned('flashback', 'auth:none', response(404, 'Not Found', 'text/html')).status_code_conformance).toMatchObject({
      outcome: 'warned',
      warnReason: expect.stringMatching(/^404 on /),
    });
    expect(judgePlanned('flashback', 'role:USER', response(404, 'Not Found', 'text/html')).status_code_conformance!.outcome).toBe('failed');
  });
});

describe('content_type_conformance', () => {
  const judged = (res: HttpResponse, key = 'role:org_admin') => judgePlanned('superai', key, res).content_type_conformance;

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', ' application/json '])(
    '%s passes (media types are case-insensitive)',
    (type) => {
      expect(judged(response(200, [saUser()], type))!.outcome).toBe('passed');
    },
  );

  it.each(['text/html', 'text/plain; charset=utf-8', 'application/problem+json', 'application/jsonx'])('%s fails', (type) => {
    expect(judged(response(200, [saUser()], type))).toMatchObject({
      outcome: 'failed',
      source: 'documented',
      expected: 'Content-Type: application/json',
      received: `Content-Type: ${type}`,
    });
  });

  it('no Content-Type header fails and says so', () => {
    expect(judged(withoutContentType(response(403, saError)))).toMatchObject({ outcome: 'failed', received: 'no Content-Type header' });
  });

  it('a response the spec marks x-inferred (Flashback 401) only warns, with its reason', () => {
    const result = judgePlanned('flashback', 'auth:none', response(401, fbFailure, 'text/html')).content_type_conformance!;
    expect(result).toMatchObject({
      outcome: 'warned',
      source: 'inferred',
      warnReason: expect.stringMatching(/^The page documents no 401/),
    });
    expect(judgePlanned('flashback', 'auth:none', response(401, fbFailure, 'text/html'), true).content_type_conformance!.outcome).toBe(
      'failed',
    );
  });

  it('a documented response of the page (Flashback 403) fails', () => {
    expect(judgePlanned('flashback', 'role:USER', response(403, fbFailure, 'text/html')).content_type_conformance!.outcome).toBe('failed');
  });

  it('a status without a documented body is not judged', () => {
    expect(judgePlanned('flashback', 'role:OWNER', response(404, 'x', 'text/html')).content_type_conformance).toBeUndefined();
  });
});

describe('response_schema_conformance', () => {
  const sa = (body: unknown, status = 200) =>
    judgePlanned('superai', 'role:org_admin', response(status, body)).response_schema_conformance!;
  const fb = (body: unknown, status = 200, key = 'role:OWNER') =>
    judgePlanned('flashback', key, response(status, body)).response_schema_conformance!;

  it("a body that is not JSON fails, naming the status and the spec's schema", () => {
    expect(sa('<html>oops</html>')).toMatchObject({
      outcome: 'failed',
      source: 'documented',
      expected: "a body valid against the 200 response's schema (array of OrganizationUserResponse)",
      received: 'the body is not JSON',
    });
    expect(sa('not json', 403).expected).toBe("a body valid against the 403 response's schema (ErrorResponse)");
    expect(fb('not json').expected).toBe("a body valid against the 200 response's schema (OrganizationUsersResponse)");
  });

  it('a body that is not JSON under a response the spec infers (Flashback 401) warns', () => {
    expect(fb('not json', 401, 'auth:none')).toMatchObject({
      outcome: 'warned',
      warnReason: expect.stringMatching(/^The page documents no 401/),
    });
  });

  it('names the members of an enum as the spec gives them, the inferred ones apart', () => {
    expect(sa([saUser({ role: 'root' })])).toMatchObject({
      outcome: 'failed',
      path: '/0/role',
      value: 'root',
      received:
        '/0/role must be one of "org_admin", "backoffice", "app_user", "integration" (or, inferred from the vendor\'s published spec, "worker", "publisher")',
    });
    expect(sa([saUser({ status: 'deleted' })]).received).toBe(
      '/0/status must be one of "active", "inactive" (or, inferred from the vendor\'s published spec, "pending")',
    );
  });

  it("an enum under a nullable allOf (Flashback orgRole) is named, without the nullable wrapper's noise", () => {
    expect(fb(fbList([fbUser({ orgRole: 7 })]))).toMatchObject({
      outcome: 'failed',
      path: '/data/0/orgRole',
      value: 7,
      received: '/data/0/orgRole must be one of 0, 1, 2, 254, 255',
    });
  });

  it('a body that is not the list at all is named at (root)', () => {
    expect(sa({ data: [saUser()] }).received).toMatch(/^\(root\) /);
  });

  it('shows three violations, then how many more', () => {
    const { id: _i, email: _e, first_name: _f, last_name: _l, ...bare } = saUser();
    const result = sa([bare]);
    expect(result.outcome).toBe('failed');
    expect(result.received!.split('; ')).toHaveLength(4);
    expect(result.received).toMatch(/; and 1 more$/);
    expect(sa([saUser({ id: 1, email: 2, first_name: 3 })]).received).not.toMatch(/and \d+ more/);
  });

  it('a documented violation decides and comes first, even after an inferred one in the body', () => {
    const result = sa([saUser({ email: 'admin@localhost' }), saUser({ id: SA_ID2, role: 'root' })]);
    expect(result).toMatchObject({ outcome: 'failed', source: 'documented', path: '/1/role', value: 'root' });
    expect(result.received).toMatch(/^\/1\/role must be one of .*; \/0\/email .* \[inferred part\]$/);
  });

  it("only inferred violations: warns with the first one's reason", () => {
    const result = sa([saUser({ email: 'admin@localhost' }), saUser({ id: SA_ID2, email: 'root@localhost' })]);
    expect(result).toMatchObject({ outcome: 'warned', path: '/0/email', warnReason: expect.stringMatching(/^The page types the address/) });
    expect(result.received).toMatch(/^\/0\/email .* \[inferred part\]; \/1\/email .* \[inferred part\]$/);
  });

  it("SuperAI's error body: no error object fails (the page requires it); no message in it only warns (ErrorDetail's fields are inferred)", () => {
    expect(sa({ request_id: null }, 403)).toMatchObject({
      outcome: 'failed',
      source: 'documented',
      received: '(root) must have property error',
    });
    expect(sa({ error: { code: 'forbidden', details: null }, request_id: null }, 403)).toMatchObject({
      outcome: 'warned',
      received: '/error must have property message [inferred part]',
      warnReason: "From the vendor's published ErrorDetail.",
    });
  });

  it('details matching none of its forms (anyOf) is still a departure, named beside the other ones', () => {
    const body = (details: unknown, message: unknown = 'Forbidden') => ({
      error: { message, code: 'forbidden', details },
      request_id: null,
    });
    const alone = sa(body(42), 403);
    expect(alone).toMatchObject({ outcome: 'warned', path: '/error/details' });
    const both = sa(body(42, 5), 403);
    expect(both.outcome).toBe('warned');
    expect(both.received).toMatch(/\/error\/message must be string/);
    expect(both.received).toMatch(/\/error\/details /);
    expect(sa(body(['a', 'b']), 403).outcome).toBe('passed');
  });

  it("FastAPI's 422 without msg only warns: ValidationError is inferred", () => {
    const body = { detail: [{ loc: ['path', 'organization_id'], type: 'uuid_parsing' }] };
    expect(judgePlanned('superai', 'param:organization_id=not-a-uuid', response(422, body)).response_schema_conformance).toMatchObject({
      outcome: 'warned',
      path: '/detail/0',
    });
  });

  it('a user without email fails: the page lists email (only its format is inferred)', () => {
    const { email: _, ...bare } = saUser();
    expect(sa([bare])).toMatchObject({ outcome: 'failed', source: 'documented', path: '/0', received: '/0 must have property email' });
  });

  it("violations of the type and of the enum at one path are both named; documented ones keep the body's order", () => {
    expect(sa([saUser({ role: 42 })]).received).toMatch(/^\/0\/role must be string; \/0\/role must be one of "org_admin"/);
    const result = sa([saUser({ role: 'root' }), saUser({ id: SA_ID2, status: 'deleted' })]);
    expect(result).toMatchObject({ outcome: 'failed', path: '/0/role' });
    expect(result.received).toMatch(/^\/0\/role must be one of .*; \/1\/status must be one of /);
  });

  it('a missing required property the page lists fails', () => {
    const { organization_name: _, ...bare } = saUser();
    expect(sa([bare])).toMatchObject({ outcome: 'failed', source: 'documented' });
  });

  it('a valid body passes', () => {
    expect(sa([saUser(), saUser({ id: SA_ID2 })]).outcome).toBe('passed');
    expect(fb(fbFailure, 403, 'role:USER').outcome).toBe('passed');
  });
});

describe("pinned_body_fields (Flashback's error envelope {success:false, data:[], total:0})", () => {
  const judged = (body: unknown, status = 403, key = 'role:USER', strict = false) =>
    judgePlanned('flashback', key, response(status, body), strict).pinned_body_fields;

  it('the full envelope passes', () => {
    expect(judged(fbFailure)!.outcome).toBe('passed');
    expect(judged(fbFailure, 500)!.outcome).toBe('passed');
  });

  it('a missing pinned field fails, at its path, naming the pinned fields', () => {
    expect(judged({ success: false, data: [] })).toMatchObject({
      outcome: 'failed',
      source: 'documented',
      path: '/total',
      expected: expect.stringMatching(/success.*false.*data.*\[\].*total.*0/),
      received: expect.stringMatching(/^no total in /),
    });
    expect(judged({ total: 0 })).toMatchObject({
      outcome: 'failed',
      path: '/success',
      received: expect.stringMatching(/^no success, data in /),
    });
  });

  it('under the inferred 401 it only warns', () => {
    expect(judged({ message: 'Unauthorized' }, 401, 'auth:none')).toMatchObject({
      outcome: 'warned',
      warnReason: expect.stringMatching(/^The page documents no 401/),
    });
    expect(judged({ message: 'Unauthorized' }, 401, 'auth:none', true)!.outcome).toBe('failed');
  });

  it("a list answer has no pinned field; a body that is no object or no JSON is the schema check's business", () => {
    expect(judged(fbList([fbUser()]), 200, 'role:OWNER')).toBeUndefined();
    expect(judged([], 403)).toBeUndefined();
    expect(judged('oops', 403)).toBeUndefined();
    expect(judged(fbFailure, 404)).toBeUndefined();
  });

  it('planned for Flashback only: SuperAI pins no field', () => {
    for (const c of casesOf('superai').cases) expect(c.checks).not.toContain('pinned_body_fields');
    for (const c of casesOf('flashback').cases) expect(c.checks).toContain('pinned_body_fields');
  });
});
