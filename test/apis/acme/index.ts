/**
 * A made-up third API, defined here only for test/apis/third-api.test.ts: one folder (this one: its
 * spec, generated types and definition) and one registry line in that test. Nothing in src/ knows it.
 */
import { fileURLToPath } from 'node:url';
import { defineClient } from '../../../src/apis/client-kit.js';
import { defineApi } from '../../../src/apis/define.js';
import { stableToken } from '../../../src/apis/fixture-kit.js';
import type { Dataset, FixtureUser } from '../../../src/apis/types.js';
import { uniqueItemValues } from '../../../src/contract/list.js';
import { loadSpec } from '../../../src/openapi/load-file.js';
import { getOperation } from '../../../src/openapi/operations.js';
import type { JsonObject } from '../../../src/openapi/types.js';
import type { paths } from './types.js';

const spec = loadSpec(fileURLToPath(new URL('./acme.yaml', import.meta.url)), 'acme');
const operation = getOperation(spec, 'listTenantMembers');

const TENANTS = ['north-wind', 'blue-harbor', 'red-forge'];
const OPS = 'acme-ops';

/** Every tenant: an owner, an editor, a viewer and a disabled editor; the ops tenant: two auditors. */
function generate({ seed, usersPerOrg }: { seed: number; usersPerOrg: number }): Dataset {
  const users: FixtureUser[] = [];
  let day = 0;
  const add = (tenant: string, level: string, enabled: boolean) => {
    const handle = `${tenant}-${level}-${users.length}`;
    const joined = new Date(Date.UTC(2025, 0, 1 + ((seed + day++) % 300))).toISOString();
    const record: JsonObject = { handle, tenant, level, enabled, joined };
    users.push({ token: stableToken('ac', level, seed, handle), record });
  };
  for (const tenant of TENANTS) {
    const shapes: [string, boolean][] = [
      ['owner', true],
      ['editor', true],
      ['viewer', true],
      ['editor', false],
    ];
    for (let i = 0; i < usersPerOrg; i++) add(tenant, ...(shapes[i] ?? ['viewer', true]));
  }
  add(OPS, 'auditor', true);
  add(OPS, 'auditor', false);
  return { organizations: [...TENANTS, OPS].map((id) => ({ id, name: id })), users };
}

interface Row {
  token: string;
  tenant: string;
  level: string;
  enabled: boolean;
}

export const acmeClient = defineClient<paths>()('acme', 'https://api.acme.example/v2');

export const acme = defineApi({
  name: 'acme',
  title: 'Acme',
  spec,
  operation,
  signInState: (user) => (user.enabled === true ? 'active' : 'disabled'),
  mock: {
    tokenPrefix: 'ac',
    generate,
    organizationOf: (user) => (typeof user.tenant === 'string' ? user.tenant : null),
    list: (users) => ({ body: { members: users, count: users.length } }),
    errorBody: (status, message) => ({ fault: { code: status, reason: message } }),
    identity: ({ token, record }) => ({
      token,
      handle: record.handle ?? null,
      tenant: record.tenant ?? null,
      level: record.level ?? null,
      enabled: record.enabled ?? null,
    }),
    roleName: (user) => String(user.level),
    fixtureSchema: { userSchema: 'Member' },
  },
  verify: {
    listPointer: '/members',
    checks: [uniqueItemValues({ id: 'acme.unique_handles', property: 'handle', meaning: 'Every listed member has its own handle.' })],
    sectionFromMockIdentities: (rows, baseUrl) => {
      const live = (rows as Row[]).filter((r) => r.enabled);
      const own = live.find((r) => r.level === 'owner')!;
      const tokens: Record<string, string> = {};
      for (const level of ['viewer', 'editor', 'owner', 'auditor']) {
        const user = live.find((r) => r.level === level && (level === 'auditor' || r.tenant === own.tenant));
        if (user) tokens[level] = user.token;
      }
      const other = live.find((r) => r.tenant !== own.tenant && r.level !== 'auditor')!;
      return { baseUrl: `${baseUrl}${spec.basePath}`, organizationId: own.tenant, otherOrganizationId: other.tenant, tokens };
    },
  },
  client: acmeClient,
});
