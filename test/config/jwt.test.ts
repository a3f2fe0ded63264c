// A section's jwt block (issue 21, minted tokens): read like the rest of the config, every mistake a
// coded error naming the key, the secret and the key file's contents secrets never echoed.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { ConfigError, parseConfig, readConfig } from '../../src/config/config.js';

const dir = mkdtempSync(join(tmpdir(), 'orgmock-jwt-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pem = (pair: { privateKey: { export(o: object): string | Buffer } }) =>
  String(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(join(dir, 'rsa.pem'), pem(generateKeyPairSync('rsa', { modulusLength: 2048 })));
writeFileSync(join(dir, 'p256.pem'), pem(generateKeyPairSync('ec', { namedCurve: 'P-256' })));
writeFileSync(join(dir, 'not-a-key.pem'), 'hello');

const SECRET = 'the-jwt-secret-value';
const parse = (jwt: unknown, env: Record<string, string> = { S: SECRET }) =>
  parseConfig(JSON.stringify({ flashback: { baseUrl: 'http://x', jwt } }), env, APIS, 'c.json', dir);

describe('the jwt block', () => {
  it('HS256 with a secret from $S: a secret (masked), the subject claim sub by default', () => {
    const config = parse({ alg: 'HS256', secret: '$S', fixedClaims: { iss: 'https://auth.test', aud: ['a', 'b'], tenant: 't1' } });
    const jwt = config.sections.get('flashback')!.jwt!;
    expect(jwt).toMatchObject({ alg: 'HS256', subjectClaim: 'sub', secret: { value: SECRET, variable: 'S' } });
    expect(jwt.fixedClaims).toEqual({ iss: 'https://auth.test', aud: ['a', 'b'], tenant: 't1' });
    expect(config.secrets).toContain(SECRET);
  });

  it('a secret with spaces is kept as it is; claims.subject and subjects are read', () => {
    const config = parse({ alg: 'HS384', secret: '${S}', claims: { subject: 'uid' }, subjects: { OWNER: ' u-1 ' } }, { S: 'a b c' });
    const jwt = config.sections.get('flashback')!.jwt!;
    expect(jwt).toMatchObject({ subjectClaim: 'uid', secret: { value: 'a b c' } });
    expect([...jwt.subjects]).toEqual([['OWNER', 'u-1']]);
  });

  it('an unset secret variable is no error: the minted cases are skipped, saying why', () => {
    const jwt = parse({ alg: 'HS256', secret: '$NOPE' }, {}).sections.get('flashback')!.jwt!;
    expect(jwt.secret).toEqual({ missing: 'flashback.jwt.secret refers to $NOPE, which is not set' });
  });

  it('a key file relative to the config file; its contents are secrets', () => {
    const config = parse({ alg: 'ES256', privateKeyFile: 'p256.pem' });
    const jwt = config.sections.get('flashback')!.jwt!;
    expect(jwt.privateKey!.file).toBe(join(dir, 'p256.pem'));
    expect(config.secrets).toContain(jwt.privateKey!.pem.trim());
    expect(parse({ alg: 'PS256', privateKeyFile: join(dir, 'rsa.pem') }).sections.get('flashback')!.jwt!.alg).toBe('PS256');
  });

  it('readConfig reads a key file next to the config file, wherever the command runs', async () => {
    const file = join(dir, 'verify.json');
    writeFileSync(file, JSON.stringify({ flashback: { baseUrl: 'http://x', jwt: { alg: 'RS256', privateKeyFile: './rsa.pem' } } }));
    const config = await readConfig(file, tmpdir(), {}, APIS);
    expect(config.sections.get('flashback')!.jwt!.privateKey!.file).toBe(join(dir, 'rsa.pem'));
  });

  const errors: [string, unknown, RegExp][] = [
    ['not an object', 'HS256', /c\.json: flashback\.jwt must be an object, e\.g\./],
    ['an unknown key', { alg: 'HS256', secret: '$S', issuer: 'x' }, /unknown key flashback\.jwt\.issuer; the keys are alg, secret/],
    ['no alg', { secret: '$S' }, /flashback\.jwt\.alg is required: one of HS256/],
    ['an unknown alg', { alg: 'none', secret: '$S' }, /flashback\.jwt\.alg "none" is not supported; use one of HS256, HS384/],
    ['both secret and key', { alg: 'HS256', secret: '$S', privateKeyFile: 'rsa.pem' }, /flashback\.jwt has both secret and privateKeyFile/],
    ['HS without a secret', { alg: 'HS256' }, /flashback\.jwt\.secret is required: HS256 signs with a shared secret/],
    ['RS without a key', { alg: 'RS256' }, /flashback\.jwt\.privateKeyFile is required: RS256 signs with a private key/],
    [
      'RS with a secret',
      { alg: 'RS256', secret: '$S' },
      /flashback\.jwt\.secret: RS256 signs with a private key; use flashback\.jwt\.privateKeyFile/,
    ],
    ['a missing key file', { alg: 'RS256', privateKeyFile: 'gone.pem' }, /flashback\.jwt\.privateKeyFile gone\.pem does not exist/],
    ['a directory', { alg: 'RS256', privateKeyFile: '.' }, /flashback\.jwt\.privateKeyFile \. is not a file/],
    ['a file that is no key', { alg: 'RS256', privateKeyFile: 'not-a-key.pem' }, /not-a-key\.pem is not a PEM private key/],
    ['an EC key for RS256', { alg: 'RS256', privateKeyFile: 'p256.pem' }, /RS256 needs an RSA key; p256\.pem holds a ec key/],
    ['a P-256 key for ES384', { alg: 'ES384', privateKeyFile: 'p256.pem' }, /ES384 needs a P-384 key; p256\.pem holds a P-256 key/],
    ['a numeric secret', { alg: 'HS256', secret: 42 }, /flashback\.jwt\.secret must be a string/],
    [
      'claims with another key',
      { alg: 'HS256', secret: '$S', claims: { role: 'r' } },
      /unknown key flashback\.jwt\.claims\.role; the key is subject/,
    ],
    ['exp as the subject claim', { alg: 'HS256', secret: '$S', claims: { subject: 'exp' } }, /claims\.subject cannot be exp/],
    ['a fixed exp', { alg: 'HS256', secret: '$S', fixedClaims: { exp: 1 } }, /fixedClaims\.exp: the probes set exp themselves/],
    ['a fixed subject', { alg: 'HS256', secret: '$S', fixedClaims: { sub: 'u' } }, /fixedClaims\.sub: the probes set sub themselves/],
    ['a numeric aud', { alg: 'HS256', secret: '$S', fixedClaims: { aud: 3 } }, /fixedClaims\.aud must be a string or an array of strings/],
    ['subjects of an unknown role', { alg: 'HS256', secret: '$S', subjects: { ROOT: 'u' } }, /jwt\.subjects\.ROOT: "ROOT" is not a role/],
    ['an empty subject', { alg: 'HS256', secret: '$S', subjects: { OWNER: '' } }, /jwt\.subjects\.OWNER must be a user id/],
  ];
  it.each(errors)('rejects %s with E_CONFIG, naming the key', (_name, jwt, want) => {
    let error: unknown;
    try {
      parse(jwt);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('E_CONFIG');
    expect((error as Error).message).toMatch(want);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('never echoes the secret or the key, even when written into the config', () => {
    const key = pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
    for (const jwt of [
      { alg: 'HS256', secret: SECRET, issuer: 1 },
      { alg: 'XS256', secret: SECRET },
      { alg: 'RS256', secret: SECRET },
      { alg: 'HS256', secret: SECRET, privateKeyFile: key },
    ]) {
      expect(() => parse(jwt)).toThrow(ConfigError);
      try {
        parse(jwt);
      } catch (e) {
        expect((e as Error).message).not.toContain(SECRET);
        expect((e as Error).message).not.toContain('PRIVATE KEY');
      }
    }
  });
});
