/**
 * Monotonic ULIDs for request ids, cheap enough for every request: the time part is encoded once per millisecond,
 * the 80 random bits are drawn from a pooled Web Crypto buffer (one `getRandomValues` per 1,024 bytes, not one per
 * character) and counted up within a millisecond, as the `ulid` package's `monotonicFactory` does.
 */

/** Crockford's base 32, as ULIDs spell it. */
const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Every 10-bit value as its two characters. */
const PAIRS = Array.from({ length: 1024 }, (_v, n) => ENCODING[n >> 5]! + ENCODING[n & 31]!);
/** Each half of the random part holds 40 bits: eight characters, four pairs. */
const HALF = 2 ** 40;
const POOL_BYTES = 1024;

/** `value` (0 ≤ value < 2^40) as eight characters. */
function forty(value: number): string {
  const high = Math.floor(value / 2 ** 20);
  const low = value % 2 ** 20;
  return PAIRS[high >> 10]! + PAIRS[high & 1023]! + PAIRS[low >> 10]! + PAIRS[low & 1023]!;
}

/** `ms` (0 ≤ ms < 2^48) as the ten characters of a ULID's time part (50 bits, the top two always 0). */
function time(ms: number): string {
  return PAIRS[Math.floor(ms / HALF)]! + forty(ms % HALF);
}

/**
 * A ULID factory: each id sorts after the one before (the random part counts up when the clock has not moved on or
 * went back). `now` and `random` are for tests.
 */
export function monotonicUlids(
  now: () => number = Date.now,
  random: (bytes: Uint8Array) => void = (bytes) => {
    crypto.getRandomValues(bytes);
  },
): () => string {
  const pool = new Uint8Array(POOL_BYTES);
  let at = POOL_BYTES;
  const fortyRandomBits = (): number => {
    if (at + 5 > POOL_BYTES) {
      random(pool);
      at = 0;
    }
    const value = (((pool[at]! * 256 + pool[at + 1]!) * 256 + pool[at + 2]!) * 256 + pool[at + 3]!) * 256 + pool[at + 4]!;
    at += 5;
    return value;
  };
  let last = -1;
  let timeText = '';
  let high = 0;
  let highText = '';
  let low = 0;
  /** All but the last two characters (the last 10 bits of `low`), remade only when they change. */
  let prefix = '';
  let prefixOf = -1;
  const start = (ms: number) => {
    last = ms;
    timeText = time(ms);
    high = fortyRandomBits();
    highText = forty(high);
    low = fortyRandomBits();
    prefixOf = -1;
  };
  return () => {
    const ms = now();
    if (ms > last) start(ms);
    else if (++low === HALF) {
      low = 0;
      if (++high === HALF) start(last + 1);
      else {
        highText = forty(high);
        prefixOf = -1;
      }
    }
    const upper = Math.floor(low / 1024);
    if (upper !== prefixOf) {
      prefixOf = upper;
      prefix = timeText + highText + forty(low).slice(0, 6);
    }
    return prefix + PAIRS[low & 1023]!;
  };
}
