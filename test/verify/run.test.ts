// The verify engine's run (src/verify/run.ts: runVerify) in-process against the real mock on an
// ephemeral port, with the config the mock's own /__mock/identities gives (what README's CI recipe
// verifies): which APIs and cases are sent (--api, --only), how many requests are in flight at once
// (--concurrency), what the report records (seed, strict, failOnSkip, requests, duration), and
// README's promise that a correct backend passes. Everything a test checks is built inside it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { startMockServer } from '../../src/server/node.js';
import { buildRegistry, DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRY_WAIT_MS, DEFAULT_RETRIES, runVerify } from '../../src/verify/run.js';
import { exitCodeOf } from '../../src/verify/report/summary.js';

/** The mock, and a config for it (both APIs) as `orgmock verify` would read it. */
async function withMock<T>(fn: (config: ReturnType<typeof parseConfig>, url: string) => Promise<T>): Promise<T> {
  const mock = await startMockServer({ port: 0 });
  try {
    const raw = await configFromMock(mock.url, APIS);
    return await fn(parseConfig(JSON.stringify(raw), {}, APIS, 'c.json'), mock.url);
  } finally {
    await mock.close();
  }
}

let clock = 0;
const fixed = { timeoutMs: 10_000, seed: 42, now: () => (clock += 5) };

