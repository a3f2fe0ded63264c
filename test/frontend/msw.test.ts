// Proves: the MSW integration answers from the mock app in-process, at production or custom base URLs.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createFlashbackClient, createSuperAIClient } from '../../src/client/index.js';
import { createMockApp } from '../../src/index.js';
import { orgmockHandlers } from '../../src/msw/handlers.js';
import { FLASHBACK_ROLES, flashbackToken, MISSING_ORG, readIdentities, superaiToken, type Identities } from './support/identities.js';

const mock = createMockApp();
// Made before MSW listens: the clients look up globalThis.fetch per request, so MSW still intercepts them.
const flashback = createFlashbackClient();
const superai = createSuperAIClient();
const staging = { flashback: 'https://staging.example.test/flashback', superai: 'https://staging.example.test/superai/v1' };
const msw = setupServer(...orgmockHandlers({ mock, mockUrl: 'http://orgmock.test' }), ...orgmockHandlers({ mock, baseUrls: staging }));
let ids: Identities;

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'error' });
  ids = await readIdentities((request) => mock.app.fetch(request));
});
afterAll(() => msw.close());

describe('orgmockHandlers at the production base URLs', () => {
  it('Flashback: allowed role 200 with the same body the app gives, USER 403, no token 401', async () => {
    const owner = flashbackToken(ids, FLASHBACK_ROLES.OWNER).token;
    const ok = await flashback.GET('/organization/users', { headers: bearer(owner) });
    expect(ok.response.status).toBe(200);
    const direct = await mock.app.fetch(new Request('http://app.test/organization/users', { headers: bearer(owner) }));
    expect(ok.data).toEqual(await direct.json());
    const denied = await flashback.GET('/organization/users', { headers: bearer(flashbackToken(ids, FLASHBACK_ROLES.USER).token) });
    expect([denied.response.status, denied.error]).toEqual([403, { success: false, data: [], total: 0 }]);
    expect((await flashback.GET('/organization/users')).response.status).toBe(401);
  });

  it('SuperAI: org_admin own 200, backoffice missing org 404, bad UUID 400', async () => {
    const admin = superaiToken(ids, 'org_admin');
    const get = (token: string, org: string) =>
      superai.GET('/admin/organizations/{organization_id}/users', { params: { path: { organization_id: org } }, headers: bearer(token) });
    const own = await get(admin.token, admin.organizationId);
    expect(own.response.status).toBe(200);
    expect(own.data!.every((u) => u.organization_id === admin.organizationId)).toBe(true);
    const missing = await get(superaiToken(ids, 'backoffice').token, MISSING_ORG);
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ error: { code: 'not_found' }, request_id: missing.response.headers.get('X-Request-Id') });
    expect((await get(admin.token, 'not-a-uuid')).response.status).toBe(400);
  });

  it('SuperAI API keys (X-API-Key): the same rules as tokens through the handlers', async () => {
    const keyOf = (role: string) => ids.superai.find((i) => i.role === role && i.status === 'active' && i.apiKey !== null)!;
    const admin = keyOf('org_admin');
    const get = (key: string, org: string) =>
      superai.GET('/admin/organizations/{organization_id}/users', {
        params: { path: { organization_id: org } },
        headers: { 'X-API-Key': key },
      });
    const own = await get(admin.apiKey!, admin.organizationId);
    expect(own.response.status).toBe(200);
    expect(own.data!.every((u) => u.organization_id === admin.organizationId)).toBe(true);
    expect((await get(keyOf('app_user').apiKey!, admin.organizationId)).response.status).toBe(403);
    const unknown = await get(`saf_${'f'.repeat(32)}`, admin.organizationId);
    expect([unknown.response.status, unknown.error]).toEqual([
      401,
      expect.objectContaining({ error: expect.objectContaining({ code: 'unauthorized' }) }),
    ]);
  });

  it('answers with the mock’s headers and its Prefer handling', async () => {
    const res = await fetch('https://backend.flashback.tech/organization/users', { headers: { Prefer: 'code=500' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('Preference-Applied')).toBe('code=500');
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  });
});

describe('orgmockHandlers options', () => {
  it('baseUrls: each API at a custom base URL, the base path mapped to the spec’s', async () => {
    const owner = flashbackToken(ids, FLASHBACK_ROLES.OWNER).token;
    const fb = await createFlashbackClient({ baseUrl: staging.flashback, token: owner }).GET('/organization/users');
    expect(fb.response.status).toBe(200);
    const admin = superaiToken(ids, 'org_admin');
    const sa = await createSuperAIClient({ baseUrl: staging.superai, token: admin.token }).GET(
      '/admin/organizations/{organization_id}/users',
      {
        params: { path: { organization_id: admin.organizationId } },
      },
    );
    expect(sa.response.status).toBe(200);
    expect(sa.data!.length).toBeGreaterThan(0);
  });

  it('mockUrl: everything the HTTP mock serves, under that origin', async () => {
    expect(await readIdentities(fetch, 'http://orgmock.test')).toEqual(ids);
    expect((await fetch('http://orgmock.test/docs')).status).toBe(200);
    expect((await fetch('http://orgmock.test/api/admin/organizations/x/users')).status).toBe(401);
  });

  it('a "*" base URL matches any origin', async () => {
    const [handler] = orgmockHandlers({ mock, baseUrls: { flashback: '*' } });
    expect(await handler!.test({ request: new Request('https://anything.example/organization/users') })).toBe(true);
  });

  it('does not match other paths or origins', async () => {
    const handlers = orgmockHandlers({ mock });
    const urls = [
      'https://backend.flashback.tech/organization/users/extra',
      'https://backend.flashback.tech/__mock/identities',
      'https://other.example/organization/users',
      'https://flows.super.ai/admin/organizations/x/users',
      'https://flows.super.ai/api/admin/organizations/x',
    ];
    for (const url of urls) {
      const matched = await Promise.all(handlers.map((h) => h.test({ request: new Request(url) })));
      expect(matched, url).toEqual(handlers.map(() => false));
    }
  });

  it('without a mock it makes one from the options (the seed decides the data)', async () => {
    const seven = createMockApp({ seed: 7 });
    const headers = bearer(flashbackToken(await readIdentities((r) => seven.app.fetch(r)), FLASHBACK_ROLES.OWNER).token);
    expect((await flashback.GET('/organization/users', { headers })).response.status).toBe(401);
    msw.use(...orgmockHandlers({ seed: 7 }));
    try {
      expect((await flashback.GET('/organization/users', { headers })).response.status).toBe(200);
    } finally {
      msw.resetHandlers();
    }
  });
});
