// orgmockHandlers (src/msw/handlers.ts) built inside each test, so the mutation run (`msw` group) credits the
// handlers' construction to a test: the base URLs (the spec's first server by default, trailing slashes dropped,
// a clear error when the spec names none), the base path mapped to the spec's own, request bodies, the seed of
// fixture tokens, and the mock's own paths under mockUrl. Expected values: README "MSW (no server)", the specs'
// `servers`, and the mock app's own answers for the same request.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import type { ApiDefinition } from '../../src/apis/types.js';
import { createMockApp } from '../../src/index.js';
import { DEFAULTS } from '../../src/mock/app.js';
import { orgmockHandlers } from '../../src/msw/handlers.js';
import { FLASHBACK_ROLES, flashbackToken, readIdentities, superaiToken } from './support/identities.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const flashback = APIS.find((a) => a.name === 'flashback')!;
const superai = APIS.find((a) => a.name === 'superai')!;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The API with its spec's `servers` replaced. */
const withServers = (api: ApiDefinition, servers: unknown): ApiDefinition => ({
  ...api,
  spec: { ...api.spec, doc: { ...api.spec.doc, servers } as ApiDefinition['spec']['doc'] },
});

describe('base URLs', () => {
  it("by default each API answers at its spec's first server URL, and only there", async () => {
    const mock = createMockApp();
    server.use(...orgmockHandlers({ mock }));
    const ids = await readIdentities((r) => mock.app.fetch(r));
    const owner = flashbackToken(ids, FLASHBACK_ROLES.OWNER).token;
    const fb = await fetch('https://backend.flashback.tech/organization/users', { headers: bearer(owner) });
    expect(fb.status).toBe(200);
    const admin = superaiToken(ids, 'org_admin');
    const sa = await fetch(`https://flows.super.ai/api/admin/organizations/${admin.organizationId}/users`, {
      headers: bearer(admin.token),
    });
    expect(sa.status).toBe(200);
    expect(((await sa.json()) as unknown[]).length).toBeGreaterThan(0);
  });

  it('a base URL given with trailing slashes is the same base URL', async () => {
    const mock = createMockApp();
    server.use(...orgmockHandlers({ mock, baseUrls: { flashback: 'https://slash.test/fb//', superai: 'https://slash.test/sa/' } }));
    const ids = await readIdentities((r) => mock.app.fetch(r));
    const owner = flashbackToken(ids, FLASHBACK_ROLES.OWNER).token;
    expect((await fetch('https://slash.test/fb/organization/users', { headers: bearer(owner) })).status).toBe(200);
    const admin = superaiToken(ids, 'org_admin');
    const sa = await fetch(`https://slash.test/sa/admin/organizations/${admin.organizationId}/users`, { headers: bearer(admin.token) });
    expect(sa.status).toBe(200);
  });

  it("a custom base path is replaced by the spec's (SuperAI's /api), the organization id kept: the same body as the app's", async () => {
    const mock = createMockApp();
    server.use(
      ...orgmockHandlers({ mock, baseUrls: { flashback: 'https://staging.test/v2/flashback', superai: 'https://staging.test/x' } }),
    );
    const ids = await readIdentities((r) => mock.app.fetch(r));
    const admin = superaiToken(ids, 'org_admin');
    const path = `/admin/organizations/${admin.organizationId}/users`;
    const through = await fetch(`https://staging.test/x${path}`, { headers: bearer(admin.token) });
    const direct = await mock.app.fetch(new Request(`http://app.test/api${path}`, { headers: bearer(admin.token) }));
    expect(through.status).toBe(200);
    expect(await through.json()).toEqual(await direct.json());
    const owner = flashbackToken(ids, FLASHBACK_ROLES.OWNER).token;
    const fb = await fetch('https://staging.test/v2/flashback/organization/users', { headers: bearer(owner) });
    expect(fb.status).toBe(200);
    expect((await fb.json()) as { success: boolean }).toMatchObject({ success: true });
  });

  it("a path msw matches in another case is passed on as sent: the mock's own 404 naming it, not a crash", async () => {
    server.use(...orgmockHandlers({ baseUrls: { flashback: 'https://case.test/fb' } }));
    const res = await fetch('https://case.test/fb/Organization/Users');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/^No operation at GET \/fb\/Organization\/Users\./);
  });

  it("an operation path with a regular expression's special character (a dot) is matched as written", async () => {
    const dotted: ApiDefinition = { ...flashback, operation: { ...flashback.operation, path: '/organization/users.json' } };
    const mock = createMockApp({ apis: [dotted] });
    server.use(...orgmockHandlers({ mock, baseUrls: { flashback: 'https://dot.test/v1' } }));
    const owner = flashbackToken(await readIdentities((r) => mock.app.fetch(r)), FLASHBACK_ROLES.OWNER).token;
    expect((await fetch('https://dot.test/v1/organization/users.json', { headers: bearer(owner) })).status).toBe(200);
  });

  it.each([
    ['no servers', undefined],
    ['an empty list', []],
    ['a null first server', [null]],
    ['a first server without a url', [{ description: 'production' }]],
  ])('a spec with %s: a clear error naming the API and the option, unless baseUrls gives one', (_label, servers) => {
    const api = withServers(flashback, servers);
    expect(() => orgmockHandlers({ apis: [api] })).toThrow(new Error('flashback: the spec names no server; pass baseUrls.flashback'));
    expect(orgmockHandlers({ apis: [api], baseUrls: { flashback: 'https://given.test' } })).toHaveLength(1);
  });
});

