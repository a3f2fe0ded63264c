import { UsageError } from './cli/args.js';
import type { CliIO, Command } from './cli/io.js';
import { packageJson } from './package-info.js';

/** Exit codes: 0 ok, 1 checks failed, 2 usage or configuration error (or unreachable target). */
export const EXIT = { ok: 0, failed: 1, usage: 2, bug: 70 } as const;

/** System error codes that mean a path or permission problem of the user's, not a bug. */
const USER_ERRNO = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EROFS', 'ENOSPC', 'ENAMETOOLONG', 'ELOOP']);

const COMMANDS: Record<string, { description: string; load: () => Promise<Command> }> = {
  serve: { description: 'Run the mock server for both APIs', load: async () => (await import('./commands/serve.js')).serve },
  fixtures: {
    description: 'Write the generated data as editable fixture files',
    load: async () => (await import('./commands/fixtures.js')).fixtures,
  },
  verify: {
    description: 'Check a real backend against the specs, role by role',
    load: async () => (await import('./commands/verify.js')).verify,
  },
  dredd: { description: 'Run Dredd on the specs with orgmock hooks', load: async () => (await import('./commands/dredd.js')).dredd },
};

const HELP = [
  'Usage: orgmock <command> [options]',
  '',
  'Commands:',
  ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)}${c.description}`),
  '',
  'Run `orgmock <command> --help` for its options; `orgmock --version` prints the version.',
].join('\n');

function defaultIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    env: process.env,
    cwd: process.cwd(),
    // Handlers are installed only when a command asks (serve, once it listens): every other
    // command, and serve's own start, die on a signal as any process does.
    get stopSignal() {
      return (stop ??= stopSignal());
    },
  };
}

let stop: Promise<void> | undefined;

/** Resolves on the first SIGINT/SIGTERM; the handlers are then removed, so a second signal ends the process at once. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Runs one CLI invocation and returns its exit code. User mistakes print usage; bugs print a stack. */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(packageJson().version);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`orgmock: unknown command "${name}" [E_UNKNOWN_COMMAND]\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`orgmock ${name}: ${error.message} [${error.code}]${error.usage ? `\n\n${error.usage}` : ''}`);
      return EXIT.usage;
    }
    const sys = error as NodeJS.ErrnoException;
    if (sys instanceof Error && typeof sys.syscall === 'string' && USER_ERRNO.has(sys.code ?? '')) {
      // The file system said no (a path that is a file, missing, not allowed): the user's to fix, not a bug.
      io.stderr(`orgmock ${name}: ${sys.message.split('\n')[0]} [E_IO]`);
      return EXIT.usage;
    }
    io.stderr(`orgmock ${name}: internal error, please report it\n${error instanceof Error ? error.stack : String(error)}`);
    return EXIT.bug;
  }
}
