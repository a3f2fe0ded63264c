// The one mapping from an error to what the CLI prints and its exit code (src/cli/failure.ts).
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.js';
import { Masker } from '../config/mask.js';
import { SpecError } from '../openapi/load.js';
import { EXIT, OrgmockError } from '../util/errors.js';
import { UsageError } from './args.js';
import { failureOf, runCommand } from './failure.js';
import type { CliIO } from './io.js';

const SECRET = 'secret-token-0123456789';
const none = new Masker([]);

describe('failureOf', () => {
  it('a user mistake: `where: message [CODE]`, its usage after a blank line, exit 2', () => {
    expect(failureOf(new UsageError('--x is required', 'E_MISSING_FLAG', 'Usage: orgmock demo'), 'orgmock demo', none)).toEqual({
      text: 'orgmock demo: --x is required [E_MISSING_FLAG]\n\nUsage: orgmock demo',
      exitCode: EXIT.usage,
    });
    expect(failureOf(new ConfigError('c.json does not exist'), 'orgmock verify', none)).toEqual({
      text: 'orgmock verify: c.json does not exist [E_CONFIG]',
      exitCode: 2,
    });
  });

  it('an error met while reporting another prints both', () => {
    const first = new OrgmockError('a.baseUrl cannot be reached', 'E_UNREACHABLE');
    expect(
      failureOf(new OrgmockError('--output r.json cannot be written', 'E_OUTPUT', { cause: first }), 'orgmock verify', none).text,
    ).toBe('orgmock verify: a.baseUrl cannot be reached [E_UNREACHABLE]\norgmock verify: --output r.json cannot be written [E_OUTPUT]');
  });

  it("a file system refusal is the user's: E_IO, exit 2, its first line", () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/x'\nmore"), { code: 'EACCES', syscall: 'open' });
    expect(failureOf(error, 'orgmock fixtures', none)).toEqual({
      text: "orgmock fixtures: EACCES: permission denied, open '/x' [E_IO]",
      exitCode: 2,
    });
  });

  it('a bug, or an OrgmockError that is one (a broken spec): internal error with the stack, exit 70', () => {
    const bug = failureOf(new TypeError('x is undefined'), 'orgmock serve', none);
    expect(bug.exitCode).toBe(EXIT.bug);
    expect(bug.text).toMatch(/^orgmock serve: internal error, please report it\nTypeError: x is undefined\n {4}at /);
    const spec = failureOf(new SpecError('flashback: no operation'), 'orgmock serve', none);
    expect(spec.exitCode).toBe(70);
    expect(spec.text).toMatch(/^orgmock serve: internal error, please report it \[E_SPEC\]\nSpecError: flashback: no operation/);
    expect(failureOf('a string', 'orgmock serve', none)).toEqual({
      text: 'orgmock serve: internal error, please report it\na string',
      exitCode: 70,
    });
  });

  it('masks the secrets in every kind of text', () => {
    const masker = new Masker([SECRET]);
    for (const error of [new ConfigError(`bad ${SECRET}`), new Error(`bug ${SECRET}`)]) {
      expect(failureOf(error, 'orgmock verify', masker).text).not.toContain(SECRET);
    }
  });
});

describe('runCommand', () => {
  const capture = () => {
    const err: string[] = [];
    const io: CliIO = { stdout: () => undefined, stderr: (t) => err.push(t), env: {}, cwd: '/', stopSignal: new Promise(() => undefined) };
    return { io, err };
  };

  it('returns what the command returns, printing nothing', async () => {
    const { io, err } = capture();
    expect(await runCommand('orgmock demo', async () => 1, [], io)).toBe(1);
    expect(err).toEqual([]);
  });

  it('prints what it throws, masked with the secrets the command handed over, and exits with its code', async () => {
    const { io, err } = capture();
    const code = await runCommand(
      'orgmock demo',
      async (_argv, _io, secrets) => {
        secrets.add([SECRET]);
        throw new ConfigError(`the token ${SECRET} is wrong`);
      },
      [],
      io,
    );
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^orgmock demo: the token secr…\(masked\) is wrong \[E_CONFIG\]$/);
  });
});
