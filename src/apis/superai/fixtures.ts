/**
 * SuperAI's generated fixture data: seeded customer organizations, the platform organization and its backoffice
 * users.
 */
import type { JsonObject } from '../../openapi/types.js';
import {
  domainOf,
  emailMaker,
  organizationNames,
  pickShare,
  REFERENCE_DATE,
  seededFaker,
  stableApiKey,
  stableToken,
} from '../fixture-kit.js';
import type { Dataset, DatasetOptions, FixtureUser, Organization } from '../types.js';

export const SUPERAI_ORGANIZATIONS = 3;
export const PLATFORM_ORGANIZATION_NAME = 'SuperAI Platform Operations';
const BACKOFFICE_USERS = 3;

/** `key`: the user also has an API key. */
type Shape = { role: string; status: string; key?: boolean };

/**
 * Each customer organization starts with these, then one user of a role only the vendor's published
 * enum lists (worker in every other organization, publisher in the rest); the rest are drawn by share.
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

/**
 * Customer organizations with admins, users, integrations (some inactive or pending), and a
 * platform organization of its own holding the backoffice staff. Timestamps are in the past,
 * `updated_at` never before `created_at`, and `modified_by` is `system` or an active admin of the
 * same organization created before the modification (`updated_at`). With a `keyPrefix` (the spec's
 * API-key scheme), the first admin, user, integration and inactive user of each organization, every
 * other integration and every backoffice user also have an API key.
 */
export function generateSuperAI({ seed, usersPerOrg }: DatasetOptions, keyPrefix: string | null = null): Dataset {
  const faker = seededFaker(seed, 2);
  const email = emailMaker();
  const names = organizationNames(faker, SUPERAI_ORGANIZATIONS + 1).filter((n) => n !== PLATFORM_ORGANIZATION_NAME);
  const customers: Organization[] = names.slice(0, SUPERAI_ORGANIZATIONS).map((name) => ({ id: faker.string.uuid(), name }));
  const platform: Organization = { id: faker.string.uuid(), name: PLATFORM_ORGANIZATION_NAME };
  const users: FixtureUser[] = [];

  const addOrganization = (org: Organization, shapes: (i: number) => Shape, count: number) => {
    const domain = domainOf(org.name);
    const members: FixtureUser[] = [];
    for (let i = 0; i < count; i++) {
      const shape = shapes(i);
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      const created = faker.date.past({ years: 3, refDate: REFERENCE_DATE });
      const updated = faker.date.between({ from: created, to: REFERENCE_DATE });
      const id = faker.string.uuid();
      const record: JsonObject = {
        id,
        email: email(first, last, domain),
        first_name: first,
        last_name: last,
        organization_id: org.id,
        organization_name: org.name,
        role: shape.role,
        status: shape.status,
        modified_by: 'system',
        created_at: created.toISOString(),
        updated_at: updated.toISOString(),
      };
      const keyed = keyPrefix !== null && (shape.key === true || shape.role === 'integration' || shape.role === 'backoffice');
      members.push({
        token: stableToken('sa', shape.role, seed, id),
        record,
        ...(keyed ? { apiKey: stableApiKey(keyPrefix, seed, id) } : {}),
      });
    }
    // Who last modified each user: an active admin of the organization who existed by then, or the system.
    const admins = members
      .map((m) => m.record)
      .filter((r) => (r.role === 'org_admin' || r.role === 'backoffice') && r.status === 'active')
      .sort((x, y) => (x.created_at as string).localeCompare(y.created_at as string));
    for (const { record } of members) {
      // How many admins were created by the modification (binary search: organizations can be large).
      let lo = 0;
      let hi = admins.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((admins[mid]!.created_at as string) <= (record.updated_at as string)) lo = mid + 1;
        else hi = mid;
      }
      if (lo === 0 || faker.number.float() >= MODIFIED_BY_USER) continue;
      const at = faker.number.int(lo - 1);
      // Never the user itself: the next admin who existed by then, if any.
      const by = admins[at]!.id === record.id ? (lo > 1 ? admins[(at + 1) % lo] : undefined) : admins[at];
      if (by) record.modified_by = by.id!;
    }
    users.push(...members);
  };

  customers.forEach((org, n) => {
    const rare: Shape = { role: n % 2 === 0 ? 'worker' : 'publisher', status: 'active' };
    const drawn = (): Shape => ({
      role: pickShare(ROLE_SHARES, faker.number.int(99)),
      status: pickShare(STATUS_SHARES, faker.number.int(99)),
    });
    addOrganization(org, (i) => SEEDED[i] ?? (i === SEEDED.length ? rare : drawn()), usersPerOrg);
  });
  addOrganization(platform, (i) => ({ role: 'backoffice', status: i === BACKOFFICE_USERS - 1 ? 'inactive' : 'active' }), BACKOFFICE_USERS);
  return { organizations: [...customers, platform], users };
}
