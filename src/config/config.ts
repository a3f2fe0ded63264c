// The one reader of orgmock's config file, for `orgmock verify` and `orgmock dredd` alike: a section
// per API with a base URL, organization ids, a token per role and, where the spec has an API-key
// scheme, an API key per role. Only secret fields read "$VAR" / "${VAR}" from the environment
// (secret-fields.ts); base URLs and organization ids are literal, or given with `--set`. Section names,
// role names and organization parameters come from the specs.
// Errors name the place in the file, never a value: values are tokens.
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isObject } from '../openapi/load.js';
import type { Json, ParameterInfo } from '../openapi/types.js';
import { toJsonSchema } from '../openapi/validate.js';
import type { ApiDefinition } from '../apis/types.js';
import { apiKeyScheme, organizationParameter } from '../openapi/extensions.js';
import { configRoles } from './apis.js';
import { jsonSyntaxError } from './json-locate.js';
import { type JwtConfig, readJwt } from './jwt.js';
import { OrgmockError } from '../util/errors.js';
import { readField, type SETTABLE_FIELDS } from './secret-fields.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A mistake in the config file (exit code 2 in both commands). */
export class ConfigError extends OrgmockError {
  override name = 'ConfigError';
  /** `E_CONFIG`, or `E_CONFIG_ENV`: an environment variable referred to outside a secret field. */
  constructor(message: string, code: 'E_CONFIG' | 'E_CONFIG_ENV' = 'E_CONFIG') {
    super(message, code);
  }
}

/** One API's section of the config, env references resolved. */
export interface SectionConfig {
  baseUrl: string;
  organizationId: string | null;
  otherOrganizationId: string | null;
  /** Bearer token by role name. */
  tokens: Map<string, string>;
  /** Tokens named in the config that cannot be used, by role, with why (`$X is not set`). */
  missingTokens: Map<string, string>;
  /** The environment variable a token came from, by role, when the config value is just `$NAME` (curl lines show it). */
  tokenVars?: Map<string, string>;
  /** Status overrides by case key (`USER`, `org_admin@otherOrganizationId`); read by `orgmock verify`. */
  expect: Map<string, number>;
  /** API keys by role name (sent in the header of the spec's API-key scheme); only for an API whose spec has one. */
  apiKeys?: Map<string, string>;
  /** API keys named in the config that cannot be used, by role, with why. */
  missingApiKeys?: Map<string, string>;
  /** The environment variable an API key came from, by role (curl lines show it). */
  apiKeyVars?: Map<string, string>;
  /** Tokens of existing users who must not sign in (inactive, pending, soft-deleted), by label; unusable ones map to why. */
  refusedTokens?: Map<string, { token: string; variable?: string } | { missing: string }>;
  /** API keys of existing users who must not get in (sent in the spec's API-key header), by label; unusable ones map to why. */
  refusedApiKeys?: Map<string, { token: string; variable?: string } | { missing: string }>;
  /** Fields of a listed user that are not secrets though no_secret_fields would say so (names, or JSON pointers within a user). */
  allowFields?: string[];
  /** How to sign the tokens verify mints for its refused-credential probes (src/config/jwt.ts). */
  jwt?: JwtConfig;
}

export interface OrgmockConfig {
  sections: Map<string, SectionConfig>;
  /** Every secret value of the config (its tokens and API keys), for masking. */
  secrets: string[];
}

type Env = Record<string, string | undefined>;
/** Throws the ConfigError of a mistake: `E_CONFIG`, or the code given. */
type Fail = (message: string, code?: 'E_CONFIG_ENV') => never;

/** One `--set API.KEY=VALUE` (orgmock verify, orgmock dredd): a plain (non-secret) value given on the command line, over the file's. */
export interface Setting {
  section: string;
  key: (typeof SETTABLE_FIELDS)[number];
  value: string;
}

const SECTION_KEYS = [
  'baseUrl',
  'organizationId',
  'otherOrganizationId',
  'tokens',
  'apiKeys',
  'refusedTokens',
  'refusedApiKeys',
  'expect',
  'allowFields',
  'jwt',
];
const MAX_CONFIG_BYTES = 1_000_000;

