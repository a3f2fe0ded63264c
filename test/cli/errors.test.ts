// How every command ends on an error, through main() and the one mapping (src/cli/failure.ts):
// `orgmock <cmd>: <message> [E_CODE]`, exit 2 for the user's mistakes, masked secrets; and the one
// base-URL probe: verify and dredd refuse an unreachable base URL with the same words and code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { captureIO, REFUSED_PORT } from '../dredd/helpers.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'orgmock-cli-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'tok-0123456789abcdefghij';
const writeConfig = (name: string, content: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
};

describe('one base-URL probe for verify and dredd', () => {
  const file = writeConfig('refused.json', { flashback: { baseUrl: `http://127.0.0.1:${REFUSED_PORT}`, tokens: { OWNER: '$TOKEN' } } });
  const line = `flashback.baseUrl http://127.0.0.1:${REFUSED_PORT} cannot be reached: connection refused (ECONNREFUSED) [E_UNREACHABLE]`;

  it.each(['verify', 'dredd'])('orgmock %s: a refused port is E_UNREACHABLE, exit 2, before any request', async (command) => {
    const io = captureIO({ TOKEN }, dir);
    expect(await main([command, '--config', file], io)).toBe(2);
    expect(io.err()).toBe(`orgmock ${command}: ${line}`);
    expect(io.out()).toBe('');
  });
});

describe('--help and required flags, handled by the flag parser for every command', () => {
  it.each(['serve', 'fixtures', 'verify', 'dredd'])('orgmock %s --help: usage on stdout, exit 0, nothing required', async (command) => {
    const io = captureIO({}, dir);
    expect(await main([command, '--help'], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Usage: orgmock ${command} \\[options\\]`));
    expect(io.err()).toBe('');
  });

  it.each([
    ['fixtures', '--out'],
    ['verify', '--config'],
    ['dredd', '--config'],
  ])('orgmock %s without %s: E_MISSING_FLAG, exit 2, with the usage', async (command, flag) => {
    const io = captureIO({}, dir);
    expect(await main([command], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^orgmock ${command}: ${flag} is required \\[E_MISSING_FLAG\\]\\n\\nUsage: orgmock ${command}`));
    expect(io.err()).toMatch(new RegExp(`${flag} <value> .*\\(required`));
  });

  it('verify --list-checks needs no --config', async () => {
    const io = captureIO({}, dir);
    expect(await main(['verify', '--list-checks'], io)).toBe(0);
    expect(io.out()).toMatch(/^response_received /m);
  });
});

describe('errors end the process through main() alone', () => {
  it('a config mistake: the message and its code on stderr, exit 2, the token never printed', async () => {
    const file = writeConfig('bad.json', { flashback: { baseUrl: 'http://127.0.0.1:1', tokens: { NOT_A_ROLE: '$TOKEN' } } });
    const run = await runCli(['verify', '--config', file], { TOKEN });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^orgmock verify: .*NOT_A_ROLE.* \[E_CONFIG\]\n$/);
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stdout).toBe('');
  });

  it('a fixture directory that is not one: E_FIXTURE, exit 2 (serve)', async () => {
    const run = await runCli(['serve', '--port', '0', '--fixtures', join(dir, 'nowhere')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`orgmock serve: ${join(dir, 'nowhere')}: no such fixture directory [E_FIXTURE]\n`);
  });
});

describe("the Dredd hooks' context script ends through the same mapping", () => {
  // As contracts/dredd-hooks.cjs runs it when Dredd is run by hand with ORGMOCK_CONFIG.
  const script = new URL('../../src/commands/dredd-hooks-config.ts', import.meta.url).pathname;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', loader, script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });

  it('a config mistake: `orgmock dredd hooks: <message> [E_CONFIG]`, exit 2, nothing on stdout', () => {
    const missing = join(dir, 'no-such-config.json');
    const child = run({ ORGMOCK_CONFIG: missing });
    expect(child.stderr).toBe(`orgmock dredd hooks: ${missing} does not exist [E_CONFIG]`);
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
  });

  it('a good config: the context as JSON on stdout, exit 0', () => {
    const file = writeConfig('hooks.json', { flashback: { baseUrl: 'http://127.0.0.1:1', tokens: { OWNER: '$TOKEN' } } });
    const child = run({ ORGMOCK_CONFIG: file, TOKEN });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout).config.flashback.tokens).toEqual({ OWNER: TOKEN });
  });
});
