// Issue 21: the tokens verify mints with a section's jwt block (expired, not yet valid, wrong iss/aud,
// unknown user) get curl lines that run as printed: the line mints the same token again in the shell
// from the secret's variable or the key file, and never shows the secret or the token. Each printed
// line is run here with sh and curl; the backend gets a token of the same header and claims (times
// relative to when the line ran), signed with the same key.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { parseConfig } from '../../src/config/config.js';
import { curlLine } from '../../src/verify/curl.js';
import { mintedProbes } from '../../src/verify/mint.js';
import { planApi } from '../../src/verify/plan.js';
import { buildRegistry, targetOf } from '../../src/verify/run.js';
import { captureServer, runLine } from './support/capture.js';

let backend: Awaited<ReturnType<typeof captureServer>>;
let url = '';
let seen: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'orgmock-minted-'));
beforeAll(async () => {
  backend = await captureServer();
  ({ url, seen } = backend);
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'hs-secret with spaces, $dollars and "quotes"';
const USER_ID = '7d0f5c8e-3b1a-4c2d-9e8f-0a1b2c3d4e5f';
const flashback = APIS.find((a) => a.name === 'flashback')!;

/** The minted cases of a Flashback plan with `jwt` as its jwt block. */
async function minted(jwt: Record<string, unknown>, env: Record<string, string>, owner = 'fb_owner_opaque') {
  const raw = { flashback: { baseUrl: url, tokens: { OWNER: owner }, jwt } };
  const config = parseConfig(JSON.stringify(raw), env, APIS, 'c.json', dir);
  const section = config.sections.get('flashback')!;
  const target = targetOf(flashback);
  const probes = await mintedProbes(target, section, () => '11111111-2222-4333-8444-555555555555', Math.floor(Date.now() / 1000));
  const plan = planApi(target, section, buildRegistry(APIS), () => crypto.randomUUID(), probes);
  return { cases: plan.cases.filter((c) => c.key.startsWith('auth:jwt:')), skipped: plan.skipped, secrets: config.secrets };
}

const shell = runLine;

const TIMES = ['iat', 'nbf', 'exp'];
/** A token's claims with its times made relative to its iat (what stays the same when it is minted again later). */
function shape(token: string) {
  const claims = decodeJwt(token) as Record<string, unknown>;
  const iat = claims.iat as number;
  return {
    header: decodeProtectedHeader(token),
    claims: Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, TIMES.includes(k) ? (v as number) - iat : v])),
  };
}

async function runEach(
  jwt: Record<string, unknown>,
  configEnv: Record<string, string>,
  shellEnv: Record<string, string>,
  key: KeyObject | Uint8Array,
) {
  const { cases, secrets } = await minted(jwt, configEnv);
  expect(cases.length).toBeGreaterThanOrEqual(3);
  for (const c of cases) {
    const sent = c.request.headers.Authorization!.slice('Bearer '.length);
    const line = curlLine(c.request);
    expect(line).not.toContain(sent.split('.')[2]!);
    for (const secret of secrets) expect(line).not.toContain(secret);
    seen.length = 0;
    const run = await shell(line, shellEnv);
    expect(run.stderr).toBe('');
    expect(seen).toHaveLength(1);
    const got = seen[0]!.replace(/^Bearer /, '');
    expect(shape(got)).toEqual(shape(sent));
    await expect(compactVerify(got, key)).resolves.toBeDefined();
  }
  return cases;
}

