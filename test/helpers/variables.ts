/**
 * Values for the `"$NAME"` variables of a verify config (the example config, the starter config `orgmock init`
 * writes), for every API of the registry, taken from a running mock as a user would set them: its URL, the
 * organizations and credentials of the section each API builds from `/__mock/identities`, a refused user's token,
 * and, where the own organization has no user of a denied role, any active user's of that role (a denied role may
 * come from anywhere).
 */
import { APIS } from '../../src/apis/index.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { canSignIn, roleCatalog, rolesByScope } from '../../src/openapi/extensions.js';
import type { Json, JsonObject } from '../../src/openapi/types.js';

/** The first `$NAME` / `${NAME}` of a config value. */
const variableOf = (value: unknown) => /\$\{?([A-Z_][A-Z0-9_]*)\}?/.exec(String(value))?.[1];

/**
 * Every variable of `sections` (a config without its `$comment`) the mock at `mockUrl` can fill; with `strict`,
 * one it cannot is an error naming it, else it is left out (its cases are then skipped).
 */
export async function variablesFromMock(
  mockUrl: string,
  sections: Record<string, Record<string, unknown>>,
  { strict = false } = {},
): Promise<Record<string, string>> {
  const config = (await configFromMock(mockUrl, APIS)) as Record<string, Record<string, any>>;
  const identities = (await (await fetch(`${mockUrl}/__mock/identities`)).json()) as Record<string, JsonObject[]>;
  const env: Record<string, string> = {};
  for (const [name, section] of Object.entries(sections)) {
    const api = APIS.find((a) => a.name === name)!;
    const access = api.operation.access;
    const roles = roleCatalog(api.spec, api.operation);
    const denied = new Set(rolesByScope(api.spec, api.operation).denied);
    const rows = identities[name] ?? [];
    const roleOf = (row: JsonObject) => (access ? roles.nameOf(row[access.roleProperty] as Json) : undefined);
    const active = rows.filter((row) => canSignIn(access, row));
    const anywhere = (role: string, has: (row: JsonObject) => boolean) =>
      denied.has(role) ? active.find((row) => roleOf(row) === role && has(row)) : undefined;
    const fallback: Record<string, (key: string) => unknown> = {
      tokens: (role) => anywhere(role, () => true)?.token,
      apiKeys: (role) => anywhere(role, (row) => typeof row.apiKey === 'string')?.apiKey,
      refusedTokens: () => Object.values(config[name]?.refusedTokens ?? {})[0] ?? rows.find((row) => !canSignIn(access, row))?.token,
    };
    for (const [field, value] of Object.entries(section)) {
      const entries = typeof value === 'string' ? [[null, value] as const] : Object.entries(value as Record<string, unknown>);
      for (const [key, ref] of entries) {
        const variable = variableOf(ref);
        if (!variable) continue;
        const fromMock = key === null ? config[name]?.[field] : config[name]?.[field]?.[key];
        const found = field === 'baseUrl' ? mockUrl : (fromMock ?? fallback[field]?.(key ?? ''));
        if (typeof found === 'string') env[variable] = found;
        else if (strict) throw new Error(`the mock gives no value for ${name}.${field}${key ? `.${key}` : ''} ($${variable})`);
      }
    }
  }
  return env;
}
