import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError } from './args.js';

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
