// The requests the suite sends beyond the roles: bad credentials and malformed parameters.

/** An Authorization header that must not get in; `display` is the -H word of its curl line. */
export interface AuthProbe {
  key: string;
  label: string;
  header: string | null;
  display?: string;
}

const OVERSIZED = 8192;

export const AUTH_PROBES: readonly AuthProbe[] = [
  { key: 'auth:none', label: 'no Authorization header', header: null },
  { key: 'auth:bearer-empty', label: 'Bearer with no token', header: 'Bearer ' },
  { key: 'auth:basic', label: 'Basic credentials', header: 'Basic b3JnbW9jazpvcmdtb2Nr' },
  {
    key: 'auth:unknown-token',
    label: 'an unknown token',
    // A well-formed JWT no backend issued: {"alg":"HS256","typ":"JWT"}.{"sub":"orgmock-unknown","exp":4102444800}.
    header:
      'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcmdtb2NrLXVua25vd24iLCJleHAiOjQxMDI0NDQ4MDB9.b3JnbW9jay1ub3QtYS1zaWduYXR1cmU',
  },
  {
    key: 'auth:oversized-token',
    label: `an ${OVERSIZED / 1024} KB token`,
    header: `Bearer ${'A'.repeat(OVERSIZED)}`,
    display: `"Authorization: Bearer $(head -c ${OVERSIZED} /dev/zero | tr '\\0' A)"`,
  },
  // Latin-1 bytes: the most a header can carry that is not ASCII.
  { key: 'auth:non-ascii-token', label: 'a token with non-ASCII bytes', header: 'Bearer t\u00f6k\u00e9n-\u00ff\u00e6' },
  // Decoders that URL-decode a token, or build SQL or JSON from it, break on these: never 5xx.
  { key: 'auth:percent-token', label: 'a token with % escapes', header: 'Bearer orgmock%2Ftoken%00%zz%' },
  { key: 'auth:quoted-token', label: 'a token with quotes', header: `Bearer orgmock"token'\\"` },
  { key: 'auth:one-kilobyte-token', label: 'a 1 KB token', header: `Bearer ${'k'.repeat(1024)}` },
];

/**
 * An API key of the scheme's form (its prefix, then 32 hex digits) that no backend issued: a backend
 * that checks the prefix only, or any key at all, lets it in.
 */
export const badApiKey = (prefix: string): string => `${prefix}0e6d5c4b3a29180f0e6d5c4b3a291800`;

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** A token of three base64url parts whose first decodes to a JSON header with an `alg`. */
export function isJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.slice(0, 2).every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/**
 * Copies of a JWT a backend must refuse: its signature altered, and re-headed `alg: none` with no
 * signature. `shell(expr)` builds the same token in a POSIX shell from `expr`, a word that expands to
 * the original token (`$NAME`), so a curl line can send it without printing it.
 */
export function jwtForgeries(token: string): { key: string; label: string; token: string; shell(expr: string): string }[] {
  if (!isJwt(token)) return [];
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const altered = signature.length > 0 ? `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}` : 'AAAA';
  const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
  const none = base64url(JSON.stringify({ ...parsed, alg: 'none' }));
  return [
    {
      key: 'tampered-signature',
      label: 'its signature altered',
      token: `${header}.${payload}.${altered}`,
      shell: (expr) => `$(t=${expr}; s=\${t##*.}; case $s in '') s=AAAA;; A*) s=B\${s#?};; *) s=A\${s#?};; esac; printf %s "\${t%.*}.$s")`,
    },
    {
      key: 'alg-none',
      label: 're-signed with alg none',
      token: `${none}.${payload}.`,
      // The new header is the token's own with alg none: no secret in it.
      shell: (expr) => `$(t=${expr}; p=\${t#*.}; printf %s "${none}.\${p%%.*}.")`,
    },
  ];
}

/** Values that break a `format: uuid` parameter; `near` is a valid UUID to append a character to. */
export function malformedUuids(near: string): { key: string; label: string; value: string }[] {
  return [
    { key: 'not-a-uuid', label: '"not-a-uuid"', value: 'not-a-uuid' },
    { key: 'number', label: '"123"', value: '123' },
    { key: 'trailing-character', label: 'a UUID with a trailing character', value: `${near}x` },
    { key: 'sql-injection', label: `"' OR 1=1--"`, value: "' OR 1=1--" },
    { key: 'one-kilobyte', label: 'a 1 KB string', value: 'a'.repeat(1024) },
    { key: 'non-ascii', label: 'a non-ASCII string', value: 'org-\u00fcn\u00efc\u00f6d\u00e9-\u7ec4\u7ec7' },
  ];
}
