// The Dredd hooks' plan (contracts/dredd-hooks.cjs), called directly: which request provokes which
// status, what is skipped against a real backend, and how a Dredd transaction is rewritten. The hooks
// know the APIs only through the context orgmock hands them, read from the specs.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { hookApi, loadHooksModule, type DreddTransaction, type HookConfig, type TransactionPlan } from '../../src/dredd/hooks.js';
import { loadBundledSpec } from '../../src/openapi/load.js';
import { getOperation } from '../../src/openapi/operations.js';
import { withSpecDoc } from '../../src/apis/define.js';

const hooks = loadHooksModule();
const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER = '11111111-1111-4111-8111-111111111111';
type Sections = HookConfig['config'];
const FULL: Sections = {
  flashback: { baseUrl: 'http://127.0.0.1:1', tokens: { USER: 'u', BILLING: 'b', WORKSPACES: 'w', ADMINISTRATOR: 'a', OWNER: 'o' } },
  superai: {
    baseUrl: 'http://127.0.0.1:1/api',
    organizationId: ORG,
    otherOrganizationId: OTHER,
    tokens: { backoffice: 'bo', org_admin: 'oa', app_user: 'au', integration: 'in' },
  },
};
/** What orgmock dredd hands the hooks of each API, read from its spec. */
const HOOK_APIS: HookConfig['apis'] = Object.fromEntries(APIS.map((api) => [api.name, hookApi(api)]));
const CTX: HookConfig = { config: FULL, apis: HOOK_APIS };
const fixedUUID = () => '99999999-9999-4999-8999-999999999999';
const plan = (api: 'flashback' | 'superai', status: number, config: Sections = FULL, prefer = false): TransactionPlan =>
  hooks.planFor(api, status, { config, apis: HOOK_APIS, prefer, randomUUID: fixedUUID });
const documented = (api: string) => getOperation(loadBundledSpec(api)).responses.map((r) => r.status);

describe('what the hooks know of each API: its spec, nothing else', () => {
  it('path, organization parameter, statuses and roles by the scope of the x-access-control rule that allows them', () => {
    expect(Object.keys(HOOK_APIS)).toEqual(APIS.map((a) => a.name));
    expect({ flashback: HOOK_APIS.flashback, superai: HOOK_APIS.superai }).toEqual({
      flashback: {
        path: '/organization/users',
        organizationParameter: null,
        unauthenticatedStatus: 401,
        deniedStatus: 403,
        roles: {
          anyOrganization: [],
          callerOrganization: ['WORKSPACES', 'ADMINISTRATOR', 'OWNER'],
          ownOrganization: [],
          denied: ['USER', 'BILLING'],
        },
        deniedBelow: 'WORKSPACES',
      },
      superai: {
        path: '/admin/organizations/{organization_id}/users',
        organizationParameter: { name: 'organization_id', malformed: 'not-a-uuid' },
        unauthenticatedStatus: 401,
        deniedStatus: 403,
        roles: {
          anyOrganization: ['backoffice'],
          callerOrganization: [],
          ownOrganization: ['org_admin'],
          denied: ['app_user', 'integration', 'worker', 'publisher'],
        },
        deniedBelow: null,
      },
    });
  });

  it('a spec change changes the plan: BILLING allowed by x-access-control gets the 200 and is no longer sent for the 403', () => {
    const api = APIS.find((p) => p.name === 'flashback')!;
    const doc = structuredClone(api.spec.doc) as any;
    doc.paths['/organization/users'].get['x-access-control'].allow = [1, 2, 254, 255];
    const apis = { flashback: hookApi(withSpecDoc(api, doc)) };
    const tokens = { USER: 'u', BILLING: 'b' };
    const planned = (status: number) =>
      hooks.planFor('flashback', status, { config: { flashback: { baseUrl: 'http://x', tokens } }, apis, prefer: false });
    expect(planned(200)).toMatchObject({ run: true, role: 'BILLING', how: 'BILLING token' });
    expect(planned(403)).toMatchObject({ run: true, role: 'USER', how: 'USER token (below BILLING)' });
  });
});

