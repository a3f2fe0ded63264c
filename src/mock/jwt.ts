/**
 * Sign-in with real JWTs: given a secret (`orgmock serve --jwt-secret`, `createMockApp({ jwt })`), the
 * mock accepts HS256 tokens signed with it whose `sub` names a fixture user's id, besides the
 * opaque fixture tokens. Checked synchronously in plain JavaScript (src/util/sha256.ts), so the same
 * in Node, browsers and MSW: the signature, `exp` and `nbf` (no leeway), and `iss`/`aud` when given.
 */
import { hmacSha256 } from '../util/sha256.js';

/** What JWT sign-in checks a token against. The secret is never printed or logged. */
export interface JwtSignIn {
  /** The HS256 secret (its UTF-8 bytes are the key). */
  secret: string;
  /** When set, a token's `iss` must equal it. */
  issuer?: string;
  /** When set, a token's `aud` must equal it (or, an array, hold it). */
  audience?: string;
}

/** A verified token's user id (`sub`), or why it is refused; null: not a JWT at all (an opaque token). */
export type JwtVerdict = { subject: string } | { refused: string } | null;

const PART = /^[A-Za-z0-9_-]+$/;

/** A verifier of bearer tokens for `options`; `now` gives seconds since the epoch. */
export function jwtVerifier(options: JwtSignIn, now: () => number = () => Date.now() / 1000): (token: string) => JwtVerdict {
  if (options.secret === '') throw new RangeError('jwt.secret must not be empty');
  const key = new TextEncoder().encode(options.secret);
  return (token) => {
    const parts = token.split('.');
    if (parts.length !== 3 || !PART.test(parts[0]!) || !PART.test(parts[1]!)) return null;
    const header = decodeJson(parts[0]!);
    if (header === null || typeof header.alg !== 'string') return null;
    if (header.alg !== 'HS256') return { refused: `Unsupported token algorithm ${header.alg.slice(0, 10)} (HS256 expected)` };
    const expected = base64url(hmacSha256(key, new TextEncoder().encode(`${parts[0]}.${parts[1]}`)));
    if (!sameText(expected, parts[2]!)) return { refused: 'Invalid token signature' };
    const claims = decodeJson(parts[1]!);
    if (claims === null) return { refused: 'Invalid token payload' };
    const time = now();
    if (claims.exp !== undefined && !(typeof claims.exp === 'number' && claims.exp > time)) return { refused: 'Token has expired' };
    if (claims.nbf !== undefined && !(typeof claims.nbf === 'number' && claims.nbf <= time)) return { refused: 'Token is not valid yet' };
    if (options.issuer !== undefined && claims.iss !== options.issuer) return { refused: 'Token issuer is not accepted' };
    if (options.audience !== undefined && !audienceHolds(claims.aud, options.audience))
      return { refused: 'Token audience is not accepted' };
    return typeof claims.sub === 'string' && claims.sub !== '' ? { subject: claims.sub } : { refused: 'Token names no user (sub)' };
  };
}

const audienceHolds = (aud: unknown, wanted: string) => aud === wanted || (Array.isArray(aud) && aud.includes(wanted));

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64url(part));
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

function fromBase64url(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text) {
    value = ((value << 6) | ALPHABET.indexOf(ch)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

/** Compares two signatures in time independent of where they differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
