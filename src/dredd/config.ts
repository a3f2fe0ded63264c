/**
 * A minimal reader of the orgmock config file for `orgmock dredd` (the verify command has its own;
 * they are to be unified). JSON; any string value may be a `$VAR` or `${VAR}` reference to an
 * environment variable. Error messages name the place in the file, never a value: values are tokens.
 */
import { readFileSync } from 'node:fs';

export const FLASHBACK_ROLES = ['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATOR', 'OWNER'] as const;
export const SUPERAI_ROLES = ['org_admin', 'backoffice', 'app_user', 'integration', 'worker', 'publisher'] as const;
export type FlashbackRole = (typeof FLASHBACK_ROLES)[number];
export type SuperaiRole = (typeof SUPERAI_ROLES)[number];

export const API_NAMES = ['flashback', 'superai'] as const;
export type ApiName = (typeof API_NAMES)[number];

export interface FlashbackTarget {
  /** e.g. `https://backend.flashback.tech`, no trailing slash. */
  baseUrl: string;
  tokens: Partial<Record<FlashbackRole, string>>;
}

export interface SuperaiTarget {
  /** e.g. `https://flows.super.ai/api`, no trailing slash. */
  baseUrl: string;
  /** An organization that exists (and that an org_admin token, if given, belongs to). */
  organizationId: string;
  /** Another existing organization, for org_admin's 403. */
  otherOrganizationId?: string;
  tokens: Partial<Record<SuperaiRole, string>>;
}

export interface DreddConfig {
  flashback?: FlashbackTarget;
  superai?: SuperaiTarget;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENV_REF = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

type Env = Record<string, string | undefined>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads, resolves and validates a config file. */
export function loadDreddConfig(file: string, env: Env): DreddConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read the config file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the mistake, which may be a token: report the place only.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    let where = '';
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    throw new ConfigError(`the config file ${file} is not valid JSON${where}`);
  }
  return parseDreddConfig(raw, env, file);
}

/** Validates an already-parsed config, resolving `$VAR` references from `env`. */
export function parseDreddConfig(raw: unknown, env: Env, source = 'the config'): DreddConfig {
  const fail = (message: string): never => {
    throw new ConfigError(`${source}: ${message}`);
  };
  if (!isObject(raw)) fail('must be a JSON object');
  const root = raw as Record<string, unknown>;

  const str = (value: unknown, where: string): string => {
    if (typeof value !== 'string') return fail(`${where} must be a string`);
    const ref = ENV_REF.exec(value);
    if (!ref) {
      if (value === '') fail(`${where} is empty`);
      return value;
    }
    const name = (ref[1] ?? ref[2])!;
    const resolved = env[name];
    if (resolved === undefined || resolved === '') fail(`${where} refers to $${name}, which is not set`);
    return resolved!;
  };
  const url = (value: unknown, where: string): string => {
    const text = str(value, where);
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return fail(`${where} is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(`${where} must be an http or https URL`);
    if (parsed.search || parsed.hash) fail(`${where} must have no query or fragment`);
    return text.replace(/\/+$/, '');
  };
  const uuid = (value: unknown, where: string): string => {
    const text = str(value, where);
    if (!UUID.test(text)) fail(`${where} must be a UUID`);
    return text;
  };
  const tokens = <R extends string>(value: unknown, where: string, roles: readonly R[]): Partial<Record<R, string>> => {
    if (!isObject(value)) return fail(`${where} must be an object of role: token`);
    const out: Partial<Record<R, string>> = {};
    for (const [role, token] of Object.entries(value)) {
      if (!(roles as readonly string[]).includes(role)) fail(`${where}.${role} is not a role; roles are ${roles.join(', ')}`);
      const resolved = str(token, `${where}.${role}`);
      if (/\s/.test(resolved)) fail(`${where}.${role} contains whitespace`);
      out[role as R] = resolved;
    }
    return out;
  };

  const config: DreddConfig = {};
  if (root.flashback !== undefined) {
    const fb = root.flashback;
    if (!isObject(fb)) fail('flashback must be an object');
    const section = fb as Record<string, unknown>;
    config.flashback = {
      baseUrl: url(section.baseUrl, 'flashback.baseUrl'),
      tokens: tokens(section.tokens, 'flashback.tokens', FLASHBACK_ROLES),
    };
  }
  if (root.superai !== undefined) {
    const sa = root.superai;
    if (!isObject(sa)) fail('superai must be an object');
    const section = sa as Record<string, unknown>;
    const target: SuperaiTarget = {
      baseUrl: url(section.baseUrl, 'superai.baseUrl'),
      organizationId: uuid(section.organizationId, 'superai.organizationId'),
      tokens: tokens(section.tokens, 'superai.tokens', SUPERAI_ROLES),
    };
    if (section.otherOrganizationId !== undefined) {
      target.otherOrganizationId = uuid(section.otherOrganizationId, 'superai.otherOrganizationId');
      if (target.otherOrganizationId.toLowerCase() === target.organizationId.toLowerCase()) {
        fail('superai.otherOrganizationId must differ from superai.organizationId');
      }
    }
    config.superai = target;
  }
  if (!config.flashback && !config.superai) fail('has neither a "flashback" nor a "superai" section');
  return config;
}

/** Every secret value of a config (the tokens), for masking output. */
export function secretsOf(config: DreddConfig): string[] {
  return [...Object.values(config.flashback?.tokens ?? {}), ...Object.values(config.superai?.tokens ?? {})].filter(
    (t): t is string => typeof t === 'string' && t !== '',
  );
}