describe('plan against a real backend (no --prefer)', () => {
  it('Flashback: 200 with WORKSPACES, 401 without a token, 403 with USER; 500 skipped with a reason', () => {
    expect(plan('flashback', 200)).toMatchObject({ run: true, role: 'WORKSPACES' });
    expect(plan('flashback', 401)).toMatchObject({ run: true, role: null });
    expect(plan('flashback', 403)).toMatchObject({ run: true, role: 'USER' });
    const skipped = plan('flashback', 500);
    expect(skipped.run).toBe(false);
    expect(skipped.run === false && skipped.reason).toMatch(/500 cannot be provoked against a real backend/);
  });

  it('SuperAI: 200 backoffice on the org, 400 not-a-uuid, 401 no token, 403 app_user, 404 random UUID; 422/500 skipped', () => {
    expect(plan('superai', 200)).toMatchObject({ run: true, role: 'backoffice', organizationId: ORG });
    expect(plan('superai', 400)).toMatchObject({ run: true, role: 'backoffice', organizationId: 'not-a-uuid' });
    expect(plan('superai', 401)).toMatchObject({ run: true, role: null, organizationId: ORG });
    expect(plan('superai', 403)).toMatchObject({ run: true, role: 'app_user', organizationId: ORG });
    expect(plan('superai', 404)).toMatchObject({ run: true, role: 'backoffice', organizationId: fixedUUID() });
    expect(plan('superai', 422).run).toBe(false);
    expect(plan('superai', 500).run).toBe(false);
  });

  it("every status each spec documents gets a plan that provokes it by the spec's rules, or says why not", () => {
    // From the specs' x-access-control: who gets 200 and who 403; 401 is sent without a token.
    const allowed = { flashback: ['WORKSPACES', 'ADMINISTRATOR', 'OWNER'], superai: ['backoffice', 'org_admin'] };
    const denied = { flashback: ['USER', 'BILLING'], superai: ['app_user', 'integration', 'worker', 'publisher'] };
    let runs = 0;
    for (const api of ['flashback', 'superai'] as const) {
      for (const status of documented(api)) {
        const p = plan(api, status);
        if (!p.run) {
          expect(p.reason, `${api} ${status}`).toMatch(new RegExp(`${status}`));
          continue;
        }
        runs++;
        if (status === 200) expect(allowed[api], `${api} 200`).toContain(p.role);
        if (status === 401) expect(p.role, `${api} 401`).toBeNull();
        if (status === 403 && api === 'flashback') expect(denied[api]).toContain(p.role);
        if (status === 403 && api === 'superai') {
          expect(p.role === 'org_admin' ? p.organizationId !== ORG : denied.superai.includes(String(p.role)), 'superai 403').toBe(true);
        }
        if (status === 400) expect(p.organizationId).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
        if (status === 404) expect([ORG, OTHER]).not.toContain(p.organizationId);
      }
    }
    // Flashback 200/401/403; SuperAI 200/400/401/403/404 (500 and 422 cannot be provoked on a real backend).
    expect(runs).toBe(8);
  });

  it('falls back to other roles, and skips with a reason when the config has none that works', () => {
    const fb = (tokens: Record<string, string>): Sections => ({ flashback: { baseUrl: 'http://x', tokens } });
    expect(plan('flashback', 200, fb({ OWNER: 'o' }))).toMatchObject({ run: true, role: 'OWNER' });
    expect(plan('flashback', 403, fb({ BILLING: 'b' }))).toMatchObject({ run: true, role: 'BILLING' });
    expect(plan('flashback', 200, fb({ USER: 'u' }))).toMatchObject({ run: false, reason: expect.stringMatching(/WORKSPACES/) });
    const sa = (tokens: Record<string, string>, other?: string): Sections => ({
      superai: { baseUrl: 'http://x/api', organizationId: ORG, tokens, ...(other ? { otherOrganizationId: other } : {}) },
    });
    expect(plan('superai', 200, sa({ org_admin: 'oa' }))).toMatchObject({ run: true, role: 'org_admin', organizationId: ORG });
    expect(plan('superai', 403, sa({ org_admin: 'oa' }, OTHER))).toMatchObject({ run: true, role: 'org_admin', organizationId: OTHER });
    expect(plan('superai', 403, sa({ org_admin: 'oa' }))).toMatchObject({ run: false });
    expect(plan('superai', 404, sa({ org_admin: 'oa' }))).toMatchObject({ run: false, reason: expect.stringMatching(/backoffice/) });
    expect(plan('superai', 200, {})).toMatchObject({ run: false, reason: expect.stringMatching(/no "superai" section/) });
  });
});

