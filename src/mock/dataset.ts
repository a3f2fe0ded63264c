/**
 * An API's data indexed for serving: users by token and API key, organizations by id, each organization's
 * members in the spec's order, and list bodies (small ones serialised once, large ones streamed in chunks). A lazy
 * world (`MockDefinition.world`) is indexed without making its users: an organization is made when first asked
 * for, and one too large to hold is made member by member for each answer.
 */
import { organizationOfUser } from '../apis/define.js';
import type { ApiDefinition, Dataset, DatasetOptions, FixtureUser, ListRequest, Members, Organization, World } from '../apis/types.js';
import { successResponse } from '../openapi/query.js';
import type { JsonObject } from '../openapi/types.js';

/** Organizations up to this many members are made once and kept (their list body too); larger ones are streamed. */
export const KEPT_MEMBERS = 10_000;
/** Streamed bodies come in chunks of about this many characters. */
const CHUNK = 64 * 1024;
/** Members of each end of each organization shown on the banner and the docs page. */
const SHOWCASE = 16;

/** A body made of chunks, produced as they are read (nothing of it is held). */
export type Chunks = () => Iterable<string>;

/** A list answer as served: the body serialised or streamed in chunks, and the declared headers the definition gave. */
export type ListOutcome = ({ raw: string } | { chunks: Chunks }) & { headers?: Readonly<Record<string, string>> };

/** Distinct list answers kept per dataset (organizations × query values); past it, answers are built per request. */
const MAX_CACHED_ANSWERS = 4096;

/** One API's fixture data, indexed for the request path. */
export interface IndexedDataset {
  readonly organizations: readonly Organization[];
  /** Every user at once (made on first access: for tests and small data; the server never asks). */
  readonly data: Dataset;
  /** Users in all, without making them. */
  readonly userCount: number;
  /** An organization by its id or another reference its definition gives it (`organizationKeys`), any case. */
  organization(reference: string): Organization | undefined;
  userByToken(token: string): FixtureUser | undefined;
  /** A user by its record's `id` (JWT sign-in: a token's `sub`); the ids are indexed on first use, every user made once. */
  userById(id: string): FixtureUser | undefined;
  /** Users by API key (those that have one). */
  userByApiKey(key: string): FixtureUser | undefined;
  /** An organization's members in the spec's order (`x-ordering`). */
  members(org: Organization): Members;
  /** Every user, organization by organization, made as iterated. */
  users(): Iterable<FixtureUser>;
  /** A few users of each organization (each end of its list): what the banner and the docs page pick from. */
  showcase(): FixtureUser[];
  /**
   * The 200 answer of an organization to a request: serialised once per distinct answer (the data never changes
   * while serving), or, for an organization too large to hold, streamed each time.
   */
  listBody(org: Organization, request: ListRequest): ListOutcome;
}

/** Indexes a dataset held in full (fixture files, an API without a lazy world): members sorted by the spec's `x-ordering`. */
export function indexDataset(api: ApiDefinition, data: Dataset): IndexedDataset {
  const byToken = new Map(data.users.map((u) => [u.token, u]));
  const byApiKey = new Map(data.users.flatMap((u) => (u.apiKey === undefined ? [] : [[u.apiKey, u] as const])));
  const members = new Map<string, FixtureUser[]>();
  for (const user of data.users) {
    const org = organizationOfUser(api, user)?.toLowerCase();
    if (org === undefined) continue;
    const list = members.get(org) ?? [];
    list.push(user);
    members.set(org, list);
  }
  const ordering = api.operation.ordering;
  if (ordering) {
    const sign = ordering.direction === 'descending' ? -1 : 1;
    const key = ordering.property;
    for (const list of members.values()) list.sort((a, b) => sign * String(a.record[key]).localeCompare(String(b.record[key])));
  }
  const listOf = (org: Organization): Members => {
    const list = members.get(org.id.toLowerCase()) ?? [];
    return { count: list.length, at: (i) => list[i]! };
  };
  return indexed(api, data.organizations, listOf, {
    data: () => data,
    userCount: data.users.length,
    userByToken: (token) => byToken.get(token),
    userByApiKey: (key) => byApiKey.get(key),
  });
}