describe('requests as the mock receives them', () => {
  it('HEAD: the headers of the GET, no body', async () => {
    const mock = createMockApp();
    server.use(...orgmockHandlers({ mock }));
    const owner = flashbackToken(await readIdentities((r) => mock.app.fetch(r)), FLASHBACK_ROLES.OWNER).token;
    const head = await fetch('https://backend.flashback.tech/organization/users', { method: 'HEAD', headers: bearer(owner) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await head.text()).toBe('');
  });

  it("another method with a body: the mock's 405 with its Allow header", async () => {
    server.use(...orgmockHandlers());
    const res = await fetch('https://backend.flashback.tech/organization/users', { method: 'POST', body: '{"name":"x"}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toMatch(/GET/);
  });
});

describe('fixtures', () => {
  // A Flashback fixture whose users carry no token: the mock makes each one from the seed (as `serve --fixtures`).
  const ORG = '33333333-3333-4333-8333-333333333333';
  const fixture = {
    organizations: [{ id: ORG, name: 'Org' }],
    users: [{ id: 'u-0', email: 'u0@example.test', name: 'U 0', orgId: ORG, orgRole: 255, validated: true, deleted: false }],
  };
  const tokenWith = async (seed: number | undefined, origin: string) => {
    server.use(...orgmockHandlers({ fixtures: { flashback: fixture }, mockUrl: origin, ...(seed === undefined ? {} : { seed }) }));
    return (await readIdentities(fetch, origin)).flashback[0]!.token;
  };

  it('tokens a fixture leaves out are made from the default seed when none is given, and from the seed given', async () => {
    const implicit = await tokenWith(undefined, 'http://seed-none.test');
    expect(implicit).toBe(await tokenWith(DEFAULTS.seed, 'http://seed-default.test'));
    expect(implicit).not.toBe(await tokenWith(DEFAULTS.seed + 1, 'http://seed-other.test'));
    expect((await fetch('http://seed-none.test/organization/users', { headers: bearer(implicit) })).status).toBe(200);
  });
});

describe('mockUrl', () => {
  it("answers each API's path under the mock's origin (given with trailing slashes), /__mock/*, /docs, /docs/ and each spec; leaves the rest", async () => {
    const mock = createMockApp();
    server.use(...orgmockHandlers({ mock, mockUrl: 'http://mock.test//' }));
    const ids = await readIdentities(fetch, 'http://mock.test');
    expect(ids).toEqual(await readIdentities((r) => mock.app.fetch(r)));
    const owner = flashbackToken(ids, FLASHBACK_ROLES.OWNER).token;
    expect((await fetch('http://mock.test/organization/users', { headers: bearer(owner) })).status).toBe(200);
    const admin = superaiToken(ids, 'org_admin');
    const sa = await fetch(`http://mock.test/api/admin/organizations/${admin.organizationId}/users`, { headers: bearer(admin.token) });
    expect(sa.status).toBe(200);
    for (const path of ['/docs', '/docs/'])
      expect((await fetch(`http://mock.test${path}`)).headers.get('content-type'), path).toMatch(/^text\/html/);
    for (const api of [flashback, superai]) {
      const spec = await fetch(`http://mock.test/openapi/${api.name}.yaml`);
      expect(spec.status).toBe(200);
      expect(await spec.text()).toBe(api.spec.text);
    }
    // The app's own pages there (its root, anything else) are not the mock's: unhandled, so this test's msw refuses them.
    for (const path of ['/', '/elsewhere', '/docs/x']) await expect(fetch(`http://mock.test${path}`), path).rejects.toThrow();
  });

  it('without mockUrl nothing is answered at a mock origin', async () => {
    server.use(...orgmockHandlers());
    await expect(fetch('http://localhost:4010/__mock/identities')).rejects.toThrow();
  });
});
