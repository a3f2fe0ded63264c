/**
 * Runs the real Dredd, one process per API (its spec against its base URL, with orgmock's hooks),
 * and reads back what happened from Dredd's own xunit report joined with the hooks' record of how
 * each status was provoked or why it was skipped. Tokens reach the hooks through the environment,
 * never argv, and everything kept of Dredd's output is masked.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiDefinition } from '../apis/types.js';
import type { OrgmockConfig } from '../config/config.js';
import { Masker } from '../config/mask.js';
import { assertReachable } from '../config/reachability.js';
import { packageJson } from '../package-info.js';
import { OrgmockError } from '../util/errors.js';
import { HOOK_ENV, HOOKFILE, hookConfig, type HookRecord } from './hooks.js';
import { prepareDreddSpec, type DreddSpec } from './spec.js';
import { parseXunit, type DreddOutcome } from './xunit.js';

/** Dredd is an optional peer dependency: missing, orgmock's other commands work and `orgmock dredd` says how to install it. */
export class DreddMissingError extends OrgmockError {
  override name = 'DreddMissingError';
  constructor(readonly installCommand: string) {
    super(`Dredd is not installed (it is an optional peer dependency of orgmock). Install it with: ${installCommand}`, 'E_DREDD_MISSING');
  }
}

/** The command that installs the Dredd version orgmock's hooks are written for (package.json peerDependencies). */
export const dreddInstallCommand = () => `npm install --save-dev dredd@${packageJson().peerDependencies?.dredd ?? 'latest'}`;

/** Where Dredd is, resolved from orgmock's own location (the consumer's node_modules); throws DreddMissingError without it. */
export function findDredd(): { bin: string; version: string } {
  const require = createRequire(import.meta.url);
  try {
    return { bin: require.resolve('dredd/bin/dredd'), version: (require('dredd/package.json') as { version: string }).version };
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') throw new DreddMissingError(dreddInstallCommand());
    throw error;
  }
}

export interface RunDreddOptions {
  config: OrgmockConfig;
  /** The APIs to run, those of them the config has a section for. */
  apis: readonly ApiDefinition[];
  /** Force the statuses a real backend cannot be made to return with `Prefer: code=NNN`. */
  prefer?: boolean;
  /** Per Dredd process; it is killed after this. */
  timeoutMs?: number;
  /** Check that each base URL accepts a connection before starting Dredd (default true); throws E_UNREACHABLE if not. */
  preflight?: boolean;
  /** The environment Dredd inherits (default process.env); the hooks' variables are added to it. */
  env?: Record<string, string | undefined>;
}

export interface TransactionResult {
  api: string;
  /** Dredd's test title: `GET (403) /organization/users`. */
  title: string;
  /** Dredd's transaction name: `/organization/users > List Organization Users > 403 > application/json`. */
  name: string | null;
  status: number | null;
  outcome: DreddOutcome;
  /** How the hooks provoked the status (`USER token (below WORKSPACES)`). */
  how?: string;
  /** Why it was skipped. */
  reason?: string;
  /** Dredd's failure or error message, masked. */
  message?: string;
}

export interface ApiRun {
  api: string;
  baseUrl: string;
  spec: DreddSpec;
  exitCode: number | null;
  transactions: TransactionResult[];
  /** Dredd's own stdout and stderr, interleaved, tokens masked. */
  output: string;
  durationMs: number;
  /** Set when Dredd could not test at all (not loaded, not parsed, timed out). */
  problem?: string;
}

export interface Counts {
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  total: number;
}

