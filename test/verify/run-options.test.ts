// runVerify's options reach what they govern, and the report it assembles (src/verify/run.ts), in-process against
// the real mock on an ephemeral port, directly or through a gate (a node:http server that answers 429 itself, or
// forwards to the mock and may empty the lists it answers). What is checked: --max-bytes, the masker, the clock
// (case and run durations), --retries, the injected sleep, --max-wait, a refused answer being no baseline for the
// tenant probes nor the across checks, --strict's default, which APIs are probed for reachability (those with
// cases to send), --only keeping a skipped case, the report's case order (the plan's, a skipped case in its place,
// the tenant probes last), results by check then case, notes, and the tenant probes' seeded organization id.
// Everything a test checks is built inside it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import { APIS } from '../../src/apis/index.js';
import type { ApiDefinition } from '../../src/apis/types.js';
import { fail } from '../../src/contract/failure.js';
import { parseConfig } from '../../src/config/config.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { startMockServer } from '../../src/server/node.js';
import { buildRegistry, type RunOptions, runVerify } from '../../src/verify/run.js';
import { seededUuids } from '../../src/verify/seed.js';
import type { RunReport } from '../../src/verify/types.js';

type Raw = Record<string, { baseUrl: string; tokens: Record<string, string> } & Record<string, unknown>>;

/** The mock and the config it gives for itself (both APIs), as `orgmock verify` would read it. */
async function withMock<T>(fn: (raw: Raw, url: string) => Promise<T>, options: Parameters<typeof startMockServer>[0] = {}): Promise<T> {
  const mock = await startMockServer({ port: 0, ...options });
  try {
    return await fn((await configFromMock(mock.url, APIS)) as unknown as Raw, mock.url);
  } finally {
    await mock.close();
  }
}

const config = (raw: Raw, apis: readonly ApiDefinition[] = APIS) => parseConfig(JSON.stringify(raw), {}, apis, 'c.json');

/** Points every section of `raw` that starts with `from` at `to` instead. */
const moved = (raw: Raw, from: string, to: string): Raw =>
  Object.fromEntries(Object.entries(raw).map(([name, s]) => [name, { ...s, baseUrl: s.baseUrl.replace(from, to) }]));

