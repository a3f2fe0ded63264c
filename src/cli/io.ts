/** What `main()` hands a command: its I/O, where to put the secrets it learns, and the Command type. */

/** What a command may touch of the outside world; injectable so the CLI is testable in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it.
   * Reading it installs the handlers (the default IO makes it a lazy getter): read it only once ready to wait.
   */
  readonly stopSignal: Promise<void>;
}

/** Where a command hands the secrets it learnt (the config's tokens): `main()` masks them in the errors it prints. */
export interface Secrets {
  add(secrets: Iterable<string>): void;
}

/**
 * One `orgmock` command. It returns 0 or 1 (EXIT.ok, EXIT.failed) and throws for anything else: an
 * OrgmockError for a mistake the user can fix, anything else is a bug. Only `main()` prints errors.
 */
export type Command = (argv: string[], io: CliIO, secrets: Secrets) => Promise<number>;
