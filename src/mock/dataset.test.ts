// The data index (src/mock/dataset.ts) on its own: users by token, API key and id; organizations by id or another
// reference, without case; members grouped and put in the spec's x-ordering; the showcase (each end of a long
// list); list answers cached per distinct answer, with only the declared headers, and streamed in chunks for an
// organization over KEPT_MEMBERS; lazy worlds made once per kept organization. Everything is built inside each
// test (the mutation run's `mock` group credits only code a test runs). Expected values are written out or
// computed from the definitions' own `list`.
import { describe, expect, it } from 'vitest';
import { flashback } from '../apis/flashback/index.js';
import { superai } from '../apis/superai/index.js';
import type { ApiDefinition, Dataset, FixtureUser, ListRequest, Members, World } from '../apis/types.js';
import type { JsonObject } from '../openapi/types.js';
import { chunkStream, generatedDataset, indexDataset, KEPT_MEMBERS } from './dataset.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const NO_QUERY: ListRequest = { params: {}, query: {} };

/** A Flashback-shaped user of organization `org` (its `orgId`), or of none. */
const user = (id: string | number, org: string | null, name: string, apiKey?: string): FixtureUser => ({
  token: `tok-${id}`,
  record: { id, name, ...(org === null ? {} : { orgId: org }) },
  ...(apiKey === undefined ? {} : { apiKey }),
});

/** Flashback with its operation and mock changed as given. */
const variant = (operation: Partial<ApiDefinition['operation']>, mock: Partial<ApiDefinition['mock']> = {}): ApiDefinition => ({
  ...flashback,
  operation: { ...flashback.operation, ...operation },
  mock: { ...flashback.mock, ...mock },
});

const ordered = (direction: 'ascending' | 'descending') =>
  variant({ ordering: { property: 'name', direction, description: '', inferred: null } });

const names = (members: Members) => Array.from({ length: members.count }, (_v, i) => String(members.at(i).record.name));

describe('indexDataset', () => {
  const data = (): Dataset => ({
    organizations: [
      { id: A, name: 'A' },
      { id: B, name: 'B' },
    ],
    users: [
      user('u1', A, 'carol'),
      user('u2', B, 'bob', 'key-2'),
      // The organization id in another case is the same organization.
      user('u3', A.toUpperCase(), 'alice', 'key-3'),
      user('u4', null, 'nobody'),
      user(7, A, 'bert'),
    ],
  });

  it('members by organization (any case of its id), users of no organization in none; in the order given without x-ordering', () => {
    const index = indexDataset(variant({ ordering: null }), data());
    expect(names(index.members(index.organizations[0]!))).toEqual(['carol', 'alice', 'bert']);
    expect(names(index.members(index.organizations[1]!))).toEqual(['bob']);
    expect(names(index.members({ id: 'cccccccc-0000-4000-8000-000000000003', name: 'C' }))).toEqual([]);
    expect([...index.users()].map((u) => u.record.name)).toEqual(['carol', 'alice', 'bert', 'bob']);
    expect(index.userCount).toBe(5);
  });

  it("x-ordering ascending and descending by the spec's property", () => {
    const up = indexDataset(ordered('ascending'), data());
    expect(names(up.members(up.organizations[0]!))).toEqual(['alice', 'bert', 'carol']);
    const down = indexDataset(ordered('descending'), data());
    expect(names(down.members(down.organizations[0]!))).toEqual(['carol', 'bert', 'alice']);
  });

  it('users by token, by API key and by id (an integer id by its text); unknown ones find none', () => {
    const index = indexDataset(flashback, data());
    expect(index.userByToken('tok-u2')?.record.name).toBe('bob');
    expect(index.userByToken('tok-nope')).toBeUndefined();
    expect(index.userByApiKey('key-3')?.record.name).toBe('alice');
    expect(index.userByApiKey('key-1')).toBeUndefined();
    expect(index.userById('u1')?.record.name).toBe('carol');
    expect(index.userById('7')?.record.name).toBe('bert');
    expect(index.userById('u4')).toBeUndefined();
    expect(index.userById('nope')).toBeUndefined();
    // A record without an id (or with one that is neither text nor a number) is found by no id.
    const odd = indexDataset(flashback, {
      organizations: [{ id: A, name: 'A' }],
      users: [
        { token: 't-none', record: { orgId: A } },
        { token: 't-object', record: { id: { v: 1 }, orgId: A } },
      ],
    });
    for (const id of ['undefined', '[object Object]', 'null']) expect(odd.userById(id), id).toBeUndefined();
    expect(index.data).toEqual(data());
  });

  it("an organization by its id or a reference its definition gives, in any case; a reference never hides another's id", () => {
    const api = variant({}, { organizationKeys: (o) => (o.id === A ? [`group/${o.name}`, B] : []) });
    const index = indexDataset(api, data());
    expect(index.organization(A)?.name).toBe('A');
    expect(index.organization(A.toUpperCase())?.name).toBe('A');
    expect(index.organization('GROUP/a')?.name).toBe('A');
    expect(index.organization(B)?.name).toBe('B');
    expect(index.organization('group/b')).toBeUndefined();
    expect(indexDataset(flashback, data()).organization('group/A')).toBeUndefined();
  });
});

