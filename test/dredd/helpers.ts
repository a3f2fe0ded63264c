// Helpers for the Dredd tests: the real CLI as a process, an in-process IO, a closed port, and
// configs read by the one config reader both commands use.
import { spawn } from 'node:child_process';
import type { CliIO } from '../../src/cli/io.js';
import { APIS } from '../../src/apis/index.js';
import { parseConfig, type OrgmockConfig } from '../../src/config/config.js';
import { configFromMock } from '../../src/config/mock-config.js';

const BIN = new URL('../../bin/orgmock.js', import.meta.url).pathname;

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/orgmock.js ARGS` to completion, with only the given environment added. */
export function orgmockProcess(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(cwd ? { cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** An IO that records what a command prints. */
export function captureIO(
  env: Record<string, string | undefined> = {},
  cwd = process.cwd(),
): CliIO & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    cwd,
    stopSignal: new Promise<void>(() => {}),
    out: () => out.join('\n'),
    err: () => err.join('\n'),
  };
}

/**
 * A port nothing can listen on: no server can bind port 0 (asking for it picks an ephemeral one),
 * so a connection to it is always refused. Binding a free port and releasing it would race with
 * every other process that binds one meanwhile.
 */
export const REFUSED_PORT = 0;

/** A config as a file holds it: a section per API, tokens by role. */
export type RawConfig = Record<
  string,
  { baseUrl: string; organizationId?: string; otherOrganizationId?: string; tokens: Record<string, string> }
>;

/** A config object read as `orgmock dredd` reads a file. */
export const configOf = (raw: object, env: Record<string, string> = {}): OrgmockConfig =>
  parseConfig(JSON.stringify(raw), env, APIS, 'the test config');

/** The config of the mock at `url`, from its /__mock/identities, as a file would hold it. */
export const mockConfig = async (url: string): Promise<RawConfig> => (await configFromMock(url, APIS)) as RawConfig;

/** Every token of a raw config. */
export const tokensOf = (raw: RawConfig): string[] => Object.values(raw).flatMap((section) => Object.values(section.tokens));
