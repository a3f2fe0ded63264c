/** Flashback's generated fixture data: seeded organizations and users of every orgRole the spec names. */
import type { Spec } from '../../openapi/load.js';
import { roleCatalog } from '../../openapi/extensions.js';
import type { OperationInfo } from '../../openapi/types.js';
import type { JsonObject } from '../../openapi/types.js';
import { domainOf, emailMaker, organizationNames, REFERENCE_DATE, seededFaker, stableToken } from '../fixture-kit.js';
import type { Dataset, DatasetOptions, FixtureUser } from '../types.js';

/** orgRole value → name, read from the spec (the role enum and its x-enum-varnames). */
export function roleNames(spec: Spec, operation: OperationInfo): Map<number, string> {
  const roles = roleCatalog(spec, operation);
  return new Map(roles.names.map((name) => [roles.valueOf(name) as number, name]));
}

export const FLASHBACK_ORGANIZATIONS = 3;

/**
 * Every organization starts with one user of each role, a soft-deleted WORKSPACES user and an
 * unvalidated USER; the rest are mostly USERs, with some of every role, deleted or unvalidated.
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
  const weighted = [USER, USER, USER, USER, USER, BILLING, WORKSPACES, WORKSPACES, ADMINISTRATOR, OWNER];

  for (const org of organizations) {
    const domain = domainOf(org.name);
    for (let i = 0; i < usersPerOrg; i++) {
      const shape = seeded[i] ?? {
        role: weighted[faker.number.int(weighted.length - 1)]!,
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
