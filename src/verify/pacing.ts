/**
 * How a run adapts to a rate limiter: every request takes a slot from one Pacer. After the first 429
 * or 503 the run drops to one request at a time, pauses as Retry-After says, and then spaces its
 * requests by what the limiter allowed so far (the requests that got through before a refusal, over
 * the wait it asked for). All pauses together stay within the run's budget (`--max-wait`).
 */

export interface PacerOptions {
  /** Requests in flight at once until the first refusal. */
  concurrency: number;
  /** Most milliseconds the run may spend paused for refusals, all pauses together. */
  budgetMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export class Pacer {
  #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  /** No request starts before this instant (the latest Retry-After). */
  #notBefore = 0;
  /** Milliseconds between request starts once serial (the observed allowance). */
  #spacing = 0;
  #lastStart = Number.NEGATIVE_INFINITY;
  /** Requests that got through since the last refusal. */
  #passed = 0;
  #paused = 0;
  #refusedInARow = 0;
  /** Why the run stopped waiting for the limiter, once it did. */
  #stopped: string | null = null;

  constructor(readonly options: PacerOptions) {
    this.#limit = Math.max(1, options.concurrency);
  }

  /** True once a refusal made the run go one request at a time. */
  get serial(): boolean {
    return this.#limit === 1;
  }

  /** Milliseconds paused so far. */
  get pausedMs(): number {
    return this.#paused;
  }

  /** Waits for a slot, then for the pause and the spacing; the caller sends, then calls `release`. */
  async acquire(): Promise<void> {
    while (this.#active >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    const at = Math.max(this.#notBefore, this.serial ? this.#lastStart + this.#spacing : 0);
    const wait = at - this.options.now();
    // Once the run stopped waiting for the limiter, the rest go out at once (each gets one try).
    if (wait > 0 && this.#stopped === null) await this.options.sleep(wait);
    this.#lastStart = this.options.now();
  }

  /** The slot back; `refused`: the answer was a 429/503 (then `refuse` says how long to pause). */
  release(refused: boolean): void {
    if (!refused) this.#passed++;
    this.#active--;
    this.#waiting.shift()?.();
  }

  /**
   * A refusal asking to wait `ms`: the run goes serial and pauses. Returns why it will not wait
   * instead (and does not pause): the pause would pass the budget, or the backend let nothing through
   * for GIVE_UP refusals in a row.
   */
  refuse(ms: number): string | null {
    this.#limit = 1;
    if (this.#stopped !== null) return this.#stopped;
    this.#refusedInARow = this.#passed > 0 ? 1 : this.#refusedInARow + 1;
    if (this.#refusedInARow > GIVE_UP) return (this.#stopped = `the backend let no request through for ${GIVE_UP} refusals in a row`);
    const now = this.options.now();
    const added = now + ms - Math.max(now, this.#notBefore);
    if (added > 0) {
      if (this.#paused + added > this.options.budgetMs)
        return (this.#stopped = `the run's ${this.options.budgetMs / 1000} s of waiting for rate limits (--max-wait) would be spent`);
      this.#paused += added;
      this.#notBefore = now + ms;
    }
    // What the limiter allowed: `passed` requests in the `ms` it asks to wait for.
    if (this.#passed > 0 || this.#spacing === 0) this.#spacing = ms / Math.max(1, this.#passed);
    this.#passed = 0;
    return null;
  }
}

/** Refusals in a row, nothing let through, after which the run stops waiting for the limiter. */
const GIVE_UP = 10;
