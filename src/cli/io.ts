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

export type Command = (argv: string[], io: CliIO) => Promise<number>;