describe('runVerify against the mock', () => {
  it('a correct backend passes: every API, every sent case passed or (inferred) warned, exit 0; the report records the run', async () => {
    await withMock(async (config) => {
      clock = 0;
      const report = await runVerify({ config, apis: APIS, ...fixed });
      expect(report.apis.map((a) => a.api)).toEqual(APIS.map((a) => a.name));
      expect(report.seed).toBe(42);
      expect(report.strict).toBe(false);
      expect(report.failOnSkip).toBe(false);
      expect(report).not.toHaveProperty('only');
      const sent = report.apis.flatMap((a) => a.cases.filter((c) => c.outcome !== 'skipped'));
      expect(report.requests).toBe(sent.length);
      expect(sent.length).toBeGreaterThan(20);
      expect(report.apis.flatMap((a) => a.results.filter((r) => r.outcome === 'failed'))).toEqual([]);
      expect(exitCodeOf(report)).toBe(0);
      // the clock: read once at the start, twice per request, once at the end (5 ms a read)
      expect(report.durationMs).toBe(5 * (2 * report.requests + 1));
      for (const api of report.apis) {
        expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
        expect(api.operation.method).toBe('GET');
        // results grouped by check in the report's check order, then by case in plan order
        const order = api.checks.map((c) => c.id);
        const ranks = api.results.map((r) => order.indexOf(r.check));
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(ranks.every((r) => r >= 0)).toBe(true);
        // every check the report lists was used by some result
        expect(new Set(api.results.map((r) => r.check))).toEqual(new Set(order));
      }
    });
  });

  it('strict and failOnSkip are recorded as given', async () => {
    await withMock(async (config) => {
      const report = await runVerify({ config, apis: APIS, ...fixed, strict: true, failOnSkip: true, only: APIS[0]!.name });
      expect([report.strict, report.failOnSkip]).toEqual([true, true]);
    });
  });

  it('--api: only that API is planned and sent; an API the config has no section for is a ConfigError', async () => {
    await withMock(async (config) => {
      const name = APIS[1]!.name;
      const report = await runVerify({ config, apis: APIS, ...fixed, only: name });
      expect(report.apis.map((a) => a.api)).toEqual([name]);
      const other = await runVerify({ config, apis: APIS, ...fixed, only: APIS[0]!.name });
      expect(other.apis.map((a) => a.api)).toEqual([APIS[0]!.name]);
      await expect(runVerify({ config, apis: APIS, ...fixed, only: 'nowhere' })).rejects.toThrow(ConfigError);
      await expect(runVerify({ config, apis: APIS, ...fixed, only: 'nowhere' })).rejects.toThrow(
        `--api nowhere: no such API; the APIs are ${APIS.map((a) => a.name).join(', ')}`,
      );
      const sections = new Map([[APIS[0]!.name, config.sections.get(APIS[0]!.name)!]]);
      await expect(runVerify({ config: { ...config, sections }, apis: APIS, ...fixed, only: name })).rejects.toThrow(
        `--api ${name} given, but the config has no "${name}" section`,
      );
    });
  });

  it('--only: exactly the cases named (a full key, or a bare key in every API); the report lists them', async () => {
    await withMock(async (config) => {
      const full = await runVerify({ config, apis: APIS, ...fixed });
      const first = full.apis[0]!.cases.find((c) => c.outcome !== 'skipped')!;
      const one = await runVerify({ config, apis: APIS, ...fixed, cases: [first.id] });
      expect(one.requests).toBe(1);
      expect(one.only).toEqual([first.id]);
      expect(one.apis.map((a) => a.cases.map((c) => c.id))).toEqual([[first.id]]);
      // a bare key: the case of that key in every API that has it
      const bare = await runVerify({ config, apis: APIS, ...fixed, cases: ['auth:none'] });
      expect(bare.apis.map((a) => a.cases.map((c) => c.key))).toEqual(APIS.map(() => ['auth:none']));
      expect(bare.requests).toBe(APIS.length);
    });
  });

  it('--only with an unknown key: a ConfigError saying what case keys look like, before any request', async () => {
    await withMock(async (config) => {
      const error = await runVerify({ config, apis: APIS, ...fixed, cases: ['auth:none', 'role:NOBODY'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(
        /^--only role:NOBODY: no such case; case keys look like \S+\/\S+, \S+\/\S+, \S+\/\S+ \(every report lists them\)$/,
      );
    });
  });

  it('a config without a section for an API: not configured, not planned, nothing sent to it, nothing skipped for it', async () => {
    await withMock(async (config) => {
      const [kept, ...dropped] = APIS.map((a) => a.name);
      const sections = new Map([[kept!, config.sections.get(kept!)!]]);
      const report = await runVerify({ config: { ...config, sections }, apis: APIS, ...fixed });
      expect(report.notConfigured).toEqual(dropped);
      expect(report.apis.map((a) => a.api)).toEqual([kept]);
      const alone = await runVerify({ config, apis: APIS, ...fixed, only: kept });
      expect(alone.notConfigured).toEqual([]);
      expect(report.apis[0]!.cases.map((c) => [c.id, c.outcome])).toEqual(alone.apis[0]!.cases.map((c) => [c.id, c.outcome]));
      expect(report.requests).toBe(alone.requests);
    });
  });
});

describe('--concurrency: requests in flight at once', () => {
  /** A backend that answers 404 slowly and records the most requests it held at once. */
  async function counting() {
    let now = 0;
    let most = 0;
    let total = 0;
    const server = createServer((_req, res) => {
      now++;
      total++;
      most = Math.max(most, now);
      setTimeout(() => {
        now--;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"not found"}');
      }, 100);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, most: () => most, total: () => total, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it.each([1, 3])('at most %i, and every planned request sent once', async (concurrency) => {
    await withMock(async (config) => {
      const b = await counting();
      try {
        const name = APIS[0]!.name;
        const section = { ...config.sections.get(name)!, baseUrl: b.url };
        const report = await runVerify({
          config: { ...config, sections: new Map([[name, section]]) },
          apis: APIS,
          ...fixed,
          only: name,
          concurrency,
          retries: 0,
        });
        expect(b.total()).toBe(report.requests);
        expect(report.requests).toBeGreaterThan(concurrency);
        expect(b.most()).toBeLessThanOrEqual(concurrency);
        expect(b.most()).toBe(concurrency);
      } finally {
        await b.close();
      }
    });
  });
});

describe('defaults and the registry', () => {
  it('3 retries, 8 requests at once, 300 s of waiting per request (verify --help: --max-wait)', () => {
    expect([DEFAULT_RETRIES, DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRY_WAIT_MS]).toEqual([3, 8, 300_000]);
  });

  it("an API's check must be named <api>.<name>", () => {
    const api = {
      name: 'zz',
      verify: { checks: [{ id: 'other.check', title: 't', meaning: 'm', source: 'documented' as const, run: () => undefined }] },
    };
    expect(() => buildRegistry([api as never])).toThrow('zz: check "other.check" must be named zz.<name>');
    const good = { name: 'zz', verify: { checks: [{ ...api.verify.checks[0]!, id: 'zz.check' }] } };
    expect(buildRegistry([good as never]).get('zz.check').id).toBe('zz.check');
  });
});