export interface DreddResult {
  runs: ApiRun[];
  /** Setup problems: no section for the APIs asked for, Dredd not running. */
  problems: string[];
  counts: Counts;
  wallMs: number;
  /** 0 all ran transactions passed, 1 some failed, 2 Dredd could not test. */
  exitCode: 0 | 1 | 2;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Runs Dredd on every configured API (in parallel) and gathers the results. */
export async function runDredd(options: RunDreddOptions): Promise<DreddResult> {
  const started = performance.now();
  const { config } = options;
  const apis = options.apis.filter((api) => config.sections.has(api.name));
  // Dredd echoes the requests it sent: any Authorization header is masked too, known token or not.
  const masker = new Masker(config.secrets, { authorizationHeaders: true });
  const mask = (text: string) => masker.mask(text);
  const problems: string[] = [];
  if (apis.length === 0) problems.push('the config has no section for the APIs asked for');

  // Before Dredd starts: an unreachable base URL throws E_UNREACHABLE, as in `orgmock verify`.
  if (options.preflight !== false)
    await assertReachable(apis.map((api) => ({ api: api.name, baseUrl: config.sections.get(api.name)!.baseUrl })));
  if (problems.length > 0) {
    return { runs: [], problems, counts: countOf([]), wallMs: performance.now() - started, exitCode: 2 };
  }

  const workDir = mkdtempSync(join(tmpdir(), 'orgmock-dredd-'));
  try {
    const runs = await Promise.all(apis.map((api) => runOne(api, options, workDir, mask)));
    for (const run of runs) if (run.problem) problems.push(`${run.api}: ${run.problem}`);
    const all = runs.flatMap((r) => r.transactions);
    const counts = countOf(all);
    const exitCode = problems.length > 0 ? 2 : counts.failed + counts.errors > 0 ? 1 : 0;
    return { runs, problems, counts, wallMs: performance.now() - started, exitCode };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function countOf(transactions: TransactionResult[]): Counts {
  const n = (o: DreddOutcome) => transactions.filter((t) => t.outcome === o).length;
  return { passed: n('pass'), failed: n('fail'), errors: n('error'), skipped: n('skip'), total: transactions.length };
}

async function runOne(target: ApiDefinition, options: RunDreddOptions, workDir: string, mask: (s: string) => string): Promise<ApiRun> {
  const started = performance.now();
  const api = target.name;
  const { baseUrl } = options.config.sections.get(api)!;
  const spec = prepareDreddSpec(target.spec, workDir);
  const xml = join(workDir, `${api}.xunit.xml`);
  const report = join(workDir, `${api}.hooks.jsonl`);
  const args = [
    '--no-warnings', // Dredd's winston trips a circular-dependency warning on Node 20.
    findDredd().bin,
    spec.file,
    baseUrl,
    '--hookfiles',
    HOOKFILE,
    '--reporter',
    'xunit',
    '--output',
    xml,
    '--no-color',
    '--loglevel',
    'warning',
    // Never pick up a dredd.yml from wherever orgmock was started.
    '--config',
    join(workDir, 'no-dredd.yml'),
  ];
  const inherited = options.env ?? process.env;
  // Loopback never goes through a proxy (Dredd's HTTP client honours HTTP(S)_PROXY).
  const noProxy = [inherited.NO_PROXY ?? inherited.no_proxy, '127.0.0.1', 'localhost', '::1'].filter(Boolean).join(',');
  const env: Record<string, string | undefined> = {
    ...inherited,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    [HOOK_ENV.config]: JSON.stringify(hookConfig(options.config, [target])),
    [HOOK_ENV.prefer]: options.prefer ? '1' : '0',
    [HOOK_ENV.report]: report,
  };
  const done = await spawnDredd(args, env, workDir, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const output = mask(done.output);
  const run: ApiRun = {
    api,
    baseUrl,
    spec,
    exitCode: done.exitCode,
    transactions: [],
    output,
    durationMs: 0,
  };

  const records = existsSync(report)
    ? readFileSync(report, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HookRecord)
    : [];
  const byId = new Map(records.map((r) => [r.id, r]));
  const cases = existsSync(xml) ? parseXunit(readFileSync(xml, 'utf8')).cases : [];
  run.transactions = cases.map((c) => {
    const record = byId.get(c.title);
    const result: TransactionResult = { api, title: mask(c.title), name: record?.name ?? null, status: c.status, outcome: c.outcome };
    if (record?.how) result.how = record.how;
    if (record?.reason) result.reason = record.reason;
    const message = record?.error ?? c.message;
    if (message && c.outcome !== 'pass' && c.outcome !== 'skip') result.message = mask(message);
    return result;
  });

  if (done.error) run.problem = done.error;
  else if (/Skipping hook loading/.test(output))
    run.problem = `Dredd could not load ${HOOKFILE}:\n${errorLines(output, /Skipping hook loading|Message:/)}`;
  else if (cases.length === 0) {
    run.problem = `Dredd tested nothing (exit ${done.exitCode}):\n${errorLines(output, /^error:/) || output.trim().split('\n').slice(-5).join('\n')}`;
  } else if (records.length === 0) run.problem = 'the hooks did not run (no record of any transaction)';
  run.durationMs = performance.now() - started;
  return run;
}

/** Dredd's lines matching `pattern`, without repeats (it logs one error per transaction). */
function errorLines(output: string, pattern: RegExp): string {
  return [...new Set(output.split('\n').filter((l) => pattern.test(l)))].slice(0, 10).join('\n');
}

interface Spawned {
  exitCode: number | null;
  output: string;
  error?: string;
}

function spawnDredd(args: string[], env: Record<string, string | undefined>, cwd: string, timeoutMs: number): Promise<Spawned> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => chunks.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => chunks.push(d));
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = `Dredd did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      error = `could not start Dredd: ${e.message}`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output: chunks.join(''), ...(error ? { error } : {}) });
    });
  });
}