/** Reads and parses a config file; every problem is a ConfigError that names the file as given. */
export async function readConfig(
  file: string,
  cwd: string,
  env: Env,
  apis: readonly ApiDefinition[],
  settings: readonly Setting[] = [],
): Promise<OrgmockConfig> {
  const path = resolvePath(cwd, file);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ConfigError(`${file} is not a file`);
    if (info.size > MAX_CONFIG_BYTES) throw new ConfigError(`${file} is larger than 1 MB; is it the right file?`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${code ?? 'error'})`);
  }
  return parseConfig(text, env, apis, file, dirname(path), settings);
}

/**
 * Parses config text (`dir`: where relative file paths in it start; `settings` replace plain values of
 * its sections). Token values are never echoed in errors.
 */
export function parseConfig(
  text: string,
  env: Env,
  apis: readonly ApiDefinition[],
  where = 'config',
  dir = process.cwd(),
  settings: readonly Setting[] = [],
): OrgmockConfig {
  const names = apis.map((a) => a.name);
  const fail: Fail = (message, code) => {
    throw new ConfigError(`${where}${message}`, code);
  };
  const json = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    fail(` is not valid JSON: ${jsonSyntaxError(json)}`);
  }
  if (!isObject(raw)) fail(` must be a JSON object with a section per API (${names.join(', ')})`);
  for (const { section, key, value } of settings) {
    const target = raw[section];
    if (!isObject(target)) fail(`: --set ${section}.${key}: the config has no "${section}" section to set it in`);
    target[key] = value;
  }
  const sections = new Map<string, SectionConfig>();
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema' || key === '$comment') continue;
    const api = apis.find((a) => a.name === key);
    if (!api) return fail(`: unknown section "${key}"; the sections are ${names.join(', ')}`);
    sections.set(
      key,
      parseSection(value, api, env, secrets, dir, (message, code) => fail(`: ${message}`, code)),
    );
  }
  if (sections.size === 0) fail(` has no API section: add one of ${names.join(', ')}`);
  return { sections, secrets: [...new Set(secrets)] };
}

function parseSection(raw: unknown, api: ApiDefinition, env: Env, secrets: string[], dir: string, fail: Fail): SectionConfig {
  const { name } = api;
  if (!isObject(raw)) return fail(`"${name}" must be an object`);
  const fields = raw;
  for (const key of Object.keys(fields)) {
    if (!SECTION_KEYS.includes(key)) fail(`unknown key ${name}.${key}; the keys are ${SECTION_KEYS.join(', ')}`);
  }
  const text = (key: string): string | null => {
    const value = fields[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') fail(`${name}.${key} must be a string`);
    const read = readField(`${name}.${key}`, value.trim(), env, fail).value.trim();
    return read === '' ? null : read;
  };
  const baseUrl = text('baseUrl');
  if (baseUrl === null) return fail(`${name}.baseUrl is required (e.g. "https://staging.example.com")`);
  const url = parseBaseUrl(baseUrl, `${name}.baseUrl`, fail);
  const section: SectionConfig = {
    baseUrl: url.href.replace(/\/+$/, ''),
    organizationId: text('organizationId'),
    otherOrganizationId: text('otherOrganizationId'),
    tokens: new Map(),
    missingTokens: new Map(),
    expect: new Map(),
  };
  const tokens = readCredentials(fields.tokens, api, 'tokens', env, secrets, fail);
  section.tokens = tokens.values;
  section.missingTokens = tokens.missing;
  if (tokens.vars.size > 0) section.tokenVars = tokens.vars;
  if (fields.apiKeys !== undefined && fields.apiKeys !== null) {
    if (!apiKeyScheme(api.spec, api.operation)) fail(`${name}.apiKeys: this API's spec declares no API-key security scheme; use tokens`);
    const keys = readCredentials(fields.apiKeys, api, 'apiKeys', env, secrets, fail);
    section.apiKeys = keys.values;
    section.missingApiKeys = keys.missing;
    if (keys.vars.size > 0) section.apiKeyVars = keys.vars;
  }
  readOrganizations(api, section, fail);
  section.refusedTokens = readRefused(fields.refusedTokens, api.name, 'refusedTokens', env, secrets, fail);
  if (fields.refusedApiKeys !== undefined && fields.refusedApiKeys !== null && !apiKeyScheme(api.spec, api.operation))
    fail(`${name}.refusedApiKeys: this API's spec declares no API-key security scheme; use refusedTokens`);
  section.refusedApiKeys = readRefused(fields.refusedApiKeys, api.name, 'refusedApiKeys', env, secrets, fail);
  if (!section.refusedTokens) delete section.refusedTokens;
  if (!section.refusedApiKeys) delete section.refusedApiKeys;
  readExpect(fields.expect, name, section, fail);
  readAllowFields(fields.allowFields, name, section, fail);
  const jwt = readJwt(fields.jwt, {
    at: `${name}.jwt`,
    roles: configRoles(api),
    dir,
    secrets,
    fail,
    secretValue: secretValue(env, secrets, fail),
  });
  if (jwt) section.jwt = jwt;
  return section;
}

