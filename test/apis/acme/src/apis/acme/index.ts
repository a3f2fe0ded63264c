/**
 * Acme `GET /groups/{id}/members` (made up, test only): a paginated bare array (page/per_page, X-Total and Link),
 * a PRIVATE-TOKEN header or a bearer token, groups named by integer id or by path, members without a group field.
 */
import { defineApi } from '../define.js';
import type { FixtureUser, ListRequest, MemberRef, Organization, World } from '../types.js';
import { credentialCodec, lazyWorld, materialize } from '../world-kit.js';
import { uniqueItemValues } from '../../contract/list.js';
import { apiKeyScheme } from '../../openapi/extensions.js';
import { loadBundledSpec } from '../../openapi/load.js';
import { getOperation } from '../../openapi/operations.js';
import type { Json, JsonObject } from '../../openapi/types.js';
import { acmeClient } from './client.js';

const spec = loadBundledSpec('acme');
const operation = getOperation(spec, 'listGroupMembers');
const keyPrefix = apiKeyScheme(spec, operation)?.prefix ?? '';

/** Groups: integer ids, and full paths as their names (one a subgroup, named by a path with a slash). */
const GROUPS: Organization[] = [
  { id: '101', name: 'north-wind' },
  { id: '102', name: 'blue-harbor/platform' },
  { id: '103', name: 'red-forge' },
];
const OPS: Organization = { id: '900', name: 'acme-ops' };

/** Every group: an owner, a developer, a guest and a blocked developer, then developers; the ops group: two auditors. */
const SHAPES: [string, string][] = [
  ['owner', 'active'],
  ['developer', 'active'],
  ['guest', 'active'],
  ['developer', 'blocked'],
];
const AUDITORS: [string, string][] = [
  ['auditor', 'active'],
  ['auditor', 'blocked'],
];

/**
 * The members, made lazily (a start with 1,000,000 per group makes none up front): in the order the API lists
 * them (`x-ordering`: newest first), so position 0 of a group is its last joined; ids are integers unique across groups.
 */
function world({ seed, usersPerOrg }: { seed: number; usersPerOrg: number }): World {
  const organizations = [...GROUPS, OPS];
  const counts = [...GROUPS.map(() => usersPerOrg), AUDITORS.length];
  const codec = credentialCodec('ac', seed);
  const member = ({ org, index }: MemberRef): FixtureUser => {
    const group = organizations[org]!;
    const joinedAs = counts[org]! - 1 - index;
    const [level, state] = org === GROUPS.length ? AUDITORS[joinedAs]! : (SHAPES[joinedAs] ?? ['developer', 'active']);
    const id = org * 1_048_576 + joinedAs + 1;
    const username = `${group.name.replace(/\//g, '-')}-${level}-${id}`;
    const joined = new Date(Date.UTC(2025, 0, 1, 0, (seed % 1000) + joinedAs * 7 + org)).toISOString();
    const record: JsonObject = { id, username, level, state, joined_at: joined };
    return { token: codec.token(level, { org, index }), apiKey: codec.apiKey(keyPrefix, { org, index }), organization: group.id, record };
  };
  return lazyWorld({ organizations, counts, member, codec, keyPrefix });
}

/** One page of the members, with GitLab's paging headers and an RFC 8288 Link to the first, previous, next and last pages. */
function list(users: JsonObject[], _group: Organization, { params, query }: ListRequest): { body: Json; headers: Record<string, string> } {
  const page = Number(query.page ?? 1);
  const perPage = Number(query.per_page ?? 20);
  const pages = Math.ceil(users.length / perPage);
  const link = (n: number, rel: string) =>
    `<${spec.basePath}/groups/${encodeURIComponent(params.id ?? '')}/members?page=${n}&per_page=${perPage}>; rel="${rel}"`;
  const links = [link(1, 'first')];
  if (page > 1 && page <= pages) links.push(link(page - 1, 'prev'));
  if (page < pages) links.push(link(page + 1, 'next'));
  links.push(link(Math.max(pages, 1), 'last'));
  return {
    body: users.slice((page - 1) * perPage, page * perPage),
    headers: {
      'X-Total': String(users.length),
      'X-Total-Pages': String(pages),
      'X-Page': String(page),
      'X-Per-Page': String(perPage),
      Link: links.join(', '),
    },
  };
}

interface Row {
  token: string;
  apiKey: string | null;
  group: string;
  level: string;
  state: string;
}

export const acme = defineApi({
  name: 'acme',
  title: 'Acme',
  spec,
  operation,
  signInState: (user) => String(user.state),
  mock: {
    tokenPrefix: 'ac',
    generate: (options) => materialize(world(options)),
    world,
    // Listed members carry no group: the dataset's `organization` says which group each is in.
    organizationOf: () => null,
    organizationKeys: (group) => [group.name],
    list,
    errorBody: (_status, message) => ({ message }),
    identity: ({ token, apiKey, organization, record }) => ({
      token,
      apiKey: apiKey ?? null,
      id: record.id ?? null,
      // The id as the text a JWT's sub carries (mock --jwt-secret), as the seed APIs' rows give it.
      userId: record.id === undefined ? null : String(record.id),
      group: organization ?? null,
      level: record.level ?? null,
      state: record.state ?? null,
    }),
    roleName: (user) => String(user.level),
    fixtureSchema: { userSchema: 'Member' },
  },
  verify: {
    listPointer: '',
    checks: [uniqueItemValues({ id: 'acme.unique_usernames', property: 'username', meaning: 'Every listed member has its own username.' })],
    sectionFromMockIdentities: (rows, baseUrl) => {
      const live = (rows as Row[]).filter((r) => r.state === 'active');
      // The own group named by its path (sent as `blue-harbor%2Fplatform`), the other by its integer id.
      const own = live.find((r) => r.level === 'owner' && r.group === '102')!;
      const tokens: Record<string, string> = {};
      const apiKeys: Record<string, string> = {};
      for (const level of ['guest', 'developer', 'owner', 'auditor']) {
        const user = live.find((r) => r.level === level && (level === 'auditor' || r.group === own.group));
        if (user) tokens[level] = user.token;
        if (user?.apiKey) apiKeys[level] = user.apiKey;
      }
      const other = live.find((r) => r.group !== own.group && r.level !== 'auditor')!;
      return {
        baseUrl: `${baseUrl}${spec.basePath}`,
        organizationId: 'blue-harbor/platform',
        otherOrganizationId: other.group,
        tokens,
        apiKeys,
      };
    },
  },
  client: acmeClient,
});
