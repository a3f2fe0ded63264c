/**
 * Flashback's generated fixture data: seeded organizations and users of every orgRole the spec names, made lazily
 * (each user from the seed, its organization and its position alone).
 */
import type { Spec } from '../../openapi/load.js';
import { roleCatalog } from '../../openapi/extensions.js';
import type { JsonObject, OperationInfo } from '../../openapi/types.js';
import { domainOf, pickShare, REFERENCE_DATE } from '../fixture-kit.js';
import type { DatasetOptions, FixtureUser, World } from '../types.js';
import { companyNames, credentialCodec, drawUuid, hash32, lazyWorld, memberRandom, personAt } from '../world-kit.js';
import { seededRandom } from '../../util/random.js';

/** orgRole value → name, read from the spec (the role enum and its x-enum-varnames). */
export function roleNames(spec: Spec, operation: OperationInfo): Map<number, string> {
  const roles = roleCatalog(spec, operation);
  return new Map(roles.names.map((name) => [roles.valueOf(name) as number, name]));
}

export const FLASHBACK_ORGANIZATIONS = 3;

/** Shares of the roles drawn past the seeded users, in percent: one OWNER per organization (seeded), few ADMINISTRATORs. */
const ROLE_SHARES = { USER: 80, BILLING: 5, WORKSPACES: 13, ADMINISTRATOR: 2 } as const;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Every organization starts with one user of each role, a soft-deleted WORKSPACES user and an
 * unvalidated USER; the rest are mostly USERs, some WORKSPACES and BILLING, few ADMINISTRATORs and
 * no other OWNER (the organization's owner is one person), some deleted or unvalidated.
 */
export function flashbackWorld(spec: Spec, operation: OperationInfo, { seed, usersPerOrg }: DatasetOptions): World {
  const names = roleNames(spec, operation);
  const roles = [...names.keys()].sort((a, b) => a - b);
  const [USER, BILLING, WORKSPACES, ADMINISTRATOR, OWNER] = roles as [number, number, number, number, number];
  const random = seededRandom(hash32(seed, 1));
  const organizations = companyNames(random, FLASHBACK_ORGANIZATIONS).map((name) => ({ id: drawUuid(random), name }));
  const keys = organizations.map((_o, n) => hash32(seed, 1, n + 1));
  const domains = organizations.map((o) => domainOf(o.name));
  const codec = credentialCodec('fb', seed);

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

  const member = ({ org, index }: { org: number; index: number }): FixtureUser => {
    const draw = memberRandom(keys[org]!, index);
    const shape = seeded[index] ?? {
      role: pickShare(shares, Math.floor(draw() * 100)),
      deleted: draw() < 0.05,
      validated: draw() >= 0.1,
    };
    const person = personAt(keys[org]!, index, domains[org]!);
    const record: JsonObject = {
      id: drawUuid(draw),
      email: person.email,
      name: person.first,
      lastName: person.last,
      orgId: organizations[org]!.id,
      orgRole: shape.role,
      validated: shape.validated ?? true,
      deletedAt: shape.deleted ? new Date(REFERENCE_DATE.getTime() - Math.floor(draw() * YEAR_MS)).toISOString() : null,
      orgRoleDescription: names.get(shape.role)!,
      orgRoles: roles.filter((r) => r <= shape.role),
    };
    return { token: codec.token(names.get(shape.role)!, { org, index }), record };
  };
  return lazyWorld({ organizations, counts: organizations.map(() => usersPerOrg), member, codec, keyPrefix: null });
}
