// Mock issue: Dredd run against the running mock, with hooks that set tokens per transaction and
// un-skip the error transactions: all pass. Real mock on an ephemeral port, real Dredd processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import type { OrgmockConfig } from '../../src/config/config.js';
import { benchDredd } from '../../src/dredd/bench.js';
import { runDredd, type DreddResult } from '../../src/dredd/run.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { loadBundledSpec } from '../../src/openapi/load.js';
import { getOperation } from '../../src/openapi/operations.js';
import { configOf, mockConfig, tokensOf, type RawConfig } from './helpers.js';

const documented = (api: string) => getOperation(loadBundledSpec(api)).responses.map((r) => r.status);
/** Every registered API's documented statuses together: one Dredd transaction each. */
const TOTAL = APIS.reduce((n, api) => n + documented(api.name).length, 0);
/** The seed APIs whose transactions these tests spell out; any other registered API is only counted. */
const seeds = (api: string) => api === 'flashback' || api === 'superai';
const statuses = (result: DreddResult, api: string) => result.runs.find((r) => r.api === api)!.transactions.map((t) => t.status);

let server: RunningServer;
let raw: RawConfig;
let config: OrgmockConfig;

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
  raw = await mockConfig(server.url);
  config = configOf(raw);
});
afterAll(() => server.close());

describe('Dredd against the mock, statuses forced with Prefer where nothing real provokes them', () => {
  let result: DreddResult;
  // One Dredd run per API of the registry: its time grows with the registry (a third API, a loaded machine).
  beforeAll(async () => {
    result = await runDredd({ config, apis: APIS, prefer: true });
  }, 300_000);

  it('every transaction of every spec ran and passed', () => {
    expect(result.problems).toEqual([]);
    expect(result.counts).toEqual({ passed: TOTAL, failed: 0, errors: 0, skipped: 0, total: TOTAL });
    expect(TOTAL).toBeGreaterThanOrEqual(11);
    expect(result.exitCode).toBe(0);
    for (const run of result.runs)
      expect(
        run.transactions.filter((t) => t.outcome !== 'pass'),
        run.output,
      ).toEqual([]);
  });

  it("one transaction per documented status, the error ones included (Dredd's own report, not skipped)", () => {
    for (const api of APIS) expect(statuses(result, api.name)).toEqual(documented(api.name));
    const errors = result.runs.flatMap((r) =>
      r.transactions.filter((t) => t.status! >= 400).map((t) => `${r.api} ${t.status} ${t.outcome}`),
    );
    expect(errors).toEqual(APIS.flatMap((api) => documented(api.name).flatMap((s) => (s >= 400 ? [`${api.name} ${s} pass`] : []))));
    expect(errors.filter((e) => seeds(e.split(' ')[0]!))).toEqual([
      'flashback 401 pass',
      'flashback 403 pass',
      'flashback 500 pass',
      'superai 400 pass',
      'superai 401 pass',
      'superai 403 pass',
      'superai 404 pass',
      'superai 422 pass',
      'superai 500 pass',
    ]);
  });

  it('the hooks set each request: real behaviour first, Prefer only for 422 and 500', () => {
    const how = Object.fromEntries(
      result.runs.filter((r) => seeds(r.api)).flatMap((r) => r.transactions.map((t) => [`${r.api} ${t.status}`, t.how])),
    );
    expect(how).toEqual({
      'flashback 200': 'WORKSPACES token',
      'flashback 401': 'no Authorization header',
      'flashback 403': 'USER token (below WORKSPACES)',
      'flashback 500': 'Prefer: code=500 with a WORKSPACES token',
      'superai 200': 'backoffice token, organizationId',
      'superai 400': 'backoffice token, organization_id "not-a-uuid"',
      'superai 401': 'no Authorization header',
      'superai 403': 'app_user token, organizationId',
      'superai 404': 'backoffice token, a random organization id',
      'superai 422': 'Prefer: code=422 with a backoffice token',
      'superai 500': 'Prefer: code=500 with a backoffice token',
    });
    const titles = result.runs.find((r) => r.api === 'superai')!.transactions.map((t) => t.title);
    expect(titles).toContain('GET (400) /admin/organizations/not-a-uuid/users');
    expect(titles).toContain(`GET (200) /admin/organizations/${raw.superai!.organizationId}/users`);
  });

  it("Dredd's kept output has no token in it", () => {
    const output = result.runs.map((r) => r.output).join('\n');
    for (const token of tokensOf(raw)) expect(output).not.toContain(token);
  });
});

describe('Dredd against the mock as against a real backend (no Prefer)', () => {
  it('runs what real behaviour provokes and skips 500 and 422, saying why', async () => {
    const result = await runDredd({ config, apis: APIS });
    expect(result.exitCode).toBe(0);
    expect(result.counts).toMatchObject({ failed: 0, errors: 0, total: TOTAL });
    expect(result.counts.passed + result.counts.skipped).toBe(TOTAL);
    const skipped = result.runs.flatMap((r) => r.transactions.filter((t) => t.outcome === 'skip').map((t) => [r.api, t.status, t.reason]));
    expect(skipped).toHaveLength(result.counts.skipped);
    expect(skipped.filter(([api]) => seeds(api as string))).toEqual([
      ['flashback', 500, expect.stringMatching(/^a 500 cannot be provoked against a real backend/)],
      ['superai', 422, expect.stringMatching(/^a 422 cannot be provoked against a real backend/)],
      ['superai', 500, expect.stringMatching(/^a 500 cannot be provoked against a real backend/)],
    ]);
  });

  it('fails when a token does not give what the config claims (a USER token as WORKSPACES)', async () => {
    const wrong = configOf({
      flashback: { ...raw.flashback!, tokens: { ...raw.flashback!.tokens, WORKSPACES: raw.flashback!.tokens.USER! } },
    });
    const result = await runDredd({ config: wrong, apis: APIS });
    expect(result.exitCode).toBe(1);
    const ok = result.runs[0]!.transactions.find((t) => t.status === 200);
    expect(ok).toMatchObject({ outcome: 'fail', message: "statusCode: Expected status code '200', but got '403'." });
  });
});

describe('benchDredd', () => {
  it('runs every spec against the mock and returns the wall time', async () => {
    const bench = await benchDredd(server.url, APIS);
    expect(bench).toMatchObject({ passed: TOTAL, failed: 0, skipped: 0, total: TOTAL, exitCode: 0 });
    expect(bench.wallMs).toBeGreaterThan(0);
    expect(bench.wallMs).toBeLessThan(60_000);
  });
});