/**
 * An API's generated data for a seed and size, indexed for serving: its lazy world when the API has one (made in
 * microseconds, whatever the size: nothing is generated until asked for), else its full generation.
 */
export function generatedDataset(api: ApiDefinition, options: DatasetOptions): IndexedDataset {
  const world = api.mock.world?.(options);
  return world ? indexWorld(api, world) : indexDataset(api, api.mock.generate(options));
}

/** Indexes a lazy world: nothing is made until asked for; organizations up to KEPT_MEMBERS are kept once made. */
function indexWorld(api: ApiDefinition, world: World): IndexedDataset {
  const kept = new Map<number, FixtureUser[]>();
  const keptTokens = new Map<string, FixtureUser>();
  const listOf = (n: number): Members => {
    const members = world.members(n);
    if (members.count > KEPT_MEMBERS) return members;
    let list = kept.get(n);
    if (!list) {
      list = Array.from({ length: members.count }, (_v, i) => members.at(i));
      for (const user of list) keptTokens.set(user.token, user);
      kept.set(n, list);
    }
    const users = list;
    return { count: users.length, at: (i) => users[i]! };
  };
  const numbers = new Map(world.organizations.map((o, n) => [o, n]));
  let all: Dataset | undefined;
  return indexed(api, world.organizations, (org) => listOf(numbers.get(org)!), {
    data: () => {
      if (!all) {
        const users: FixtureUser[] = [];
        world.organizations.forEach((_o, n) => {
          const members = listOf(n);
          for (let i = 0; i < members.count; i++) users.push(members.at(i));
        });
        all = { organizations: [...world.organizations], users };
      }
      return all;
    },
    userCount: world.organizations.reduce((sum, _o, n) => sum + world.members(n).count, 0),
    userByToken(token) {
      const known = keptTokens.get(token);
      if (known) return known;
      const ref = world.locateToken(token);
      const user = ref && listOf(ref.org).at(ref.index);
      return user?.token === token ? user : undefined;
    },
    userByApiKey(key) {
      const ref = world.locateApiKey(key);
      const user = ref && listOf(ref.org).at(ref.index);
      return user?.apiKey === key ? user : undefined;
    },
  });
}

type Lookups = Pick<IndexedDataset, 'userCount' | 'userByToken' | 'userByApiKey'> & { data: () => Dataset };

