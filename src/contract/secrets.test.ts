// secretsIn: names that say secret hold a secret only as a string; shapes of secrets whatever the
// name; allowFields; findings never quote the value.
import { describe, expect, it } from 'vitest';
import { secretsIn } from './secrets.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const JWT = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'u1' })}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg`;
const pointers = (value: unknown, rules = {}) => secretsIn(value, rules).map((f) => f.pointer);

describe('secretsIn', () => {
  it('booleans, numbers, nulls and date-times under secret names pass (mfaEnabled, passwordUpdatedAt, lastLoginAt)', () => {
    const user = {
      mfaEnabled: true,
      passwordUpdatedAt: '2025-06-02T09:15:00Z',
      passwordChangedOn: '2025-06-02',
      lastLoginAt: '2025-06-03T10:00:00.123+02:00',
      tokenCount: 3,
      apiKey: null,
      otpVerified: false,
    };
    expect(secretsIn(user)).toEqual([]);
  });

  it('a string under a name that says secret is one, nested and in arrays too', () => {
    const user = { password: 'hunter2', profile: { pass_word: 'x1' }, recoveryCodes: ['a1b2', 'c3d4'], mfa_secret: 'JBSWY3DPEHPK3PXP' };
    expect(pointers(user)).toEqual(['/password', '/profile/pass_word', '/recoveryCodes/0', '/recoveryCodes/1', '/mfa_secret']);
    expect(secretsIn({ password: 'hunter2' })[0]!.why).toBe('named like a secret (password) and a string');
  });

  it.each([
    ['bcrypt', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', /bcrypt/],
    ['argon2', '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG', /argon2/],
    ['scrypt', '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E', /scrypt/],
    ['pbkdf2', '$pbkdf2-sha256$29000$N2bMWSuF0LqXshaCcO59rw$ORe4yBM2QvEbZC2NFyyq1sEyGlKnMR4XMMHd3iUoHh4', /pbkdf2/],
    ['Django', 'pbkdf2_sha256$600000$salt$hash', /Django/],
    ['Stripe-style live key', 'sk_live_51H8abcdefghij', /sk_live_/],
    ['test key', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', /sk_live_/],
    ['PEM', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...', /PEM/],
    ['JWT', JWT, /JWT/],
  ])('a %s value is a secret whatever its name', (_n, value, why) => {
    const found = secretsIn({ note: value }, {}, '/data/0');
    expect(found).toEqual([{ pointer: '/data/0/note', why: expect.stringMatching(why) }]);
    expect(JSON.stringify(found)).not.toContain(value.slice(0, 12));
  });

  it("the API's own key prefix (x-key-prefix) marks a key, only with a key's length", () => {
    expect(pointers({ ref: `saf_${'0a'.repeat(16)}` }, { keyPrefixes: ['saf_'] })).toEqual(['/ref']);
    expect(pointers({ ref: 'saf_x' }, { keyPrefixes: ['saf_'] })).toEqual([]);
    expect(pointers({ ref: `saf_${'0a'.repeat(16)}` })).toEqual([]);
  });

  it('ordinary values pass: emails, UUIDs, names, dollar amounts', () => {
    expect(
      secretsIn({ email: 'a@b.example', id: '550e8400-e29b-41d4-a716-446655440000', name: 'Ada', price: '$2.00', tags: ['a.b.c'] }),
    ).toEqual([]);
  });

  it('allowFields: a name anywhere, a pointer within the value (* for an index)', () => {
    const user = { mfaMethod: 'totp', profile: { totpLabel: 'phone', token: 'x' }, devices: [{ otpName: 'y' }] };
    expect(pointers(user)).toEqual(['/mfaMethod', '/profile/totpLabel', '/profile/token', '/devices/0/otpName']);
    expect(pointers(user, { allow: ['mfaMethod', '/profile/totpLabel', '/devices/*/otpName'] })).toEqual(['/profile/token']);
  });

  it('stops at max findings', () => {
    expect(secretsIn({ a: { password: 'p', token: 't', secret: 's' } }, {}, '', 2)).toHaveLength(2);
  });
});
