// Contract-suite issue: `orgmock dredd --config FILE` runs Dredd with the hooks, tokens from the
// config ("$VAR" from the environment), exit codes 0/1/2, and never prints a token.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { main } from '../../src/cli.js';
import { maskedForm } from '../../src/config/mask.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { captureIO, REFUSED_PORT, mockConfig, orgmockProcess, tokensOf, type RawConfig } from './helpers.js';

let server: RunningServer;
let config: RawConfig;
let tokens: string[];
const dir = mkdtempSync(join(tmpdir(), 'orgmock-dredd-cmd-'));

/** Writes a config whose tokens are all "$VAR" references; returns its path and the variables. */
function writeConfig(name: string, edit: (c: RawConfig) => RawConfig = (c) => c): { file: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const c = edit(structuredClone(config));
  for (const [api, section] of Object.entries(c)) {
    const refs: Record<string, string> = {};
    for (const [role, token] of Object.entries(section.tokens)) {
      const variable = `ORGMOCK_TEST_${api.toUpperCase()}_${role.toUpperCase()}`;
      env[variable] = token;
      refs[role] = `$${variable}`;
    }
    section.tokens = refs;
  }
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(c, null, 2));
  return { file, env };
}

const expectNoToken = (text: string) => {
  for (const token of tokens) expect(text).not.toContain(token);
};

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
  config = await mockConfig(server.url);
  tokens = tokensOf(config);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('as a real process (node bin/orgmock.js dredd)', () => {
  it('exits 0 when every transaction passes against the mock (--prefer), tokens read from the environment', async () => {
    const { file, env } = writeConfig('ok');
    const run = await orgmockProcess(['dredd', '--config', file, '--prefer'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Dredd 14\.1\.0: flashback \(openapi\/flashback\.yaml\) against http:\/\/127\.0\.0\.1:\d+$/m);
    expect(run.stdout).toContain('  pass  403  USER token (below WORKSPACES)');
    expect(run.stdout).toContain('  pass  404  backoffice token, a random organization id');
    // One transaction per documented status of every registered API (11 for the two seed APIs).
    const total = APIS.reduce((n, api) => n + api.operation.responses.length, 0);
    expect(run.stdout).toMatch(new RegExp(`^Dredd: ${total} passed, 0 failed, 0 errors, 0 skipped of ${total} transactions`, 'm'));
    expect(run.stdout).toContain("compares bodies with the examples' keys only, never with the schemas");
    expectNoToken(run.stdout + run.stderr);
  });

  it('exits 1 on a failure, and masks the Authorization header Dredd echoes (--dredd-output)', async () => {
    const { file, env } = writeConfig('wrong', (c) => ({
      flashback: { ...c.flashback!, tokens: { USER: c.flashback!.tokens.USER!, WORKSPACES: c.flashback!.tokens.USER! } },
    }));
    const run = await orgmockProcess(['dredd', '--config', file, '--dredd-output'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  fail  200  WORKSPACES token');
    expect(run.stdout).toContain("statusCode: Expected status code '200', but got '403'.");
    // The APIs the config has no section for are not run, and named once as not configured.
    for (const api of APIS.filter((a) => a.name !== 'flashback'))
      expect(run.stdout.split(`Not configured: ${api.name} (the config has no "${api.name}" section); not run`)).toHaveLength(2);
    // Dredd printed the failing request's headers; the token in them is masked.
    expect(run.stdout.split('\n')).toContain(`    Authorization: Bearer ${maskedForm(config.flashback!.tokens.USER!)}`);
    expectNoToken(run.stdout + run.stderr);
  });

  it('exits 2 when a "$VAR" of the config is not set, naming it and nothing else', async () => {
    const { file } = writeConfig('unset');
    const run = await orgmockProcess(['dredd', '--config', file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/flashback\.tokens\.\w+ refers to \$ORGMOCK_TEST_FLASHBACK_\w+, which is not set \[E_CONFIG\]/);
    expect(run.stdout).toBe('');
  });
});

describe('in-process (main)', () => {
  it('runs one API (--api), skipping what a real backend cannot be made to return, and says why', async () => {
    const { file, env } = writeConfig('one');
    const io = captureIO(env);
    expect(await main(['dredd', '--config', file, '--api', 'superai'], io)).toBe(0);
    expect(io.out()).not.toContain('flashback');
    expect(io.out()).toContain('  skip  422  skipped: a 422 cannot be provoked against a real backend');
    expect(io.out()).toMatch(/Dredd: 5 passed, 0 failed, 0 errors, 2 skipped of 7 transactions/);
    expect(io.out()).toContain('--prefer runs them');
  });

  it('reads --config from ORGMOCK_CONFIG, relative to the working directory', async () => {
    const { env } = writeConfig('relative');
    const io = captureIO({ ...env, ORGMOCK_CONFIG: 'relative.json' }, dir);
    expect(await main(['dredd', '--api', 'flashback', '--prefer'], io)).toBe(0);
    expect(io.out()).toMatch(/Dredd: 4 passed/);
  });

  it('exits 2 when a base URL is unreachable, before starting Dredd', async () => {
    const port = REFUSED_PORT;
    const { file, env } = writeConfig('down', (c) => ({ flashback: { ...c.flashback!, baseUrl: `http://127.0.0.1:${port}` } }));
    const io = captureIO(env);
    expect(await main(['dredd', '--config', file], io)).toBe(2);
    // The base-URL probe verify uses too (src/config/reachability.ts): same wording, same code.
    expect(io.err()).toBe(
      `orgmock dredd: flashback.baseUrl http://127.0.0.1:${port} cannot be reached: connection refused (ECONNREFUSED) [E_UNREACHABLE]`,
    );
  });

  it.each([
    [[], /--config is required \[E_MISSING_FLAG\]/],
    [['--config', 'x.json', '--api', 'github'], `--api must be one of ${APIS.map((a) => a.name).join(', ')}, got "github" [E_FLAG_VALUE]`],
    [['--config', 'missing.json'], /^orgmock dredd: missing\.json does not exist \[E_CONFIG\]$/],
  ])('exits 2 on %j', async (args, pattern) => {
    const io = captureIO({}, dir);
    expect(await main(['dredd', ...args], io)).toBe(2);
    expect(io.err()).toMatch(pattern);
  });

  it('exits 2 when --api names an API the config has no section for', async () => {
    const { file, env } = writeConfig('fb-only', (c) => ({ flashback: c.flashback! }));
    const io = captureIO(env);
    expect(await main(['dredd', '--config', file, '--api', 'superai'], io)).toBe(2);
    expect(io.err()).toMatch(/the config has no "superai" section \[E_CONFIG\]/);
  });

  it('--help prints the options and the Dredd caveat', async () => {
    const io = captureIO();
    expect(await main(['dredd', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/--config <value>/);
    expect(io.out()).toMatch(/--prefer/);
    expect(io.out()).toContain('never the schemas');
  });
});