/**
 * One configured token or API key (`"$VAR"`, `"${VAR}"` or literal, once blanks around it and a
 * `Bearer ` prefix are dropped): the value and, when it is one variable, its name (curl lines show
 * it), or why there is none (an unset or blank variable). A value no header can carry is a config
 * error, said without echoing it.
 */
function readToken(
  value: unknown,
  at: string,
  env: Env,
  secrets: string[],
  fail: Fail,
): { token: string; variable?: string } | { missing: string } {
  if (typeof value !== 'string') fail(`${at} must be a string`);
  const resolved = readField(at, value.trim().replace(/^Bearer\s+/i, ''), env, fail);
  // Whatever was read from the environment is a secret, even a part of a value that turns out unusable.
  secrets.push(...resolved.expanded);
  if (resolved.missing) return { missing: `${at} refers to $${resolved.missing}, which is not set` };
  // A variable may hold the prefix too.
  const token = resolved.value.trim().replace(/^Bearer\s+/i, '');
  if (token === '') return { missing: resolved.used ? `${at} refers to $${resolved.used}, which is empty` : `${at} is empty` };
  if (/[\u0000-\u001f\u007f\s]/.test(token) || /[^\u0000-\u00ff]/.test(token)) {
    fail(`${at} contains whitespace, control or non-Latin-1 characters, which an HTTP header cannot carry`);
  }
  secrets.push(token);
  return resolved.variable ? { token, variable: resolved.variable } : { token };
}

/** `tokens` or `apiKeys`: role → credential, read with readToken; usable ones are secrets. */
function readCredentials(
  raw: unknown,
  api: ApiDefinition,
  field: 'tokens' | 'apiKeys',
  env: Env,
  secrets: string[],
  fail: Fail,
): { values: Map<string, string>; missing: Map<string, string>; vars: Map<string, string> } {
  const out = { values: new Map<string, string>(), missing: new Map<string, string>(), vars: new Map<string, string>() };
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) fail(`${api.name}.${field} must be an object of role → ${field === 'tokens' ? 'token' : 'API key'}`);
  const roles = configRoles(api);
  for (const [role, value] of Object.entries(raw)) {
    const at = `${api.name}.${field}.${role}`;
    if (!roles.includes(role)) fail(`${at}: "${role}" is not a role of the spec; the roles are ${roles.join(', ')}`);
    if (value === null) continue;
    const read = readToken(value, at, env, secrets, fail);
    if ('missing' in read) {
      out.missing.set(role, read.missing);
      continue;
    }
    out.values.set(role, read.token);
    if (read.variable) out.vars.set(role, read.variable);
  }
  return out;
}

/**
 * `refusedTokens` / `refusedApiKeys`: label → credential of an existing user who must not get in. A
 * label is a kind (`expired`, `revoked`, `deleted`, `inactive`) or free text; reports word the case by it.
 */
