/**
 * Flashback's config section for orgmock's own mock: built from the mock's identity rows (`orgmock verify`
 * against the mock).
 */
import type { Spec } from '../../openapi/load.js';
import type { OperationInfo } from '../../openapi/types.js';
import { roleCatalog } from '../../openapi/extensions.js';

interface Identity {
  token: string;
  orgId: string;
  orgRole: number;
  deleted: boolean;
}

/** A flashback config section for the mock: one organization, a token of every role (soft-deleted users cannot sign in). */
export function flashbackSectionFromMock(spec: Spec, operation: OperationInfo, rows: unknown[], baseUrl: string): Record<string, unknown> {
  const live = (rows as Identity[]).filter((r) => !r.deleted);
  const deleted = (rows as Identity[]).find((r) => r.deleted && r.orgId === live[0]?.orgId);
  const catalog = roleCatalog(spec, operation);
  const org = live[0]?.orgId;
  const tokens: Record<string, string> = {};
  for (const name of catalog.names) {
    const user = live.find((r) => r.orgId === org && r.orgRole === catalog.valueOf(name));
    if (user) tokens[name] = user.token;
  }
  return { baseUrl, ...(org ? { organizationId: org } : {}), tokens, ...(deleted ? { refusedTokens: { deleted: deleted.token } } : {}) };
}
