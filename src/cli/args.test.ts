import { describe, expect, it } from 'vitest';
import { defineCommand, parseFlags, UsageError, usage } from './args.js';
import type { CliIO } from './io.js';

const CMD = {
  name: 'demo',
  description: 'A demo command.',
  flags: {
    port: { type: 'number', description: 'Port', default: 4010, min: 0, max: 65535, integer: true, env: 'PORT' },
    reporter: { type: 'string', description: 'Reporter', default: 'pretty', choices: ['pretty', 'json'] },
    strict: { type: 'boolean', description: 'Strict' },
    config: { type: 'string', description: 'Config file' },
  },
} as const;

describe('parseFlags', () => {
  const ok: [string, { argv: string[]; env?: Record<string, string>; want: Record<string, unknown> }][] = [
    ['defaults', { argv: [], want: { port: 4010, reporter: 'pretty', strict: false, config: undefined, help: false } }],
    ['--flag value and --flag=value', { argv: ['--port', '1', '--reporter=json'], want: { port: 1, reporter: 'json' } }],
    ['env fallback', { argv: [], env: { PORT: '8080' }, want: { port: 8080 } }],
    ['flag beats env', { argv: ['--port', '9'], env: { PORT: '8080' }, want: { port: 9 } }],
    ['boolean', { argv: ['--strict'], want: { strict: true } }],
    ['help', { argv: ['--help'], want: { help: true } }],
  ];
  it.each(ok)('%s', (_n, { argv, env, want }) => expect(parseFlags(CMD, argv, env)).toMatchObject(want));

  const bad: [string, { argv: string[]; code: string; message: RegExp }][] = [
    ['unknown flag', { argv: ['--nope'], code: 'E_UNKNOWN_FLAG', message: /unknown option --nope/ }],
    ['positional', { argv: ['x'], code: 'E_UNEXPECTED_ARGUMENT', message: /unexpected argument "x"/ }],
    ['duplicate', { argv: ['--port', '1', '--port', '2'], code: 'E_DUPLICATE_FLAG', message: /given twice/ }],
    ['missing value', { argv: ['--config'], code: 'E_FLAG_VALUE', message: /--config needs a value/ }],
    ['value that is a flag', { argv: ['--config', '--strict'], code: 'E_FLAG_VALUE', message: /needs a value/ }],
    ['not a number', { argv: ['--port', '12a'], code: 'E_FLAG_VALUE', message: /must be a number/ }],
    ['not whole', { argv: ['--port', '1.5'], code: 'E_FLAG_VALUE', message: /whole number/ }],
    ['too large', { argv: ['--port', '65536'], code: 'E_FLAG_VALUE', message: /at most 65535/ }],
    ['bad choice', { argv: ['--reporter', 'xml'], code: 'E_FLAG_VALUE', message: /one of pretty, json/ }],
    ['value on a boolean', { argv: ['--strict=yes'], code: 'E_FLAG_VALUE', message: /takes no value/ }],
  ];
  it.each(bad)('%s → UsageError', (_n, { argv, code, message }) => {
    try {
      parseFlags(CMD, argv);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).code).toBe(code);
      expect((error as UsageError).message).toMatch(message);
      expect((error as UsageError).usage).toMatch(/^Usage: orgmock demo/);
    }
  });
});

describe('required flags', () => {
  const REQ = {
    name: 'req',
    description: 'Required flags.',
    flags: {
      config: { type: 'string', description: 'Config', env: 'CFG', required: { unless: 'list' } },
      out: { type: 'string', description: 'Out', required: true },
      list: { type: 'boolean', description: 'List' },
      port: { type: 'number', description: 'Port', max: 9 },
    },
  } as const;

  it.each([
    ['missing', ['--config', 'c'], /--out is required/],
    ['missing, unless flag not given', ['--out', 'o'], /--config is required/],
  ])('%s → E_MISSING_FLAG with the usage', (_n, argv, message) => {
    expect(() => parseFlags(REQ, argv)).toThrow(message);
    try {
      parseFlags(REQ, argv);
    } catch (error) {
      expect((error as UsageError).code).toBe('E_MISSING_FLAG');
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).usage).toMatch(/--out <value> +Out \(required\)/);
      expect((error as UsageError).usage).toMatch(/--config <value> +Config \(required unless --list, env CFG\)/);
    }
  });

  it('a flag too long for the column is still one space from its description', () => {
    const text = usage({
      name: 'demo',
      description: 'A demo command.',
      flags: { reporter: { type: 'string', description: 'Report format', choices: ['pretty', 'json', 'junit', 'github'] } },
    });
    expect(text).toContain('  --reporter <pretty|json|junit|github> Report format');
    expect(text).toMatch(/^ {2}--help {26}Show this help$/m);
  });

  it('given by flag, by environment, or excused by its unless flag', () => {
    expect(parseFlags(REQ, ['--out', 'o', '--config', 'c'])).toMatchObject({ out: 'o', config: 'c' });
    expect(parseFlags(REQ, ['--out', 'o'], { CFG: 'from-env' })).toMatchObject({ config: 'from-env' });
    expect(parseFlags(REQ, ['--out', 'o', '--list'])).toMatchObject({ config: undefined, list: true });
  });

  it('a bad value is reported before a missing flag; --help needs nothing', () => {
    expect(() => parseFlags(REQ, ['--port', '10'])).toThrow(/--port must be at most 9/);
    expect(parseFlags(REQ, ['--help'])).toMatchObject({ help: true, out: undefined });
  });
});

describe('defineCommand', () => {
  const io = () => {
    const out: string[] = [];
    const value: CliIO = {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      env: {},
      cwd: '/',
      stopSignal: new Promise(() => undefined),
    };
    return { value, out };
  };
  const secrets = { add: () => undefined };
  const command = defineCommand(
    { name: 'demo', description: 'A demo command.', flags: { out: { type: 'string', description: 'Out', required: true } } },
    async (flags, cli) => {
      cli.stdout(`ran with ${flags.out}`);
      return 1;
    },
  );

  it('--help prints the usage and exits 0 without running the body', async () => {
    const { value, out } = io();
    expect(await command(['--help'], value, secrets)).toBe(0);
    expect(out).toEqual([
      usage({ name: 'demo', description: 'A demo command.', flags: { out: { type: 'string', description: 'Out', required: true } } }),
    ]);
  });

  it('runs the body with the parsed flags and returns its exit code', async () => {
    const { value, out } = io();
    expect(await command(['--out', 'x'], value, secrets)).toBe(1);
    expect(out).toEqual(['ran with x']);
  });

  it('throws the parser error (main prints it)', async () => {
    await expect(command([], io().value, secrets)).rejects.toThrow(UsageError);
  });
});
