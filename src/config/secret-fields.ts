/**
 * Which config values are secrets, and the one rule for `$NAME` / `${NAME}`: the environment is read
 * only in a secret field (every value read there is a secret: masked in every report and log);
 * anywhere else a variable reference is a config error naming the key, because what is not a secret
 * is printed as written (a base URL, an organization id) and must not become a way to copy any
 * environment variable (`${AWS_SECRET_ACCESS_KEY}`) into a report or a request.
 * Add a new secret field to SECRET_FIELDS, and read its values with `resolveSecret`.
 */

/**
 * The secret fields of an API's section, as paths within it: `tokens.*` is every value under `tokens`.
 * The config reader, the error messages and the README's list follow this one list.
 */
export const SECRET_FIELDS: readonly string[] = ['tokens.*', 'apiKeys.*', 'refusedTokens.*', 'refusedApiKeys.*', 'jwt.secret'];

/** The section keys that hold plain strings a user may also give with `--set API.KEY=VALUE` (verify, dredd). */
export const SETTABLE_FIELDS = ['baseUrl', 'organizationId', 'otherOrganizationId'] as const;

type Env = Record<string, string | undefined>;

/** True when `path` (within a section: `tokens.OWNER`, `baseUrl`) is a secret field. */
function isSecretField(path: string): boolean {
  return SECRET_FIELDS.some((field) =>
    field.endsWith('.*') ? path.startsWith(field.slice(0, -1)) && !path.slice(field.length - 1).includes('.') : path === field,
  );
}

/** The secret fields in words, for messages and docs: "tokens, apiKeys, refusedTokens and refusedApiKeys". */
function secretFieldList(): string {
  const names = SECRET_FIELDS.map((field) => field.replace(/\.\*$/, ''));
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** `$NAME` as the whole value, or `${NAME}` anywhere: what reads the environment in a secret field. */
const REFERENCE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;

/**
 * The one gate of a config string: `at` is where it sits, section first (`flashback.tokens.OWNER`,
 * `superai.baseUrl`); the rest is its path within the section, which SECRET_FIELDS is matched to. A secret
 * field's variables are read (`resolveSecret`); any other field's value is returned as written, and a
 * variable reference in it fails with `literalProblem`'s message (code `E_CONFIG_ENV`).
 */
export function readField(at: string, value: string, env: Env, fail: (message: string, code: 'E_CONFIG_ENV') => never): Resolved {
  if (isSecretField(at.slice(at.indexOf('.') + 1))) return resolveSecret(value, env);
  const problem = literalProblem(at, value);
  if (problem) fail(problem, 'E_CONFIG_ENV');
  return { value, expanded: [] };
}

/**
 * A non-secret field's value as written. A variable reference in it (`$NAME` as the whole value,
 * `${NAME}` anywhere) is the error this returns, naming the key and the variable (never a value);
 * any other `$` is literal.
 */
function literalProblem(at: string, value: string): string | null {
  const found = REFERENCE.exec(value);
  if (!found) return null;
  const shown = found[3] !== undefined ? `\${${found[3]}}` : value;
  const key = at.slice(at.indexOf('.') + 1);
  return `${at} refers to the environment (${shown}), which only the secret fields (${secretFieldList()}) may: ${key} is not a secret and is printed in reports as written. Write the value itself, or give it on the command line: --set ${at}=VALUE (orgmock verify, orgmock dredd) or ORGMOCK_SET`;
}

/** A secret field's value with its variables read: see `resolveSecret`. */
export interface Resolved {
  value: string;
  /** The variable, when the value is just `$NAME` or `${NAME}` (curl lines show it instead of the value). */
  variable?: string;
  /** The first variable that is not set. */
  missing?: string;
  /** The first variable referenced (when all are set and the value is still blank, the one to fix). */
  used?: string;
  /** Every non-empty value read from the environment: secrets like the value they make up. */
  expanded: string[];
}

/**
 * A secret field's value: `$NAME` or `${NAME}` as the whole value, or `${NAME}` anywhere, replaced by
 * the variable's value. What it reads is a secret: the caller masks `value` and every `expanded` part.
 */
function resolveSecret(value: string, env: Env): Resolved {
  let missing: string | undefined;
  let used: string | undefined;
  const expanded: string[] = [];
  const read = (name: string): string => {
    used ??= name;
    const found = env[name];
    if (found === undefined) missing ??= name;
    else if (found.trim() !== '') expanded.push(found.trim());
    return found ?? '';
  };
  const whole = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(value);
  const variable = whole ? (whole[1] ?? whole[2]) : undefined;
  const out = variable ? read(variable) : value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => read(name));
  return { value: out, expanded, ...(variable ? { variable } : {}), ...(missing ? { missing } : {}), ...(used ? { used } : {}) };
}
