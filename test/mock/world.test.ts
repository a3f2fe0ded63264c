// Proves: lazily made worlds (src/apis/world-kit.ts) give byte-identical data to the full generation, member by
// member in any order; members come in the spec's x-ordering without a sort; tokens and API keys find their user
// without a table; a large world is made only as it is read (start-up makes no user), its list is streamed on both
// server paths and parses to the same users, and `/__mock/identities` streams every row with its fields.
import { describe, expect, it } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import { superai } from '../../src/apis/superai/index.js';
import type { ApiDefinition, World } from '../../src/apis/types.js';
import { companyNames, credentialCodec, personAt } from '../../src/apis/world-kit.js';
import { createMockApp } from '../../src/mock/app.js';
import { indexDataset, KEPT_MEMBERS } from '../../src/mock/dataset.js';
import { startMockServer } from '../../src/server/node.js';
import { seededRandom } from '../../src/util/random.js';

const APIS = [flashback, superai] as const;
const worldOf = (api: ApiDefinition, seed: number, usersPerOrg: number) => api.mock.world!({ seed, usersPerOrg });

describe('a lazy world is the full generation, member by member', () => {
  it.each(APIS.flatMap((api) => [10, 12, 57].map((size) => [api.name, size, api] as const)))(
    '%s, %i per organization: byte-identical, in any order of making',
    (_name, usersPerOrg, api) => {
      const full = api.mock.generate({ seed: 11, usersPerOrg });
      const world = worldOf(api, 11, usersPerOrg);
      expect(JSON.stringify(world.organizations)).toBe(JSON.stringify(full.organizations));
      // Backwards, organization by organization: each member from the seed, its organization and its position alone.
      const lazily = world.organizations.flatMap((_o, n) => {
        const members = world.members(n);
        return Array.from({ length: members.count }, (_v, i) => members.at(members.count - 1 - i)).reverse();
      });
      expect(JSON.stringify(lazily)).toBe(JSON.stringify(full.users));
      expect(JSON.stringify(worldOf(api, 12, usersPerOrg).members(0).at(0))).not.toBe(JSON.stringify(full.users[0]));
    },
  );

  it.each(APIS.map((api) => [api.name, api] as const))(
    "%s: each organization's members are already in the spec's x-ordering (sorting changes nothing)",
    (_name, api) => {
      const full = api.mock.generate({ seed: 5, usersPerOrg: 300 });
      const sorted = indexDataset(api, full);
      const world = worldOf(api, 5, 300);
      world.organizations.forEach((org, n) => {
        const members = world.members(n);
        const expected = sorted.members(org);
        expect(members.count).toBe(expected.count);
        for (let i = 0; i < members.count; i++) expect(members.at(i).token).toBe(expected.at(i).token);
      });
    },
  );
});

describe('tokens and API keys say where their user is', () => {
  it.each(APIS.map((api) => [api.name, api] as const))('%s: every token and key finds its user; others find none', (_name, api) => {
    const world = worldOf(api, 3, 40);
    world.organizations.forEach((_o, org) => {
      const members = world.members(org);
      for (let index = 0; index < members.count; index++) {
        const user = members.at(index);
        expect(world.locateToken(user.token)).toEqual({ org, index });
        if (user.apiKey !== undefined) expect(world.locateApiKey(user.apiKey)).toEqual({ org, index });
        // One hex digit changed: no user (a check value guards the position).
        const last = user.token.at(-1) === '0' ? '1' : '0';
        expect(world.locateToken(user.token.slice(0, -1) + last)).toBeNull();
      }
    });
    expect(world.locateToken('')).toBeNull();
    expect(world.locateToken(`${api.mock.tokenPrefix}_owner_zzzzzzzzzzzz`)).toBeNull();
    expect(world.locateApiKey('saf_0123')).toBeNull();
  });

  it('a token of another seed or role does not resolve to a user of this one', () => {
    const mine = credentialCodec('fb', 1);
    const theirs = credentialCodec('fb', 2);
    const token = theirs.token('OWNER', { org: 0, index: 0 });
    expect(mine.locateToken(token)).toBeNull();
    expect(mine.locateToken(mine.token('OWNER', { org: 0, index: 3 }).replace('_owner_', '_user_'))).toBeNull();
  });
});