function readRefused(
  raw: unknown,
  name: string,
  field: 'refusedTokens' | 'refusedApiKeys',
  env: Env,
  secrets: string[],
  fail: Fail,
): Map<string, { token: string; variable?: string } | { missing: string }> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const example = field === 'refusedTokens' ? '{ "inactive": "$INACTIVE_TOKEN" }' : '{ "inactive": "$INACTIVE_API_KEY" }';
  if (!isObject(raw))
    fail(`${name}.${field} must be an object of label → ${field === 'refusedTokens' ? 'token' : 'API key'}, e.g. ${example}`);
  const refused = new Map<string, { token: string; variable?: string } | { missing: string }>();
  for (const [label, value] of Object.entries(raw)) {
    const at = `${name}.${field}.${label}`;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(label)) fail(`${at}: a label is letters, digits, _ . - (at most 64)`);
    const read = readToken(value, at, env, secrets, fail);
    refused.set(label, read);
  }
  return refused;
}

/** Organization ids must be valid values of the operation's organization parameter, and two different ones. */
function readOrganizations(api: ApiDefinition, section: SectionConfig, fail: Fail): void {
  const param = organizationParameter(api.operation);
  for (const field of ['organizationId', 'otherOrganizationId'] as const) {
    const value = section[field];
    if (value === null) continue;
    // Without an organization in the path, organizationId names the callers' own organization (their lists must hold
    // only it) and otherOrganizationId another one, which the tenant-override probes ask for.
    if (!param) continue;
    if (!validParameter(param, value)) fail(`${api.name}.${field} is not a valid ${param.name} (${describeSchema(param.schema)})`);
  }
  const { organizationId: own, otherOrganizationId: other } = section;
  if (own !== null && other !== null && own.toLowerCase() === other.toLowerCase()) {
    fail(`${api.name}.otherOrganizationId must differ from ${api.name}.organizationId`);
  }
}

/** `allowFields`: property names, or JSON pointers within a listed user (`*` for any array index). */
function readAllowFields(raw: unknown, name: string, section: SectionConfig, fail: Fail): void {
  if (raw === undefined || raw === null) return;
  const example = 'e.g. ["mfaMethod", "/profile/totpLabel"]';
  if (!Array.isArray(raw)) fail(`${name}.allowFields must be an array of property names or JSON pointers, ${example}`);
  section.allowFields = raw.map((field, i) => {
    if (typeof field !== 'string' || field.trim() === '')
      fail(`${name}.allowFields[${i}] must be a property name or a JSON pointer, ${example}`);
    return field.trim();
  });
}

function readExpect(raw: unknown, name: string, section: SectionConfig, fail: Fail): void {
  if (raw === undefined || raw === null) return;
  if (!isObject(raw)) fail(`${name}.expect must be an object of case → status, e.g. { "BILLING": 200 }`);
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
      fail(`${name}.expect.${key} must be an HTTP status from 100 to 599`);
    }
    section.expect.set(key, value);
  }
}

function parseBaseUrl(value: string, at: string, fail: Fail): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${at} is not a URL (expected e.g. "https://staging.example.com")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${at} must be an http or https URL`);
  if (url.search || url.hash) fail(`${at} must not have a query or a fragment`);
  // Never echoed: the user part is as secret as the password (`http://ghp_xxx@host`).
  if (url.username || url.password)
    fail(`${at} must not contain credentials (user:password@); put the token under tokens (e.g. "$MY_TOKEN") instead`);
  return url;
}

function validParameter(param: ParameterInfo, value: string): boolean {
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  return ajv.validate(toJsonSchema(param.schema) as object, value) === true;
}

function describeSchema(schema: Record<string, Json>): string {
  return [schema.type, schema.format ? `format ${String(schema.format)}` : null].filter(Boolean).join(', ');
}
/**
 * A secret field's value read through the one gate (secret-fields.ts), for blocks that keep their own
 * reader (`jwt`): what it reads from the environment is a secret, masked like the value.
 */
const secretValue =
  (env: Env, secrets: string[], fail: Fail) =>
  (value: string, at: string): { value: string; variable?: string } | { missing: string } => {
    const resolved = readField(at, value.trim(), env, fail);
    secrets.push(...resolved.expanded);
    if (resolved.missing) return { missing: `${at} refers to $${resolved.missing}, which is not set` };
    if (resolved.value === '') return { missing: resolved.used ? `${at} refers to $${resolved.used}, which is empty` : `${at} is empty` };
    return resolved.variable ? { value: resolved.value, variable: resolved.variable } : { value: resolved.value };
  };
