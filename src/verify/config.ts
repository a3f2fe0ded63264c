import { readFile, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { isObject } from '../spec/load.js';
import { configError } from './errors.js';
import { jsonSyntaxError } from './json-locate.js';

/** One API's section of the config, env references resolved. */
export interface SectionConfig {
  baseUrl: string;
  organizationId: string | null;
  otherOrganizationId: string | null;
  /** Bearer token by role name. */
  tokens: Map<string, string>;
  /** Tokens named in the config that cannot be used, by role, with why (`$X is not set`). */
  missingTokens: Map<string, string>;
  /** Status overrides by case key (`USER`, `org_admin@otherOrganizationId`). */
  expect: Map<string, number>;
}

export interface VerifyConfig {
  sections: Map<string, SectionConfig>;
  /** Every secret value of the config (tokens, URL passwords), for masking. */
  secrets: string[];
}

type Env = Record<string, string | undefined>;

const SECTION_KEYS = ['baseUrl', 'organizationId', 'otherOrganizationId', 'tokens', 'expect'];
const MAX_CONFIG_BYTES = 1_000_000;

/** Reads and parses a config file; every problem is a VerifyError (E_CONFIG) that names the file. */
export async function readConfig(file: string, cwd: string, env: Env, apiNames: readonly string[]): Promise<VerifyConfig> {
  const path = resolvePath(cwd, file);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw configError(`${file} is not a file`);
    if (info.size > MAX_CONFIG_BYTES) throw configError(`${file} is larger than 1 MB; is it the right file?`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && error.name === 'VerifyError') throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${code ?? 'error'})`);
  }
  return parseConfig(text, env, apiNames, file);
}

/** Parses config text. Token values are never echoed in errors. */
export function parseConfig(text: string, env: Env, apiNames: readonly string[], where = 'config'): VerifyConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw configError(`${where} is not valid JSON: ${jsonSyntaxError(text.replace(/^\uFEFF/, ''))}`);
  }
  if (!isObject(raw)) throw configError(`${where} must be a JSON object with a section per API (${apiNames.join(', ')})`);
  const sections = new Map<string, SectionConfig>();
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema' || key === '$comment') continue;
    if (!apiNames.includes(key)) throw configError(`${where}: unknown section "${key}"; the sections are ${apiNames.join(', ')}`);
    sections.set(key, parseSection(value, key, env, secrets, where));
  }
  if (sections.size === 0) throw configError(`${where} has no API section: add one of ${apiNames.join(', ')}`);
  return { sections, secrets };
}

function parseSection(raw: unknown, name: string, env: Env, secrets: string[], where: string): SectionConfig {
  if (!isObject(raw)) throw configError(`${where}: "${name}" must be an object`);
  for (const key of Object.keys(raw)) {
    if (!SECTION_KEYS.includes(key)) throw configError(`${where}: unknown key ${name}.${key}; the keys are ${SECTION_KEYS.join(', ')}`);
  }
  const text = (key: string): string | null => {
    const value = raw[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw configError(`${where}: ${name}.${key} must be a string`);
    const resolved = substitute(value, env);
    if (resolved.missing) throw configError(`${where}: ${name}.${key} refers to $${resolved.missing}, which is not set`);
    return resolved.value.trim() === '' ? null : resolved.value.trim();
  };
  const baseUrl = text('baseUrl');
  if (baseUrl === null) throw configError(`${where}: ${name}.baseUrl is required (e.g. "https://staging.example.com")`);
  const url = parseBaseUrl(baseUrl, `${name}.baseUrl`, where);
  if (url.password) secrets.push(decodeURIComponent(url.password), url.password);
  const section: SectionConfig = {
    baseUrl: url.href.replace(/\/+$/, ''),
    organizationId: text('organizationId'),
    otherOrganizationId: text('otherOrganizationId'),
    tokens: new Map(),
    missingTokens: new Map(),
    expect: new Map(),
  };
  readTokens(raw.tokens, name, env, section, secrets, where);
  readExpect(raw.expect, name, section, where);
  return section;
}

function readTokens(raw: unknown, name: string, env: Env, section: SectionConfig, secrets: string[], where: string): void {
  if (raw === undefined || raw === null) return;
  if (!isObject(raw)) throw configError(`${where}: ${name}.tokens must be an object of role → token`);
  for (const [role, value] of Object.entries(raw)) {
    const at = `${name}.tokens.${role}`;
    if (value === null) continue;
    if (typeof value !== 'string') throw configError(`${where}: ${at} must be a string`);
    const resolved = substitute(value, env);
    if (resolved.missing) {
      section.missingTokens.set(role, `${at} refers to $${resolved.missing}, which is not set`);
      continue;
    }
    const token = resolved.value.trim().replace(/^Bearer\s+/i, '');
    if (token === '') {
      section.missingTokens.set(role, `${at} is empty`);
      continue;
    }
    // The value must be sendable as a header; say so without echoing it.
    if (/[\u0000-\u001f\u007f]/.test(token) || /[^\u0000-\u00ff]/.test(token) || /\s/.test(token)) {
      throw configError(`${where}: ${at} contains whitespace, control or non-Latin-1 characters, which an Authorization header cannot carry`);
    }
    secrets.push(token);
    section.tokens.set(role, token);
  }
}

function readExpect(raw: unknown, name: string, section: SectionConfig, where: string): void {
  if (raw === undefined || raw === null) return;
  if (!isObject(raw)) throw configError(`${where}: ${name}.expect must be an object of case → status, e.g. { "BILLING": 200 }`);
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
      throw configError(`${where}: ${name}.expect.${key} must be an HTTP status from 100 to 599`);
    }
    section.expect.set(key, value);
  }
}

function parseBaseUrl(value: string, at: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`${where}: ${at} is not a URL (expected e.g. "https://staging.example.com")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(`${where}: ${at} must be an http or https URL`);
  if (url.search || url.hash) throw configError(`${where}: ${at} must not have a query or a fragment`);
  return url;
}

/** `$NAME` (the whole value) or `${NAME}` (anywhere) → the variable's value. */
function substitute(value: string, env: Env): { value: string; missing?: string } {
  const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  if (whole) {
    const found = env[whole[1]!];
    return found === undefined ? { value: '', missing: whole[1]! } : { value: found };
  }
  let missing: string | undefined;
  const out = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) missing ??= name;
    return found ?? '';
  });
  return missing ? { value: out, missing } : { value: out };
}
