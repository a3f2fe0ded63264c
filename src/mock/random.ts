import { sha256Hex } from './sha256.js';

/** A small seeded PRNG (mulberry32): same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable, opaque token for a fixture user: `<prefix>_<role>_<12 hex>` derived from seed and id. */
export function stableToken(prefix: string, role: string, seed: number, userId: string): string {
  const hash = sha256Hex(`${seed}:${userId}`).slice(0, 12);
  return `${prefix}_${role.toLowerCase()}_${hash}`;
}
