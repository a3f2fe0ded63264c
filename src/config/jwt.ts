/**
 * An API section's optional `jwt` block: how `orgmock verify` signs the tokens it mints for its
 * refused-credential probes (expired, not yet valid, wrong issuer or audience, unknown user). HS*
 * algorithms sign with `secret`, RS*, PS* and ES* with the PEM private key in `privateKeyFile`;
 * `claims.subject` names the claim that carries the user, `fixedClaims` what every token of the
 * backend carries (`iss`, `aud`...), `subjects` the user id of a role whose token is not a JWT.
 * The secret and the key are secrets: errors name the key of the config, never a value.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isObject } from '../openapi/load.js';
import type { Json } from '../openapi/types.js';

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** The `jwt` block, read and checked. */
export interface JwtConfig {
  alg: string;
  /** HS*: the shared secret, or why there is none (its variable is not set): the minted cases are then skipped. */
  secret?: { value: string; variable?: string } | { missing: string };
  /** RS*, PS*, ES*: the private key file (absolute) and its PEM text. */
  privateKey?: { file: string; pem: string };
  /** The claim that names the user (`sub` unless `claims.subject` says otherwise). */
  subjectClaim: string;
  /** Claims every minted token carries (`iss`, `aud`, ...). */
  fixedClaims: Record<string, Json>;
  /** The user id minted tokens of a role name, by role (else read from the role's token, when it is a JWT). */
  subjects: Map<string, string>;
}

const KEYS = ['alg', 'secret', 'privateKeyFile', 'claims', 'fixedClaims', 'subjects'];
/** Claims the probes set themselves. */
const TIME_CLAIMS = ['exp', 'nbf', 'iat'];
/** The key type (and EC curve) each asymmetric family needs. */
const KEY_TYPES: Record<string, { types: string[]; curve?: Record<string, string>; what: string }> = {
  RS: { types: ['rsa'], what: 'an RSA key' },
  PS: { types: ['rsa', 'rsa-pss'], what: 'an RSA key' },
  ES: { types: ['ec'], curve: { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' }, what: 'an EC key' },
};
const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

export interface JwtReadContext {
  /** `flashback.jwt`: where errors point. */
  at: string;
  /** The API's role names (keys of `subjects`). */
  roles: readonly string[];
  /** Directory a relative `privateKeyFile` is read from (the config file's). */
  dir: string;
  /** A secret field's value, environment references resolved by the config's one rule. */
  secretValue(value: string, at: string): { value: string; variable?: string } | { missing: string };
  /** Collects every secret for masking. */
  secrets: string[];
  fail(message: string): never;
}

/** Reads a section's `jwt` block; undefined when absent. */
export function readJwt(raw: unknown, ctx: JwtReadContext): JwtConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const { at, fail } = ctx;
  const example = `e.g. { "alg": "HS256", "secret": "$JWT_SECRET", "claims": { "subject": "sub" } }`;
  if (!isObject(raw)) return fail(`${at} must be an object, ${example}`);
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) fail(`unknown key ${at}.${key}; the keys are ${KEYS.join(', ')}`);
  const alg = raw.alg;
  if (typeof alg !== 'string' || alg.trim() === '') return fail(`${at}.alg is required: one of ${JWT_ALGORITHMS.join(', ')}`);
  if (!JWT_ALGORITHMS.includes(alg)) fail(`${at}.alg "${alg.slice(0, 20)}" is not supported; use one of ${JWT_ALGORITHMS.join(', ')}`);
  const hmac = alg.startsWith('HS');
  const hasSecret = raw.secret !== undefined && raw.secret !== null;
  const hasKey = raw.privateKeyFile !== undefined && raw.privateKeyFile !== null;
  if (hasSecret && hasKey) fail(`${at} has both secret and privateKeyFile; ${alg} signs with ${hmac ? 'secret' : 'privateKeyFile'} only`);
  if (hmac && hasKey) fail(`${at}.privateKeyFile: ${alg} signs with a shared secret; use ${at}.secret`);
  if (!hmac && hasSecret) fail(`${at}.secret: ${alg} signs with a private key; use ${at}.privateKeyFile`);
  if (hmac && !hasSecret) fail(`${at}.secret is required: ${alg} signs with a shared secret (e.g. "$JWT_SECRET")`);
  if (!hmac && !hasKey) fail(`${at}.privateKeyFile is required: ${alg} signs with a private key (a PEM file)`);
  const config: JwtConfig = { alg, subjectClaim: readClaims(raw.claims, ctx), fixedClaims: {}, subjects: new Map() };
  if (hmac) {
    if (typeof raw.secret !== 'string') fail(`${at}.secret must be a string`);
    const secret = ctx.secretValue(raw.secret as string, `${at}.secret`);
    if ('value' in secret) ctx.secrets.push(secret.value);
    config.secret = secret;
  } else {
    config.privateKey = readKey(raw.privateKeyFile, alg, ctx);
  }
  config.fixedClaims = readFixedClaims(raw.fixedClaims, config.subjectClaim, ctx);
  config.subjects = readSubjects(raw.subjects, ctx);
  return config;
}

