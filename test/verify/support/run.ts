import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli.js';
import { runCommand } from '../../../src/cli/failure.js';
import type { CliIO } from '../../../src/cli/io.js';
import { createVerifyCommand, type VerifyDeps } from '../../../src/commands/verify.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CliIO that records what a command prints. */
export function captureIO(
  cwd: string,
  env: Record<string, string | undefined> = {},
): { io: CliIO; out: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    env,
    cwd,
    stopSignal: new Promise(() => undefined),
  };
  return { io, out: () => ({ stdout, stderr }) };
}

/** A temporary directory for configs and reports, removed by `cleanup`. */
export function scratchDir(): { dir: string; write(name: string, content: unknown): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-verify-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `orgmock verify` in-process through the CLI's main (arguments, usage errors and all). */
export async function runCli(argv: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<Captured> {
  const { io, out } = captureIO(options.cwd, options.env);
  const code = await main(['verify', ...argv], io);
  return { code, ...out() };
}

/** Runs the verify command with injected collaborators (fixed clock and UUIDs), its errors ended as main() ends them. */
export async function runWithDeps(
  argv: string[],
  deps: VerifyDeps,
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<Captured> {
  const { io, out } = captureIO(options.cwd, options.env);
  const code = await runCommand('orgmock verify', createVerifyCommand(deps), argv, io);
  return { code, ...out() };
}

type Counts = { passed: number; failed: number; warned: number; skipped: number; inconclusive?: number };

/** One check's verdict on one response, as a case entry of the JSON report lists it. */
export interface JsonFinding {
  check: string;
  title: string | null;
  source: string;
  expected: string | null;
  received: string | null;
  path: string | null;
  value: unknown;
  warnReason: string | null;
}

/** One case (one response, or a skip) of the JSON report. */
export interface JsonCase {
  key: string;
  label: string;
  kind: string;
  role: string | null;
  organization: string | null;
  outcome: string;
  expected: { statuses: number[]; because: string } | null;
  status: number | null;
  durationMs: number | null;
  failed: JsonFinding[];
  warned: JsonFinding[];
  passed: string[];
  skipReason: string | null;
  curl: string | null;
  response: { contentType: string | null; bytes: number; preview: string } | null;
}

/** The JSON report's shape (reportVersion 4) as tests read it. */
export interface JsonReport {
  reportVersion: number;
  exitCode: number;
  seed: number | null;
  failOnSkip: boolean;
  error: { code: string; message: string } | null;
  notConfigured: string[];
  summary: { responses: Counts; checks: Counts; requests: number; durationMs: number };
  coverage: {
    planned: number;
    sent: number;
    skipped: number;
    complete: boolean;
    apis: {
      api: string;
      planned: number;
      sent: number;
      skipped: number;
      roles: { case: string; role: string; organization: string | null; expected: number[]; received: number | null; outcome: string }[];
      statuses: { status: number; inferred: boolean; exercised: boolean; responses: number }[];
      undocumented: number[];
    }[];
  };
  apis: {
    api: string;
    notes: string[];
    hints: string[];
    checks: { id: string; source: string; summary: Counts }[];
    cases: JsonCase[];
  }[];
}

/** Every check verdict of a report, flattened: `{ api, check, case, outcome, ... }` (passed ones without details). */
export function findings(
  report: JsonReport,
): (Partial<JsonFinding> & { api: string; check: string; case: string; outcome: string; status: number | null })[] {
  return report.apis.flatMap((a) =>
    a.cases.flatMap((c) => {
      const at = { api: a.api, case: c.key, status: c.status };
      return [
        ...c.failed.map((f) => ({ ...f, ...at, outcome: 'failed' })),
        ...c.warned.map((f) => ({ ...f, ...at, outcome: 'warned' })),
        ...c.passed.map((check) => ({ check, ...at, outcome: 'passed' })),
      ];
    }),
  );
}

/** `api/check`, an API's own checks without their `api.` prefix: `flashback/unique_user_ids`. */
const name = (api: string, id: string) => `${api}/${id.startsWith(`${api}.`) ? id.slice(api.length + 1) : id}`;

/** Checks with at least one result of this outcome, as `api/check`. */
export function checksWith(report: JsonReport, outcome: 'failed' | 'warned' | 'skipped'): string[] {
  return report.apis.flatMap((a) => a.checks.filter((c) => c.summary[outcome] > 0).map((c) => name(a.api, c.id))).sort();
}

/** Case keys (without the API) with a result of this outcome, as `api/check/case`. */
export function casesWith(report: JsonReport, outcome: 'failed' | 'warned'): string[] {
  return findings(report)
    .filter((f) => f.outcome === outcome)
    .map((f) => `${name(f.api, f.check)}/${f.case.slice(f.api.length + 1)}`)
    .sort();
}
