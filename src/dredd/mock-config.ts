/**
 * A config for orgmock's own mock, built from its `GET /__mock/identities`: one token per role,
 * an organization with an org_admin for SuperAI, and another organization.
 */
import { FLASHBACK_ROLES, type DreddConfig, type FlashbackRole, type SuperaiRole } from './config.js';

interface FlashbackIdentity {
  token: string;
  orgId: string;
  orgRole: number;
  deleted: boolean;
}

interface SuperaiIdentity {
  token: string;
  organizationId: string;
  role: string;
  status: string;
}

export interface MockIdentities {
  flashback?: FlashbackIdentity[];
  superai?: SuperaiIdentity[];
}

const FLASHBACK_ROLE_VALUES: Record<FlashbackRole, number> = { USER: 0, BILLING: 1, WORKSPACES: 2, ADMINISTRATOR: 254, OWNER: 255 };

/** Builds the config from identities already fetched. */
export function configFromIdentities(url: string, identities: MockIdentities): DreddConfig {
  const base = url.replace(/\/+$/, '');
  const config: DreddConfig = {};
  if (identities.flashback?.length) {
    const tokens: Partial<Record<FlashbackRole, string>> = {};
    for (const role of FLASHBACK_ROLES) {
      const user = identities.flashback.find((u) => !u.deleted && u.orgRole === FLASHBACK_ROLE_VALUES[role]);
      if (user) tokens[role] = user.token;
    }
    config.flashback = { baseUrl: base, tokens };
  }
  const superai = identities.superai ?? [];
  const admin = superai.find((u) => u.role === 'org_admin' && u.status === 'active');
  if (admin) {
    const org = admin.organizationId;
    const tokens: Partial<Record<SuperaiRole, string>> = { org_admin: admin.token };
    for (const u of superai) {
      if (u.status !== 'active' || u.role === 'org_admin') continue;
      const role = u.role as SuperaiRole;
      if (!tokens[role]) tokens[role] = u.token;
    }
    const other = superai.map((u) => u.organizationId).find((o) => o.toLowerCase() !== org.toLowerCase());
    config.superai = { baseUrl: `${base}/api`, organizationId: org, tokens, ...(other ? { otherOrganizationId: other } : {}) };
  }
  return config;
}

/** Fetches the mock's identities and builds the config. */
export async function configFromMock(url: string): Promise<DreddConfig> {
  const res = await fetch(`${url.replace(/\/+$/, '')}/__mock/identities`);
  if (!res.ok) throw new Error(`GET ${url}/__mock/identities answered ${res.status}`);
  return configFromIdentities(url, (await res.json()) as MockIdentities);
}
