/**
 * The same requests, sent to the mock wherever it runs (an installed package's app.fetch in Node,
 * Deno serving it, a page's MSW worker): 401 anonymous, 200 for a WORKSPACES caller, 403 for a USER,
 * 404 for a SuperAI backoffice caller on an unknown organization, and the identities.
 */
export const MISSING_ORG = '00000000-0000-4000-8000-000000000000';

export interface Probe {
  name: string;
  url: string;
  token?: string;
}

interface IdentityRows {
  flashback: { token: string; orgRole: number; deleted: boolean }[];
  superai: { token: string; role: string; status: string; organizationId: string }[];
}

/** The probes for a mock whose identities are `ids`, the APIs under `flashback` and `superai` base URLs. */
export function probes(ids: IdentityRows, urls: { flashback: string; superai: string }): Probe[] {
  const fb = (role: number) => ids.flashback.find((i) => i.orgRole === role && !i.deleted)!.token;
  const backoffice = ids.superai.find((i) => i.role === 'backoffice' && i.status === 'active')!.token;
  const admin = ids.superai.find((i) => i.role === 'org_admin' && i.status === 'active')!;
  const users = `${urls.flashback}/organization/users`;
  const orgUsers = (org: string) => `${urls.superai}/admin/organizations/${org}/users`;
  return [
    { name: 'flashback anonymous', url: users },
    { name: 'flashback WORKSPACES', url: users, token: fb(2) },
    { name: 'flashback USER', url: users, token: fb(0) },
    { name: 'superai anonymous', url: orgUsers(admin.organizationId) },
    { name: 'superai org_admin', url: orgUsers(admin.organizationId), token: admin.token },
    { name: 'superai backoffice, unknown organization', url: orgUsers(MISSING_ORG), token: backoffice },
  ];
}

export interface Answer {
  name: string;
  status: number;
  body: unknown;
}

/** Each probe's status and body; the request id (fresh per request) blanked in SuperAI error bodies. */
export async function ask(fetcher: (request: Request) => Response | Promise<Response>, list: Probe[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const p of list) {
    const response = await fetcher(new Request(p.url, { headers: p.token ? { Authorization: `Bearer ${p.token}` } : {} }));
    const body = (await response.json()) as unknown;
    answers.push({ name: p.name, status: response.status, body: blankRequestId(body) });
  }
  return answers;
}

export function blankRequestId(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'request_id' in body) return { ...body, request_id: '<id>' };
  return body;
}

export const EXPECTED_STATUSES = [401, 200, 403, 401, 200, 404];
