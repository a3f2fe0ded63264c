// An API the registry has and the config does not is "not configured" (README, "orgmock verify"): not
// checked, named once by every reporter, never a skipped case, so `--fail-on-skip` does not count it and
// registering a new API leaves every existing config passing. A failing check still fails, a skipped case
// of a configured API still fails under --fail-on-skip, and `--api` naming an API without a section, or no
// registered API, stays a coded error (exit 2). Run for every API of the registry against the real mock.
// The mock's identities do not give every role of every API a token (no SuperAI organization has both a
// worker and a publisher), so "everything else passes" is the configured APIs' sent cases (`--only`, from
// a run with every section), and without `--only` the skipped count is the configured APIs' own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { runCli, scratchDir, type JsonReport } from './support/run.js';

const scratch = scratchDir();
let mock: RunningServer;
let full: Record<string, { tokens: Record<string, string>; [key: string]: unknown }>;
/** A run with every section: per API, its sent cases' keys (what `--only` takes) and how many it skipped. */
let baseline: Map<string, { sent: string[]; skipped: number }>;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: '127.0.0.1' });
  full = (await configFromMock(mock.url, APIS)) as typeof full;
  const run = await runCli(['--config', scratch.write('full.json', full), '--reporter', 'json'], { cwd: scratch.dir });
  const report = JSON.parse(run.stdout) as JsonReport;
  baseline = new Map(
    report.apis.map((a) => [
      a.api,
      {
        sent: a.cases.filter((c) => c.outcome !== 'skipped' && c.kind !== 'tenant').map((c) => c.key),
        skipped: a.cases.filter((c) => c.outcome === 'skipped').length,
      },
    ]),
  );
});
afterAll(async () => {
  await mock?.close();
  scratch.cleanup();
});

/** The mock's config without `missing`'s section, optionally edited. */
function without(missing: string, edit: (config: typeof full) => void = () => undefined): string {
  const config = structuredClone(Object.fromEntries(Object.entries(full).filter(([name]) => name !== missing)));
  edit(config);
  return scratch.write(`without-${missing}-${Math.random().toString(36).slice(2)}.json`, config);
}

/** How often `needle` occurs in `text`. */
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

const NAMES = APIS.map((a) => a.name);