describe('the showcase: what the banner and the docs page pick from', () => {
  const sized = (counts: number[]): Dataset => {
    const organizations = counts.map((_c, n) => ({ id: `0000000${n}-0000-4000-8000-000000000000`, name: `O${n}` }));
    const users = counts.flatMap((count, n) => Array.from({ length: count }, (_v, i) => user(`${n}-${i}`, organizations[n]!.id, `${i}`)));
    return { organizations, users };
  };

  it('every member of an organization of up to 32; the first 16 and the last 16 of a larger one', () => {
    const index = indexDataset(variant({ ordering: null }), sized([3, 32, 33, 40, 20]));
    const picked = index.showcase().map((u) => u.token);
    const range = (n: number, from: number, to: number) => Array.from({ length: to - from }, (_v, i) => `tok-${n}-${from + i}`);
    expect(picked).toEqual([
      ...range(0, 0, 3),
      ...range(1, 0, 32),
      ...range(2, 0, 16),
      ...range(2, 17, 33),
      ...range(3, 0, 16),
      ...range(3, 24, 40),
      ...range(4, 0, 20),
    ]);
  });
});

describe('list answers', () => {
  it("an operation without query parameters or declared headers: the definition's body, serialised once per organization", () => {
    let calls = 0;
    const api = variant(
      {},
      {
        list: (users, org) => {
          calls++;
          return { body: { org: org.name, ids: users.map((u) => u.id ?? null) } };
        },
      },
    );
    const index = generatedDataset(api, { seed: 3, usersPerOrg: 4 });
    const [first, second] = index.organizations;
    const answer = index.listBody(first!, NO_QUERY);
    expect(answer).toEqual({
      raw: JSON.stringify({ org: first!.name, ids: names(index.members(first!)).map((_n, i) => index.members(first!).at(i).record.id) }),
    });
    expect(index.listBody(first!, { params: {}, query: { ignored: 1 } })).toBe(answer);
    expect(calls).toBe(1);
    expect(index.listBody(second!, NO_QUERY)).not.toEqual(answer);
    expect(calls).toBe(2);
  });

  it('with query parameters: one answer per organization, path parameters and query values, each made once', () => {
    let calls = 0;
    const api = variant(
      { parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer' } }] },
      {
        list: (users, _org, request) => {
          calls++;
          return { body: { page: request.query.page ?? 1, params: request.params, count: users.length } };
        },
      },
    );
    const index = generatedDataset(api, { seed: 3, usersPerOrg: 4 });
    const org = index.organizations[0]!;
    const one = index.listBody(org, { params: {}, query: { page: 1 } });
    const two = index.listBody(org, { params: {}, query: { page: 2 } });
    expect(JSON.parse((one as { raw: string }).raw)).toEqual({ page: 1, params: {}, count: 4 });
    expect(JSON.parse((two as { raw: string }).raw)).toEqual({ page: 2, params: {}, count: 4 });
    const other = index.listBody(org, { params: { id: 'X' }, query: { page: 1 } });
    expect(JSON.parse((other as { raw: string }).raw)).toEqual({ page: 1, params: { id: 'X' }, count: 4 });
    expect(calls).toBe(3);
    expect(index.listBody(org, { params: {}, query: { page: 2 } })).toBe(two);
    expect(index.listBody(org, { params: { id: 'X' }, query: { page: 1 } })).toBe(other);
    // The organization's id in another case is the same organization: the same answer.
    expect(index.listBody({ ...org, id: org.id.toUpperCase() }, { params: {}, query: { page: 1 } })).toBe(one);
    expect(calls).toBe(3);
  });

  it('only the headers the spec declares for the 200, spelled as the spec spells them', () => {
    const declared = (name: string) => ({ name, required: false, schema: {}, example: null });
    const ok = flashback.operation.responses.find((r) => r.status === 200)!;
    const api = variant(
      {
        responses: [{ ...ok, headers: [declared('X-Total'), declared('Link')] }, ...flashback.operation.responses.filter((r) => r !== ok)],
      },
      { list: (users) => ({ body: users.length, headers: { 'x-total': String(users.length), 'X-Secret': 'no', link: '<next>' } }) },
    );
    const index = generatedDataset(api, { seed: 3, usersPerOrg: 4 });
    const org = index.organizations[0]!;
    const answer = index.listBody(org, NO_QUERY);
    expect(answer).toEqual({ raw: '4', headers: { 'X-Total': '4', Link: '<next>' } });
    // Declared headers make the answer depend on more than the organization: still made once per request key.
    expect(index.listBody(org, NO_QUERY)).toBe(answer);
    const none = variant(
      { responses: [{ ...ok, headers: [declared('X-Total')] }] },
      { list: (users) => ({ body: users.length, headers: { Other: '1' } }) },
    );
    const plain = generatedDataset(none, { seed: 3, usersPerOrg: 4 });
    expect(plain.listBody(plain.organizations[0]!, NO_QUERY)).toEqual({ raw: '4' });
  });

  it('an operation whose spec documents no 2xx response is indexed and answers with no header', () => {
    const api = variant(
      { responses: flashback.operation.responses.filter((r) => r.status >= 300) },
      { list: (users) => ({ body: users.length, headers: { 'X-Total': String(users.length) } }) },
    );
    const index = generatedDataset(api, { seed: 3, usersPerOrg: 2 });
    expect(index.listBody(index.organizations[0]!, NO_QUERY)).toEqual({ raw: '2' });
  });

  it('declared headers and no query parameter: one answer per path parameters as sent (a Link header repeats them)', () => {
    const ok = flashback.operation.responses.find((r) => r.status === 200)!;
    const api = variant(
      { parameters: [], responses: [{ ...ok, headers: [{ name: 'Link', required: false, schema: {}, example: null }] }] },
      { list: (_users, org, request) => ({ body: org.name, headers: { Link: `</orgs/${request.params.org}>` } }) },
    );
    const index = generatedDataset(api, { seed: 3, usersPerOrg: 2 });
    const org = index.organizations[0]!;
    expect(index.listBody(org, { params: { org: 'by-id' }, query: {} }).headers).toEqual({ Link: '</orgs/by-id>' });
    expect(index.listBody(org, { params: { org: 'by-path' }, query: {} }).headers).toEqual({ Link: '</orgs/by-path>' });
  });

  it('past 4,096 distinct answers, the next ones are made per request (the first ones stay kept)', () => {
    let calls = 0;
    const api = variant(
      { parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer' } }] },
      {
        list: (_users, _org, request) => {
          calls++;
          return { body: request.query.page ?? null };
        },
      },
    );
    const index = generatedDataset(api, { seed: 3, usersPerOrg: 1 });
    const org = index.organizations[0]!;
    const page = (n: number) => index.listBody(org, { params: {}, query: { page: n } });
    const first = page(0);
    for (let n = 1; n < 4096; n++) page(n);
    expect(calls).toBe(4096);
    expect(page(0)).toBe(first);
    const over = page(4096);
    expect(over).toEqual({ raw: '4096' });
    expect(page(4096)).not.toBe(over);
    expect(calls).toBe(4098);
  });
});

describe('an organization over KEPT_MEMBERS', () => {
  const SIZE = KEPT_MEMBERS + 1_500;

  it('its list is streamed in chunks of at least 64 KiB (the last one aside) that join into the JSON of the whole body', async () => {
    const index = generatedDataset(flashback, { seed: 9, usersPerOrg: SIZE });
    const org = index.organizations[1]!;
    const answer = index.listBody(org, NO_QUERY);
    expect('chunks' in answer).toBe(true);
    const chunks = [...(answer as { chunks: () => Iterable<string> }).chunks()];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(64 * 1024);
    const members = index.members(org);
    const records = Array.from({ length: members.count }, (_v, i) => members.at(i).record);
    expect(chunks.join('')).toBe(JSON.stringify({ success: true, data: records, total: SIZE }));
    // Not kept: streamed again for the next request, each time from the members.
    expect(index.listBody(org, NO_QUERY)).not.toBe(answer);
    // The same chunks as a byte stream (the Hono app and MSW answer with it).
    const text = await new Response(chunkStream((answer as { chunks: () => Iterable<string> }).chunks)).text();
    expect(text).toBe(chunks.join(''));
  });

  it('a body with an empty string before the items is streamed whole', () => {
    const api = variant({}, { list: (users) => ({ body: { cursor: '', data: users, next: '' } }) });
    const index = generatedDataset(api, { seed: 9, usersPerOrg: SIZE });
    const org = index.organizations[0]!;
    const answer = index.listBody(org, NO_QUERY) as { chunks: () => Iterable<string> };
    const members = index.members(org);
    const records = Array.from({ length: members.count }, (_v, i) => members.at(i).record);
    expect([...answer.chunks()].join('')).toBe(JSON.stringify({ cursor: '', data: records, next: '' }));
  });

  it('an organization of exactly KEPT_MEMBERS is still kept and serialised once', () => {
    const index = generatedDataset(flashback, { seed: 9, usersPerOrg: KEPT_MEMBERS });
    const org = index.organizations[0]!;
    expect(index.members(org).at(5)).toBe(index.members(org).at(5));
    const answer = index.listBody(org, NO_QUERY);
    expect('raw' in answer).toBe(true);
    expect(index.listBody(org, NO_QUERY)).toBe(answer);
  });

  it('a definition that copies the items (a page) is serialised, not streamed', () => {
    const api = variant({}, { list: (users) => ({ body: { page: users.slice(0, 2).map((u) => u.id ?? null) } }) });
    const index = generatedDataset(api, { seed: 9, usersPerOrg: SIZE });
    const org = index.organizations[0]!;
    expect(index.listBody(org, NO_QUERY)).toEqual({
      raw: JSON.stringify({ page: [index.members(org).at(0).record.id, index.members(org).at(1).record.id] }),
    });
  });

  it('the members handed to the definition read as an array: length, indices, `in`, iteration, array methods', () => {
    let seen: JsonObject[] | undefined;
    const api = variant(
      {},
      {
        list: (users) => {
          seen = users;
          return { body: { n: users.length } };
        },
      },
    );
    const index = generatedDataset(api, { seed: 9, usersPerOrg: SIZE });
    const org = index.organizations[0]!;
    index.listBody(org, NO_QUERY);
    const items = seen!;
    const members = index.members(org);
    expect(items.length).toBe(SIZE);
    expect(items[0]).toEqual(members.at(0).record);
    expect(items[SIZE - 1]).toEqual(members.at(SIZE - 1).record);
    expect(items[SIZE]).toBeUndefined();
    expect(0 in items && SIZE - 1 in items).toBe(true);
    for (const absent of [SIZE, -1, -2, 1.5, '01', 'x']) expect(absent in items, String(absent)).toBe(false);
    expect((items as unknown as Record<string, unknown>)['-2']).toBeUndefined();
    expect('map' in items).toBe(true);
    expect((items as unknown as Record<string, unknown>)['01']).toBeUndefined();
    expect((items as unknown as Record<string, unknown>)['-1']).toBeUndefined();
    expect(items.slice(1, 3)).toEqual([members.at(1).record, members.at(2).record]);
    let count = 0;
    for (const _item of items) count++;
    expect(count).toBe(SIZE);
  });

  it('the members of an empty organization read as an empty array', () => {
    let seen: JsonObject[] | undefined;
    const api = variant(
      {},
      {
        list: (users) => {
          seen = users;
          return { body: null };
        },
      },
    );
    const index = generatedDataset(api, { seed: 9, usersPerOrg: 0 });
    const empty = index.organizations.find((o) => index.members(o).count === 0)!;
    index.listBody(empty, NO_QUERY);
    expect(seen!.length).toBe(0);
    expect(seen![0]).toBeUndefined();
    expect(0 in seen!).toBe(false);
    expect([...seen!]).toEqual([]);
  });

  it('a stream cancelled before its first read, or over chunks without return (an array), cancels cleanly', async () => {
    await expect(chunkStream(() => ['a', 'b']).cancel()).resolves.toBeUndefined();
    const reader = chunkStream(() => ['a', 'b']).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('a');
    await expect(reader.cancel()).resolves.toBeUndefined();
  });

  it('a cancelled stream ends the chunks (the generator is returned)', async () => {
    let finished = false;
    const chunks = function* () {
      try {
        yield 'a';
        yield 'b';
      } finally {
        finished = true;
      }
    };
    const reader = chunkStream(chunks).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('a');
    await reader.cancel();
    expect(finished).toBe(true);
  });
});

describe('a lazy world', () => {
  /** A world whose members count how often they are made. */
  const counting = (world: World) => {
    let made = 0;
    return {
      made: () => made,
      world: {
        ...world,
        organizations: world.organizations,
        members: (n: number) => {
          const members = world.members(n);
          return {
            count: members.count,
            at: (i: number) => {
              made++;
              return members.at(i);
            },
          };
        },
        locateToken: (t: string) => world.locateToken(t),
        locateApiKey: (k: string) => world.locateApiKey(k),
      } satisfies World,
    };
  };

  it("is the API's world when it has one, else its full generation: the same data either way", () => {
    const lazy = generatedDataset(superai, { seed: 2, usersPerOrg: 5 });
    const full = generatedDataset({ ...superai, mock: { ...superai.mock, world: undefined } }, { seed: 2, usersPerOrg: 5 });
    expect(JSON.stringify(lazy.data)).toBe(JSON.stringify(full.data));
    expect(lazy.userCount).toBe(full.userCount);
    expect(lazy.userCount).toBe(full.data.users.length);
  });

  it('an organization of up to KEPT_MEMBERS is made once and kept: its tokens found without asking the world again', () => {
    const counted = counting(superai.mock.world!({ seed: 2, usersPerOrg: 5 }));
    const index = generatedDataset({ ...superai, mock: { ...superai.mock, world: () => counted.world } }, { seed: 2, usersPerOrg: 5 });
    expect(counted.made()).toBe(0);
    const org = index.organizations[0]!;
    const first = index.members(org);
    expect(counted.made()).toBe(5);
    expect(index.members(org).at(0)).toBe(first.at(0));
    expect(counted.made()).toBe(5);
    const someone = first.at(3);
    expect(index.userByToken(someone.token)).toBe(someone);
    expect(index.userByApiKey(someone.apiKey!)).toBe(someone);
    expect(counted.made()).toBe(5);
    expect(index.data).toBe(index.data);
  });

  it('tokens and keys of users not made yet are found through the world; a near miss finds none', () => {
    const index = generatedDataset(superai, { seed: 2, usersPerOrg: 5 });
    const world = superai.mock.world!({ seed: 2, usersPerOrg: 5 });
    const someone = world.members(2).at(4);
    expect(index.userByToken(someone.token)?.record).toEqual(someone.record);
    expect(index.userByApiKey(someone.apiKey!)?.record).toEqual(someone.record);
    const near = (text: string) => text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');
    expect(index.userByToken(near(someone.token))).toBeUndefined();
    expect(index.userByApiKey(near(someone.apiKey!))).toBeUndefined();
    expect(index.userByToken('')).toBeUndefined();
    expect(index.userByApiKey('')).toBeUndefined();
    expect(index.userById(String(someone.record.id))?.token).toBe(someone.token);
  });

  it('over KEPT_MEMBERS an organization is not kept: made member by member for each answer', () => {
    const SIZE = KEPT_MEMBERS + 1;
    const counted = counting(flashback.mock.world!({ seed: 2, usersPerOrg: SIZE }));
    const index = generatedDataset(
      { ...flashback, mock: { ...flashback.mock, world: () => counted.world } },
      { seed: 2, usersPerOrg: SIZE },
    );
    const org = index.organizations[0]!;
    expect(index.members(org).count).toBe(SIZE);
    expect(counted.made()).toBe(0);
    const a = index.members(org).at(7);
    const b = index.members(org).at(7);
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    expect(counted.made()).toBe(2);
    expect(index.userCount).toBe(index.organizations.length * SIZE);
  });
});
