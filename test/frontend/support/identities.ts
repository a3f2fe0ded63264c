import type { FlashbackOrgRole, SuperAIRole, SuperAIStatus } from '../../../src/client/index.js';

/** `GET /__mock/identities`. */
export interface Identities {
  flashback: { token: string; userId: string; orgId: string; orgRole: FlashbackOrgRole; deleted: boolean }[];
  superai: { token: string; userId: string; organizationId: string; role: SuperAIRole; status: SuperAIStatus; apiKey: string | null }[];
}

/** Reads the identities through any fetch (the HTTP mock, or `app.fetch`). */
export async function readIdentities(
  fetcher: (request: Request) => Response | Promise<Response>,
  mockUrl = 'http://orgmock.test',
): Promise<Identities> {
  const response = await fetcher(new Request(`${mockUrl}/__mock/identities`));
  if (!response.ok) throw new Error(`identities: ${response.status}`);
  return (await response.json()) as Identities;
}

export const FLASHBACK_ROLES = { USER: 0, BILLING: 1, WORKSPACES: 2, ADMINISTRATOR: 254, OWNER: 255 } as const satisfies Record<
  string,
  FlashbackOrgRole
>;

export function flashbackToken(ids: Identities, role: FlashbackOrgRole, deleted = false) {
  const found = ids.flashback.find((i) => i.orgRole === role && i.deleted === deleted);
  if (!found) throw new Error(`no flashback identity with orgRole ${role}, deleted ${deleted}`);
  return found;
}

export function superaiToken(ids: Identities, role: SuperAIRole, status: SuperAIStatus = 'active') {
  const found = ids.superai.find((i) => i.role === role && i.status === status);
  if (!found) throw new Error(`no superai identity with role ${role}, status ${status}`);
  return found;
}

/** An organization other than `than` (one some active org_admin belongs to). */
export function otherSuperAIOrg(ids: Identities, than: string): string {
  const org = ids.superai.find((i) => i.organizationId !== than && i.role !== 'backoffice')?.organizationId;
  if (!org) throw new Error('no second SuperAI organization');
  return org;
}

/** A well-formed UUID no fixture organization has. */
export const MISSING_ORG = '00000000-0000-4000-8000-000000000000';
