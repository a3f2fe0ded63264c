/** How a check says what it found wrong (CheckFailure, `fail`): a verdict, not an error of the CLI. */

/** What a check found wrong: a short "Received / Expected" pair, and where in the body. */
export interface FailureDetails {
  expected: string;
  received: string;
  /** JSON pointer of the offending value in the body. */
  path?: string;
  value?: unknown;
  /**
   * The `x-inferred-reason` of the spec part this departs from: the failure is then a warning
   * (a failure with --strict). Security checks ignore it.
   */
  inferred?: string | null;
  /**
   * Why a security check's departure leaks nothing (a 403, or a proxy's 4xx, to a credential probe):
   * it then warns like an inferred departure (a failure with --strict).
   */
  harmless?: string | null;
  /** What happened, in a title of its own when the check's fixed title would not say it ("Bad credentials refused with 403…"). */
  title?: string;
}

/** Thrown by a check to fail; the check's fixed title names it in reports. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(readonly details: FailureDetails) {
    super(`Received: ${details.received}. Expected: ${details.expected}`);
  }
}

export function fail(details: FailureDetails): never {
  throw new CheckFailure(details);
}

/** A short JSON rendering of a received value for one line of a report. */
export function preview(value: unknown, max = 120): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
