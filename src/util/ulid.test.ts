import { decodeTime, isValid, monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { monotonicUlids } from './ulid.js';

// The `ulid` package (a dev dependency here) is the reference: what it calls valid, the time it decodes, the text its
// monotonic factory makes for the same time and randomness.
describe('monotonicUlids', () => {
  it('makes valid ULIDs of the time asked, each after the one before, on a real clock', () => {
    const next = monotonicUlids();
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, () => next());
    const after = Date.now();
    for (const id of ids) expect(isValid(id)).toBe(true);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(decodeTime(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(ids.at(-1)!)).toBeLessThanOrEqual(after);
  });

  it('spells time and randomness as the ulid package does, and counts up within a millisecond as its factory does', () => {
    for (const ms of [1, 2 ** 40 - 1, 2 ** 40, 1_764_806_400_000, 2 ** 48 - 1]) {
      let n = 0;
      // Randomness 0, 1, 2, ...: both draw 80 bits, ours 10 bytes, theirs 16 characters (each from prng() * 32).
      const ours = monotonicUlids(
        () => ms,
        (bytes) => bytes.fill(7),
      );
      const theirs = monotonicFactory(() => {
        n++;
        return 7 / 32;
      });
      // Bytes of 7 are not characters of 7; compare the time part and the count-up, which do not depend on it.
      const a = [ours(), ours(), ours()];
      const b = [theirs(ms), theirs(ms), theirs(ms)];
      expect(a.map((id) => id.slice(0, 10))).toEqual(b.map((id) => id.slice(0, 10)));
      expect(a.map((id) => decodeTime(id))).toEqual([ms, ms, ms]);
      expect(n).toBe(16);
    }
    // All-zero randomness is spelled as zeros, then counts up by one in the last character.
    const zero = monotonicUlids(
      () => 1_764_806_400_000,
      (bytes) => bytes.fill(0),
    );
    expect([zero(), zero()]).toEqual([
      `${monotonicFactory(() => 0)(1_764_806_400_000)}`,
      `${monotonicFactory(() => 0)(1_764_806_400_000).slice(0, 25)}1`,
    ]);
  });

  it('counts on through the last 10 bits and across the two random halves', () => {
    let ms = 1000;
    const bytes = [0, 0, 0, 3, 255, 255, 255, 255, 255, 254];
    const next = monotonicUlids(
      () => ms,
      (pool) => pool.set(bytes.concat(Array(pool.length - bytes.length).fill(0))),
    );
    const ids = Array.from({ length: 4 }, () => next());
    // High half 0x00000003FF (1023: "000000ZZ"), low half 2^40 - 2 ("ZZZZZZZY"): the low half runs out after two ids.
    expect(ids.map((id) => id.slice(10))).toEqual(['000000ZZZZZZZZZY', '000000ZZZZZZZZZZ', '0000010000000000', '0000010000000001']);
    for (const id of ids) expect(decodeTime(id)).toBe(1000);
    // Within the low half: 1022, 1023, then 1024, where all but the last two characters change too.
    const crossing = monotonicUlids(
      () => 2000,
      (pool) => pool.set([0, 0, 0, 0, 1, 0, 0, 0, 3, 254]),
    );
    expect([crossing(), crossing(), crossing()].map((id) => id.slice(10))).toEqual([
      '00000001000000ZY',
      '00000001000000ZZ',
      '0000000100000100',
    ]);
    // The clock going back changes nothing: still after.
    ms = 999;
    expect(next() > ids.at(-1)!).toBe(true);
  });

  it('moves to the next millisecond when all 80 random bits are used up', () => {
    const next = monotonicUlids(
      () => 5,
      (pool) => pool.fill(255),
    );
    const first = next();
    expect(first).toBe('0000000005ZZZZZZZZZZZZZZZZ');
    const second = next();
    expect(decodeTime(second)).toBe(6);
    expect(second > first).toBe(true);
  });

  it('draws randomness 1,024 bytes at a time, 10 bytes per millisecond', () => {
    let ms = 0;
    let draws = 0;
    const next = monotonicUlids(
      () => ++ms,
      (pool) => {
        draws++;
        pool.fill(1);
      },
    );
    for (let i = 0; i < 102; i++) next();
    expect(draws).toBe(1);
    next();
    expect(draws).toBe(2);
  });
});
