// Proves: Flashback's generated users keep what the spec (openapi/flashback.yaml), README.md and the
// generator's stated design promise: every field of OrganizationUser, orgRoleDescription the role's
// name and orgRoles every role at or below the user's own (x-derived-from), exactly `--users-per-org`
// users in every organization, each organization with one user of each role, a soft-deleted and an
// unvalidated user, only some of the others deleted or unvalidated, tokens `fb_<role>_…` stable per seed.
// Every dataset is generated inside its test (Stryker attributes the code to the tests that run it).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../openapi/types.js';
import { flashback } from './index.js';

const schemas = (flashback.spec.doc as { components: { schemas: Record<string, Record<string, unknown>> } }).components.schemas;
const ROLE_VALUES = schemas.OrgRole!.enum as number[];
const ROLE_NAMES = schemas.OrgRole!['x-enum-varnames'] as string[];
const nameOf = (value: number) => ROLE_NAMES[ROLE_VALUES.indexOf(value)]!;
const [USER, , WORKSPACES, , OWNER] = ROLE_VALUES as [number, number, number, number, number];
/** Fixtures are dated before 2026-01-01, so they are in the past on any clock. */
const BEFORE = Date.parse('2026-01-01T00:00:00Z');

const generate = (seed: number, usersPerOrg: number) => flashback.mock.generate({ seed, usersPerOrg });
const byOrganization = (data: ReturnType<typeof generate>) =>
  data.organizations.map((org) => data.users.map((u) => u.record).filter((r) => r.orgId === org.id));

describe('generated Flashback users', () => {
  it.each([10, 23])('every organization has exactly %i users (--users-per-org), each of a listed organization', (usersPerOrg) => {
    const data = generate(3, usersPerOrg);
    expect(data.organizations.length).toBeGreaterThanOrEqual(3);
    for (const members of byOrganization(data)) expect(members).toHaveLength(usersPerOrg);
    expect(data.users).toHaveLength(usersPerOrg * data.organizations.length);
    expect(new Set(data.organizations.map((o) => o.id)).size).toBe(data.organizations.length);
    expect(new Set(data.organizations.map((o) => o.name)).size).toBe(data.organizations.length);
  });

  it("carries every field of the spec's OrganizationUser, of the spec's type", () => {
    const properties = Object.keys(schemas.OrganizationUser!.properties as object).sort();
    for (const { record } of generate(4, 30).users) {
      expect(Object.keys(record).sort()).toEqual(properties);
      expect(typeof record.validated).toBe('boolean');
      expect(record.deletedAt === null || typeof record.deletedAt === 'string').toBe(true);
    }
  });

  it("orgRoleDescription is the role's name and orgRoles every role at or below the user's own (x-derived-from)", () => {
    for (const { record } of generate(5, 40).users) {
      const role = record.orgRole as number;
      expect(record.orgRoleDescription).toBe(nameOf(role));
      expect(record.orgRoles).toEqual(ROLE_VALUES.filter((r) => r <= role));
    }
  });

  it('tokens are fb_<role name in lower case>_…, unique, and the same for the same seed', () => {
    const data = generate(6, 20);
    for (const { token, record } of data.users) {
      expect(token).toMatch(new RegExp(`^fb_${nameOf(record.orgRole as number).toLowerCase()}_[0-9a-f]{12}$`));
    }
    expect(new Set(data.users.map((u) => u.token)).size).toBe(data.users.length);
    expect(generate(6, 20).users.map((u) => u.token)).toEqual(data.users.map((u) => u.token));
    expect(generate(7, 20).users.map((u) => u.token)).not.toEqual(data.users.map((u) => u.token));
    expect(
      data.users.some((u) => u.apiKey !== undefined),
      "Flashback's spec has no API-key scheme",
    ).toBe(false);
  });

  it('at the smallest size (10), every organization of every seed has each role, one OWNER, a soft-deleted WORKSPACES user and an unvalidated USER', () => {
    for (let seed = 1; seed <= 10; seed++) {
      for (const members of byOrganization(generate(seed, 10))) {
        const where = `seed ${seed}, organization ${members[0]!.orgId}`;
        expect(new Set(members.map((u) => u.orgRole)), where).toEqual(new Set(ROLE_VALUES));
        expect(
          members.filter((u) => u.orgRole === OWNER),
          where,
        ).toHaveLength(1);
        expect(
          members.some((u) => u.orgRole === WORKSPACES && u.deletedAt !== null),
          where,
        ).toBe(true);
        expect(
          members.some((u) => u.orgRole === USER && u.validated === false && u.deletedAt === null),
          where,
        ).toBe(true);
        // Most users are validated and not deleted.
        expect(members.filter((u) => u.validated === true).length, where).toBeGreaterThan(members.length / 2);
        expect(members.filter((u) => u.deletedAt === null).length, where).toBeGreaterThan(members.length / 2);
      }
    }
  });

  it('past the seeded users, some are soft-deleted and some unvalidated, a minority of each', () => {
    for (const members of byOrganization(generate(8, 400))) {
      const share = (pick: (u: JsonObject) => boolean) => members.filter(pick).length / members.length;
      const deleted = members.filter((u) => u.deletedAt !== null).length;
      const unvalidated = members.filter((u) => u.validated === false).length;
      expect(deleted, 'more deleted users than the seeded one').toBeGreaterThan(2);
      expect(unvalidated, 'more unvalidated users than the seeded one').toBeGreaterThan(2);
      expect(share((u) => u.deletedAt !== null)).toBeLessThan(0.25);
      expect(share((u) => u.validated === false)).toBeLessThan(0.25);
    }
  });

  it('a soft-deleted user has a deletedAt in the past (ISO 8601); the others null', () => {
    for (const { record } of generate(9, 100).users) {
      if (record.deletedAt === null) continue;
      expect(record.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(Date.parse(record.deletedAt as string)).toBeLessThanOrEqual(BEFORE);
    }
  });
});
