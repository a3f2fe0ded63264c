/**
 * Acme (made up, test only), as the registry serves it once its folder, spec and registry line are added: pages
 * with X-Total and Link on both server paths and in MSW, a PRIVATE-TOKEN header, groups named by id or by
 * path (`blue-harbor%2Fplatform`), members without a group field kept apart by the request's group, integer ids
 * through fixture files, and `orgmock verify` and Dredd passing against the mock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../index.js';
import { parseConfig } from '../../config/config.js';
import { configFromMock } from '../../config/mock-config.js';
import { runDredd } from '../../dredd/run.js';
import { fixtureFile, readFixtureDir } from '../../mock/fixture-files.js';
import { orgmockHandlers } from '../../msw/handlers.js';
import { type RunningServer, startMockServer } from '../../server/node.js';
import { runVerify } from '../../verify/run.js';
import { acme } from './index.js';

let server: RunningServer;
let rows: { token: string; apiKey: string; id: number; group: string; level: string; state: string }[];
const member = (level: string, group: string) => rows.find((r) => r.level === level && r.group === group && r.state === 'active')!;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/v4${path}`, { headers });

beforeAll(async () => {
  server = await startMockServer({ port: 0, apis: APIS });
  rows = ((await (await fetch(`${server.url}/__mock/identities`)).json()) as { acme: typeof rows }).acme;
});
afterAll(() => server.close());

describe('acme, added by its folder, spec and registry line', () => {
  it('is in the registry', () => {
    expect(APIS.map((a) => a.name)).toContain('acme');
  });

  it('pages the members: page/per_page slice the ordered list; X-Total, X-Total-Pages and Link say where the page is', async () => {
    const owner = { 'PRIVATE-TOKEN': member('owner', '101').apiKey };
    const all = (await (await get('/groups/101/members?per_page=100', owner)).json()) as { id: number; joined_at: string }[];
    expect(all).toHaveLength(12);
    expect(all.map((m) => m.joined_at)).toEqual(
      all
        .map((m) => m.joined_at)
        .sort()
        .reverse(),
    );
    expect(all[0]).not.toHaveProperty('group');
    const page2 = await get('/groups/101/members?page=2&per_page=5', owner);
    expect(page2.status).toBe(200);
    expect(((await page2.json()) as { id: number }[]).map((m) => m.id)).toEqual(all.slice(5, 10).map((m) => m.id));
    expect(Object.fromEntries(['x-total', 'x-total-pages', 'x-page', 'x-per-page'].map((h) => [h, page2.headers.get(h)]))).toEqual({
      'x-total': '12',
      'x-total-pages': '3',
      'x-page': '2',
      'x-per-page': '5',
    });
    const link = (n: number, rel: string) => `</api/v4/groups/101/members?page=${n}&per_page=5>; rel="${rel}"`;
    expect(page2.headers.get('link')).toBe([link(1, 'first'), link(1, 'prev'), link(3, 'next'), link(3, 'last')].join(', '));
    expect(page2.headers.get('access-control-expose-headers')).toContain('X-Total');
    // Defaults: page 1 of 20.
    const first = await get('/groups/101/members', owner);
    expect([first.headers.get('x-page'), first.headers.get('x-per-page'), first.headers.get('x-total-pages')]).toEqual(['1', '20', '1']);
  });

  it('the Hono route (a percent-escaped path) writes the same headers as the fast path', async () => {
    const auth = { 'PRIVATE-TOKEN': member('owner', '102').apiKey };
    const byPath = await get('/groups/blue-harbor%2Fplatform/members?page=1&per_page=4', auth);
    const byId = await get('/groups/102/members?page=1&per_page=4', auth);
    expect([byPath.status, byId.status]).toEqual([200, 200]);
    expect(await byPath.json()).toEqual(await byId.json());
    for (const h of ['x-total', 'x-total-pages', 'x-page', 'x-per-page']) expect(byPath.headers.get(h)).toBe(byId.headers.get(h));
    expect(byPath.headers.get('link')).toContain('</api/v4/groups/blue-harbor%2Fplatform/members?page=2&per_page=4>; rel="next"');
  });

  it('refuses bad query values with the documented 400, a bad key with 401, another group with 403, none with 404', async () => {
    const auth = { 'PRIVATE-TOKEN': member('owner', '101').apiKey };
    for (const query of ['page=0', 'per_page=101', 'page=x']) {
      const res = await get(`/groups/101/members?${query}`, auth);
      expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([
        400,
        expect.stringMatching(/^Invalid query parameter/),
      ]);
    }
    expect((await get('/groups/101/members', { 'PRIVATE-TOKEN': 'glpat-nope' })).status).toBe(401);
    expect((await get('/groups/101/members', { Authorization: `Bearer ${member('owner', '101').token}` })).status).toBe(200);
    expect((await get('/groups/102/members', auth)).status).toBe(403);
    expect((await get('/groups/red-forge/members', { 'PRIVATE-TOKEN': member('auditor', '900').apiKey })).status).toBe(200);
    expect((await get('/groups/999/members', { 'PRIVATE-TOKEN': member('auditor', '900').apiKey })).status).toBe(404);
    expect((await get('/groups/101/members', { 'PRIVATE-TOKEN': member('guest', '101').apiKey })).status).toBe(403);
  });

  it('MSW answers with the same page and headers', async () => {
    const msw = setupServer(...orgmockHandlers({ apis: APIS }));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      const res = await fetch('https://git.acme.example/api/v4/groups/north-wind/members?per_page=5', {
        headers: { 'PRIVATE-TOKEN': member('owner', '101').apiKey },
      });
      expect([res.status, res.headers.get('x-total'), res.headers.get('x-total-pages')]).toEqual([200, '12', '3']);
      expect(((await res.json()) as unknown[]).length).toBe(5);
    } finally {
      msw.close();
    }
  });

  it('fixture files keep integer ids and each member group (the records carry none)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-acme-fixtures-'));
    try {
      const file = join(dir, 'acme.json');
      writeFileSync(file, fixtureFile(acme, { seed: 7, usersPerOrg: 10 }));
      const data = readFixtureDir(dir, [acme], 7).get('acme')!;
      expect(typeof data.users[0]!.record.id).toBe('number');
      expect(data.users[0]!.record).not.toHaveProperty('organization');
      expect(data.users.map((u) => u.organization)).toEqual(
        acme.mock.generate({ seed: 7, usersPerOrg: 10 }).users.map((u) => u.organization),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('orgmock verify passes against the mock, by token and by PRIVATE-TOKEN, tenants kept apart by the asked group', async () => {
    const config = parseConfig(JSON.stringify(await configFromMock(server.url, APIS)), {}, APIS, 'mock');
    const report = await runVerify({ config, apis: APIS, only: 'acme', timeoutMs: 10_000 });
    const [api] = report.apis;
    expect(api!.results.filter((r) => r.outcome === 'failed' || r.outcome === 'warned')).toEqual([]);
    const passed = (check: string) => api!.results.some((r) => r.check === check && r.outcome === 'passed');
    for (const check of ['user_in_one_organization', 'acme.unique_usernames', 'response_headers_conformance'])
      expect(passed(check), check).toBe(true);
    expect(api!.results.some((r) => r.caseKey.startsWith('apikey:owner'))).toBe(true);
  });

  it('Dredd passes against the mock, declared headers included', async () => {
    const config = parseConfig(JSON.stringify(await configFromMock(server.url, APIS)), {}, APIS, 'mock');
    const result = await runDredd({ config, apis: [acme], prefer: true });
    expect(result.problems).toEqual([]);
    expect(result.counts.failed + result.counts.errors).toBe(0);
    expect(result.counts.passed).toBeGreaterThan(0);
  });
});
