/** Seeded latency and error injection, and the `--latency` parser. */
import { seededRandom } from '../util/random.js';

export interface FaultOptions {
  /** Added delay range in ms; [0, 0] for none. */
  latency: readonly [number, number];
  /** Share of requests, 0 to 1, answered with the operation's documented 500. */
  errorRate: number;
  seed: number;
}

export interface Faults {
  /** Waits the drawn latency (resolves at once when there is none). */
  delay(): Promise<void> | undefined;
  /** True when this request should fail with the injected 500. */
  shouldFail(): boolean;
}

/** Seeded latency and error injection: the same seed and request order give the same faults. */
export function faults({ latency, errorRate, seed }: FaultOptions): Faults {
  const random = seededRandom(seed ^ 0x5eed);
  const [min, max] = latency;
  return {
    delay: () => {
      if (max <= 0) return undefined;
      const ms = min + random() * (max - min);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    shouldFail: () => errorRate > 0 && random() < errorRate,
  };
}

/** Parses `MIN-MAX` or `N` milliseconds; null when it is not a valid range. */
export function parseLatency(text: string): [number, number] | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!m) return null;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  return min <= max && max <= 60_000 ? [min, max] : null;
}
