/** A small, strict argv parser: declared flags only, typed values, clear errors with a stable code. */
import { EXIT, OrgmockError } from '../util/errors.js';
import type { CliIO, Command, Secrets } from './io.js';

/** A mistake in a command's arguments: exit 2, printed with the command's usage text. */
export class UsageError extends OrgmockError {
  override name = 'UsageError';
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. `E_UNKNOWN_FLAG`. */
    code: `E_${string}`,
    /** Usage text of the command the mistake was made in. */
    usage = '',
  ) {
    super(message, code, { usage });
  }
}

export type FlagSpec =
  | {
      type: 'string';
      description: string;
      default?: string;
      choices?: readonly string[];
      env?: string;
      /** Missing (after the environment) it is E_MISSING_FLAG; `{ unless: 'flag' }`: not when that boolean flag is given. */
      required?: true | { unless: string };
    }
  | { type: 'number'; description: string; default?: number; min?: number; max?: number; integer?: boolean; env?: string }
  | { type: 'boolean'; description: string };

export type FlagValues<F extends Record<string, FlagSpec>> = {
  [K in keyof F]: F[K] extends { type: 'boolean' }
    ? boolean
    : F[K] extends { type: 'number'; default: number }
      ? number
      : F[K] extends { type: 'number' }
        ? number | undefined
        : F[K] extends { type: 'string'; default: string }
          ? string
          : F[K] extends { type: 'string'; required: true }
            ? string
            : string | undefined;
};

export interface CommandSpec<F extends Record<string, FlagSpec>> {
  name: string;
  description: string;
  flags: F;
}

/** Renders the usage text of one command. */
export function usage<F extends Record<string, FlagSpec>>(cmd: CommandSpec<F>): string {
  const rows = Object.entries(cmd.flags).map(([name, f]) => {
    const arg = f.type === 'boolean' ? '' : f.type === 'number' ? ' <n>' : f.choices ? ` <${f.choices.join('|')}>` : ' <value>';
    const extra = [
      'required' in f && f.required ? (f.required === true ? 'required' : `required unless --${f.required.unless}`) : '',
      'default' in f && f.default !== undefined ? `default ${f.default}` : '',
      'env' in f && f.env ? `env ${f.env}` : '',
    ].filter(Boolean);
    // at least one space: a long flag (--reporter <pretty|json|junit|github>) runs past the column
    const notes = extra.length ? ` (${extra.join(', ')})` : '';
    return `${`  --${name}${arg}`.padEnd(33)} ${f.description}${notes}`;
  });
  return [
    `Usage: orgmock ${cmd.name} [options]`,
    '',
    cmd.description,
    '',
    'Options:',
    ...rows,
    `${'  --help'.padEnd(34)}Show this help`,
  ].join('\n');
}

/** Parses argv against a command's flags. `--flag value` and `--flag=value` are both accepted. */
export function parseFlags<F extends Record<string, FlagSpec>>(
  cmd: CommandSpec<F>,
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): FlagValues<F> & { help: boolean } {
  const text = usage(cmd);
  const fail = (message: string, code: `E_${string}`): never => {
    throw new UsageError(message, code, text);
  };
  const raw = new Map<string, string | true>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--help' || token === '-h') {
      help = true;
      continue;
    }
    if (!token.startsWith('--')) fail(`unexpected argument "${token}"`, 'E_UNEXPECTED_ARGUMENT');
    const eq = token.indexOf('=');
    const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
    const spec = cmd.flags[name];
    if (!spec) fail(`unknown option --${name}`, 'E_UNKNOWN_FLAG');
    if (raw.has(name)) fail(`--${name} given twice`, 'E_DUPLICATE_FLAG');
    if (spec!.type === 'boolean') {
      if (eq !== -1) fail(`--${name} takes no value`, 'E_FLAG_VALUE');
      raw.set(name, true);
      continue;
    }
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) fail(`--${name} needs a value`, 'E_FLAG_VALUE');
    raw.set(name, value!);
  }
  const out: Record<string, unknown> = { help };
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(cmd.flags)) {
    const fromEnv = !raw.has(name) && 'env' in spec && spec.env ? spec.env : undefined;
    const given = raw.get(name) ?? (fromEnv ? env[fromEnv] : undefined);
    if (spec.type === 'boolean') {
      out[name] = given === true;
    } else if (given === '') {
      // `--port=` or `PORT=` is a mistake, not a request for the default.
      fail(fromEnv ? `${fromEnv} is set but empty; give --${name} a value or unset ${fromEnv}` : `--${name} needs a value`, 'E_FLAG_VALUE');
    } else if (given === undefined) {
      if (spec.type === 'string' && spec.required && (spec.required === true || raw.get(spec.required.unless) !== true)) missing.push(name);
      out[name] = spec.default;
    } else if (spec.type === 'number') {
      const n = Number(given);
      if (!Number.isFinite(n) || String(given).trim() === '') fail(`--${name} must be a number, got "${given}"`, 'E_FLAG_VALUE');
      if (spec.integer && !Number.isInteger(n)) fail(`--${name} must be a whole number, got "${given}"`, 'E_FLAG_VALUE');
      if (spec.min !== undefined && n < spec.min) fail(`--${name} must be at least ${spec.min}, got ${n}`, 'E_FLAG_VALUE');
      if (spec.max !== undefined && n > spec.max) fail(`--${name} must be at most ${spec.max}, got ${n}`, 'E_FLAG_VALUE');
      out[name] = n;
    } else {
      if (spec.choices && !spec.choices.includes(given as string)) {
        fail(`--${name} must be one of ${spec.choices.join(', ')}, got "${given}"`, 'E_FLAG_VALUE');
      }
      out[name] = given;
    }
  }
  // After every given value is checked; with --help nothing is required.
  if (missing.length > 0 && !help) fail(`--${missing[0]} is required`, 'E_MISSING_FLAG');
  return out as FlagValues<F> & { help: boolean };
}

/**
 * A command from its flags and its body: `--help` prints the usage (exit 0) and required flags are
 * checked before the body runs; the body gets the parsed flags.
 */
export function defineCommand<F extends Record<string, FlagSpec>>(
  cmd: CommandSpec<F>,
  run: (flags: FlagValues<F>, io: CliIO, secrets: Secrets) => Promise<number>,
): Command {
  return async (argv, io, secrets) => {
    const flags = parseFlags(cmd, argv, io.env);
    if (flags.help) {
      io.stdout(usage(cmd));
      return EXIT.ok;
    }
    return run(flags, io, secrets);
  };
}