function readClaims(raw: unknown, { at, fail }: JwtReadContext): string {
  if (raw === undefined || raw === null) return 'sub';
  if (!isObject(raw)) return fail(`${at}.claims must be an object naming the claim that carries the user, e.g. { "subject": "sub" }`);
  for (const key of Object.keys(raw)) if (key !== 'subject') fail(`unknown key ${at}.claims.${key}; the key is subject`);
  const subject = raw.subject ?? 'sub';
  if (typeof subject !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(subject)) fail(`${at}.claims.subject must be a claim name, e.g. "sub"`);
  if (TIME_CLAIMS.includes(subject as string)) fail(`${at}.claims.subject cannot be ${subject}: the probes set it`);
  return subject as string;
}

function readFixedClaims(raw: unknown, subject: string, { at, fail }: JwtReadContext): Record<string, Json> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) return fail(`${at}.fixedClaims must be an object of claim → value, e.g. { "iss": "https://auth.example.com" }`);
  for (const [claim, value] of Object.entries(raw)) {
    if (TIME_CLAIMS.includes(claim) || claim === subject)
      fail(`${at}.fixedClaims.${claim}: the probes set ${claim} themselves (${claim === subject ? 'the user' : 'the times'})`);
    if (claim === 'iss' && typeof value !== 'string') fail(`${at}.fixedClaims.iss must be a string`);
    if (claim === 'aud' && typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
      fail(`${at}.fixedClaims.aud must be a string or an array of strings`);
  }
  return raw;
}

function readSubjects(raw: unknown, { at, roles, fail }: JwtReadContext): Map<string, string> {
  const subjects = new Map<string, string>();
  if (raw === undefined || raw === null) return subjects;
  if (!isObject(raw)) return fail(`${at}.subjects must be an object of role → user id, e.g. { "${roles[0] ?? 'ROLE'}": "<user id>" }`);
  for (const [role, value] of Object.entries(raw)) {
    if (!roles.includes(role)) fail(`${at}.subjects.${role}: "${role}" is not a role of the spec; the roles are ${roles.join(', ')}`);
    if (typeof value !== 'string' || value.trim() === '') fail(`${at}.subjects.${role} must be a user id (a non-empty string)`);
    subjects.set(role, (value as string).trim());
  }
  return subjects;
}

/** The PEM private key of `privateKeyFile`, checked against the algorithm (never echoed). */
function readKey(raw: unknown, alg: string, ctx: JwtReadContext): { file: string; pem: string } {
  const { at, fail } = ctx;
  if (typeof raw !== 'string' || raw.trim() === '') return fail(`${at}.privateKeyFile must be a file path`);
  const given = raw.trim();
  const file = isAbsolute(given) ? given : resolve(ctx.dir, given);
  let pem: string | null;
  try {
    pem = statSync(file).isFile() ? readFileSync(file, 'utf8') : null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail(`${at}.privateKeyFile ${given} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`);
  }
  if (pem === null) return fail(`${at}.privateKeyFile ${given} is not a file`);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return fail(`${at}.privateKeyFile ${given} is not a PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted)`);
  }
  ctx.secrets.push(pem.trim(), pemBody(pem));
  const need = KEY_TYPES[alg.slice(0, 2)]!;
  const type = key.asymmetricKeyType ?? 'unknown';
  if (!need.types.includes(type)) fail(`${at}.privateKeyFile: ${alg} needs ${need.what}; ${given} holds a ${type} key`);
  const curve = need.curve?.[alg];
  const has = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== undefined && has !== curve)
    fail(
      `${at}.privateKeyFile: ${alg} needs a ${CURVE_NAMES[curve]} key; ${given} holds a ${CURVE_NAMES[has ?? ''] ?? has ?? 'other'} key`,
    );
  return { file, pem };
}

/** The base64 of a PEM without its armour and line breaks (how a key leaks in a JSON body). */
const pemBody = (pem: string) =>
  pem
    .replace(/-----[A-Z ]+-----/g, '')
    .replace(/\s+/g, '')
    .trim();
