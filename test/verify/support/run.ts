import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli.js';
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

/** Runs the verify command with injected collaborators (fixed clock and UUIDs). */
export async function runWithDeps(
  argv: string[],
  deps: VerifyDeps,
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<Captured> {
  const { io, out } = captureIO(options.cwd, options.env);
  const code = await createVerifyCommand(deps)(argv, io);
  return { code, ...out() };
}

/** The JSON report's shape as tests read it. */
export interface JsonReport {
  exitCode: number;
  summary: { passed: number; failed: number; warned: number; skipped: number; requests: number; durationMs: number };
  apis: {
    api: string;
    notes: string[];
    checks: {
      id: string;
      source: string;
      summary: { passed: number; failed: number; warned: number; skipped: number };
      results: {
        case: string;
        outcome: string;
        status: number | null;
        expected: string | null;
        received: string | null;
        path: string | null;
        curl: string | null;
        warnReason: string | null;
        skipReason: string | null;
      }[];
    }[];
  }[];
}

/** `api/check`, an API's own checks without their `api.` prefix: `flashback/unique_user_ids`. */
const name = (api: string, id: string) => `${api}/${id.startsWith(`${api}.`) ? id.slice(api.length + 1) : id}`;

/** Checks with at least one result of this outcome, as `api/check`. */
export function checksWith(report: JsonReport, outcome: 'failed' | 'warned' | 'skipped'): string[] {
  return report.apis
    .flatMap((a) => a.checks.filter((c) => c.results.some((r) => r.outcome === outcome)).map((c) => name(a.api, c.id)))
    .sort();
}

/** Case keys with a result of this outcome, as `api/check/case`. */
export function casesWith(report: JsonReport, outcome: 'failed' | 'warned'): string[] {
  return report.apis
    .flatMap((a) => a.checks.flatMap((c) => c.results.filter((r) => r.outcome === outcome).map((r) => `${name(a.api, c.id)}/${r.case}`)))
    .sort();
}
