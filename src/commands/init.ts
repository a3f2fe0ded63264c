/** `orgmock init`: writes the starter verify config (every API of the registry) into the user's project. */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { APIS } from '../apis/index.js';
import { defineCommand, UsageError } from '../cli/args.js';
import { starterConfig } from '../config/starter.js';
import { EXIT } from '../util/errors.js';

const DEFAULT_OUT = 'contracts/verify.json';

const INIT = {
  name: 'init',
  description: `Writes a starter config for \`orgmock verify\` (${APIS.map((a) => a.title).join(', ')}): every token and API key a "$NAME" environment variable, base URLs and organization ids plain values, each listed with what to set it to. Refuses to overwrite a file without --force.`,
  flags: {
    out: { type: 'string', description: 'The config file to write', default: DEFAULT_OUT },
    force: { type: 'boolean', description: 'Overwrite the file if it exists' },
  },
} as const;

/** Why a write failed, in the user's words. */
function why(code: string | undefined, making: boolean): string {
  if (code === 'ENOTDIR' || (making && code === 'EEXIST')) return 'a file is in the way of its directory';
  if (code === 'EEXIST') return 'it exists (--force overwrites it)';
  if (code === 'EISDIR') return 'it is a directory (--out names the file to write)';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'not allowed to write there';
  return 'cannot write there';
}

/** `orgmock init [--out FILE] [--force]`. */
export const init = defineCommand(INIT, async (flags, io) => {
  const file = resolve(io.cwd, flags.out);
  const shown = relative(io.cwd, file) || flags.out;
  const fail = (error: unknown, making = false): never => {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    throw new UsageError(`cannot write ${shown}: ${why(code, making)} (${code})`, 'E_OUTPUT');
  };
  let isDirectory = false;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch {}
  if (isDirectory) fail(Object.assign(new Error('directory'), { code: 'EISDIR' }));
  const { config, variables, values } = starterConfig(APIS);
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    fail(error, true);
  }
  try {
    // wx: never replace a file that exists (even one created since the check) unless --force.
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { flag: flags.force ? 'w' : 'wx' });
  } catch (error) {
    fail(error);
  }
  const width = Math.max(...variables.map((v) => v.name.length), ...values.map((v) => v.path.length));
  io.stdout(
    [
      `wrote ${shown} (${APIS.map((a) => a.name).join(', ')})`,
      '',
      'It reads these environment variables (keep tokens and API keys in your CI secrets); one left unset skips its cases:',
      ...variables.map((v) => `  ${v.name.padEnd(width)}  ${v.meaning}`),
      '',
      'These are plain values, not secrets, printed in reports as written (only tokens and API keys read the environment):',
      'edit them in the file, or give them on the command line (verify --set PATH=VALUE[,PATH=VALUE...]); a null one skips its cases:',
      ...values.map((v) => `  ${v.path.padEnd(width)}  ${v.meaning}`),
      '',
      `Then: npx orgmock verify --config ${shown}`,
      'To try it against the mock: npx orgmock serve, and take each value from http://localhost:4010/__mock/identities.',
    ].join('\n'),
  );
  return EXIT.ok;
});