describe("plan against orgmock's mock (--prefer)", () => {
  it('forces only what cannot be provoked for real, with a valid token alongside', () => {
    expect(plan('flashback', 500, FULL, true)).toMatchObject({ run: true, prefer: 500, role: 'WORKSPACES' });
    expect(plan('superai', 422, FULL, true)).toMatchObject({ run: true, prefer: 422, role: 'backoffice' });
    expect(plan('superai', 500, FULL, true)).toMatchObject({ run: true, prefer: 500 });
    // Real behaviour still wins where it exists.
    for (const status of [200, 401, 403]) expect(plan('flashback', status, FULL, true)).not.toHaveProperty('prefer');
    for (const status of [200, 400, 401, 403, 404]) expect(plan('superai', status, FULL, true)).not.toHaveProperty('prefer');
  });
});

function transaction(resourceName: string, uri: string, status: string, fullPath = uri): DreddTransaction {
  return {
    id: `GET (${status}) ${uri}`,
    name: `${resourceName} > op > ${status} > application/json`,
    fullPath,
    skip: false,
    origin: { resourceName },
    request: { method: 'GET', uri, headers: { Accept: 'application/json', authorization: 'Bearer from-cli' } },
    expected: { statusCode: status, headers: { 'Content-Type': 'application/json' } },
  };
}