describe.each(NAMES)('a config without a "%s" section', (missing) => {
  const configured = NAMES.filter((n) => n !== missing);
  /** `--only` with every case the configured APIs sent in the full run: the rest of the config passes, nothing of it skipped. */
  const passing = () => ['--only', configured.flatMap((n) => baseline.get(n)!.sent).join(',')];

  it('the premise: the mock gives every API a section, and with all of them verify runs every API', () => {
    expect(Object.keys(full).sort()).toEqual([...NAMES].sort());
    expect([...baseline.keys()]).toEqual(NAMES);
    for (const name of NAMES) expect(baseline.get(name)!.sent.length).toBeGreaterThan(0);
  });

  it("--fail-on-skip without --only: the skipped cases are the configured APIs' own, none for the API without a section", async () => {
    const run = await runCli(['--config', without(missing), '--fail-on-skip', '--reporter', 'json'], { cwd: scratch.dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    const own = configured.reduce((n, name) => n + baseline.get(name)!.skipped, 0);
    expect(report.notConfigured).toEqual([missing]);
    expect(report.summary.responses.skipped).toBe(own);
    expect(report.summary.responses.failed).toBe(0);
    expect(run.code).toBe(own > 0 ? 1 : 0);
  });

  it('--fail-on-skip, json: exit 0, nothing skipped, the API listed in notConfigured and not in apis', async () => {
    const run = await runCli(['--config', without(missing), ...passing(), '--fail-on-skip', '--reporter', 'json'], {
      cwd: scratch.dir,
    });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.notConfigured).toEqual([missing]);
    expect(report.apis.map((a) => a.api)).toEqual(configured);
    expect(report.summary.responses).toMatchObject({ failed: 0, skipped: 0, inconclusive: 0 });
    expect(report.summary.responses.passed).toBeGreaterThan(0);
    expect(report.coverage.apis.map((a) => a.api)).toEqual(configured);
    expect(report.exitCode).toBe(0);
    expect(run.code, run.stderr).toBe(0);
  });

  it('--fail-on-skip, pretty: exit 0, "Result: OK", the API named once as not configured', async () => {
    const run = await runCli(['--config', without(missing), ...passing(), '--fail-on-skip'], { cwd: scratch.dir });
    expect(occurrences(run.stdout, `${missing}: not configured`)).toBe(1);
    expect(run.stdout).not.toMatch(new RegExp(`^${missing} · `, 'm'));
    expect(run.stdout).toMatch(/^Result: OK$/m);
    expect(run.code).toBe(0);
  });

  it('--fail-on-skip, junit: exit 0, an empty suite saying so (no test case, nothing skipped)', async () => {
    const run = await runCli(['--config', without(missing), ...passing(), '--fail-on-skip', '--reporter', 'junit'], { cwd: scratch.dir });
    expect(run.stdout).toMatch(/^<testsuites name="orgmock verify" tests="\d+" failures="0" errors="0" skipped="0"/m);
    const suite = new RegExp(
      `<testsuite name="${missing}" tests="0" failures="0" errors="0" skipped="0"[^>]*>\\s*<properties><property name="notConfigured" value="true"/></properties>\\s*<system-out>${missing}: not configured`,
    );
    expect(run.stdout).toMatch(suite);
    expect(occurrences(run.stdout, `${missing}: not configured`)).toBe(1);
    expect(run.code).toBe(0);
  });

  it('--fail-on-skip, github: exit 0, one ::notice for it, no error', async () => {
    const run = await runCli(['--config', without(missing), ...passing(), '--fail-on-skip', '--reporter', 'github'], { cwd: scratch.dir });
    const notices = run.stdout.split('\n').filter((l) => l.startsWith('::notice'));
    expect(notices).toEqual([
      expect.stringMatching(new RegExp(`^::notice title=orgmock verify ${missing}%3A not configured::${missing}: not configured`)),
    ]);
    expect(run.stdout).not.toContain('::error');
    expect(run.stdout).toMatch(/· OK$/m);
    expect(run.code).toBe(0);
  });

  it('--fail-on-skip, --output: the summary line names it, exit 0', async () => {
    const out = `${scratch.dir}/report-${missing}.json`;
    const run = await runCli(['--config', without(missing), ...passing(), '--fail-on-skip', '--reporter', 'json', '--output', out], {
      cwd: scratch.dir,
    });
    expect(run.stdout).toContain(`· not configured: ${missing} · OK`);
    expect(run.code).toBe(0);
  });

  it('--fail-on-skip: a failing check of a configured API still exits 1', async () => {
    const [api] = configured;
    const config = without(missing, (c) => {
      // The first role told to expect a status neither the mock nor any backend sends: role_status_conformance fails.
      const role = Object.keys(c[api!]!.tokens)[0]!;
      c[api!]!.expect = { [role]: 599 };
    });
    const run = await runCli(['--config', config, ...passing(), '--fail-on-skip', '--reporter', 'json'], { cwd: scratch.dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.notConfigured).toEqual([missing]);
    expect(report.summary.responses.failed).toBeGreaterThan(0);
    expect(report.exitCode).toBe(1);
    expect(run.code).toBe(1);
  });

  it('--fail-on-skip: a skipped case of a configured API (a token left out) still exits 1', async () => {
    const [api] = configured;
    const config = without(missing, (c) => {
      const [role] = Object.keys(c[api!]!.tokens);
      delete c[api!]!.tokens[role!];
    });
    const run = await runCli(['--config', config, ...passing(), '--fail-on-skip'], { cwd: scratch.dir });
    expect(run.stdout).toMatch(/^Result: FAILED \(\d+ planned cases? skipped \(--fail-on-skip\)\)$/m);
    expect(run.code).toBe(1);
  });

  it(`--api ${missing}: exit 2, a coded error naming the missing section`, async () => {
    const run = await runCli(['--config', without(missing), '--api', missing], { cwd: scratch.dir });
    expect(run.stderr).toContain(`--api ${missing} given, but the config has no "${missing}" section [E_CONFIG]`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it.each(configured)('--api %s selects it: only that API, nothing named as not configured', async (api) => {
    const run = await runCli(['--config', without(missing), '--api', api, '--reporter', 'json'], { cwd: scratch.dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.apis.map((a) => a.api)).toEqual([api]);
    expect(report.notConfigured).toEqual([]);
    expect(report.summary.responses.skipped).toBe(baseline.get(api)!.skipped);
    expect(run.code).toBe(0);
  });
});

it('--api naming no registered API: exit 2, the registered APIs listed', async () => {
  const run = await runCli(['--config', scratch.write('any.json', full), '--api', 'nowhere'], { cwd: scratch.dir });
  expect(run.stderr).toContain(`--api must be one of ${NAMES.join(', ')}, got "nowhere" [E_FLAG_VALUE]`);
  expect(run.code).toBe(2);
});