describe('curl lines of minted tokens run as printed', () => {
  it('HS256 from $JWT_SECRET: every probe, re-minted by the line with the same claims and key', async () => {
    const jwt = {
      alg: 'HS256',
      secret: '$JWT_SECRET',
      subjects: { OWNER: USER_ID },
      fixedClaims: { iss: 'https://auth.example.test', aud: ['flashback', 'other'] },
    };
    const cases = await runEach(jwt, { JWT_SECRET: SECRET }, { JWT_SECRET: SECRET }, new TextEncoder().encode(SECRET));
    expect(cases.map((c) => c.key)).toEqual([
      'auth:jwt:expired',
      'auth:jwt:not-yet-valid',
      'auth:jwt:wrong-issuer',
      'auth:jwt:wrong-audience',
      'auth:jwt:unknown-user',
    ]);
    expect(decodeJwt(cases[0]!.request.headers.Authorization!.slice(7))).toMatchObject({ sub: USER_ID, iss: 'https://auth.example.test' });
    expect(decodeJwt(cases[4]!.request.headers.Authorization!.slice(7)).sub).toBe('11111111-2222-4333-8444-555555555555');
    for (const c of cases) expect(c.expectation).toMatchObject({ statuses: [401], denied: true, inferred: { reason: expect.any(String) } });
  });

  it('HS512 written into the config: the line reads a placeholder variable and names it when unset', async () => {
    const jwt = { alg: 'HS512', secret: SECRET, subjects: { OWNER: USER_ID } };
    const cases = await runEach(jwt, {}, { FLASHBACK_JWT_SECRET: SECRET }, new TextEncoder().encode(SECRET));
    // Without iss/aud in fixedClaims there is nothing to get wrong.
    expect(cases.map((c) => c.key)).toEqual(['auth:jwt:expired', 'auth:jwt:not-yet-valid', 'auth:jwt:unknown-user']);
    seen.length = 0;
    const run = await shell(curlLine(cases[0]!.request), {});
    expect(run.stderr).toMatch(/FLASHBACK_JWT_SECRET: set it to the flashback\.jwt\.secret/);
    expect(seen.every((h) => /^Bearer ?$/.test(h))).toBe(true);
  });

  it.each([
    ['RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['PS384', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['ES512', () => generateKeyPairSync('ec', { namedCurve: 'P-521' })],
  ])('%s from a key file: the line signs with the file, which it names', async (alg, pair) => {
    const { privateKey, publicKey } = pair();
    const file = join(dir, `${alg}.pem`);
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const jwt = { alg, privateKeyFile: `${alg}.pem`, subjects: { OWNER: USER_ID }, fixedClaims: { aud: 'flashback' } };
    const cases = await runEach(jwt, {}, {}, publicKey);
    expect(curlLine(cases[0]!.request)).toContain(`< '${file}'`);
    expect(cases.map((c) => c.key)).toContain('auth:jwt:wrong-audience');
  });

  it('the subject and other claims come from the role token when it is a JWT; an opaque one without subjects skips, saying why', async () => {
    const owner = await new SignJWT({ org: 'acme', scope: 'users:read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER_ID)
      .setIssuedAt()
      .setExpirationTime('1h')
      .setJti('abc')
      .sign(new TextEncoder().encode(SECRET));
    const { cases } = await minted({ alg: 'HS256', secret: '$S', fixedClaims: { iss: 'https://i.test' } }, { S: SECRET }, owner);
    const claims = decodeJwt(cases.find((c) => c.key === 'auth:jwt:expired')!.request.headers.Authorization!.slice(7));
    expect(claims).toMatchObject({ org: 'acme', scope: 'users:read', sub: USER_ID, iss: 'https://i.test' });
    expect(claims.jti).toBeUndefined();
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(claims.exp as number).toBeLessThan(Date.now() / 1000);

    const opaque = await minted({ alg: 'HS256', secret: '$S' }, { S: SECRET });
    expect(opaque.cases).toEqual([]);
    const skipped = opaque.skipped.filter((c) => c.key.startsWith('auth:jwt:'));
    expect(skipped.map((c) => c.key)).toEqual(['auth:jwt:expired', 'auth:jwt:not-yet-valid', 'auth:jwt:unknown-user']);
    expect(skipped[0]!.reason).toMatch(/set flashback\.jwt\.subjects\.\w+, or give flashback\.tokens\.\w+ as a JWT carrying sub/);
  });

  it('claims.subject names the claim that carries the user: the probes put it there, and word the unknown user by it', async () => {
    const { cases } = await minted({ alg: 'HS256', secret: '$S', claims: { subject: 'uid' }, subjects: { OWNER: USER_ID } }, { S: SECRET });
    const claims = cases.map((c) => decodeJwt(c.request.headers.Authorization!.slice(7)));
    expect(claims.map((c) => [c.uid, c.sub])).toEqual([
      [USER_ID, undefined],
      [USER_ID, undefined],
      ['11111111-2222-4333-8444-555555555555', undefined],
    ]);
    expect(cases[2]!.label).toBe('a token of a user who does not exist (uid; minted with flashback.jwt)');
  });

  it('an unset secret variable skips the minted cases, naming it', async () => {
    const { skipped } = await minted({ alg: 'HS256', secret: '$UNSET_SECRET', subjects: { OWNER: USER_ID } }, {});
    expect(skipped.filter((c) => c.key.startsWith('auth:jwt:')).map((c) => c.reason)).toEqual(
      Array(3).fill('flashback.jwt.secret refers to $UNSET_SECRET, which is not set'),
    );
  });
});
