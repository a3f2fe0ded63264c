// `npx tsx bench/verify.ts`: a full `orgmock verify` of both APIs against the local mock, as a real
// process (`node bin/orgmock.js verify`, process start included), with its wall time and request
// count; then `orgmock dredd` on the same mock and config, timed the same way, for comparison.
// The bar: verify under 3 s wall. Also called by bench/run.ts (runVerifyBench).
//
// Flags: --runs N (default 3)  --no-dredd
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { APIS } from '../src/apis/index.js';
import { startMockServer } from '../src/server/node.js';
import { configFromMock } from '../src/config/mock-config.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/orgmock.js');
const BAR_MS = 3000;

export interface ProcessRun {
  wallMs: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface VerifyBenchResult {
  barMs: number;
  verify: {
    runs: { wallMs: number; exitCode: number; requests: number | null; failed: number | null; warned: number | null }[];
    medianWallMs: number;
    underBar: boolean;
  };
  dredd: { ran: boolean; wallMs?: number; exitCode?: number; summary?: string; note?: string };
}

/** Runs `node bin/orgmock.js <args>` and times it from spawn to exit. */
function timed(args: string[], timeoutMs = 300_000): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 124) : 0;
      resolve({ wallMs: Math.round(performance.now() - started), exitCode: code, stdout, stderr });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function runVerifyBench(
  options: { runs?: number; dredd?: boolean; say?: (line: string) => void } = {},
): Promise<VerifyBenchResult> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-verify-bench-'));
  const mock = await startMockServer({ port: 0, host: '127.0.0.1' });
  try {
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(await configFromMock(mock.url, APIS), null, 2));
    say(`orgmock verify bench · mock on ${mock.url} (in the bench process) · config from /__mock/identities`);
    say(`  command: node bin/orgmock.js verify --config <tmp> --reporter json   (wall time from spawn to exit)`);

    const runs: VerifyBenchResult['verify']['runs'] = [];
    for (let i = 0; i < (options.runs ?? 3); i++) {
      const run = await timed(['verify', '--config', configFile, '--reporter', 'json']);
      let summary: { requests?: number; failed?: number; warned?: number } = {};
      try {
        summary = (JSON.parse(run.stdout) as { summary: typeof summary }).summary;
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
        `  run ${i + 1}: ${run.wallMs} ms wall · ${summary.requests ?? '?'} requests · ${summary.failed ?? '?'} failed · ${summary.warned ?? '?'} warned · exit ${run.exitCode}`,
      );
    }
    const medianWallMs = median(runs.map((r) => r.wallMs));
    const underBar = medianWallMs < BAR_MS && runs.every((r) => r.exitCode === 0);
    say(
      `  verify: median ${medianWallMs} ms wall for ${runs[0]?.requests ?? '?'} requests · bar < ${BAR_MS} ms: ${underBar ? 'met' : 'NOT met'}`,
    );

    const dredd: VerifyBenchResult['dredd'] = { ran: false };
    if (options.dredd === false) dredd.note = 'skipped (--no-dredd)';
    else if (!existsSync(join(ROOT, 'src/commands/dredd.ts'))) dredd.note = 'src/commands/dredd.ts does not exist';
    else {
      // --prefer: the mock honours `Prefer: code=NNN`, so Dredd also runs its 422/500 transactions.
      const run = await timed(['dredd', '--config', configFile, '--prefer']);
      const summary = /^Dredd: .*$/m.exec(run.stdout)?.[0];
      Object.assign(dredd, { ran: true, wallMs: run.wallMs, exitCode: run.exitCode, ...(summary ? { summary } : {}) });
      if (run.exitCode === 2) dredd.note = run.stderr.trim().split('\n').slice(-3).join(' | ');
      say(`  dredd:  ${run.wallMs} ms wall · exit ${run.exitCode} · ${summary ?? dredd.note ?? 'no summary line'}`);
    }
    if (!dredd.ran) say(`  dredd:  not run: ${dredd.note}`);
    return { barMs: BAR_MS, verify: { runs, medianWallMs, underBar }, dredd };
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
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
