// Proves: the masker finds encoded forms of each secret (base64 and base64url at any alignment, so
// inside HTTP Basic credentials too; hex in either case; a JWT whose payload holds a secret), keeps
// `__proto__` keys as keys, and masks a 64 MiB body with 8 secrets in one linear pass, correctly
// (its speed is measured by `npm run bench`, never asserted here).
import { describe, expect, it } from 'vitest';
import { Masker, maskedForm } from '../../src/config/mask.js';

const MASKED = '…(masked)';
const SECRETS = [
  'sk_live_0123456789abcdefXYZ',
  'fb_owner/token+with=padding',
  'eight888',
  'nine99999',
  'tökén-secret-0123456789',
  'ten-chars!',
  'a-much-longer-secret-value-used-in-basic-auth',
  'quote"and\\backslash-secret',
];
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const jwt = (payload: unknown) => `eyJhbGciOiJIUzI1NiJ9.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJlLXZhbHVl`;

/** Every encoded form a backend could echo a secret in. */
const encodings = (s: string): [string, string][] => [
  ['base64', b64(s)],
  ['base64, no padding', b64(s).replace(/=+$/, '')],
  ['base64url', b64url(s)],
  ['hex', hex(s)],
  ['HEX', hex(s).toUpperCase()],
  ['Basic user:secret', `Basic ${b64(`ci:${s}`)}`],
  ['Basic u:secret', `Basic ${b64(`u:${s}`)}`],
  ['Basic user1:secret', `Basic ${b64(`user1:${s}`)}`],
  ['Basic secret:', `Basic ${b64(`${s}:`)}`],
  ['base64 inside a longer encoded text, offset 1', b64(`x${s}yz`)],
  ['base64url inside a longer encoded text, offset 2', b64url(`xy${s}z`)],
  ['a JWT whose payload holds it', jwt({ sub: 'u1', token: s })],
];

describe('Masker: encoded forms', () => {
  const masker = new Masker(SECRETS);
  for (const secret of SECRETS) {
    it.each(encodings(secret))(`${JSON.stringify(secret)} as %s`, (_name, form) => {
      const out = masker.mask(`before ${form} after`);
      expect(out).toContain(MASKED);
      expect(out.startsWith('before ')).toBe(true);
      expect(out.endsWith(' after')).toBe(true);
      // What is left of the encoded form decodes to no secret, nor to 8 characters of one.
      for (const word of out.split(/[\s.]+/)) {
        for (const decoded of [Buffer.from(word, 'base64').toString('latin1'), Buffer.from(word, 'hex').toString('latin1')])
          expect(decoded).not.toContain(secret.slice(0, 8));
      }
      expect(out).not.toContain(form);
    });
  }

  it('a JWT whose payload holds a secret escaped as PHP and Python write JSON (\\/ and \\uXXXX)', () => {
    const secret = 'fb_owner/token+with=padding';
    const php = `{"token":"${secret.replace(/\//g, '\\/')}"}`;
    const python = `{"token":"${[...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`;
    for (const payload of [php, python]) {
      const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(payload).toString('base64url')}.sig-value`;
      expect(masker.mask(`{"echo":"${token}"}`)).toBe(`{"echo":"${MASKED}"}`);
    }
  });

  it('a JWT holding no secret, and base64 or hex of other text, stay as they are', () => {
    const clean = [
      jwt({ sub: 'u1', role: 'OWNER' }),
      b64('nothing secret here'),
      hex('nothing secret here'),
      'eyJ.a.b',
      'eyJhbGciOiJIUzI1NiJ9.!!!!.x',
    ];
    for (const text of clean) expect(masker.mask(text)).toBe(text);
  });

  it('the plain form keeps its first 4 characters; an encoded form shows none', () => {
    expect(masker.mask('sk_live_0123456789abcdefXYZ')).toBe(maskedForm('sk_live_0123456789abcdefXYZ'));
    expect(masker.mask(b64('sk_live_0123456789abcdefXYZ'))).toBe(MASKED);
  });
});

describe('Masker: copies of backend JSON', () => {
  it('a __proto__ key stays a key (the copy has no prototype to set)', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"x":1}},"a":"eight888"}');
    const copy = new Masker(['eight888']).maskDeep(parsed);
    expect(Object.keys(copy)).toEqual(['__proto__', 'constructor', 'a']);
    expect(JSON.parse(JSON.stringify(copy))).toEqual(
      JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"x":1}},"a":"…(masked)"}'),
    );
    expect(JSON.stringify(copy)).toContain('"__proto__":{"polluted":"yes"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Masker: a 64 MiB body with 8 secrets', () => {
  it('is masked in one linear pass: every occurrence in every form, the rest as it was', () => {
    const masker = new Masker(SECRETS);
    // A Python/PHP-style body: \uXXXX and \/ escapes and & everywhere (each once forced a decode of the whole text per secret).
    const filler = '{"name":"R\\u00e9my & co","note":"a &amp; b \\/ 100%"},';
    const block = filler.repeat(Math.ceil((1024 * 1024) / filler.length));
    // Each secret planted as written, JSON-escaped, in hex and in base64, with what must stand in its place.
    const planted = SECRETS.flatMap((s) => [
      [s, maskedForm(s)],
      [JSON.stringify(s).slice(1, -1), maskedForm(s)],
      [hex(s), MASKED],
      [b64(s), MASKED],
    ]);
    const body: string[] = [];
    const expected: string[] = [];
    for (let i = 0; body.length < 64; i++) {
      const [form, shown] = planted[i % planted.length]!;
      body.push(`${block}"${form}",`);
      expected.push(`${block}"${shown}",`);
    }
    const text = body.join('');
    expect(text.length).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    const out = masker.mask(text);
    // Compared without printing 64 MiB when it fails.
    expect(out.length).toBe(expected.join('').length);
    expect(out === expected.join('')).toBe(true);
  });
});
