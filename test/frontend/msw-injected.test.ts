// Issue 23: orgmockHandlers({ http }) builds the handlers with the caller's own msw `http` (typed from it),
// and the handlers match only the APIs' paths (and under mockUrl the mock's own paths): every other
// request under the same origin is left alone.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createMockApp } from '../../src/index.js';
import { orgmockHandlers } from '../../src/msw/handlers.js';
import { APIS } from '../../src/apis/index.js';

const mock = createMockApp();
const built: string[] = [];
// A spy around the caller's msw: each handler orgmock builds goes through it.
const counting = {
  all: (path: string, resolver: Parameters<typeof http.all>[1]) => {
    built.push(path);
    return http.all(path, resolver);
  },
};
const injected = orgmockHandlers({ mock, http: counting, mockUrl: 'http://app.test' });
expectTypeOf(injected).toEqualTypeOf<ReturnType<typeof http.all>[]>();

const server = setupServer(
  ...injected,
  // The app's own endpoint and anything else at the same origin: answered by the app, never by orgmock.
  http.all('http://app.test/*', ({ request }) => HttpResponse.json({ app: new URL(request.url).pathname })),
  http.all('https://backend.flashback.tech/*', () => HttpResponse.json({ passed: true })),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('orgmockHandlers({ http, mockUrl })', () => {
  it("builds every handler with the caller's http", () => {
    // Per registered API: its production URL and the mock's; then the mock's own paths and each spec.
    const route = (a: (typeof APIS)[number]) => a.operation.path.replace(/\{([^}]+)\}/g, ':$1');
    expect(built).toEqual([
      ...APIS.map((a) => `${a.client.baseUrl}${route(a)}`),
      ...APIS.map((a) => `http://app.test${a.spec.basePath}${route(a)}`),
      'http://app.test/__mock/*',
      'http://app.test/docs',
      'http://app.test/docs/',
      ...APIS.map((a) => `http://app.test/openapi/${a.name}.yaml`),
    ]);
    expect(built.slice(0, 2)).toEqual([
      'https://backend.flashback.tech/organization/users',
      'https://flows.super.ai/api/admin/organizations/:organization_id/users',
    ]);
  });

  it('under mockUrl answers the mock paths and leaves every other path to the app', async () => {
    const ids = await (await fetch('http://app.test/__mock/identities')).json();
    const owner = ids.flashback.find((i: { orgRole: number; deleted: boolean }) => i.orgRole === 255 && !i.deleted);
    const list = await fetch('http://app.test/organization/users', { headers: { Authorization: `Bearer ${owner.token}` } });
    expect(list.status).toBe(200);
    expect((await fetch('http://app.test/docs')).headers.get('content-type')).toContain('text/html');
    expect((await fetch('http://app.test/openapi/superai.yaml')).status).toBe(200);
    for (const path of ['/', '/@vite/client', '/assets/lazy-abc123.js', '/api/me', '/organization/users/extra', '/__mockery', '/docs/x']) {
      const res = await fetch(`http://app.test${path}`);
      expect(await res.json(), path).toEqual({ app: path });
    }
  });

  it('at the production URLs answers only the operation path', async () => {
    expect(await (await fetch('https://backend.flashback.tech/other')).json()).toEqual({ passed: true });
    expect((await fetch('https://backend.flashback.tech/organization/users')).status).toBe(401);
  });
});
