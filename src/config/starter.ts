/**
 * The starter config: a verify config for every API it is given, read from each spec (roles, API-key
 * scheme, organization parameter, sign-in rule). Every secret (token, API key) is a `"$NAME"`
 * environment reference; the plain values (base URL, organization ids) are literal, as only secret
 * fields read the environment (secret-fields.ts): the base URL is orgmock serve's, the organizations
 * are null until filled in (in the file, or with `orgmock verify --set`). Pure: `orgmock init` writes
 * it; anything else that must follow the registry (the shipped example) can build it too.
 */
import type { ApiDefinition } from '../apis/types.js';
import { apiKeyScheme, organizationParameter, roleCatalog, rolesByScope } from '../openapi/extensions.js';
import { findProperty, responseSchema, successResponse } from '../openapi/query.js';
import type { JsonObject } from '../openapi/types.js';

/** One environment variable the starter config reads, and what to set it to. */
export interface StarterVariable {
  name: string;
  /** The config path it fills (`flashback.tokens.OWNER`). */
  path: string;
  meaning: string;
}

/** One plain value of the config to fill in or check (in the file, or with `orgmock verify --set PATH=VALUE`). */
export interface StarterValue {
  /** The config path (`superai.organizationId`). */
  path: string;
  meaning: string;
}

export interface StarterConfig {
  /** The config, as a file holds it (`$comment` first). */
  config: Record<string, unknown>;
  /** Every variable the config reads (its secrets), in the order they appear. */
  variables: StarterVariable[];
  /** Every plain value (base URLs, organization ids), in the order they appear. */
  values: StarterValue[];
}

/** Where orgmock serve listens by default: the starter's base URLs, so that it runs against the mock as written. */
const MOCK_ORIGIN = 'http://localhost:4010';

export interface StarterOptions {
  /** An API's origin (its base URL without the spec's base path): orgmock serve's `http://localhost:4010` by default. */
  origin?: (api: string) => string;
}

type StarterApi = Pick<ApiDefinition, 'name' | 'title' | 'spec' | 'operation' | 'signInState'>;

const envName = (...parts: string[]) =>
  parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');

const COMMENT =
  'orgmock verify --config <this file>. Tokens and API keys are "$NAME" references read from the environment, so they stay out of the file; a variable left unset skips its cases and says so (--fail-on-skip makes that fail). Only those secret fields read the environment: baseUrl and the organization ids are written as they are (null: not set, its cases skipped), in this file or with --set API.KEY=VALUE on the command line. `orgmock init` printed what each one holds. Against orgmock\'s own mock (npx orgmock serve), every one can be set from GET /__mock/identities.';

/**
 * The starter config of `apis`: every role's token, every role's API key where the spec has an API-key scheme,
 * organizations, a refused user (its token, and its API key where there is a scheme) and a `jwt` block for minted tokens.
 */
export function starterConfig(apis: readonly StarterApi[], options: StarterOptions = {}): StarterConfig {
  const origin = options.origin ?? (() => MOCK_ORIGIN);
  const config: Record<string, unknown> = { $comment: COMMENT };
  const variables: StarterVariable[] = [];
  const values: StarterValue[] = [];
  for (const api of apis) {
    const ref = (path: string, name: string, meaning: string) => {
      variables.push({ name, path: `${api.name}.${path}`, meaning });
      return `$${name}`;
    };
    const access = api.operation.access;
    const section: Record<string, unknown> = {};
    const plain = (path: string, value: string | null, meaning: string) => {
      values.push({ path: `${api.name}.${path}`, meaning });
      section[path] = value;
    };
    const base = api.spec.basePath ? ` with ${api.spec.basePath}` : '';
    plain('baseUrl', `${origin(api.name)}${api.spec.basePath}`, `${api.title}'s base URL${base} (as written: orgmock serve's)`);
    const byOrganization = organizationParameter(api.operation) !== null;
    if (access && (byOrganization || access.organizationProperty)) {
      plain('organizationId', null, byOrganization ? 'the organization the role tokens belong to' : "the callers' own organization");
      if (byOrganization) plain('otherOrganizationId', null, 'another existing organization, with users of its own');
    }
    if (access) {
      const anywhere = new Set(rolesByScope(api.spec, api.operation)['any-organization']);
      const where = (role: string) =>
        anywhere.has(role) ? 'any organization' : 'organizationId' in section ? 'that organization' : 'one organization';
      const names = roleCatalog(api.spec, api.operation).names;
      section.tokens = Object.fromEntries(
        names.map((role) => [
          role,
          ref(`tokens.${role}`, envName(api.name, role, 'TOKEN'), `bearer token of an active user with role ${role}, of ${where(role)}`),
        ]),
      );
      const scheme = apiKeyScheme(api.spec, api.operation);
      if (scheme) {
        section.apiKeys = Object.fromEntries(
          names.map((role) => [
            role,
            ref(
              `apiKeys.${role}`,
              envName(api.name, role, 'API_KEY'),
              `API key (${scheme.header}) of an active user with role ${role}, of ${where(role)}`,
            ),
          ]),
        );
      }
      const refused = refusedLabel(api);
      if (refused) {
        section.refusedTokens = {
          [refused]: ref(
            `refusedTokens.${refused}`,
            envName(api.name, refused, 'USER_TOKEN'),
            `token of an existing user who must not sign in (${refused})`,
          ),
        };
        if (scheme)
          section.refusedApiKeys = {
            [refused]: ref(
              `refusedApiKeys.${refused}`,
              envName(api.name, refused, 'USER_API_KEY'),
              `API key (${scheme.header}) of an existing user who must not get in (${refused})`,
            ),
          };
      }
      // Tokens verify mints itself (expired, not yet valid, unknown user), signed with the backend's HS256 secret.
      section.jwt = {
        alg: 'HS256',
        secret: ref('jwt.secret', envName(api.name, 'JWT_SECRET'), `the HS256 secret ${api.title} signs its JWTs with (minted probes)`),
        claims: { subject: 'sub' },
      };
    }
    config[api.name] = section;
  }
  return { config, variables, values };
}

/** The sign-in state of a user the spec's `activeWhen` refuses (`deleted`, `inactive`), or null without a rule. */
function refusedLabel(api: StarterApi): string | null {
  const rule = api.operation.access?.activeWhen;
  if (!rule) return null;
  const record: JsonObject = { [rule.property]: refusedValue(api, rule.property, rule.equals) };
  const label = api.signInState(record);
  return /^[A-Za-z][\w-]*$/.test(label) ? label : 'refused';
}

/** A value of the sign-in property other than the one that lets a user in: another enum member, the other boolean, a set date. */
function refusedValue(api: StarterApi, property: string, equals: unknown): JsonObject[string] {
  if (typeof equals === 'boolean') return !equals;
  if (equals === null) return '2026-01-01T00:00:00Z';
  const schema = findProperty(api.spec, responseSchema(api.spec, successResponse(api.operation)), property);
  const enums: unknown[] = Array.isArray(schema?.enum) ? schema.enum : [];
  const other = enums.find((v) => v !== equals && (typeof v === 'string' || typeof v === 'number'));
  return (other as string | number | undefined) ?? `not-${String(equals)}`;
}
