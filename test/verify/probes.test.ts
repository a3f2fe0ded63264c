// The probes verify sends beyond the roles, judged by what they must be, not by what the code makes
// now: a JWT is three base64url parts (RFC 7515 compact form) whose header carries an `alg`; a
// forged copy changes the signature only, or says `alg: none` with no signature (RFC 7519 section 6);
// every malformed organization id is one the spec's `format: uuid` refuses, and reaches the parameter.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { superai } from '../../src/apis/superai/index.js';
import { badApiKey, isJwt, jwtForgeries, malformedUuids } from '../../src/verify/probes.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;

const HEADER = b64({ alg: 'HS256', typ: 'JWT' });
const PAYLOAD = b64({ sub: 'u1', org: '3fa85f64-5717-4562-b3fc-2c963f66afa6' });
const SIGNATURE = b64('the-signature-bytes');
const JWT = `${HEADER}.${PAYLOAD}.${SIGNATURE}`;

describe('isJwt: three base64url parts, the first a JSON header with an alg', () => {
  const cases: [string, { given: string; want: boolean }][] = [
    ['an HS256 token', { given: JWT, want: true }],
    ['an unsecured token (alg none, empty signature: RFC 7519 6.1)', { given: `${b64({ alg: 'none' })}.${PAYLOAD}.`, want: true }],
    ['a signature starting with A', { given: `${HEADER}.${PAYLOAD}.AAAA`, want: true }],
    ['two parts', { given: `${HEADER}.${PAYLOAD}`, want: false }],
    ['four parts', { given: `${JWT}.${SIGNATURE}`, want: false }],
    ['one part', { given: HEADER, want: false }],
    ['an empty header part', { given: `.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['an empty payload part', { given: `${HEADER}..${SIGNATURE}`, want: false }],
    ['a header with a character before the base64url', { given: `!${HEADER}.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a header with a character after the base64url', { given: `${HEADER}!.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a header with base64 padding (base64url in JWS has none)', { given: `${HEADER}=.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a payload with a character before the base64url', { given: `${HEADER}.!${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a payload with a character after the base64url', { given: `${HEADER}.${PAYLOAD}!.${SIGNATURE}`, want: false }],
    ['a header that is not JSON', { given: `${b64('not json at all')}.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a header that is a JSON string', { given: `${b64('"HS256"')}.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a header that is JSON null', { given: `${b64('null')}.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a header without alg', { given: `${b64({ typ: 'JWT' })}.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['a header whose alg is not a string', { given: `${b64({ alg: 256 })}.${PAYLOAD}.${SIGNATURE}`, want: false }],
    ['an opaque token', { given: 'fb-owner-token-0001', want: false }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => expect(isJwt(given)).toBe(want));
});

describe('jwtForgeries: copies of a JWT a backend must refuse', () => {
  const parts = (token: string) => token.split('.');

  it('a token that is not a JWT has no forgeries', () => {
    expect(jwtForgeries('fb-owner-token-0001')).toEqual([]);
    expect(jwtForgeries(`${HEADER}.${PAYLOAD}`)).toEqual([]);
  });

  it.each([
    ['a signature starting with A', `${HEADER}.${PAYLOAD}.AAAA${SIGNATURE}`],
    ['a signature starting with B', `${HEADER}.${PAYLOAD}.BAAA${SIGNATURE}`],
    ['another signature', JWT],
  ])('the tampered signature (%s) differs from the original in one character of the signature only', (_name, token) => {
    const forged = jwtForgeries(token).filter((f) => decode(parts(f.token)[0]!) !== null && parts(f.token)[2] !== '');
    expect(forged).toHaveLength(1);
    const [header, payload, signature] = parts(forged[0]!.token);
    const original = parts(token);
    expect([header, payload]).toEqual([original[0], original[1]]);
    expect(signature).not.toBe(original[2]);
    expect(signature).toHaveLength(original[2]!.length);
    const differing = [...signature!].filter((c, i) => c !== original[2]![i]);
    expect(differing).toHaveLength(1);
    expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(isJwt(forged[0]!.token)).toBe(true);
  });

  it('an unsigned JWT (empty signature) gets a non-empty made-up one', () => {
    const unsigned = `${b64({ alg: 'HS256' })}.${PAYLOAD}.`;
    const tampered = jwtForgeries(unsigned).find((f) => parts(f.token)[2] !== '')!;
    expect(tampered).toBeDefined();
    expect(parts(tampered.token).slice(0, 2)).toEqual(parts(unsigned).slice(0, 2));
    expect(parts(tampered.token)[2]).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('the alg-none copy keeps the header fields and the payload, says alg "none" and has no signature', () => {
    const token = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'key-7' })}.${PAYLOAD}.${SIGNATURE}`;
    const none = jwtForgeries(token).filter((f) => (decode(parts(f.token)[0]!) as { alg?: string }).alg === 'none');
    expect(none).toHaveLength(1);
    const [header, payload, signature] = parts(none[0]!.token);
    expect(decode(header!)).toEqual({ alg: 'none', typ: 'JWT', kid: 'key-7' });
    expect(header).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload).toBe(PAYLOAD);
    expect(signature).toBe('');
    expect(isJwt(none[0]!.token)).toBe(true);
  });

  it('two forgeries with distinct keys (case keys: lower-case words and dashes) and labels', () => {
    const forged = jwtForgeries(JWT);
    expect(forged).toHaveLength(2);
    for (const f of forged) {
      expect(f.key).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(f.label.trim()).not.toBe('');
    }
    expect(new Set(forged.map((f) => f.key)).size).toBe(2);
    expect(new Set(forged.map((f) => f.label)).size).toBe(2);
    expect(forged.some((f) => f.token === JWT)).toBe(false);
  });
});

describe('malformedUuids: organization ids the spec refuses', () => {
  const NEAR = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  const param = superai.operation.parameters.find((p) => p.name === 'organization_id')!;
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  const valid = ajv.compile(param.schema);
  // Made inside each test: Stryker attributes code run while tests are collected to none of them.
  const COUNT = 6;

  it('the spec types organization_id as a uuid and accepts the near one', () => {
    expect(param.schema).toMatchObject({ type: 'string', format: 'uuid' });
    expect(valid(NEAR)).toBe(true);
  });

  it.each(Array.from({ length: COUNT }, (_, i) => [i]))('probe %i: refused by the spec, and a non-empty path segment', (i) => {
    const probe = malformedUuids(NEAR)[i]!;
    expect(probe.value.length).toBeGreaterThan(0);
    expect(valid(probe.value)).toBe(false);
    expect(probe.label.trim()).not.toBe('');
    expect(probe.key).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('distinct keys, labels and values; the README names the not-a-uuid case', () => {
    const probes = malformedUuids(NEAR);
    expect(probes.length).toBeGreaterThanOrEqual(COUNT);
    for (const probe of probes) expect([probe.key, valid(probe.value)]).toEqual([probe.key, false]);
    for (const field of ['key', 'label', 'value'] as const) expect(new Set(probes.map((p) => p[field])).size).toBe(probes.length);
    expect(probes.map((p) => p.key)).toContain('not-a-uuid');
  });

  it('the near-miss is the given UUID with one character more (a parser reading a prefix finds that organization)', () => {
    const probes = malformedUuids(NEAR);
    const near = probes.filter((p) => p.value.startsWith(NEAR));
    expect(near).toHaveLength(1);
    expect(near[0]!.value).toHaveLength(NEAR.length + 1);
  });

  it('what the labels say: a 1 KB value, a non-ASCII value, a number, an SQL injection', () => {
    const probes = malformedUuids(NEAR);
    expect(probes.some((p) => p.value.length === 1024 && /1 KB/.test(p.label))).toBe(true);
    expect(probes.some((p) => /[^\x00-\x7f]/.test(p.value) && /non-ASCII/.test(p.label))).toBe(true);
    expect(probes.some((p) => /^[0-9]+$/.test(p.value) && p.label.includes(p.value))).toBe(true);
    expect(probes.some((p) => /'.*OR.*=/.test(p.value) && p.label.includes(p.value))).toBe(true);
    expect(probes.some((p) => p.value === 'not-a-uuid' && p.label.includes(p.value))).toBe(true);
  });
});

describe('badApiKey', () => {
  it('the prefix, then 32 hex digits (README: `saf_` and 32 hex digits)', () => {
    expect(badApiKey('saf_')).toMatch(/^saf_[0-9a-f]{32}$/);
    expect(badApiKey('')).toMatch(/^[0-9a-f]{32}$/);
  });
});
