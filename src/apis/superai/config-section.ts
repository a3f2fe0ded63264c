/**
 * SuperAI's config section for orgmock's own mock: built from the mock's identity rows (`orgmock verify` against
 * the mock).
 */
import type { Spec } from '../../openapi/load.js';
import type { Json, JsonObject, OperationInfo } from '../../openapi/types.js';
import { canSignIn, roleCatalog } from '../../openapi/extensions.js';

interface Identity {
  token: string;
  organizationId: string;
  role: string;
  status: string;
  apiKey?: string | null;
}

/**
 * A superai config section for the mock: the organization of an active user of an own-organization
 * role (org_admin) with a token of every role there, an any-organization role's token from wherever
 * it lives (backoffice: the platform organization), and another organization with users of its own;
 * the same for API keys, from the users that have one.
 */
export function superaiSectionFromMock(spec: Spec, operation: OperationInfo, rows: unknown[], baseUrl: string): Record<string, unknown> {
  const access = operation.access!;
  // The rows carry the record's own role and status fields, so the spec's sign-in rule reads them as is.
  const active = (rows as Identity[]).filter((r) => canSignIn(access, r as unknown as JsonObject));
  const roleOf = (r: Identity): Json => (r as unknown as Record<string, Json>)[access.roleProperty] ?? null;
  const scoped = (scope: string) => access.rules.filter((rule) => rule.scope === scope).flatMap((rule) => rule.roles);
  const own = active.find((r) => scoped('own-organization').includes(roleOf(r)));
  if (!own) return { baseUrl };
  const anywhere = new Set(scoped('any-organization'));
  const platform = new Set(active.filter((r) => anywhere.has(roleOf(r))).map((r) => r.organizationId));
  const other = active.find((r) => r.organizationId !== own.organizationId && !platform.has(r.organizationId));
  const tokens: Record<string, string> = {};
  const apiKeys: Record<string, string> = {};
  for (const name of roleCatalog(spec, operation).names) {
    const here = (r: Identity) => roleOf(r) === name && (anywhere.has(name) || r.organizationId === own.organizationId);
    const user = active.find(here);
    if (user) tokens[name] = user.token;
    const keyed = active.find((r) => here(r) && typeof r.apiKey === 'string');
    if (keyed) apiKeys[name] = keyed.apiKey!;
  }
  // A user of the organization who may not sign in (inactive or pending): its token must be refused.
  const refused = (rows as Identity[]).find((r) => r.organizationId === own.organizationId && !active.includes(r));
  return {
    baseUrl,
    organizationId: own.organizationId,
    ...(other ? { otherOrganizationId: other.organizationId } : {}),
    tokens,
    ...(Object.keys(apiKeys).length > 0 ? { apiKeys } : {}),
    ...(refused ? { refusedTokens: { [refused.status]: refused.token } } : {}),
  };
}
