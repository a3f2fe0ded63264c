/**
 * Tokens verify mints itself when a section has a `jwt` block (src/config/jwt.ts), signed with `jose`
 * with the backend's own key, each one a backend must refuse: expired, not yet valid, from another
 * issuer or for another audience (when the block fixes `iss`/`aud`), and for a user who does not
 * exist. Each comes with a shell word that mints the same token again from the configured variable
 * or key file (times relative to when it runs), so its curl line runs as printed and never shows
 * the secret or the token.
 */
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SectionConfig } from '../config/config.js';
import type { JwtConfig } from '../config/jwt.js';
import { roleCatalog } from '../openapi/extensions.js';
import type { Inferred, Json } from '../openapi/types.js';
import { singleQuote } from './curl.js';
import { isJwt } from './probes.js';
import type { ApiTarget } from './types.js';

/** A minted probe: its token and the shell word that mints it again, or why it could not be minted. */
export type MintedProbe = { key: string; label: string; because: string } & ({ token: string; shell: string } | { skipped: string });

/** Why 401 is expected of a minted token: the pages say 401 for bad credentials, not for each kind of bad token. */
export const MINTED_INFERRED: Inferred = {
  reason:
    'the documentation gives 401 for missing or invalid credentials; that an expired, not yet valid, wrong-issuer, wrong-audience or unknown-user token counts as invalid is inferred',
};

const HOUR = 3600;
const YEAR = 365 * 24 * HOUR;
const WRONG_ISSUER = 'https://wrong-issuer.orgmock.invalid/';
const WRONG_AUDIENCE = 'orgmock-wrong-audience';
/** Claims of a role's token that are not copied into minted ones. */
const DROPPED = new Set(['exp', 'nbf', 'iat', 'jti']);

/**
 * Signs `header.payload` (base64url of the two JSON arguments, time claims set relative to now) with
 * the key on stdin: an HMAC secret or a PEM private key. One line of Node, which every verify user has.
 */
const SIGNER = [
  'const c=require("crypto"),[a,h,p,r]=process.argv.slice(1),k=require("fs").readFileSync(0),t=Math.floor(Date.now()/1e3),o=JSON.parse(p);',
  'for(const x of r.split(",").filter(Boolean)){const[n,v]=x.split("=");o[n]=t+Number(v)}',
  'const b=s=>Buffer.from(s).toString("base64url"),d=b(h)+"."+b(JSON.stringify(o)),m="sha"+a.slice(2),',
  's=a[0]=="H"?c.createHmac(m,k).update(d).digest():c.sign(m,Buffer.from(d),{key:k,dsaEncoding:"ieee-p1363",',
  '...(a[0]=="P"?{padding:c.constants.RSA_PKCS1_PSS_PADDING,saltLength:a.slice(2)/8}:{})});',
  'process.stdout.write(d+"."+s.toString("base64url"))',
].join('');

interface Spec {
  key: string;
  label: string;
  because: string;
  claims: Record<string, Json>;
  /** Time claims, seconds from now, in the order the token carries them. */
  times: [string, number][];
}

