// `npx tsx bench/verify.ts`: a full `orgmock verify` of both APIs against the local mock, as a real
// process (the installed CLI when bench/run.ts passes it, else `node bin/orgmock.js verify`, process start
// included), with its wall time and request count, and where the time goes (Node's start, loading verify's
// modules, compiling the response schemas, the rest: the run); then `orgmock dredd` on the same mock and
// config, timed the same way, for comparison. The bar: verify under 1 s wall. Also called by bench/run.ts
// (runVerifyBench).
//
// Flags: --runs N (default 3)  --no-dredd
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { APIS } from '../src/apis/index.js';
import { startMockServer } from '../src/server/node.js';
import { configFromMock } from '../src/config/mock-config.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/orgmock.js');
const BAR_MS = 1000;

export interface ProcessRun {
  wallMs: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface VerifyBenchResult {
  barMs: number;
  /** Medians in ms: Node alone, Node loading verify's modules, and compiling the response schemas (the installed CLI only). */
  breakdown?: { nodeMs: number; modulesMs: number; compileMs: number };
  verify: {
    runs: { wallMs: number; exitCode: number; requests: number | null; failed: number | null; warned: number | null }[];
    medianWallMs: number;
    underBar: boolean;
  };
  dredd: { ran: boolean; wallMs?: number; exitCode?: number; summary?: string; note?: string };
}

/** Runs `node <bin> <args>` (or node with its own arguments) and times it from spawn to exit. */
function timed(args: string[], bin: string | null = BIN, timeoutMs = 300_000): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      bin === null ? args : [bin, ...args],
      { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 124) : 0;
        resolve({ wallMs: Math.round(performance.now() - started), exitCode: code, stdout, stderr });
      },
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function runVerifyBench(
  options: { runs?: number; dredd?: boolean; say?: (line: string) => void; bin?: string } = {},
): Promise<VerifyBenchResult> {
  const bin = options.bin ?? BIN;
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-verify-bench-'));
  const mock = await startMockServer({ port: 0, host: '127.0.0.1' });
  try {
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(await configFromMock(mock.url, APIS), null, 2));
    say(`orgmock verify bench · mock on ${mock.url} (in the bench process) · config from /__mock/identities`);
    say(`  command: node ${options.bin ? bin : 'bin/orgmock.js'} verify --config <tmp> --reporter json   (wall time from spawn to exit)`);

    const runs: VerifyBenchResult['verify']['runs'] = [];
    for (let i = 0; i < (options.runs ?? 3); i++) {
      const run = await timed(['verify', '--config', configFile, '--reporter', 'json'], bin);
      let summary: { requests?: number; failed?: number; warned?: number; durationMs?: number } = {};
      try {
        // Report format 2+: { summary: { requests, durationMs, checks: { failed, warned, ... } } }.
        const report = (
          JSON.parse(run.stdout) as { summary: { requests?: number; durationMs?: number; checks?: { failed?: number; warned?: number } } }
        ).summary;
        summary = { ...report, ...(report.checks ?? {}) };
      } catch {
        say(`  run ${i + 1}: no JSON report (exit ${run.exitCode}): ${run.stderr.trim().slice(0, 300)}`);
      }
      runs.push({
        wallMs: run.wallMs,
        exitCode: run.exitCode,
        requests: summary.requests ?? null,
        failed: summary.failed ?? null,
        warned: summary.warned ?? null,
      });
      say(
        `  run ${i + 1}: ${run.wallMs} ms wall (the checks run itself: ${summary.durationMs ?? '?'} ms) · ${summary.requests ?? '?'} requests · ${summary.failed ?? '?'} failed · ${summary.warned ?? '?'} warned · exit ${run.exitCode}`,
      );
    }
    const medianWallMs = median(runs.map((r) => r.wallMs));
    const underBar = medianWallMs < BAR_MS && runs.every((r) => r.exitCode === 0);
    say(
      `  verify: median ${medianWallMs} ms wall for ${runs[0]?.requests ?? '?'} requests · bar < ${BAR_MS} ms: ${underBar ? 'met' : 'NOT met'}`,
    );

    const breakdown = options.bin ? await verifyBreakdown(bin, options.runs ?? 3) : undefined;
    if (breakdown) {
      const rest = medianWallMs - breakdown.modulesMs - breakdown.compileMs;
      say(
        `  where the time goes (medians): Node itself ${breakdown.nodeMs} ms · loading verify's modules ${breakdown.modulesMs - breakdown.nodeMs} ms · ` +
          `compiling both APIs' response schemas (Ajv, loaded with them) ${breakdown.compileMs} ms · the rest (config, plan, ${runs[0]?.requests ?? '?'} requests, checks, report) ${rest} ms`,
      );
    }

    const dredd: VerifyBenchResult['dredd'] = { ran: false };
    if (options.dredd === false) dredd.note = 'skipped (--no-dredd)';
    else if (!existsSync(join(ROOT, 'src/commands/dredd.ts'))) dredd.note = 'src/commands/dredd.ts does not exist';
    else {
      // --prefer: the mock honours `Prefer: code=NNN`, so Dredd also runs its 422/500 transactions.
      const run = await timed(['dredd', '--config', configFile, '--prefer'], bin);
      const summary = /^Dredd: .*$/m.exec(run.stdout)?.[0];
      Object.assign(dredd, { ran: true, wallMs: run.wallMs, exitCode: run.exitCode, ...(summary ? { summary } : {}) });
      if (run.exitCode === 2) dredd.note = run.stderr.trim().split('\n').slice(-3).join(' | ');
      say(`  dredd:  ${run.wallMs} ms wall · exit ${run.exitCode} · ${summary ?? dredd.note ?? 'no summary line'}`);
    }
    if (!dredd.ran) say(`  dredd:  not run: ${dredd.note}`);
    return { barMs: BAR_MS, ...(breakdown ? { breakdown } : {}), verify: { runs, medianWallMs, underBar }, dredd };
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where verify's time goes, each a process of its own (medians): Node starting and exiting; Node loading the
 * installed package's verify command with everything it imports; and, inside a process, compiling every
 * response schema of both APIs with Ajv (what verify's checks compile on first use).
 */
async function verifyBreakdown(bin: string, runs: number): Promise<{ nodeMs: number; modulesMs: number; compileMs: number }> {
  const dist = dirname(realpathSync(bin));
  const url = (file: string) => pathToFileURL(join(dist, file)).href;
  const compile = [
    `const { APIS } = await import(${JSON.stringify(url('apis/index.js'))});`,
    `const { createBodyValidator } = await import(${JSON.stringify(url('openapi/validate.js'))});`,
    'const t = performance.now();',
    'for (const api of APIS) { const v = createBodyValidator(api.spec); for (const r of api.operation.responses) v.validate(api.operation, r.status, null); }',
    'process.stdout.write(String(Math.round(performance.now() - t)));',
  ].join('\n');
  const node: number[] = [];
  const modules: number[] = [];
  const compiled: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push((await timed(['-e', '0'], null)).wallMs);
    modules.push((await timed(['--input-type=module', '-e', `await import(${JSON.stringify(url('commands/verify.js'))})`], null)).wallMs);
    compiled.push(Number((await timed(['--input-type=module', '-e', compile], null)).stdout));
  }
  return { nodeMs: median(node), modulesMs: median(modules), compileMs: median(compiled) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'no-dredd': { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    process.stderr.write('bench/verify: --runs must be a whole number from 1 to 50\n');
    process.exit(2);
  }
  const result = await runVerifyBench({ runs, dredd: !values['no-dredd'] });
  process.exit(result.verify.underBar ? 0 : 1);
}
