// Proves: the typed client (openapi-fetch + generated types) against the running mock, role by role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createFlashbackClient,
  createMockClients,
  FLASHBACK_BASE_URL,
  mockBaseUrls,
  SUPERAI_BASE_URL,
  type OrgClients,
  type SuperAIRole,
} from '../../src/client/index.js';
import { loadBundledSpec } from '../../src/openapi/load.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { APIS } from '../../src/apis/index.js';
import {
  FLASHBACK_ROLES,
  flashbackToken,
  MISSING_ORG,
  otherSuperAIOrg,
  readIdentities,
  superaiToken,
  type Identities,
} from './support/identities.js';

const EMPTY_ENVELOPE = { success: false, data: [], total: 0 };
let server: RunningServer;
let clients: OrgClients;
let ids: Identities;

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
  clients = createMockClients(server.url);
  ids = await readIdentities(fetch, server.url);
});
afterAll(() => server?.close());

describe('base URLs', () => {
  it('the production base URLs are the specs’ first servers', () => {
    for (const [name, url] of [
      ['flashback', FLASHBACK_BASE_URL],
      ['superai', SUPERAI_BASE_URL],
    ] as const) {
      expect((loadBundledSpec(name).doc.servers as { url: string }[])[0]?.url).toBe(url);
    }
  });

  it('mockBaseUrls puts each API where the mock serves it', () => {
    expect(mockBaseUrls('http://127.0.0.1:4010/')).toEqual(
      Object.fromEntries(APIS.map((a) => [a.name, `http://127.0.0.1:4010${a.spec.basePath}`])),
    );
    expect(mockBaseUrls('http://127.0.0.1:4010/')).toMatchObject({
      flashback: 'http://127.0.0.1:4010',
      superai: 'http://127.0.0.1:4010/api',
    });
    const superaiRoute = server.served.find((s) => s.api.name === 'superai')!.route;
    expect(superaiRoute.startsWith(`${new URL(mockBaseUrls(server.url).superai).pathname}/`)).toBe(true);
  });
});

describe('Flashback through the typed client', () => {
  const allowed = new Set<number>([FLASHBACK_ROLES.WORKSPACES, FLASHBACK_ROLES.ADMINISTRATOR, FLASHBACK_ROLES.OWNER]);

  it.each(Object.entries(FLASHBACK_ROLES))('%s (orgRole %i)', async (_name, role) => {
    const caller = flashbackToken(ids, role);
    const { data, error, response } = await clients.flashback.GET('/organization/users', { headers: bearer(caller.token) });
    if (allowed.has(role)) {
      expect(response.status).toBe(200);
      expect(error).toBeUndefined();
      expect(data?.success).toBe(true);
      expect(data?.total).toBe(data?.data?.length);
      expect(data?.data?.every((u) => u.orgId === caller.orgId)).toBe(true);
      expect(data?.data?.map((u) => u.id)).toContain(caller.userId);
    } else {
      expect(response.status).toBe(403);
      expect(data).toBeUndefined();
      expect(error).toEqual(EMPTY_ENVELOPE);
    }
  });

  it.each([
    ['no token', {}],
    ['an unknown token', bearer('fb_owner_doesnotexist')],
    ['a soft-deleted user’s token', null],
  ] as const)('401 with the empty envelope for %s', async (_label, headers) => {
    const { data, error, response } = await clients.flashback.GET('/organization/users', {
      headers: headers ?? bearer(flashbackToken(ids, FLASHBACK_ROLES.WORKSPACES, true).token),
    });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error).toEqual(EMPTY_ENVELOPE);
  });

  it('a client-wide token is sent on every request', async () => {
    const client = createFlashbackClient({ baseUrl: server.url, token: flashbackToken(ids, FLASHBACK_ROLES.OWNER).token });
    expect((await client.GET('/organization/users')).response.status).toBe(200);
  });
});

describe('SuperAI through the typed client', () => {
  const list = (token: string, organizationId: string) =>
    clients.superai.GET('/admin/organizations/{organization_id}/users', {
      params: { path: { organization_id: organizationId } },
      headers: bearer(token),
    });

  it.each(['own', 'another'] as const)('backoffice lists %s organization, newest first', async (which) => {
    const caller = superaiToken(ids, 'backoffice');
    const org =
      which === 'own' ? superaiToken(ids, 'org_admin').organizationId : otherSuperAIOrg(ids, superaiToken(ids, 'org_admin').organizationId);
    const { data, error, response } = await list(caller.token, org);
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data!.length).toBeGreaterThan(0);
    expect(data!.every((u) => u.organization_id === org)).toBe(true);
    const created = data!.map((u) => u.created_at);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('org_admin lists its own organization', async () => {
    const caller = superaiToken(ids, 'org_admin');
    const { data, response } = await list(caller.token, caller.organizationId);
    expect(response.status).toBe(200);
    expect(data!.map((u) => u.id)).toContain(caller.userId);
  });

  const forbidden: [string, (i: Identities) => [string, string]][] = [
    [
      'org_admin, another organization',
      (i) => [superaiToken(i, 'org_admin').token, otherSuperAIOrg(i, superaiToken(i, 'org_admin').organizationId)],
    ],
    ['org_admin, a missing organization (no existence leak)', (i) => [superaiToken(i, 'org_admin').token, MISSING_ORG]],
    ...(['app_user', 'integration', 'worker', 'publisher'] satisfies SuperAIRole[]).map(
      (role): [string, (i: Identities) => [string, string]] => [
        `${role}, own organization`,
        (i) => [superaiToken(i, role).token, superaiToken(i, role).organizationId],
      ],
    ),
  ];
  it.each(forbidden)('403 forbidden: %s', async (_label, pick) => {
    const { data, error, response } = await list(...pick(ids));
    expect(response.status).toBe(403);
    expect(data).toBeUndefined();
    expect(error && 'error' in error ? error.error.code : null).toBe('forbidden');
  });

  it('404 not_found for a missing organization, with the request id header and body', async () => {
    const { error, response } = await list(superaiToken(ids, 'backoffice').token, MISSING_ORG);
    expect(response.status).toBe(404);
    if (!error || !('error' in error)) throw new Error(`expected the error structure, got ${JSON.stringify(error)}`);
    expect(error.error).toMatchObject({ code: 'not_found', message: 'Organization not found' });
    expect(error.request_id).toBe(response.headers.get('X-Request-Id'));
  });

  it('400 bad_request for an organization id that is not a UUID', async () => {
    const { error, response } = await list(superaiToken(ids, 'backoffice').token, 'not-a-uuid');
    expect(response.status).toBe(400);
    expect(error && 'error' in error ? error.error.code : null).toBe('bad_request');
  });

  it.each([
    ['no token', ''],
    ['an inactive user', 'inactive'],
    ['a pending user', 'pending'],
  ] as const)('401 unauthorized for %s', async (_label, status) => {
    const org = superaiToken(ids, 'org_admin').organizationId;
    const user = status === '' ? null : ids.superai.find((i) => i.status === status);
    if (user === undefined) throw new Error(`the fixtures have no ${status} SuperAI user`);
    const token = user === null ? null : user.token;
    const { error, response } = await clients.superai.GET('/admin/organizations/{organization_id}/users', {
      params: { path: { organization_id: org } },
      headers: token ? bearer(token) : {},
    });
    expect(response.status).toBe(401);
    expect(error && 'error' in error ? error.error.code : null).toBe('unauthorized');
  });
});
