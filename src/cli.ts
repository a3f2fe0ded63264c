// `orgmock`'s main(): picks the command, runs it, and is the one place that prints an error and
// turns it into the exit code (src/cli/failure.ts; codes in src/util/errors.ts).
import { UsageError } from './cli/args.js';
import { failureOf, runCommand } from './cli/failure.js';
import type { CliIO, Command } from './cli/io.js';
import { Masker } from './config/mask.js';
import { packageJson } from './package-info.js';
import { EXIT } from './util/errors.js';

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
  init: {
    description: 'Write a starter config for verify into this project',
    load: async () => (await import('./commands/init.js')).init,
  },
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

/** Runs one CLI invocation and returns its exit code. User mistakes print their code (and usage); bugs print a stack. */
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
    const { text, exitCode } = failureOf(new UsageError(`unknown command "${name}"`, 'E_UNKNOWN_COMMAND', HELP), 'orgmock', new Masker([]));
    io.stderr(text);
    return exitCode;
  }
  // Loaded inside the run: a module that fails to load is reported like any other error.
  return runCommand(`orgmock ${name}`, async (...args) => (await command.load())(...args), rest, io);
}