interface Gate {
  url: string;
  /** Every request target the gate received, in order. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A gate in front of `target`: `refuse(req)` may answer itself (a status and headers, a JSON body); else the request
 * is forwarded, and `rewrite` may change a 200 JSON answer.
 */
async function gate(
  target: string | null,
  refuse: (req: IncomingMessage) => { status: number; headers?: Record<string, string> } | null,
  rewrite: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b,
): Promise<Gate> {
  const seen: string[] = [];
  const server: Server = createServer(async (req, res) => {
    seen.push(req.url ?? '');
    const own = refuse(req);
    if (own || target === null) {
      res.writeHead(own?.status ?? 502, { 'content-type': 'application/json', ...own?.headers });
      res.end(JSON.stringify({ message: 'not now' }));
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection')) as Record<
      string,
      string
    >;
    const answer = await fetch(target + req.url, { headers });
    let text = await answer.text();
    if (answer.status === 200 && text.startsWith('{')) text = JSON.stringify(rewrite(JSON.parse(text) as Record<string, unknown>));
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const BASE = { timeoutMs: 10_000, seed: 42 };
const resultsOf = (report: RunReport, api: string) => report.apis.find((a) => a.api === api)!.results;
const caseOf = (report: RunReport, api: string, key: string) => report.apis.find((a) => a.api === api)!.cases.find((c) => c.key === key)!;

/**
 * The mock behind a gate that refuses every request with `refusal` (none forwarded); `fn` runs verify through it
 * (BASE, both APIs, `options` on top), every pause the run asks of its sleep recorded in `sleeps`, never slept.
 */
async function refusing(
  refusal: { status: number; headers?: Record<string, string> },
  fn: (run: { gate: Gate; sleeps: number[]; verify: (options: Partial<RunOptions>) => Promise<RunReport> }) => Promise<void>,
): Promise<void> {
  await withMock(async (raw, url) => {
    const always = await gate(null, () => refusal);
    const sleeps: number[] = [];
    try {
      await fn({
        gate: always,
        sleeps,
        verify: (options) =>
          runVerify({
            ...BASE,
            config: config(moved(raw, url, always.url)),
            apis: APIS,
            sleep: async (ms) => {
              sleeps.push(ms);
            },
            ...options,
          }),
      });
    } finally {
      await always.close();
    }
  });
}

describe('options reach the requests', () => {
  it('--max-bytes: an answer larger than it is no response (response_received fails); the masker sees every answer', async () => {
    await withMock(async (raw) => {
      const small = await runVerify({ ...BASE, config: config(raw), apis: APIS, cases: ['flashback/role:OWNER'], maxBytes: 64 });
      expect(resultsOf(small, 'flashback')).toEqual([
        expect.objectContaining({ check: 'response_received', outcome: 'failed', received: expect.stringMatching(/64 B|64 bytes/) }),
      ]);
      const masked: string[] = [];
      const full = await runVerify({
        ...BASE,
        config: config(raw),
        apis: APIS,
        cases: ['flashback/role:OWNER'],
        mask: (text) => {
          masked.push(text);
          return text;
        },
      });
      expect(caseOf(full, 'flashback', 'role:OWNER').outcome).toBe('passed');
      expect(masked.some((text) => text.startsWith('{"success":true,"data":['))).toBe(true);
    });
  });

  it("durations: each case's from the clock around its request, the run's from start to end; a real clock by default", async () => {
    await withMock(async (raw) => {
      let clock = 0;
      const report = await runVerify({
        ...BASE,
        config: config(raw),
        apis: APIS,
        cases: ['flashback/role:OWNER', 'flashback/role:USER'],
        concurrency: 1,
        now: () => (clock += 5),
      });
      expect(report.apis[0]!.cases.map((c) => [c.key, c.durationMs])).toEqual([
        ['role:USER', 5],
        ['role:OWNER', 5],
      ]);
      expect(report.durationMs).toBe(25);
      const real = await runVerify({ ...BASE, config: config(raw), apis: APIS, cases: ['flashback/role:OWNER'] });
      expect(Number.isFinite(real.durationMs) && real.durationMs >= 0).toBe(true);
      expect(Number.isFinite(real.apis[0]!.cases[0]!.durationMs)).toBe(true);
    });
  });

  it('--retries and the injected sleep: that many retries, each pause asked of the sleep (Retry-After: 2)', async () => {
    await refusing({ status: 429, headers: { 'retry-after': '2' } }, async ({ gate: always, sleeps, verify }) => {
      const report = await verify({ cases: ['flashback/role:OWNER'], retries: 1 });
      expect(always.seen).toHaveLength(2);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThan(1000);
      expect(sleeps[0]).toBeLessThanOrEqual(2000);
      expect(caseOf(report, 'flashback', 'role:OWNER')).toMatchObject({
        outcome: 'inconclusive',
        skipReason: 'the backend refused the request: still 429 after 1 retry (--retries)',
      });
    });
  });

  it('--retries 0: a refusal at the last try pauses nothing; the next case goes out at once', async () => {
    await refusing({ status: 429, headers: { 'retry-after': '7' } }, async ({ gate: always, sleeps, verify }) => {
      const report = await verify({ cases: ['flashback/role:OWNER', 'flashback/role:USER'], retries: 0, concurrency: 1 });
      expect(always.seen).toHaveLength(2);
      expect(sleeps).toEqual([]);
      for (const key of ['role:OWNER', 'role:USER'])
        expect(caseOf(report, 'flashback', key).skipReason).toBe('the backend refused the request: still 429 after 0 retries (--retries)');
    });
  });

  it('--max-wait: a pause that would pass it is not taken, the case inconclusive saying so (with or without Retry-After)', async () => {
    await withMock(async (raw, url) => {
      const withHeader = await gate(null, () => ({ status: 429, headers: { 'retry-after': '2' } }));
      const without = await gate(null, () => ({ status: 503 }));
      try {
        const run = (g: Gate, maxRetryWaitMs: number) =>
          runVerify({
            ...BASE,
            config: config(moved(raw, url, g.url)),
            apis: APIS,
            cases: ['flashback/role:OWNER'],
            retries: 3,
            maxRetryWaitMs,
            sleep: async () => {},
          });
        expect(caseOf(await run(withHeader, 1000), 'flashback', 'role:OWNER').skipReason).toBe(
          "the backend refused the request: 429 with Retry-After 2: the run's 1 s of waiting for rate limits (--max-wait) would be spent",
        );
        expect(withHeader.seen).toHaveLength(1);
        // no Retry-After: the first back-off is 0.5 s, past a budget of 0.1 s
        expect(caseOf(await run(without, 100), 'flashback', 'role:OWNER').skipReason).toBe(
          "the backend refused the request: 503 with Retry-After (none): the run's 0.1 s of waiting for rate limits (--max-wait) would be spent",
        );
      } finally {
        await withHeader.close();
        await without.close();
      }
    });
  });
});

describe('what is judged', () => {
  it('a refused answer is no baseline: no tenant probe is sent, no across check judges it, the note says why', async () => {
    await refusing({ status: 429, headers: { 'retry-after': '0' } }, async ({ gate: always, verify }) => {
      const report = await verify({ only: 'flashback', retries: 0 });
      const [api] = report.apis;
      expect(report.requests).toBe(api!.cases.length);
      expect(always.seen).toHaveLength(api!.cases.length);
      expect(api!.cases.some((c) => c.key.startsWith('tenant:'))).toBe(false);
      expect(new Set(api!.results.map((r) => r.outcome))).toEqual(new Set(['inconclusive']));
      expect(api!.notes).toEqual(['tenant-override probes: no role case got a 2xx list to compare with (they need one)']);
    });
  });

  it('--strict defaults to off: an inferred departure (a case check, an across check) warns; with --strict it fails', async () => {
    const madeUp = {
      id: 'flashback.made_up_inferred',
      title: 'made up',
      meaning: 'always departs from an inferred part',
      source: 'inferred' as const,
      run: () => fail({ expected: 'e', received: 'r' }),
    };
    const apis = [{ ...flashback, verify: { ...flashback.verify, checks: [...flashback.verify.checks, madeUp] } }];
    expect(buildRegistry(apis).get('flashback.made_up_inferred')).toBe(madeUp);
    await withMock(async (raw, url) => {
      // every list answered empty: lists_not_all_empty (inferred) departs
      const empty = await gate(
        url,
        () => null,
        (body) => ({ ...body, data: [], total: 0 }),
      );
      try {
        const run = (strict?: boolean) =>
          runVerify({
            ...BASE,
            config: config({ flashback: moved(raw, url, empty.url).flashback! }, apis),
            apis,
            cases: ['flashback/role:OWNER'],
            ...(strict === undefined ? {} : { strict }),
          });
        const outcomes = (report: RunReport) =>
          resultsOf(report, 'flashback')
            .filter((r) => r.check === 'flashback.made_up_inferred' || r.check === 'lists_not_all_empty')
            .map((r) => [r.check, r.outcome]);
        const lenient = await run();
        expect(lenient.strict).toBe(false);
        expect(outcomes(lenient)).toEqual([
          ['lists_not_all_empty', 'warned'],
          ['flashback.made_up_inferred', 'warned'],
        ]);
        expect(outcomes(await run(true))).toEqual([
          ['lists_not_all_empty', 'failed'],
          ['flashback.made_up_inferred', 'failed'],
        ]);
      } finally {
        await empty.close();
      }
    });
  });

  it('only APIs with cases to send are probed for reachability; --only keeps a skipped case, its API alone', async () => {
    await withMock(async (raw) => {
      const closed = await gate(null, () => null);
      await closed.close();
      const { USER: _dropped, ...tokens } = raw.flashback!.tokens;
      const away = { ...raw, flashback: { ...raw.flashback!, baseUrl: closed.url, tokens } };
      // role:USER has no token: skipped, nothing to send, so the unreachable base URL is not probed
      const report = await runVerify({ ...BASE, config: config(away), apis: APIS, cases: ['flashback/role:USER'] });
      expect(report.apis.map((a) => [a.api, a.cases.map((c) => [c.key, c.outcome])])).toEqual([['flashback', [['role:USER', 'skipped']]]]);
      expect(report.apis[0]!.results.length).toBeGreaterThan(0);
      for (const r of report.apis[0]!.results)
        expect(r).toMatchObject({ caseKey: 'role:USER', outcome: 'skipped', reason: 'no token for USER (flashback.tokens.USER)' });
      expect(report.requests).toBe(0);
      // a case to send: probed, and the run does not start
      await expect(runVerify({ ...BASE, config: config(away), apis: APIS, cases: ['flashback/role:OWNER'] })).rejects.toMatchObject({
        code: 'E_UNREACHABLE',
      });
    });
  });
});

describe('the report', () => {
  it('a body carrying secrets is not shown: the case says where they are', async () => {
    await withMock(async (raw, url) => {
      const leaky = await gate(
        url,
        () => null,
        (body) => ({
          ...body,
          data: (body.data as Record<string, unknown>[]).map((u) => ({ ...u, password: 'hunter2-hunter2-hunter2' })),
        }),
      );
      try {
        const report = await runVerify({
          ...BASE,
          config: config(moved(raw, url, leaky.url)),
          apis: APIS,
          cases: ['flashback/role:OWNER'],
        });
        const owner = caseOf(report, 'flashback', 'role:OWNER');
        expect(owner.outcome).toBe('failed');
        expect(owner.response?.preview).toMatch(/^\(not shown: the body carries secrets at \/data\/0\/password, /);
        expect(JSON.stringify(report)).not.toContain('hunter2-hunter2-hunter2');
      } finally {
        await leaky.close();
      }
    });
  });

  it("cases in the plan's order (a skipped case in its place, tenant probes last), results by check then case, notes, seeded probes", async () => {
    await withMock(async (raw, url) => {
      const through = await gate(url, () => null);
      try {
        const report = await runVerify({ ...BASE, config: config(moved(raw, url, through.url)), apis: APIS });
        const registry = buildRegistry(APIS)
          .list()
          .map((c) => c.id);
        for (const api of report.apis) {
          const keys = api.cases.map((c) => c.key);
          const tenant = keys.findIndex((k) => k.startsWith('tenant:'));
          expect(tenant, api.api).toBeGreaterThan(0);
          expect(
            keys.slice(tenant).every((k) => k.startsWith('tenant:')),
            api.api,
          ).toBe(true);
          // results: by the registry's check order, then the cases' order (sent cases first, then skipped ones)
          const sent = api.cases.filter((c) => c.outcome !== 'skipped').map((c) => c.key);
          const caseOrder = [...sent, ...api.cases.filter((c) => c.outcome === 'skipped').map((c) => c.key)];
          const ranks = api.results.map((r) => [registry.indexOf(r.check), caseOrder.indexOf(r.caseKey)] as const);
          for (const [i, [check, c]] of ranks.entries()) {
            expect(check, `${api.api} ${api.results[i]!.check}`).toBeGreaterThanOrEqual(0);
            expect(c, `${api.api} ${api.results[i]!.caseKey}`).toBeGreaterThanOrEqual(0);
            if (i > 0) {
              const [pc, pk] = ranks[i - 1]!;
              expect(check > pc || (check === pc && c > pk), `${api.api} result ${i}`).toBe(true);
            }
          }
        }
        const superai = report.apis.find((a) => a.api === 'superai')!;
        const keys = superai.cases.map((c) => c.key);
        expect(keys.indexOf('role:publisher')).toBe(keys.indexOf('role:worker') + 1);
        expect(keys.indexOf('apikey:org_admin')).toBe(keys.indexOf('role:publisher') + 1);
        expect(superai.notes).toEqual(['no token for publisher (superai.tokens.publisher)']);
        expect(report.apis.find((a) => a.api === 'flashback')!.notes).toEqual([]);
        // flashback's config names no other organization: its tenant probes ask for the run's seeded random one
        const other = seededUuids(42, 'flashback/tenant')();
        expect(through.seen).toContain(`/organization/users?orgId=${other}`);
      } finally {
        await through.close();
      }
    });
  });
});