describe('applyPlan', () => {
  const TEMPLATE = '/admin/organizations/{organization_id}/users';
  const PLACEHOLDER = '/admin/organizations/00000000-0000-4000-8000-000000000000/users';

  it('sets the bearer token of the role, replacing any Authorization header already there', () => {
    const t = transaction('/organization/users', '/organization/users', '403');
    hooks.applyPlan(t, plan('flashback', 403), 'flashback', CTX);
    expect(t.request.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer u' });
    expect(t.skip).toBe(false);
  });

  it('removes the Authorization header for 401 and adds Prefer only when forcing', () => {
    const t = transaction('/organization/users', '/organization/users', '401');
    hooks.applyPlan(t, plan('flashback', 401), 'flashback', CTX);
    expect(Object.keys(t.request.headers).map((k) => k.toLowerCase())).not.toContain('authorization');
    const forced = transaction('/organization/users', '/organization/users', '500');
    hooks.applyPlan(forced, plan('flashback', 500, FULL, true), 'flashback', CTX);
    expect(forced.request.headers.Prefer).toBe('code=500');
  });

  it("puts the organization id in the URI, keeping the endpoint's own path prefix, and retitles the test", () => {
    const t = transaction(TEMPLATE, PLACEHOLDER, '404', `/api${PLACEHOLDER}`);
    hooks.applyPlan(t, plan('superai', 404), 'superai', CTX);
    expect(t.request.uri).toBe(`/admin/organizations/${fixedUUID()}/users`);
    expect(t.fullPath).toBe(`/api/admin/organizations/${fixedUUID()}/users`);
    expect(t.id).toBe(`GET (404) /admin/organizations/${fixedUUID()}/users`);
  });

  it('marks a transaction it cannot provoke as skipped', () => {
    const t = transaction(TEMPLATE, PLACEHOLDER, '500');
    hooks.applyPlan(t, plan('superai', 500), 'superai', CTX);
    expect(t.skip).toBe(true);
  });

  it('tells the APIs apart by path template and leaves other operations alone', () => {
    expect(hooks.apiOf({ origin: { resourceName: TEMPLATE } }, CTX)).toBe('superai');
    expect(hooks.apiOf({ origin: { resourceName: '/organization/users' } }, CTX)).toBe('flashback');
    expect(hooks.apiOf({ origin: { resourceName: '/pets' } }, CTX)).toBeNull();
  });
});

describe('relaxContentType', () => {
  const withReal = (contentType: string) => {
    const t = transaction('/organization/users', '/organization/users', '200');
    t.real = { statusCode: 200, headers: { 'content-type': contentType } };
    hooks.relaxContentType(t);
    return t.real.headers['content-type'];
  };
  it('accepts the same media type with parameters', () => {
    expect(withReal('application/json; charset=utf-8')).toBe('application/json');
    expect(withReal('Application/JSON')).toBe('application/json');
  });
  it('leaves a different media type for Dredd to fail', () => {
    expect(withReal('text/html; charset=utf-8')).toBe('text/html; charset=utf-8');
    expect(withReal('application/problem+json')).toBe('application/problem+json');
  });
});

describe('loadContext (how the hooks get the config)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-hooks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the context orgmock dredd passes, with the prefer switch', () => {
    const ctx = hooks.loadContext({ ORGMOCK_DREDD_CONFIG: JSON.stringify(CTX), ORGMOCK_DREDD_PREFER: '1' });
    expect(ctx.config).toEqual(FULL);
    expect(ctx.apis).toEqual(HOOK_APIS);
    expect(ctx.prefer).toBe(true);
    expect(hooks.loadContext({ ORGMOCK_DREDD_CONFIG: '{}' }).prefer).toBe(false);
  });

  it("run by hand, reads ORGMOCK_CONFIG with orgmock's reader: $VAR and ${VAR} values, the rules of the specs", () => {
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({ flashback: { baseUrl: 'http://x', tokens: { USER: '$FB_USER', OWNER: '${FB_OWNER}', BILLING: 'literal' } } }),
    );
    const ctx = hooks.loadContext({ ORGMOCK_CONFIG: file, FB_USER: 'tu', FB_OWNER: 'to' });
    expect(ctx.config.flashback!.tokens).toEqual({ USER: 'tu', OWNER: 'to', BILLING: 'literal' });
    expect(ctx.apis).toEqual({ flashback: HOOK_APIS.flashback });
    expect(() => hooks.loadContext({ ORGMOCK_CONFIG: file, FB_USER: 'tu' })).toThrow(
      /flashback\.tokens\.OWNER refers to \$FB_OWNER, which is not set/,
    );
  });

  it('run by hand, ORGMOCK_SET gives the plain values (as orgmock dredd --set does); a base URL from a variable is refused', () => {
    const file = join(dir, 'plain.json');
    writeFileSync(file, JSON.stringify({ flashback: { baseUrl: 'http://x', tokens: { OWNER: '$FB_OWNER' } } }));
    const ctx = hooks.loadContext({ ORGMOCK_CONFIG: file, FB_OWNER: 'to', ORGMOCK_SET: 'flashback.baseUrl=http://staging.test:8080' });
    expect(ctx.config.flashback!.baseUrl).toBe('http://staging.test:8080');
    const env = join(dir, 'env.json');
    writeFileSync(env, JSON.stringify({ flashback: { baseUrl: '${FB_URL}', tokens: { OWNER: '$FB_OWNER' } } }));
    expect(() => hooks.loadContext({ ORGMOCK_CONFIG: env, FB_OWNER: 'to', FB_URL: 'http://leak.test' })).toThrow(
      /flashback\.baseUrl refers to the environment \(\$\{FB_URL\}\)/,
    );
  });

  it('without either variable, says what to set', () => {
    expect(() => hooks.loadContext({})).toThrow(/ORGMOCK_CONFIG/);
  });
});
