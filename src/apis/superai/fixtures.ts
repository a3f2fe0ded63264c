/**
 * SuperAI's generated fixture data: seeded customer organizations, the platform organization and its backoffice
 * users, made lazily: each user from the seed, its organization and its position alone, in the spec's order.
 */
import type { JsonObject, Ordering } from '../../openapi/types.js';
import { seededRandom } from '../../util/random.js';
import { domainOf, pickShare, REFERENCE_DATE } from '../fixture-kit.js';
import type { DatasetOptions, FixtureUser, MemberRef, Organization, World } from '../types.js';
import { companyNames, credentialCodec, drawInt, drawUuid, hash32, lazyWorld, memberRandom, personAt } from '../world-kit.js';

export const SUPERAI_ORGANIZATIONS = 3;
export const PLATFORM_ORGANIZATION_NAME = 'SuperAI Platform Operations';
const BACKOFFICE_USERS = 3;

/** `key`: the user also has an API key. */
type Shape = { role: string; status: string; key?: boolean };

/**
 * Each customer organization starts with these (its oldest members), then one user of a role only the vendor's
 * published enum lists (worker in every other organization, publisher in the rest); the rest are drawn by share.
 */
const SEEDED: Shape[] = [
  { role: 'org_admin', status: 'active', key: true },
  { role: 'app_user', status: 'active', key: true },
  { role: 'integration', status: 'active', key: true },
  { role: 'app_user', status: 'inactive', key: true },
  { role: 'app_user', status: 'pending' },
  { role: 'org_admin', status: 'active' },
];
/** Shares in percent: the page's four roles and two statuses dominate; worker, publisher and pending are rare. */
const ROLE_SHARES = [
  ['app_user', 80],
  ['integration', 10],
  ['org_admin', 6],
  ['worker', 2],
  ['publisher', 2],
] as const;
const STATUS_SHARES = [
  ['active', 88],
  ['inactive', 10],
  ['pending', 2],
] as const;
/** A user who modified another in 70% of cases (the rest: `system`). */
const MODIFIED_BY_USER = 0.7;
/** Accounts are created over the three years before the reference date. */
const SPAN_MS = 3 * 365 * 24 * 3600 * 1000;
/** Organizations up to this size pick a modifier among all candidates; larger ones draw candidates at random. */
const SCAN_LIMIT = 64;

/**
 * Customer organizations with admins, users, integrations (some inactive or pending), and a platform organization
 * of its own holding the backoffice staff. Members are made in creation order (the n-th oldest has the n-th of
 * equal time slots over three years, so the spec's `x-ordering` by `created_at` needs no sort), `updated_at` never
 * before `created_at`, and `modified_by` is `system` or an active admin of the same organization created before
 * the modification. With a `keyPrefix` (the spec's API-key scheme), the first admin, user, integration and inactive
 * user of each organization, every integration and every backoffice user also have an API key.
 */
export function superaiWorld({ seed, usersPerOrg }: DatasetOptions, keyPrefix: string | null, ordering: Ordering | null): World {
  const random = seededRandom(hash32(seed, 2));
  const customers: Organization[] = companyNames(random, SUPERAI_ORGANIZATIONS).map((name) => ({ id: drawUuid(random), name }));
  const platform: Organization = { id: drawUuid(random), name: PLATFORM_ORGANIZATION_NAME };
  const organizations = [...customers, platform];
  const counts = organizations.map((o) => (o === platform ? BACKOFFICE_USERS : usersPerOrg));
  const keys = organizations.map((_o, n) => hash32(seed, 2, n + 1));
  const domains = organizations.map((o) => domainOf(o.name));
  const codec = credentialCodec('sa', seed);
  const newestFirst = ordering?.property === 'created_at' && ordering.direction === 'descending';

  const start = REFERENCE_DATE.getTime() - SPAN_MS;
  /** A uniform value in [0, 1) of a member, by what it is for: cheap enough to test many members for `modified_by`. */
  const unit = (org: number, age: number, what: number) => hash32(keys[org]!, age, what) / 0x100000000;
  const shapeOf = (org: number, age: number): Shape => {
    if (organizations[org] === platform) return { role: 'backoffice', status: age === 0 ? 'inactive' : 'active' };
    if (age < SEEDED.length) return SEEDED[age]!;
    if (age === SEEDED.length) return { role: org % 2 === 0 ? 'worker' : 'publisher', status: 'active' };
    return {
      role: pickShare(ROLE_SHARES, Math.floor(unit(org, age, 2) * 100)),
      status: pickShare(STATUS_SHARES, Math.floor(unit(org, age, 3) * 100)),
    };
  };
  const createdOf = (org: number, age: number) => start + Math.floor((SPAN_MS * (age + unit(org, age, 1))) / counts[org]!);
  /** A member's own stream: `updated_at`, then its id, then its `modified_by` draws. */
  const streamOf = (org: number, age: number) => memberRandom(keys[org]!, age);
  const idOf = (org: number, age: number) => {
    const draw = streamOf(org, age);
    draw();
    return drawUuid(draw);
  };
  const isAdmin = (shape: Shape) => (shape.role === 'org_admin' || shape.role === 'backoffice') && shape.status === 'active';
  /** An active admin created by `at`, other than the member itself: the member's own draws pick one, or none. */
  const modifier = (org: number, age: number, at: number, draw: () => number): string | null => {
    if (draw() >= MODIFIED_BY_USER) return null;
    const count = counts[org]!;
    const existing = Math.min(count, Math.floor(((at - start) * count) / SPAN_MS) + 1);
    const fits = (other: number) => other !== age && isAdmin(shapeOf(org, other)) && createdOf(org, other) <= at;
    if (existing <= SCAN_LIMIT) {
      const found: number[] = [];
      for (let other = 0; other < existing; other++) if (fits(other)) found.push(other);
      return found.length === 0 ? null : idOf(org, found[drawInt(draw, found.length)]!);
    }
    for (let tries = 0; tries < SCAN_LIMIT; tries++) {
      const other = drawInt(draw, existing);
      if (fits(other)) return idOf(org, other);
    }
    return null;
  };

  const member = ({ org, index }: MemberRef): FixtureUser => {
    const count = counts[org]!;
    const age = newestFirst ? count - 1 - index : index;
    const draw = streamOf(org, age);
    const created = createdOf(org, age);
    const updated = created + Math.floor(draw() * (REFERENCE_DATE.getTime() - created));
    const id = drawUuid(draw);
    const shape = shapeOf(org, age);
    const person = personAt(keys[org]!, age, domains[org]!);
    const record: JsonObject = {
      id,
      email: person.email,
      first_name: person.first,
      last_name: person.last,
      organization_id: organizations[org]!.id,
      organization_name: organizations[org]!.name,
      role: shape.role,
      status: shape.status,
      modified_by: modifier(org, age, updated, draw) ?? 'system',
      created_at: new Date(created).toISOString(),
      updated_at: new Date(updated).toISOString(),
    };
    const keyed = keyPrefix !== null && (shape.key === true || shape.role === 'integration' || shape.role === 'backoffice');
    return {
      token: codec.token(shape.role, { org, index }),
      record,
      ...(keyed ? { apiKey: codec.apiKey(keyPrefix, { org, index }) } : {}),
    };
  };
  return lazyWorld({ organizations, counts, member, codec, keyPrefix });
}
