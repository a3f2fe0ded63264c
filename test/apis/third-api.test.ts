/**
 * Proves an API is one folder and one registry line: a made-up third API (test/apis/acme/: its own
 * spec with another path shape, a string role enum, a sign-in rule on a boolean and its own error
 * body) added to the registry here gets the mock's role rules, /__mock/identities, the banner, /docs,
 * verify's plan and checks, and a typed client, with no file of src/ changed or aware of it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { generateTypes } from '../../src/codegen/type-generator.js';
import { parseConfig } from '../../src/config/config.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { banner } from '../../src/mock/banner.js';
import { type RunningServer, startMockServer } from '../../src/server/node.js';
import { buildRegistry, runVerify } from '../../src/verify/run.js';
import { acme } from './acme/index.js';

/** The one registry line. */
const REGISTRY = [...APIS, acme];

const root = new URL('../../', import.meta.url);
let server: RunningServer;
let tokens: Record<string, string>;
const get = (path: string, token?: string) => fetch(`${server.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

beforeAll(async () => {
  server = await startMockServer({ port: 0, apis: REGISTRY });
  const rows = (
    (await (await get('/__mock/identities')).json()) as Record<string, { token: string; level: string; tenant: string; enabled: boolean }[]>
  ).acme!;
  tokens = Object.fromEntries(rows.filter((r) => r.enabled).map((r) => [`${r.level}@${r.tenant}`, r.token]));
  tokens.disabled = rows.find((r) => !r.enabled)!.token;
});
afterAll(() => server.close());

describe('a third API from one folder and one registry line', () => {
  it('no source file outside test/ knows it', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
    const src = fileURLToPath(new URL('src/', root));
    expect(files(src).filter((f) => !f.includes('/generated/') && /\bacme(?![-\w])/i.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('its committed types are fresh', async () => {
    expect(readFileSync(new URL('test/apis/acme/types.ts', root), 'utf8')).toBe(await generateTypes('test/apis/acme/acme.yaml', root));
  });

  it("the mock applies its spec's role rules, sign-in rule and error body at its own path", async () => {
    const path = (tenant: string) => `/v2/tenants/${tenant}/members`;
    const own = await get(path('north-wind'), tokens['owner@north-wind']);
    expect(own.status).toBe(200);
    const body = (await own.json()) as { members: { tenant: string; joined: string }[]; count: number };
    expect(body.count).toBe(body.members.length);
    expect(new Set(body.members.map((m) => m.tenant))).toEqual(new Set(['north-wind']));
    expect(body.members.map((m) => m.joined)).toEqual(
      body.members
        .map((m) => m.joined)
        .sort()
        .reverse(),
    );
    expect((await get(path('blue-harbor'), tokens['editor@north-wind'])).status).toBe(403);
    expect((await get(path('blue-harbor'), tokens['auditor@acme-ops'])).status).toBe(200);
    expect((await get(path('no-such-tenant'), tokens['auditor@acme-ops'])).status).toBe(404);
    const viewer = await get(path('north-wind'), tokens['viewer@north-wind']);
    expect([viewer.status, await viewer.json()]).toEqual([403, { fault: { code: 403, reason: expect.any(String) } }]);
    expect((await get(path('north-wind'), tokens.disabled)).status).toBe(401);
    expect((await get(path('north-wind'))).status).toBe(401);
    expect((await get(path('Not_A_Slug'), tokens['auditor@acme-ops'])).status).toBe(400);
  });

  it('is in /__mock/identities, the banner and /docs', async () => {
    expect(Object.keys((await (await get('/__mock/identities')).json()) as object)).toEqual(['flashback', 'superai', 'acme']);
    const text = banner(server);
    expect(text).toContain('Acme Teams (made up, test only)');
    expect(text).toContain(`GET ${server.url}/v2/tenants/north-wind/members`);
    expect(text).toMatch(/ {2}auditor +ac_auditor_/);
    const docs = await (await get('/docs')).text();
    expect(docs).toContain('<section class="api" id="acme">');
    expect(docs).toContain('<code>&#34;auditor&#34;</code>');
    expect(docs).toContain('Sign-in: only users whose <code>enabled</code> is <code>true</code>');
    expect((await get('/openapi/acme.yaml')).status).toBe(200);
  });

  it('verify plans every role from its spec, runs its own check, and the mock passes', async () => {
    const config = parseConfig(JSON.stringify(await configFromMock(server.url, REGISTRY)), {}, REGISTRY, 'mock');
    expect(
      buildRegistry(REGISTRY)
        .list()
        .map((c) => c.id),
    ).toContain('acme.unique_handles');
    const report = await runVerify({ config, apis: REGISTRY, only: 'acme', timeoutMs: 10_000 });
    const [api] = report.apis;
    expect(api!.api).toBe('acme');
    const roleCases = [...new Set(api!.results.filter((r) => r.caseKey.startsWith('role:')).map((r) => r.caseKey))];
    expect(roleCases.sort()).toEqual(
      [
        'role:auditor',
        'role:auditor@otherOrganizationId',
        'role:auditor@unknownOrganization',
        'role:editor',
        'role:editor@otherOrganizationId',
        'role:editor@unknownOrganization',
        'role:owner',
        'role:owner@otherOrganizationId',
        'role:owner@unknownOrganization',
        'role:viewer',
      ].sort(),
    );
    expect(api!.results.filter((r) => r.outcome === 'failed' || r.outcome === 'warned')).toEqual([]);
    expect(api!.results.some((r) => r.check === 'acme.unique_handles' && r.outcome === 'passed')).toBe(true);
    expect(api!.results.some((r) => r.check === 'tenant_isolation' && r.outcome === 'passed')).toBe(true);
  });

  it('has a typed client that reaches the mock', async () => {
    const client = acme.client.create({ baseUrl: `${server.url}/v2`, token: tokens['owner@north-wind']! });
    const { data, response } = await client.GET('/tenants/{tenant}/members', { params: { path: { tenant: 'north-wind' } } });
    expect(response.status).toBe(200);
    expectTypeOf(data!.members[0]!.level).toEqualTypeOf<'viewer' | 'editor' | 'owner' | 'auditor'>();
    expect(data!.members.length).toBeGreaterThan(0);
  });
});
