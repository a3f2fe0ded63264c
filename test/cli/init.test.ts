// Issue 23: `orgmock init` as main() runs it (in-process, its cwd a fresh directory): the file it writes
// and the variables it lists; a path it cannot write is one clear line, exit 2, never a stack.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { main } from '../../src/cli.js';
import { starterConfig } from '../../src/config/starter.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function init(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'orgmock-init-'));
  dirs.push(cwd);
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    env: {},
    cwd,
    stopSignal: new Promise<void>(() => {}),
  };
  return { cwd, run: (more: string[] = args) => main(['init', ...more], io), out, err };
}

describe('orgmock init', () => {
  it('writes the starter config to contracts/verify.json and lists every variable with its meaning', async () => {
    const { cwd, run, out, err } = await init([]);
    expect(await run()).toBe(0);
    expect(err).toEqual([]);
    const written = readFileSync(join(cwd, 'contracts/verify.json'), 'utf8');
    expect(JSON.parse(written)).toEqual(starterConfig(APIS).config);
    for (const v of starterConfig(APIS).variables)
      expect(out.join('\n')).toMatch(new RegExp(`^  ${v.name} +${v.meaning.replace(/[()]/g, '\\$&')}$`, 'm'));
    // The plain values by their path, and how to give them (they are not read from the environment).
    for (const v of starterConfig(APIS).values)
      expect(out.join('\n')).toMatch(new RegExp(`^  ${v.path.replace('.', '\\.')} +${v.meaning.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(out.join('\n')).toContain('verify --set PATH=VALUE');
    expect(out.join('\n')).toContain('Then: npx orgmock verify --config contracts/verify.json');
  });

  it('--out into new directories', async () => {
    const { cwd, run } = await init([]);
    expect(await run(['--out', 'ci/contract/orgmock.json'])).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'ci/contract/orgmock.json'), 'utf8')).flashback.baseUrl).toBe('http://localhost:4010');
  });

  it.each([
    [
      'an existing file',
      (cwd: string) => writeFileSync(join(cwd, 'x.json'), 'keep'),
      ['--out', 'x.json'],
      'cannot write x.json: it exists (--force overwrites it) (EEXIST)',
    ],
    [
      'a directory',
      (cwd: string) => mkdirSync(join(cwd, 'x.json')),
      ['--out', 'x.json'],
      'cannot write x.json: it is a directory (--out names the file to write) (EISDIR)',
    ],
    [
      'a file in the way of its directory',
      (cwd: string) => writeFileSync(join(cwd, 'x'), ''),
      ['--out', 'x/y.json'],
      'cannot write x/y.json: a file is in the way of its directory',
    ],
  ])('%s: one line, exit 2', async (_, prepare, args, message) => {
    const { cwd, run, err } = await init(args);
    prepare(cwd);
    expect(await run()).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(`orgmock init: ${message}`);
    expect(err[0]).toMatch(/\[E_OUTPUT\]$/);
  });

  it('an unknown flag is a usage error (exit 2, the usage text)', async () => {
    const { run, err } = await init([]);
    expect(await run(['--outt', 'x'])).toBe(2);
    expect(err.join('\n')).toContain('unknown option --outt');
    expect(err.join('\n')).toContain('Usage: orgmock init');
  });
});
