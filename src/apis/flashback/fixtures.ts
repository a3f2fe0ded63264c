/** Flashback's generated fixture data: seeded organizations and users of every orgRole the spec names. */
import type { Spec } from '../../openapi/load.js';
import { roleCatalog } from '../../openapi/extensions.js';
import type { OperationInfo } from '../../openapi/types.js';
import type { JsonObject } from '../../openapi/types.js';
import { domainOf, emailMaker, organizationNames, pickShare, REFERENCE_DATE, seededFaker, stableToken } from '../fixture-kit.js';
import type { Dataset, DatasetOptions, FixtureUser } from '../types.js';

/** orgRole value → name, read from the spec (the role enum and its x-enum-varnames). */
export function roleNames(spec: Spec, operation: OperationInfo): Map<number, string> {
  const roles = roleCatalog(spec, operation);
  return new Map(roles.names.map((name) => [roles.valueOf(name) as number, name]));
}

export const FLASHBACK_ORGANIZATIONS = 3;

/** Shares of the roles drawn past the seeded users, in percent: one OWNER per organization (seeded), few ADMINISTRATORs. */
const ROLE_SHARES = { USER: 80, BILLING: 5, WORKSPACES: 13, ADMINISTRATOR: 2 } as const;

/**
 * Every organization starts with one user of each role, a soft-deleted WORKSPACES user and an
 * unvalidated USER; the rest are mostly USERs, some WORKSPACES and BILLING, few ADMINISTRATORs and
 * no other OWNER (the organization's owner is one person), some deleted or unvalidated.
 */
export function generateFlashback(spec: Spec, operation: OperationInfo, { seed, usersPerOrg }: DatasetOptions): Dataset {
  const faker = seededFaker(seed, 1);
  const names = roleNames(spec, operation);
  const roles = [...names.keys()].sort((a, b) => a - b);
  const [USER, BILLING, WORKSPACES, ADMINISTRATOR, OWNER] = roles as [number, number, number, number, number];
  const email = emailMaker();
  const organizations = organizationNames(faker, FLASHBACK_ORGANIZATIONS).map((name) => ({ id: faker.string.uuid(), name }));
  const users: FixtureUser[] = [];

  const seeded: { role: number; deleted?: boolean; validated?: boolean }[] = [
    { role: OWNER },
    { role: ADMINISTRATOR },
    { role: WORKSPACES },
    { role: BILLING },
    { role: USER },
    { role: WORKSPACES, deleted: true },
    { role: USER, validated: false },
  ];
  const shares: [number, number][] = [
    [USER, ROLE_SHARES.USER],
    [BILLING, ROLE_SHARES.BILLING],
    [WORKSPACES, ROLE_SHARES.WORKSPACES],
    [ADMINISTRATOR, ROLE_SHARES.ADMINISTRATOR],
  ];

  for (const org of organizations) {
    const domain = domainOf(org.name);
    for (let i = 0; i < usersPerOrg; i++) {
      const shape = seeded[i] ?? {
        role: pickShare(shares, faker.number.int(99)),
        deleted: faker.number.float() < 0.05,
        validated: faker.number.float() >= 0.1,
      };
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      const record: JsonObject = {
        id: faker.string.uuid(),
        email: email(first, last, domain),
        name: first,
        lastName: last,
        orgId: org.id,
        orgRole: shape.role,
        validated: shape.validated ?? true,
        deletedAt: shape.deleted ? faker.date.past({ years: 1, refDate: REFERENCE_DATE }).toISOString() : null,
        orgRoleDescription: names.get(shape.role)!,
        orgRoles: roles.filter((r) => r <= shape.role),
      };
      users.push({ token: stableToken('fb', names.get(shape.role)!, seed, record.id as string), record });
    }
  }
  return { organizations, users };
}
