import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256Hex } from './sha256.js';

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

describe('hmacSha256 (plain JavaScript, every runtime)', () => {
  it('equals node:crypto for keys shorter than, as long as and longer than a block, and any data', () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    for (const n of [0, 1, 32, 63, 64, 65, 200]) {
      const key = new TextEncoder().encode('k'.repeat(n));
      expect(hex(hmacSha256(key, new TextEncoder().encode('data'))), `${n}-byte key`).toBe(
        createHmac('sha256', key).update('data').digest('hex'),
      );
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 300 }), (key, data) =>
        Buffer.from(hmacSha256(key, data)).equals(createHmac('sha256', key).update(data).digest()),
      ),
    );
  });
});
