/**
 * The one place that decides how an error ends the CLI: `failureOf` turns it into the text for
 * stderr (secrets masked) and the exit code; `runCommand` runs a command and applies it. `main()`
 * (src/cli.ts) and the Dredd hooks' context script are its only callers: commands never print errors.
 */
import { Masker } from '../config/mask.js';
import { EXIT, OrgmockError } from '../util/errors.js';
import { visible } from '../util/visible.js';
import type { CliIO, Command } from './io.js';

/** System error codes that mean a path or permission problem of the user's, not a bug. */
const USER_ERRNO = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EROFS', 'ENOSPC', 'ENAMETOOLONG', 'ELOOP']);

/**
 * How `error` ends a run of `where` (`orgmock verify`): an OrgmockError prints `where: message [CODE]`
 * (and the usage text it carries) and exits with its exit code; a file-system refusal is the user's
 * (E_IO, exit 2); anything else is a bug (its stack, exit 70). The text is masked with `masker`.
 */
export function failureOf(error: unknown, where: string, masker: Masker): { text: string; exitCode: number } {
  const { text, exitCode } = describe(error, where);
  return { text: masker.mask(text), exitCode };
}

function describe(error: unknown, where: string): { text: string; exitCode: number } {
  if (error instanceof OrgmockError && error.exitCode !== EXIT.bug) {
    // An error met while reporting an earlier one (the report file of a failed run cannot be written): both.
    const earlier = error.cause instanceof OrgmockError ? `${where}: ${visible(error.cause.message)} [${error.cause.code}]\n` : '';
    return {
      text: `${earlier}${where}: ${visible(error.message)} [${error.code}]${error.usage ? `\n\n${error.usage}` : ''}`,
      exitCode: error.exitCode,
    };
  }
  const sys = error as NodeJS.ErrnoException;
  if (sys instanceof Error && typeof sys.syscall === 'string' && USER_ERRNO.has(sys.code ?? '')) {
    // The file system said no (a path that is a file, missing, not allowed): the user's to fix, not a bug.
    return { text: `${where}: ${visible(sys.message.split('\n')[0]!)} [E_IO]`, exitCode: EXIT.usage };
  }
  const tag = error instanceof OrgmockError ? ` [${error.code}]` : '';
  return {
    text: `${where}: internal error, please report it${tag}\n${(error instanceof Error ? (error.stack ?? error.message) : String(error))
      .split('\n')
      .map((line) => visible(line))
      .join('\n')}`,
    exitCode: EXIT.bug,
  };
}

/** Runs one command; what it throws is printed (masked with the secrets it handed over) and becomes the exit code. */
export async function runCommand(where: string, command: Command, argv: string[], io: CliIO): Promise<number> {
  const secrets: string[] = [];
  try {
    return await command(argv, io, { add: (more) => secrets.push(...more) });
  } catch (error) {
    const { text, exitCode } = failureOf(error, where, new Masker(secrets));
    io.stderr(text);
    return exitCode;
  }
}
