// Proves: one small client module (examples/org-users.ts), tested over HTTP and through MSW: identical results.
import { setupServer } from 'msw/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrgUsers, type OrgUsers, type UsersResult } from '../../examples/org-users.js';
import { mockBaseUrls } from '../../src/client/index.js';
import { startMockServer } from '../../src/server/node.js';
import { orgmockHandlers } from '../../src/msw/handlers.js';
import {
  FLASHBACK_ROLES,
  flashbackToken,
  MISSING_ORG,
  otherSuperAIOrg,
  readIdentities,
  superaiToken,
  type Identities,
} from './support/identities.js';

type Expect = { ok: true } | { ok: false; status: number; reason: string };
/** Each scenario: what it asks, and what it must get in both modes. */
const SCENARIOS: [string, (users: OrgUsers, ids: Identities) => Promise<UsersResult>, Expect][] = [
  ...Object.entries(FLASHBACK_ROLES).map(([name, role]): (typeof SCENARIOS)[number] => [
    `Flashback ${name}`,
    (u, ids) => u.flashback(flashbackToken(ids, role).token),
    role >= FLASHBACK_ROLES.WORKSPACES ? { ok: true } : { ok: false, status: 403, reason: 'forbidden' },
  ]),
  ['Flashback unknown token', (u) => u.flashback('fb_nobody'), { ok: false, status: 401, reason: 'unauthorized' }],
  [
    'SuperAI backoffice, any org',
    (u, ids) => u.superai(superaiToken(ids, 'backoffice').token, superaiToken(ids, 'org_admin').organizationId),
    { ok: true },
  ],
  [
    'SuperAI backoffice, missing org',
    (u, ids) => u.superai(superaiToken(ids, 'backoffice').token, MISSING_ORG),
    { ok: false, status: 404, reason: 'not-found' },
  ],
  [
    'SuperAI backoffice, bad UUID',
    (u, ids) => u.superai(superaiToken(ids, 'backoffice').token, 'nope'),
    { ok: false, status: 400, reason: 'invalid-request' },
  ],
  [
    'SuperAI org_admin, own org',
    (u, ids) => u.superai(superaiToken(ids, 'org_admin').token, superaiToken(ids, 'org_admin').organizationId),
    { ok: true },
  ],
  [
    'SuperAI org_admin, another org',
    (u, ids) => u.superai(superaiToken(ids, 'org_admin').token, otherSuperAIOrg(ids, superaiToken(ids, 'org_admin').organizationId)),
    { ok: false, status: 403, reason: 'forbidden' },
  ],
  [
    'SuperAI app_user',
    (u, ids) => u.superai(superaiToken(ids, 'app_user').token, superaiToken(ids, 'app_user').organizationId),
    { ok: false, status: 403, reason: 'forbidden' },
  ],
  [
    'SuperAI inactive user',
    (u, ids) => u.superai(superaiToken(ids, 'app_user', 'inactive').token, MISSING_ORG),
    { ok: false, status: 401, reason: 'unauthorized' },
  ],
];

const run = async (users: OrgUsers, ids: Identities) => {
  const results: UsersResult[] = [];
  for (const [, ask] of SCENARIOS) results.push(await ask(users, ids));
  return results;
};

let http: UsersResult[];
let msw: UsersResult[];
let ids: { http: Identities; msw: Identities };

beforeAll(async () => {
  // HTTP: the real server on an ephemeral port, the module pointed at it.
  const server = await startMockServer({ port: 0 });
  try {
    const idsHttp = await readIdentities(fetch, server.url);
    const urls = mockBaseUrls(server.url);
    http = await run(createOrgUsers({ flashbackBaseUrl: urls.flashback, superaiBaseUrl: urls.superai }), idsHttp);
    ids = { http: idsHttp, msw: idsHttp };
  } finally {
    await server.close();
  }
  // MSW: no server; the module at its production defaults, answered in-process.
  const worker = setupServer(...orgmockHandlers({ mockUrl: 'http://orgmock.test' }));
  worker.listen({ onUnhandledRequest: 'error' });
  try {
    ids.msw = await readIdentities(fetch, 'http://orgmock.test');
    msw = await run(createOrgUsers(), ids.msw);
  } finally {
    worker.close();
  }
});

describe('examples/org-users.ts over HTTP and through MSW', () => {
  it('both modes see the same seeded identities', () => {
    expect(ids.msw).toEqual(ids.http);
  });

  it.each(SCENARIOS.map(([label, , expected], i) => [label, expected, i] as const))('%s', (_label, expected, i) => {
    for (const result of [http[i]!, msw[i]!]) {
      expect(result).toMatchObject(expected);
      if (result.ok) expect(result.rows.length).toBe(result.total);
      if (result.ok) expect(result.rows.length).toBeGreaterThan(0);
      if (!result.ok) expect(result.message).toMatch(new RegExp(`\\(${result.status}\\)$`));
    }
  });

  it('gives identical results, rows and messages included', () => {
    expect(msw).toHaveLength(SCENARIOS.length);
    expect(msw).toEqual(http);
  });
});
