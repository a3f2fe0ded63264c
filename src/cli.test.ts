// `orgmock`'s main() in-process: help, version, an unknown command, and the default I/O's stop signal
// (README "Stopping": SIGINT/SIGTERM stop the mock gracefully, and a second signal ends it at once,
// which holds when the first one removed both handlers, leaving Node's default action). Exit codes:
// src/util/errors.ts EXIT (0 ok, 2 usage). The signals as real signals to a real process:
// test/hardening/cli.test.ts; here they are emitted on this process, with handlers counted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliIO } from './cli/io.js';
import { packageJson } from './package-info.js';
import { startMockServer } from './server/node.js';

/** A fresh copy of the module (its stop signal is memoised per process). */
const fresh = async () => {
  vi.resetModules();
  return (await import('./cli.js')).main;
};

function capture(): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (t) => (out += `${t}\n`),
      stderr: (t) => (err += `${t}\n`),
      env: {},
      cwd: process.cwd(),
      stopSignal: new Promise(() => undefined),
    },
    out: () => out,
    err: () => err,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('main', () => {
  it('no command: the help, exit 2 (usage)', async () => {
    const main = await fresh();
    const c = capture();
    expect(await main([], c.io)).toBe(2);
    expect(c.out()).toMatch(/^Usage: orgmock <command> \[options\]\n/);
    expect(c.err()).toBe('');
  });

  it.each(['--help', '-h', 'help'])('%s: the help naming every command with its description, exit 0', async (flag) => {
    const main = await fresh();
    const c = capture();
    expect(await main([flag], c.io)).toBe(0);
    const text = c.out();
    expect(text).toContain('Usage: orgmock <command> [options]\n\nCommands:\n');
    for (const name of ['serve', 'fixtures', 'verify', 'dredd'])
      expect(text).toMatch(new RegExp(`^  ${name} {${10 - name.length}}\\S`, 'm'));
    expect(text).toContain('  serve     Run the mock server');
    expect(text).toContain('  verify    Check a real backend against the specs, role by role');
    expect(text).toContain('Run `orgmock <command> --help` for its options; `orgmock --version` prints the version.');
  });

  it.each(['--version', '-v', 'version'])("%s: the package's version, exit 0", async (flag) => {
    const main = await fresh();
    const c = capture();
    expect(await main([flag], c.io)).toBe(0);
    expect(c.out()).toBe(`${packageJson().version}\n`);
  });

  it('an unknown command: exit 2, its name and code on stderr, then the help', async () => {
    const main = await fresh();
    const c = capture();
    expect(await main(['servee', '--port', '0'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^orgmock: unknown command "servee" \[E_UNKNOWN_COMMAND\]\n/);
    expect(c.err()).toContain('Usage: orgmock <command> [options]');
    expect(c.out()).toBe('');
  });

  it("a command's own --help is the command's", async () => {
    const main = await fresh();
    const c = capture();
    expect(await main(['fixtures', '--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/orgmock fixtures/);
  });

  it('the help lists the five commands, one line each with its description, then a blank line and the pointer to --help', async () => {
    const main = await fresh();
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toBe(
      [
        'Usage: orgmock <command> [options]',
        '',
        'Commands:',
        '  serve     Run the mock server for both APIs',
        '  fixtures  Write the generated data as editable fixture files',
        '  verify    Check a real backend against the specs, role by role',
        '  dredd     Run Dredd on the specs with orgmock hooks',
        '  init      Write a starter config for verify into this project',
        '',
        'Run `orgmock <command> --help` for its options; `orgmock --version` prints the version.',
        '',
      ].join('\n'),
    );
  });

  it.each(['serve', 'fixtures', 'verify', 'dredd', 'init'])(
    '%s --help: that command loads and prints its own usage, exit 0',
    async (name) => {
      const main = await fresh();
      const c = capture();
      expect(await main([name, '--help'], c.io)).toBe(0);
      expect(c.out()).toMatch(new RegExp(`^Usage: orgmock ${name} \\[options\\]\n`));
      expect(c.err()).toBe('');
    },
  );

  it("a command's mistake is printed under the command's name (`orgmock fixtures: ...`), exit 2", async () => {
    const main = await fresh();
    const c = capture();
    expect(await main(['fixtures', '--bogus'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^orgmock fixtures: unknown option --bogus \[E_UNKNOWN_FLAG\]\n\nUsage: orgmock fixtures \[options\]/);
    expect(c.out()).toBe('');
  });
});

describe('the default I/O', () => {
  it('writes to stdout and stderr, a line each', async () => {
    const main = await fresh();
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['--version'])).toBe(0);
    expect(out.mock.calls.map((c) => c[0])).toEqual([`${packageJson().version}\n`]);
    expect(await main(['nope'])).toBe(2);
    expect(String(err.mock.calls[0]![0])).toMatch(/^orgmock: unknown command "nope" \[E_UNKNOWN_COMMAND\][\s\S]*\n$/);
    expect(String(err.mock.calls[0]![0]).endsWith('\n\n')).toBe(false);
  });

  it('a text that already ends in a newline (a verify report) is written as it is, with no second newline', async () => {
    const main = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-cli-'));
    const mock = await startMockServer({ port: 0, host: '127.0.0.1' });
    try {
      const config = join(dir, 'verify.json');
      writeFileSync(config, JSON.stringify({ flashback: { baseUrl: mock.url } }));
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      expect(await main(['verify', '--config', config, '--api', 'flashback', '--retries', '0'])).toBe(0);
      const written = out.mock.calls.map((call) => String(call[0]));
      expect(written.length).toBeGreaterThan(0);
      const report = written.join('');
      expect(report).toMatch(/flashback/);
      expect(report.endsWith('\n')).toBe(true);
      expect(report.endsWith('\n\n')).toBe(false);
    } finally {
      await mock.drain(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<['SIGTERM' | 'SIGINT', 'SIGTERM' | 'SIGINT']>([
    ['SIGTERM', 'SIGINT'],
    ['SIGINT', 'SIGTERM'],
  ])(
    'serve: handlers only once it listens; the first %s stops it (exit 0) and removes both handlers, so %s would end the process',
    async (first, other) => {
      const main = await fresh();
      const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
      let printed = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        printed += String(chunk);
        return true;
      });
      const exit = main(['serve', '--port', '0', '--host', '127.0.0.1']);
      while (!/listening on http:\/\/\S+/.test(printed)) await new Promise((r) => setTimeout(r, 10));
      expect(printed.endsWith('\n')).toBe(true);
      expect(process.listenerCount('SIGINT')).toBe(before.SIGINT + 1);
      expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM + 1);
      const url = /listening on (http:\/\/\S+)/.exec(printed)![1]!;
      expect((await fetch(`${url}/__mock/health`)).status).toBe(200);
      process.emit(first);
      expect(await exit).toBe(0);
      expect(process.listenerCount('SIGINT')).toBe(before.SIGINT);
      expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM);
      expect(process.listenerCount(other)).toBe(before[other]);
      await expect(fetch(`${url}/__mock/health`)).rejects.toThrow();
    },
  );

  it('commands other than serve install no handler', async () => {
    const main = await fresh();
    const before = process.listenerCount('SIGTERM');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await main(['fixtures', '--help']);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
