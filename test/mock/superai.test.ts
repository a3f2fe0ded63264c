// Proves: SuperAI GET /api/admin/organizations/{organization_id}/users, role by role, against the real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startMock, type MockUnderTest, type SuperAIIdentity } from '../helpers/mock.js';

let mock: MockUnderTest;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.server.close());

const MISSING = '00000000-0000-4000-8000-000000000000';
const path = (org: string) => `/api/admin/organizations/${org}/users`;
const find = (pred: (u: SuperAIIdentity) => boolean) => mock.ids.superai.find(pred)!;
const active = (role: string) => find((u) => u.role === role && u.status === 'active');
const customerOrgs = () => [...new Set(mock.ids.superai.filter((u) => u.role !== 'backoffice').map((u) => u.organizationId))];
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function expectError(res: { status: number; body: any; headers: Headers }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: { message: expect.any(String), code, details: null }, request_id: expect.stringMatching(ULID) });
}

describe('superai: 401 before anything else', () => {
  const cases: [string, { headers: () => Record<string, string>; org: () => string }][] = [
    ['no token', { headers: () => ({}), org: () => customerOrgs()[0]! }],
    ['Basic scheme', { headers: () => ({ Authorization: 'Basic Zm9vOmJhcg==' }), org: () => customerOrgs()[0]! }],
    ['unknown token', { headers: () => bearer('sa_backoffice_ffffffffffff'), org: () => customerOrgs()[0]! }],
    [
      'inactive user',
      { headers: () => bearer(find((u) => u.status === 'inactive' && u.role === 'app_user').token), org: () => customerOrgs()[0]! },
    ],
    ['pending user', { headers: () => bearer(find((u) => u.status === 'pending').token), org: () => customerOrgs()[0]! }],
    [
      'inactive backoffice',
      { headers: () => bearer(find((u) => u.status === 'inactive' && u.role === 'backoffice').token), org: () => customerOrgs()[0]! },
    ],
    ['no token and a bad id', { headers: () => ({}), org: () => 'not-a-uuid' }],
  ];
  it.each(cases)('%s → 401 unauthorized', async (_n, { headers, org }) => {
    expectError(await mock.get(path(org()), headers()), 401, 'unauthorized');
  });
});

describe('superai: ids and roles', () => {
  it.each(['not-a-uuid', '123', `${MISSING}x`, "'%20OR%201=1--", 'x'.repeat(1024), '%C3%A9t%C3%A9'])(
    'organization_id %s → 400 bad_request',
    async (id) => {
      expectError(await mock.get(path(id), bearer(active('backoffice').token)), 400, 'bad_request');
    },
  );

  it.each(['app_user', 'integration', 'worker', 'publisher'])('%s → 403 forbidden, even for its own organization', async (role) => {
    const caller = active(role);
    expectError(await mock.get(path(caller.organizationId), bearer(caller.token)), 403, 'forbidden');
  });

  it('org_admin → 403 for another organization and for a missing one (no existence leak)', async () => {
    const admin = active('org_admin');
    const other = customerOrgs().find((o) => o !== admin.organizationId)!;
    expectError(await mock.get(path(other), bearer(admin.token)), 403, 'forbidden');
    expectError(await mock.get(path(MISSING), bearer(admin.token)), 403, 'forbidden');
  });

  it('backoffice → 404 not_found for a missing organization', async () => {
    expectError(await mock.get(path(MISSING), bearer(active('backoffice').token)), 404, 'not_found');
  });

  it('request_id is fresh on every error', async () => {
    const a = await mock.get(path(MISSING), bearer(active('backoffice').token));
    const b = await mock.get(path(MISSING), bearer(active('backoffice').token));
    expect(a.body.request_id).not.toBe(b.body.request_id);
  });
});

describe('superai: 200', () => {
  it('org_admin lists its own organization; backoffice lists every organization', async () => {
    const admin = active('org_admin');
    const own = await mock.get(path(admin.organizationId), bearer(admin.token));
    expect(own.status).toBe(200);
    for (const org of customerOrgs()) {
      const res = await mock.get(path(org), bearer(active('backoffice').token));
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      const expected = mock.ids.superai
        .filter((u) => u.organizationId === org)
        .map((u) => u.userId)
        .sort();
      expect(res.body.map((u: any) => u.id).sort()).toEqual(expected);
      expect(new Set(res.body.map((u: any) => u.organization_id))).toEqual(new Set([org]));
      expect(new Set(res.body.map((u: any) => u.organization_name)).size).toBe(1);
      const created = res.body.map((u: any) => Date.parse(u.created_at));
      expect(created).toEqual([...created].sort((a: number, b: number) => b - a));
      expect(new Set(res.body.map((u: any) => u.status))).toEqual(new Set(['active', 'inactive', 'pending']));
    }
  });

  it('an uppercase UUID names the same organization', async () => {
    const admin = active('org_admin');
    const res = await mock.get(path(admin.organizationId.toUpperCase()), bearer(admin.token));
    expect(res.status).toBe(200);
  });

  it('backoffice users live in a platform organization of their own', () => {
    const platform = new Set(mock.ids.superai.filter((u) => u.role === 'backoffice').map((u) => u.organizationId));
    expect(platform.size).toBe(1);
    expect(mock.ids.superai.filter((u) => platform.has(u.organizationId)).every((u) => u.role === 'backoffice')).toBe(true);
  });
});

