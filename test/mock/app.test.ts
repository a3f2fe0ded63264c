// The mock's Hono app (src/mock/app.ts) in-process through app.fetch, each app built inside its test (so that
// Stryker credits its routes and options to the test): the bounds of usersPerOrg, when the app is faulty, the
// headers a browser may read, CORS preflight, the 404 and 405 answers word for word, the mock's own failure,
// Prefer and injected faults as the journal records them, --require-session, and /__mock/health.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp, MAX_USERS_PER_ORG } from '../../src/mock/app.js';
import { apiKeyScheme } from '../../src/openapi/extensions.js';

afterEach(() => vi.restoreAllMocks());

const ownerOf = (mock: ReturnType<typeof createMockApp>) =>
  mock.served.find((s) => s.api.name === 'flashback')!.dataset.data.users.find((u) => u.record.orgRole === 255)!;
const get = (mock: ReturnType<typeof createMockApp>, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  mock.app.fetch(new Request(`http://mock.test${path}`, { method, headers }));

describe('createMockApp options', () => {
  it.each([-1, 1.5, MAX_USERS_PER_ORG + 1, Number.NaN])('usersPerOrg %s is refused, naming the bounds', (usersPerOrg) => {
    expect(() => createMockApp({ apis: APIS, usersPerOrg })).toThrow(
      new RangeError(`usersPerOrg must be a whole number from 0 to ${MAX_USERS_PER_ORG}`),
    );
  });

  it.each([0, MAX_USERS_PER_ORG])('usersPerOrg %s is taken (data is made when asked for)', (usersPerOrg) => {
    expect(createMockApp({ apis: APIS, usersPerOrg }).served).toHaveLength(APIS.length);
  });

  it('faulty only with latency above 0 or an error rate', () => {
    expect(createMockApp({ apis: APIS }).faulty).toBe(false);
    expect(createMockApp({ apis: APIS, latency: [0, 0] }).faulty).toBe(false);
    expect(createMockApp({ apis: APIS, latency: [0, 1] }).faulty).toBe(true);
    expect(createMockApp({ apis: APIS, errorRate: 0.01 }).faulty).toBe(true);
  });

  it("the headers a browser may read: the mock's own, then every declared header once", () => {
    const exposed = createMockApp({ apis: APIS }).exposedHeaders.split(',');
    expect(exposed.slice(0, 2)).toEqual(['Preference-Applied', 'X-Request-Id']);
    expect(new Set(exposed.map((h) => h.toLowerCase())).size).toBe(exposed.length);
  });
});

describe('answers of the app itself', () => {
  it('CORS preflight: the methods, the request headers (the API-key header and the session header too), ten minutes', async () => {
    const mock = createMockApp({ apis: APIS });
    const res = await get(mock, '/organization/users', { Origin: 'http://app.test', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS,POST,DELETE');
    // Every API-key header of the registry's specs (SuperAI's X-API-Key among them), once each.
    const keyHeaders = [...new Set(APIS.flatMap((a) => apiKeyScheme(a.spec, a.operation)?.header ?? []))];
    expect(keyHeaders).toContain('X-API-Key');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      ['Authorization', ...keyHeaders, 'Prefer', 'Accept', 'Content-Type', 'X-Orgmock-Session'].join(','),
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    const closed = createMockApp({ apis: APIS, corsOrigin: () => null });
    const refused = await get(
      closed,
      '/organization/users',
      { Origin: 'http://app.test', 'Access-Control-Request-Method': 'GET' },
      'OPTIONS',
    );
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('405 for another method on an API route, word for word, with Allow', async () => {
    const mock = createMockApp({ apis: APIS });
    const res = await get(mock, '/organization/users', {}, 'PUT');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: 405,
      detail: 'PUT is not served at /organization/users; only GET is documented.',
    });
  });

  it('404 names the method, the path (200 characters at most) and every served operation', async () => {
    const mock = createMockApp({ apis: APIS });
    const routes = mock.served.map((s) => `GET ${s.api.spec.basePath}${s.api.operation.path}`);
    const res = await get(mock, `/nowhere/${'x'.repeat(300)}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `No operation at GET /nowhere/${'x'.repeat(191)}. Served: ${routes.join(', ')}.`,
      routes,
    });
  });

  it("the mock's own failure: problem+json 500, logged once, never the API's shape", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const mock = createMockApp({ apis: APIS });
    mock.served[0]!.handler.answer = () => {
      throw new Error('broken on purpose');
    };
    for (let i = 0; i < 2; i++) {
      const res = await get(mock, '/organization/users');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        type: 'about:blank',
        title: 'orgmock internal error',
        status: 500,
        detail: 'The mock failed unexpectedly; please report it.',
      });
    }
    expect(errors.mock.calls.filter((c) => String(c[0]).includes('broken on purpose'))).toHaveLength(1);
  });

  it('health names the served APIs', async () => {
    const res = await get(createMockApp({ apis: APIS }), '/__mock/health');
    expect(await res.json()).toEqual({ status: 'ok', apis: APIS.map((a) => a.name) });
  });
});

describe('what the journal records', () => {
  it('an answer: its path and query, status, rule and caller; a request id (ULID) on the answer', async () => {
    const mock = createMockApp({ apis: APIS });
    const owner = ownerOf(mock);
    const res = await get(mock, '/organization/users?x=1', { Authorization: `Bearer ${owner.token}` });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await mock.journal.read()).toEqual([
      expect.objectContaining({
        id,
        method: 'GET',
        path: '/organization/users?x=1',
        status: 200,
        rule: 'ok',
        user: expect.objectContaining({ id: String(owner.record.id) }),
      }),
    ]);
  });

  it('Prefer: the answer forced (Preference-Applied), journaled as forced with the caller; a bad Prefer is journaled with its 400', async () => {
    const mock = createMockApp({ apis: APIS });
    const owner = ownerOf(mock);
    const forced = await get(mock, '/organization/users', { Authorization: `Bearer ${owner.token}`, Prefer: 'code=403' });
    expect(forced.status).toBe(403);
    expect(forced.headers.get('preference-applied')).toBe('code=403');
    const bad = await get(mock, '/organization/users', { Authorization: `Bearer ${owner.token}`, Prefer: 'code=299' });
    expect(bad.status).toBe(400);
    expect((await mock.journal.read()).map((e) => [e.status, e.rule, e.user?.id ?? null])).toEqual([
      [403, 'forced', String(owner.record.id)],
      [400, 'forced', String(owner.record.id)],
    ]);
  });

  it('an injected 500: the API error, journaled as a fault with the caller', async () => {
    const mock = createMockApp({ apis: APIS, errorRate: 1 });
    const owner = ownerOf(mock);
    const res = await get(mock, '/organization/users', { Authorization: `Bearer ${owner.token}` });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect((await mock.journal.read()).map((e) => [e.status, e.rule, e.user?.id ?? null])).toEqual([
      [500, 'fault', String(owner.record.id)],
    ]);
  });
});

describe('--require-session', () => {
  it('an API request without a session: 400 naming the header, nothing journaled', async () => {
    const mock = createMockApp({ apis: APIS, sessions: { requireSession: true } });
    const res = await get(mock, '/organization/users', { Authorization: `Bearer ${ownerOf(mock).token}` });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { title: string; header: string; detail: string };
    expect(body).toMatchObject({ title: 'Session required', header: 'X-Orgmock-Session' });
    expect(body.detail).toContain('POST /__mock/sessions');
    expect(await mock.journal.size()).toBe(0);
  });
});
