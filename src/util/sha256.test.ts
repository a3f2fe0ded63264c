import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.js';

describe('sha256Hex (plain JavaScript, every runtime)', () => {
  it('equals node:crypto on block edges and on any string', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const text = 'a'.repeat(n);
      expect(sha256Hex(text), `${n} chars`).toBe(createHash('sha256').update(text).digest('hex'));
    }
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        (text) => sha256Hex(text) === createHash('sha256').update(text).digest('hex'),
      ),
    );
  });

  it('gives the known digest of "abc"', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