/** The minted probes of one API section (none without a `jwt` block); `now` in seconds. */
export async function mintedProbes(target: ApiTarget, section: SectionConfig, uuid: () => string, now: number): Promise<MintedProbe[]> {
  const jwt = section.jwt;
  if (!jwt) return [];
  const api = target.api.name;
  const at = `${api}.jwt`;
  const caller = callerOf(target, section, jwt);
  const who = caller ? `of role ${caller.role}` : 'of an allowed role';
  const valid: [string, number][] = [
    ['iat', 0],
    ['exp', HOUR],
  ];
  const specs: Spec[] = [];
  const base = caller?.claims ?? {};
  specs.push({
    key: 'auth:jwt:expired',
    label: `an expired token ${who} (minted with ${at})`,
    because: 'a signed token that expired an hour ago (exp) must not get in',
    claims: base,
    times: [
      ['iat', -2 * HOUR],
      ['exp', -HOUR],
    ],
  });
  specs.push({
    key: 'auth:jwt:not-yet-valid',
    label: `a token ${who} not valid yet (nbf a year ahead; minted with ${at})`,
    because: 'a signed token whose nbf is a year ahead must not get in',
    claims: base,
    times: [
      ['iat', 0],
      ['nbf', YEAR],
      ['exp', YEAR + HOUR],
    ],
  });
  const wrong = [
    ['iss', 'wrong-issuer', 'from another issuer', WRONG_ISSUER],
    ['aud', 'wrong-audience', 'for another audience', WRONG_AUDIENCE],
  ] as const;
  for (const [claim, name, what, value] of wrong) {
    if (jwt.fixedClaims[claim] === undefined) continue;
    specs.push({
      key: `auth:jwt:${name}`,
      label: `a token ${who} ${what} (${claim}; minted with ${at})`,
      because: `a signed token whose ${claim} is not ${at}.fixedClaims.${claim} must not get in`,
      claims: { ...base, [claim]: value },
      times: valid,
    });
  }
  specs.push({
    key: 'auth:jwt:unknown-user',
    label: `a token of a user who does not exist (${jwt.subjectClaim}; minted with ${at})`,
    because: `a signed token whose ${jwt.subjectClaim} names no user must not get in`,
    claims: { ...base, ...jwt.fixedClaims, [jwt.subjectClaim]: uuid() },
    times: valid,
  });
  const skipped = jwt.secret && 'missing' in jwt.secret ? jwt.secret.missing : caller ? null : noSubject(target, jwt, at);
  if (skipped !== null) return specs.map(({ key, label, because }) => ({ key, label, because, skipped }));
  const key = jwt.privateKey ? createPrivateKey(jwt.privateKey.pem) : new TextEncoder().encode((jwt.secret as { value: string }).value);
  const source = keySource(jwt, api);
  const header = { alg: jwt.alg, typ: 'JWT' };
  return Promise.all(
    specs.map(async ({ key: caseKey, label, because, claims, times }) => {
      const payload: Record<string, Json> = { ...claims };
      for (const [claim, offset] of times) payload[claim] = now + offset;
      const token = await new SignJWT(payload).setProtectedHeader(header).sign(key);
      const relative = times.map(([claim, offset]) => `${claim}=${offset}`).join(',');
      const args = [jwt.alg, JSON.stringify(header), JSON.stringify(claims), relative].map(singleQuote).join(' ');
      const shell = `$(${source.before}node -e ${singleQuote(SIGNER)} ${args}${source.after})`;
      return { key: caseKey, label, because, token, shell };
    }),
  );
}

/** Where the signer's stdin reads the key from: the secret's variable (never its value), or the key file. */
function keySource(jwt: JwtConfig, api: string): { before: string; after: string } {
  if (jwt.privateKey) return { before: '', after: ` < ${singleQuote(jwt.privateKey.file)}` };
  const variable = jwt.secret && 'variable' in jwt.secret ? jwt.secret.variable : undefined;
  const fallback = `${api}_JWT_SECRET`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  if (variable) return { before: `printf %s "$${variable}" | `, after: '' };
  // Checked first: an unset variable stops the line before anything is signed.
  return { before: `: "\${${fallback}:?set it to the ${api}.jwt.secret}"; printf %s "$${fallback}" | `, after: '' };
}

/**
 * The role the minted tokens are of (an allowed one, any-organization first) and the claims its
 * tokens carry: the role's own token's when it is a JWT (times and jti dropped), the fixed claims,
 * and its user in the subject claim (`subjects`, else the token's). Null when no allowed role has a user.
 */
function callerOf(target: ApiTarget, section: SectionConfig, jwt: JwtConfig): { role: string; claims: Record<string, Json> } | null {
  for (const role of allowedRoles(target)) {
    const token = section.tokens.get(role);
    const own = token !== undefined && isJwt(token) ? payloadOf(token) : {};
    const fromToken = own[jwt.subjectClaim];
    const subject = jwt.subjects.get(role) ?? (typeof fromToken === 'string' || typeof fromToken === 'number' ? fromToken : undefined);
    if (subject === undefined) continue;
    const kept = Object.fromEntries(Object.entries(own).filter(([claim]) => !DROPPED.has(claim)));
    return { role, claims: { ...kept, ...jwt.fixedClaims, [jwt.subjectClaim]: subject } };
  }
  return null;
}

function noSubject(target: ApiTarget, jwt: JwtConfig, at: string): string {
  const roles = allowedRoles(target);
  const example = roles[0] ?? 'ROLE';
  return `needs the user of an allowed role (${roles.join(' or ')}): set ${at}.subjects.${example}, or give ${target.api.name}.tokens.${example} as a JWT carrying ${jwt.subjectClaim}`;
}

/** The roles the spec's rules allow, any-organization ones first. */
function allowedRoles(target: ApiTarget): string[] {
  const catalog = roleCatalog(target.spec, target.operation);
  const rules = [...(target.operation.access?.rules ?? [])].sort(
    (a, b) => Number(b.scope === 'any-organization') - Number(a.scope === 'any-organization'),
  );
  return [...new Set(rules.flatMap((rule) => rule.roles.map((value) => catalog.nameOf(value))))];
}

function payloadOf(token: string): Record<string, Json> {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as unknown;
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, Json>) : {};
  } catch {
    return {};
  }
}
