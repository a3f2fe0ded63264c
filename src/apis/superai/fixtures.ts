/**
 * SuperAI's generated fixture data: seeded customer organizations, the platform organization and its backoffice
 * users.
 */
import type { JsonObject } from '../../openapi/types.js';
import { domainOf, emailMaker, organizationNames, REFERENCE_DATE, seededFaker, stableApiKey, stableToken } from '../fixture-kit.js';
import type { Dataset, DatasetOptions, FixtureUser, Organization } from '../types.js';

export const SUPERAI_ORGANIZATIONS = 3;
export const PLATFORM_ORGANIZATION_NAME = 'SuperAI Platform Operations';
const BACKOFFICE_USERS = 3;

/** `key`: the user also has an API key. */
type Shape = { role: string; status: string; key?: boolean };

/** Each customer organization starts with these; the rest are drawn from the weighted list. */
const SEEDED: Shape[] = [
  { role: 'org_admin', status: 'active', key: true },
  { role: 'app_user', status: 'active', key: true },
  { role: 'integration', status: 'active', key: true },
  { role: 'app_user', status: 'inactive', key: true },
  { role: 'app_user', status: 'pending' },
  { role: 'org_admin', status: 'active' },
];
const ROLES = ['app_user', 'app_user', 'app_user', 'app_user', 'integration', 'org_admin', 'worker', 'publisher'];
const STATUSES = ['active', 'active', 'active', 'active', 'active', 'active', 'inactive', 'pending'];

/**
 * Customer organizations with admins, users, integrations (some inactive or pending), and a
 * platform organization of its own holding the backoffice staff. Timestamps are in the past,
 * `updated_at` never before `created_at`, and `modified_by` names an admin of the same
 * organization or `system`. With a `keyPrefix` (the spec's API-key scheme), the first admin, user,
 * integration and inactive user of each organization, every other integration and every backoffice
 * user also have an API key.
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
    const admins: string[] = [];
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
        modified_by: admins.length && faker.number.float() < 0.7 ? admins[faker.number.int(admins.length - 1)]! : 'system',
        created_at: created.toISOString(),
        updated_at: updated.toISOString(),
      };
      if ((shape.role === 'org_admin' || shape.role === 'backoffice') && shape.status === 'active') admins.push(id);
      const keyed = keyPrefix !== null && (shape.key === true || shape.role === 'integration' || shape.role === 'backoffice');
      users.push({
        token: stableToken('sa', shape.role, seed, id),
        record,
        ...(keyed ? { apiKey: stableApiKey(keyPrefix, seed, id) } : {}),
      });
    }
  };

  for (const org of customers) {
    addOrganization(
      org,
      (i) => SEEDED[i] ?? { role: ROLES[faker.number.int(ROLES.length - 1)]!, status: STATUSES[faker.number.int(STATUSES.length - 1)]! },
      usersPerOrg,
    );
  }
  addOrganization(platform, (i) => ({ role: 'backoffice', status: i === BACKOFFICE_USERS - 1 ? 'inactive' : 'active' }), BACKOFFICE_USERS);
  return { organizations: [...customers, platform], users };
}
