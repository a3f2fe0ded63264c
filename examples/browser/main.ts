/** The example page: pick an API and a role's token, fetch the user list cross-origin, render it. */
import { mockBaseUrls, type FlashbackOrgRole, type SuperAIRole, type SuperAIStatus } from '../../src/client/index.js';
import { createOrgUsers, type UsersResult } from '../org-users.js';

/** `GET /__mock/identities` (a mock-only route, so not in the specs' types). */
interface Identities {
  flashback: { token: string; orgId: string | null; orgRole: FlashbackOrgRole | null; deleted: boolean }[];
  superai: { token: string; organizationId: string | null; role: SuperAIRole | null; status: SuperAIStatus | null }[];
}
type Api = keyof Identities;
interface Choice {
  label: string;
  token: string;
  org: string;
}

const ROLE_NAMES: Record<FlashbackOrgRole, string> = { 0: 'USER', 1: 'BILLING', 2: 'WORKSPACES', 254: 'ADMINISTRATOR', 255: 'OWNER' };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const mockUrl = new URLSearchParams(location.search).get('mock') ?? 'http://localhost:4010';
const urls = mockBaseUrls(mockUrl);
const orgUsers = createOrgUsers({ flashbackBaseUrl: urls.flashback, superaiBaseUrl: urls.superai });

/** One token per role, of a user who can sign in. */
function choices(ids: Identities, api: Api): Choice[] {
  const all: Choice[] =
    api === 'flashback'
      ? ids.flashback
          .filter((i) => !i.deleted && i.orgRole !== null)
          .map((i) => ({ label: ROLE_NAMES[i.orgRole!], token: i.token, org: i.orgId ?? '' }))
      : ids.superai
          .filter((i) => i.status === 'active' && i.role !== null)
          .map((i) => ({ label: i.role!, token: i.token, org: i.organizationId ?? '' }));
  return all.filter((c, n) => all.findIndex((d) => d.label === c.label) === n);
}

function show(result: UsersResult): void {
  const status = $('status');
  const table = $<HTMLTableElement>('users');
  const body = table.tBodies[0]!;
  body.replaceChildren();
  if (!result.ok) {
    Object.assign(status.dataset, { state: 'error', status: String(result.status) });
    status.textContent = result.message;
    table.hidden = true;
    return;
  }
  for (const user of result.rows) {
    const row = body.insertRow();
    for (const text of [user.name, user.email, user.role]) row.insertCell().textContent = text;
  }
  Object.assign(status.dataset, { state: 'ok', status: '200' });
  status.textContent = `${result.total} users`;
  table.hidden = false;
}

async function main(): Promise<void> {
  $('mock-url').textContent = mockUrl;
  const ids = (await (await fetch(`${mockUrl}/__mock/identities`)).json()) as Identities;
  const api = $<HTMLSelectElement>('api');
  const identity = $<HTMLSelectElement>('identity');
  const org = $<HTMLInputElement>('org');
  const fillIdentities = () => {
    identity.replaceChildren(
      ...choices(ids, api.value as Api).map((c) => {
        const option = new Option(c.label, c.token);
        option.title = c.token;
        option.dataset.org = c.org;
        return option;
      }),
    );
    identity.dispatchEvent(new Event('change'));
    $('org-field').hidden = api.value !== 'superai';
  };
  identity.addEventListener('change', () => (org.value = identity.selectedOptions[0]?.dataset.org ?? ''));
  api.addEventListener('change', fillIdentities);
  fillIdentities();
  $('query').addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.assign($('status').dataset, { state: 'loading', status: '' });
    $('status').textContent = 'Loading…';
    try {
      show(api.value === 'flashback' ? await orgUsers.flashback(identity.value) : await orgUsers.superai(identity.value, org.value.trim()));
    } catch (error) {
      show({ ok: false, status: 0, reason: 'unexpected', message: `Cannot reach the mock at ${mockUrl}: ${String(error)}` });
    }
  });
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  Object.assign($('status').dataset, { state: 'error', status: '' });
  $('status').textContent = `Cannot reach the mock at ${mockUrl}: ${String(error)}`;
});
