/**
 * The one error base of orgmock and its exit codes. Every mistake a user can fix (a flag, the config,
 * a fixture file, an unreachable base URL, an unwritable output) is an `OrgmockError` with a stable
 * `code` (`E_…`, printed as `[E_…]` and recorded in reports) and the `exitCode` the CLI ends with.
 * Commands throw them; only the CLI's `main()` prints them and exits (src/cli/failure.ts).
 * Not errors in this sense: the mock's HTTP answers (src/mock/errors.ts) and a check's verdict
 * (src/contract/failure.ts).
 */

/** The CLI's exit codes, a public contract: 0 ok, 1 checks failed, 2 usage/config/unreachable, 70 a bug of orgmock. */
export const EXIT = { ok: 0, failed: 1, usage: 2, bug: 70 } as const;

export interface OrgmockErrorOptions {
  /** `usage` (the default): the user's to fix, exit 2. `bug`: orgmock's own fault (a broken bundled spec), exit 70. */
  exit?: 'usage' | 'bug';
  /** Usage text of the command the mistake was made in, printed after the message. */
  usage?: string;
  cause?: unknown;
}

/** A mistake with a stable code and the exit code it ends the CLI with. */
export class OrgmockError extends Error {
  override name = 'OrgmockError';
  /** 2 for the user's mistakes, 70 for a bug (EXIT). */
  readonly exitCode: number;
  /** Usage text of the command, or empty. */
  readonly usage: string;
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. `E_CONFIG`, `E_UNKNOWN_FLAG`. */
    readonly code: `E_${string}`,
    options: OrgmockErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = EXIT[options.exit ?? 'usage'];
    this.usage = options.usage ?? '';
  }
}