describe('superai: forced states', () => {
  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [500, 'internal_error'],
  ])('Prefer: code=%i → the error structure with code %s', async (status, code) => {
    const admin = active('org_admin');
    expectError(await mock.get(path(admin.organizationId), { ...bearer(admin.token), Prefer: `code=${status}` }), status, code);
  });

  it("Prefer: code=422 → FastAPI's detail form", async () => {
    const res = await mock.get(path('whatever'), { Prefer: 'code=422' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      // The spec's validationError example: FastAPI's form, type uuid_parsing for a path id that is no UUID.
      detail: [{ loc: ['path', 'organization_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing', input: 'whatever' }],
    });
  });

  it('Prefer: code=418 → 400 problem listing the documented statuses', async () => {
    const res = await mock.get(path(MISSING), { Prefer: 'code=418' });
    expect(res.status).toBe(400);
    expect(res.body.documented).toEqual([200, 400, 401, 403, 404, 422, 500]);
  });
});

// The spec's APIKeyAuth (inferred, from the vendor's published spec): X-API-Key: saf_..., the key's
// user's role, organization and sign-in state applying as for its bearer token.
describe('superai: API keys (X-API-Key)', () => {
  const keyed = (pred: (u: SuperAIIdentity) => boolean) => find((u) => u.apiKey !== null && pred(u));
  const key = (u: SuperAIIdentity) => ({ 'X-API-Key': u.apiKey! });

  it('some users have one, of the form saf_ and 32 hex digits, each different from every token', () => {
    const keys = mock.ids.superai.flatMap((u) => (u.apiKey === null ? [] : [u.apiKey]));
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.length).toBeLessThan(mock.ids.superai.length);
    for (const k of keys) expect(k).toMatch(/^saf_[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.some((k) => mock.ids.superai.some((u) => u.token === k))).toBe(false);
  });

  it("an org_admin's key lists its own organization, the same body as its token; 403 for another", async () => {
    const admin = keyed((u) => u.role === 'org_admin' && u.status === 'active');
    const byKey = await mock.get(path(admin.organizationId), key(admin));
    expect(byKey.status).toBe(200);
    expect(byKey.text).toBe((await mock.get(path(admin.organizationId), bearer(admin.token))).text);
    const other = customerOrgs().find((o) => o !== admin.organizationId)!;
    expectError(await mock.get(path(other), key(admin)), 403, 'forbidden');
  });

  it('a backoffice key lists any organization; a missing one is 404', async () => {
    const staff = keyed((u) => u.role === 'backoffice' && u.status === 'active');
    for (const org of customerOrgs()) expect((await mock.get(path(org), key(staff))).status).toBe(200);
    expectError(await mock.get(path(MISSING), key(staff)), 404, 'not_found');
  });

  it.each(['app_user', 'integration'])("an active %s's key → 403 forbidden, even for its own organization", async (role) => {
    const caller = keyed((u) => u.role === role && u.status === 'active');
    expectError(await mock.get(path(caller.organizationId), key(caller)), 403, 'forbidden');
  });

  it.each<[string, () => Record<string, string>]>([
    ["an inactive user's key", () => key(keyed((u) => u.status === 'inactive'))],
    ['a key no user has, of the right form', () => ({ 'X-API-Key': `saf_${'0'.repeat(32)}` })],
    ['an empty key', () => ({ 'X-API-Key': '' })],
    ['a token sent as a key', () => ({ 'X-API-Key': active('backoffice').token })],
    ['a key sent as a bearer token', () => bearer(keyed((u) => u.role === 'backoffice' && u.status === 'active').apiKey!)],
    [
      'a valid key beside a bad bearer token (the Authorization header decides)',
      () => ({
        ...key(keyed((u) => u.role === 'backoffice' && u.status === 'active')),
        Authorization: 'Bearer nope-nope-nope',
      }),
    ],
  ])('%s → 401 unauthorized', async (_n, headers) => {
    expectError(await mock.get(path(customerOrgs()[0]!), headers()), 401, 'unauthorized');
  });

  it('the Hono route answers as the node:http fast path, and CORS lets a browser send the header', async () => {
    const staff = keyed((u) => u.role === 'backoffice' && u.status === 'active');
    const plain = await mock.get(path(customerOrgs()[0]!), key(staff));
    const routed = await mock.server.app.request(path(customerOrgs()[0]!), { headers: key(staff) });
    expect(routed.status).toBe(200);
    expect(await routed.text()).toBe(plain.text);
    const preflight = await mock.server.app.request(path(customerOrgs()[0]!), {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-api-key' },
    });
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-api-key');
  });
});