describe('names', () => {
  it('e-mail addresses are unique in a large organization, made from the names', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const { first, email } = personAt(77, i * 20, 'acme.example');
      expect(email.endsWith('@acme.example')).toBe(true);
      expect(email.toLowerCase().startsWith(first.toLowerCase().slice(0, 1))).toBe(true);
      seen.add(email);
    }
    expect(seen.size).toBe(50_000);
  });

  it('company names are distinct, with distinct mail domains', () => {
    const names = companyNames(seededRandom(1), 200);
    expect(new Set(names).size).toBe(200);
  });
});

/** A world that counts the members made. */
function counting(world: World): { world: World; made: () => number } {
  let made = 0;
  return {
    world: {
      ...world,
      members: (n) => {
        const members = world.members(n);
        return {
          count: members.count,
          at: (i) => {
            made++;
            return members.at(i);
          },
        };
      },
    },
    made: () => made,
  };
}

describe('a large organization', () => {
  const SIZE = KEPT_MEMBERS + 2_345;

  it('start-up makes no user; a list is made as it streams and equals the full generation', async () => {
    const counted = counting(worldOf(superai, 4, SIZE));
    const api = { ...superai, mock: { ...superai.mock, world: () => counted.world } };
    const mock = createMockApp({ apis: [api], seed: 4, usersPerOrg: SIZE });
    expect(counted.made()).toBe(0);
    const staff = counted.world.members(3);
    const backoffice = [0, 1, 2].map((i) => staff.at(i)).find((u) => u.record.status === 'active')!;
    const org = counted.world.organizations[1]!;
    const res = await mock.app.request(`/api/admin/organizations/${org.id}/users`, {
      headers: { Authorization: `Bearer ${backoffice.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    const listed = (await res.json()) as { id: string }[];
    expect(listed).toHaveLength(SIZE);
    const world = worldOf(superai, 4, SIZE);
    expect(listed[0]).toEqual(world.members(1).at(0).record);
    expect(listed[SIZE - 1]).toEqual(world.members(1).at(SIZE - 1).record);
  });

  it('the node:http fast path streams the same bytes as the Hono route; identities stream every row with their fields', async () => {
    const servers = await Promise.all([false, true].map((fastPath) => startMockServer({ port: 0, seed: 8, usersPerOrg: SIZE, fastPath })));
    try {
      const world = worldOf(flashback, 8, SIZE);
      const owner = world.members(2).at(0);
      const bodies = await Promise.all(
        servers.map(async (s) =>
          (await fetch(`${s.url}/organization/users`, { headers: { Authorization: `Bearer ${owner.token}` } })).text(),
        ),
      );
      expect(bodies[1]).toBe(bodies[0]);
      const body = JSON.parse(bodies[0]!) as { total: number; data: unknown[] };
      expect(body.total).toBe(SIZE);
      expect(body.data[SIZE - 1]).toEqual(world.members(2).at(SIZE - 1).record);

      const identities = (await (await fetch(`${servers[1]!.url}/__mock/identities`)).json()) as Record<string, Record<string, unknown>[]>;
      expect(identities.flashback).toHaveLength(3 * SIZE);
      expect(identities.superai).toHaveLength(3 * SIZE + 3);
      expect(Object.keys(identities.flashback![0]!)).toEqual(['token', 'userId', 'orgId', 'orgRole', 'deleted']);
      expect(Object.keys(identities.superai![0]!)).toEqual(['token', 'userId', 'organizationId', 'role', 'status', 'apiKey']);
      expect(identities.flashback![2 * SIZE]!.token).toBe(owner.token);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
