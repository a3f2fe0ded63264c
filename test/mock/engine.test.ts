// Proves: what the engine does for both APIs: CORS, unknown paths, wrong methods, latency and faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp } from '../../src/index.js';
import { bearer, startMock, type MockUnderTest } from '../helpers/mock.js';
import { APIS } from '../../src/apis/index.js';

let mock: MockUnderTest;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.server.close());

const owner = () => mock.ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;

describe('CORS', () => {
  it.each(['/organization/users', '/api/admin/organizations/00000000-0000-4000-8000-000000000000/users'])(
    'preflight of %s allows Authorization and Prefer',
    async (path) => {
      const res = await fetch(mock.url + path, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization,prefer',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('prefer');
      expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    },
  );

  it('actual responses carry the origin, errors included', async () => {
    for (const headers of [{}, bearer(owner().token)]) {
      const res = await fetch(`${mock.url}/organization/users`, { headers: { ...headers, Origin: 'http://localhost:5173' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(res.headers.get('access-control-expose-headers')).toContain('Preference-Applied');
    }
  });
});

describe('routing', () => {
  it.each(['/', '/organization', '/organization/users/extra', '/admin/organizations/x/users', '/api/admin/organizations//users'])(
    '%s → 404 problem+json naming the served routes',
    async (path) => {
      const res = await mock.get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      // Every registered API's route, in registry order.
      expect(res.body.routes).toEqual(APIS.map((a) => `GET ${a.spec.basePath}${a.operation.path}`));
    },
  );

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s → 405 with Allow', async (method) => {
    for (const path of ['/organization/users', '/api/admin/organizations/00000000-0000-4000-8000-000000000000/users']) {
      const res = await fetch(mock.url + path, { method, headers: bearer(owner().token) });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('HEAD answers like GET without a body', async () => {
    const res = await fetch(`${mock.url}/organization/users`, { method: 'HEAD', headers: bearer(owner().token) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('health and identities', async () => {
    expect((await mock.get('/__mock/health')).body).toEqual({ status: 'ok', apis: APIS.map((a) => a.name) });
    const fb = mock.ids.flashback[0]!;
    expect(Object.keys(fb).sort()).toEqual(['deleted', 'orgId', 'orgRole', 'token', 'userId']);
    // The contract's fields, and (added for the spec's APIKeyAuth) the user's API key or null.
    expect(Object.keys(mock.ids.superai[0]!).sort()).toEqual(['apiKey', 'organizationId', 'role', 'status', 'token', 'userId']);
    const keys = mock.ids.superai.map((u) => u.apiKey);
    expect(keys.filter((k) => k === null).length).toBeGreaterThan(0);
    expect(keys.filter((k) => k !== null).every((k) => /^saf_[0-9a-f]{32}$/.test(k as string))).toBe(true);
  });
});

// RFC 7235 2.1: the auth-scheme is case-insensitive; both specs declare `scheme: bearer` (lowercase).
describe('the Bearer scheme is matched case-insensitively', () => {
  const superaiCaller = () => mock.ids.superai.find((u) => u.role === 'backoffice' && u.status === 'active')!;
  const targets = [
    ['flashback', () => ({ path: '/organization/users', token: owner().token })],
    ['superai', () => ({ path: `/api/admin/organizations/${superaiCaller().organizationId}/users`, token: superaiCaller().token })],
  ] as const;
  const schemes = ['bearer', 'BEARER', 'bEaReR'];
  it.each(targets)('%s: a fixture token under bearer, BEARER and bEaReR gets 200, as under Bearer', async (_api, target) => {
    const { path, token } = target();
    const reference = await mock.get(path, { Authorization: `Bearer ${token}` });
    expect(reference.status).toBe(200);
    const listed = reference.text;
    for (const scheme of schemes) {
      const headers = { Authorization: `${scheme} ${token}` };
      // Over HTTP (a plain GET takes the node:http fast path) and through the Hono app itself.
      const plain = await mock.get(path, headers);
      expect(plain.status, `${scheme} over HTTP`).toBe(200);
      expect(plain.text).toBe(listed);
      const routed = await mock.server.app.request(path, { headers });
      expect(routed.status, `${scheme} through the Hono route`).toBe(200);
      expect(await routed.text()).toBe(listed);
    }
  });
});

describe('faults (app.request)', () => {
  const request = (app: ReturnType<typeof createMockApp>['app'], token: string) =>
    app.request('/organization/users', { headers: { Authorization: `Bearer ${token}` } });
  const ownerToken = (m: ReturnType<typeof createMockApp>) => m.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;

  it('--error-rate 1 answers every request with the documented 500', async () => {
    const m = createMockApp({ errorRate: 1 });
    for (let i = 0; i < 5; i++) {
      const res = await request(m.app, ownerToken(m));
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ success: false, data: [], total: 0 });
    }
  });

  it('--error-rate is seeded: the same seed fails the same requests', async () => {
    const pattern = async (seed: number) => {
      const m = createMockApp({ errorRate: 0.5, seed });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await request(m.app, ownerToken(m))).status);
      return statuses;
    };
    const a = await pattern(7);
    expect(await pattern(7)).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 500]));
  });

  it('--latency MIN-MAX delays each answer by at least MIN', async () => {
    const m = createMockApp({ latency: [40, 60] });
    const started = performance.now();
    await request(m.app, ownerToken(m));
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
  });

  it('rejects a usersPerOrg outside the range', () => {
    expect(() => createMockApp({ usersPerOrg: -1 })).toThrow(/usersPerOrg must be a whole number from 0 to/);
  });
});
