/** What a command may touch of the outside world; injectable so the CLI is testable in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal: Promise<void>;
}

export type Command = (argv: string[], io: CliIO) => Promise<number>;
