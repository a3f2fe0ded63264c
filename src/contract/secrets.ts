/**
 * The one answer to "which pointers in this body hold secrets": a property whose name says secret and
 * whose value could be one (a string that is not a date-time), and any string shaped like a secret
 * whatever its name (password hashes, live API keys, PEM private keys, JWTs). Findings name the
 * pointer and why, never the value. `no_secret_fields` judges listed users with it; reports withhold
 * what it points at.
 */

/** One secret found: where (a JSON pointer into the body) and why, in words that never quote the value. */
export interface SecretFinding {
  pointer: string;
  why: string;
}

export interface SecretRules {
  /**
   * Properties a deployment says are not secrets: a bare name (`mfaMethod`, anywhere) or a JSON
   * pointer relative to the value searched (`/profile/totpLabel`); config `allowFields`.
   */
  allow?: readonly string[];
  /** Prefixes of the API's own keys (its spec's `x-key-prefix`): a string starting with one is a key. */
  keyPrefixes?: readonly string[];
}

/**
 * Property names that say secret, tested on the name without `-` and `_` (`pass_word`, `API-Key`).
 * Only a string value under such a name is a finding: `mfaEnabled` (boolean), `passwordUpdatedAt`
 * (a date-time) and `loginCount` (number) are not.
 */
const SECRET_NAME = /pass(word|wd|phrase)?$|^pwd|password|hash|salt|secret|token|apikey|mfa|otp|totp|privatekey|credential|recoverycode/i;

/** An ISO 8601 date or date-time: a timestamp, never a secret. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Shapes of secrets, whatever the property's name. */
const SHAPES: [RegExp, string][] = [
  [/^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{20,}/, 'a bcrypt hash'],
  [/^\$argon2(id|i|d)\$/, 'an argon2 hash'],
  [/^(\$scrypt\$|\$7\$|scrypt\$)/, 'an scrypt hash'],
  [/^\$pbkdf2(-sha\d+)?\$/, 'a pbkdf2 hash'],
  [/^(pbkdf2_sha(1|256)|bcrypt_sha256|bcrypt|argon2|sha1|md5|unsalted_md5|unsalted_sha1|crypt)\$/, 'a Django password hash'],
  [/^\$(1|5|6)\$[^$]{1,16}\$[./A-Za-z0-9]{20,}/, 'a crypt(3) hash'],
  [/^(sk|rk)_(live|test)_[A-Za-z0-9]{8,}/, 'a secret API key (sk_live_/sk_test_)'],
  [/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/, 'a PEM private key'],
];

const JWT = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/;

/** A string of a JWT's form whose header decodes to JSON with an `alg`. */
function looksLikeJwt(text: string): boolean {
  if (!JWT.test(text)) return false;
  try {
    const header = JSON.parse(Buffer.from(text.split('.')[0]!, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** Why a string's shape says secret, or null. */
function shapeOf(text: string, rules: SecretRules): string | null {
  for (const [pattern, why] of SHAPES) if (pattern.test(text)) return why;
  for (const prefix of rules.keyPrefixes ?? []) {
    if (prefix !== '' && text.startsWith(prefix) && text.length >= prefix.length + 16) return `an API key (${prefix}…)`;
  }
  return looksLikeJwt(text) ? 'a JWT' : null;
}

const escapeName = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The pointers under `value` (which sits at `pointer` in its body) that hold secrets, with why; at
 * most `max`. Allowed fields (`rules.allow`) and everything under them are left alone.
 */
export function secretsIn(value: unknown, rules: SecretRules = {}, pointer = '', max = 50): SecretFinding[] {
  const out: SecretFinding[] = [];
  const names = new Set((rules.allow ?? []).filter((a) => !a.startsWith('/')));
  const pointers = new Set((rules.allow ?? []).filter((a) => a.startsWith('/')));
  const walk = (node: unknown, at: string, relative: string, secretName: string | null): void => {
    if (out.length >= max) return;
    if (typeof node === 'string') {
      const shape = shapeOf(node, rules);
      if (shape) out.push({ pointer: at, why: `${secretName ? `named like a secret (${secretName}) and ` : ''}shaped like ${shape}` });
      else if (secretName && node !== '' && !DATE_TIME.test(node))
        out.push({ pointer: at, why: `named like a secret (${secretName}) and a string` });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        walk(v, `${at}/${i}`, `${relative}/${i}`, secretName);
      });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [name, v] of Object.entries(node as Record<string, unknown>)) {
      const path = `${relative}/${escapeName(name)}`;
      if (names.has(name) || pointers.has(path) || pointers.has(path.replace(/\/\d+(?=\/|$)/g, '/*'))) continue;
      const secret = SECRET_NAME.test(name.replace(/[-_]/g, '')) ? name : secretName;
      walk(v, `${at}/${escapeName(name)}`, path, secret);
      if (out.length >= max) return;
    }
  };
  walk(value, pointer, '', null);
  return out;
}