function indexed(
  api: ApiDefinition,
  organizations: readonly Organization[],
  listOf: (org: Organization) => Members,
  lookups: Lookups,
): IndexedDataset {
  const byId = new Map(organizations.map((o) => [o.id.toLowerCase(), o]));
  for (const o of organizations) {
    for (const key of api.mock.organizationKeys?.(o) ?? []) if (!byId.has(key.toLowerCase())) byId.set(key.toLowerCase(), o);
  }
  // Only the headers the spec declares for the 200 are written.
  const declared = new Map((successResponse(api.operation)?.headers ?? []).map((h) => [h.name.toLowerCase(), h.name]));
  // An operation without query parameters or declared headers answers per organization alone.
  const perOrganization = declared.size === 0 && !api.operation.parameters.some((p) => p.in === 'query');
  const answers = new Map<string, ListOutcome>();
  let byUserId: Map<string, FixtureUser> | undefined;
  /** The answers of an operation that answers per organization alone, by organization (no key text to make). */
  const byOrganization = new Map<Organization, ListOutcome>();
  const dataset: IndexedDataset = {
    organizations,
    get data() {
      return lookups.data();
    },
    userCount: lookups.userCount,
    organization: (reference) => byId.get(reference.toLowerCase()),
    userByToken: lookups.userByToken,
    userByApiKey: lookups.userByApiKey,
    userById(id) {
      if (!byUserId) {
        byUserId = new Map();
        for (const user of dataset.users()) {
          const own = user.record.id;
          // Integer ids too (a JWT's sub is a string): the user is found by the id's text.
          if (typeof own === 'string' || typeof own === 'number') byUserId.set(String(own), user);
        }
      }
      return byUserId.get(id);
    },
    members: listOf,
    *users() {
      for (const org of organizations) {
        const members = listOf(org);
        for (let i = 0; i < members.count; i++) yield members.at(i);
      }
    },
    showcase() {
      return organizations.flatMap((org) => {
        const members = listOf(org);
        const picked: FixtureUser[] = [];
        for (let i = 0; i < members.count; i++) {
          if (i === SHOWCASE && members.count > 2 * SHOWCASE) i = members.count - SHOWCASE;
          picked.push(members.at(i));
        }
        return picked;
      });
    },
    listBody(org, request) {
      // One answer per organization, path parameters (a Link header may repeat them) and query values.
      const key = perOrganization ? null : `${org.id.toLowerCase()}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.query)}`;
      let answer = key === null ? byOrganization.get(org) : answers.get(key);
      if (answer === undefined) {
        const { body, headers } = listAnswerOf(api, org, listOf(org), request);
        const written = Object.entries(headers ?? {}).flatMap(([name, value]) => {
          const spelled = declared.get(name.toLowerCase());
          return spelled === undefined ? [] : [[spelled, value] as const];
        });
        answer = written.length === 0 ? body : { ...body, headers: Object.fromEntries(written) };
        if ('raw' in answer && answers.size + byOrganization.size < MAX_CACHED_ANSWERS) {
          if (key === null) byOrganization.set(org, answer);
          else answers.set(key, answer);
        }
      }
      return answer;
    },
  };
  return dataset;
}

/**
 * The list answer of an organization: the API's `list` given the members as a lazy array. A small list is
 * serialised; a large one becomes the text around the array and the array's items, streamed (unless the definition
 * copied the items into a new value, which is then serialised: a page, say).
 */
function listAnswerOf(
  api: ApiDefinition,
  org: Organization,
  members: Members,
  request: ListRequest,
): { body: { raw: string } | { chunks: Chunks }; headers?: Record<string, string> | undefined } {
  const items = lazyRecords(members);
  const { body, headers } = api.mock.list(items, org, request);
  if (members.count <= KEPT_MEMBERS) return { body: { raw: JSON.stringify(body) }, headers };
  const marker = `\u0000orgmock:items:${Math.random()}`;
  let found = false;
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (value !== items) return value;
    found = true;
    return marker;
  });
  const at = found ? text.indexOf(JSON.stringify(marker)) : -1;
  if (at === -1) return { body: { raw: text }, headers };
  const head = `${text.slice(0, at)}[`;
  const tail = `]${text.slice(at + JSON.stringify(marker).length)}`;
  return {
    headers,
    body: {
      *chunks() {
        let chunk = head;
        for (let i = 0; i < members.count; i++) {
          chunk += (i === 0 ? '' : ',') + JSON.stringify(members.at(i).record);
          if (chunk.length >= CHUNK) {
            yield chunk;
            chunk = '';
          }
        }
        yield chunk + tail;
      },
    },
  };
}

/** The members' records as an array that makes each record when read (length, indices, iteration, array methods). */
function lazyRecords(members: Members): JsonObject[] {
  const index = (prop: string | symbol) => {
    if (typeof prop !== 'string') return -1;
    const n = Number(prop);
    return Number.isInteger(n) && n >= 0 && n < members.count && String(n) === prop ? n : -1;
  };
  return new Proxy<JsonObject[]>([], {
    get(target, prop, receiver) {
      if (prop === 'length') return members.count;
      const n = index(prop);
      return n === -1 ? Reflect.get(target, prop, receiver) : members.at(n).record;
    },
    has: (target, prop) => index(prop) !== -1 || Reflect.has(target, prop),
  });
}

/** Chunks as a byte stream (Fetch `Response` bodies: the Hono app, MSW). */
export function chunkStream(chunks: Chunks): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: Iterator<string> | undefined;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      iterator ??= chunks()[Symbol.iterator]();
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      iterator?.return?.();
    },
  });
}
