// Proves: SuperAI's generated users keep what the spec (openapi/superai.yaml), README.md and
// fixtures/README.md promise: every required field of OrganizationUserResponse, UUID v4 ids, ISO 8601
// UTC timestamps in the past with updated_at not before created_at, organization_name the organization's
// name, exactly `--users-per-org` users in every customer organization while the platform organization
// keeps its few backoffice users, tokens `sa_<role>_…`, API keys (`saf_` and 32 hex digits) for exactly
// the users README.md lists, and modified_by `system` or an active admin of the same organization.
// Every dataset is generated inside its test (Stryker attributes the code to the tests that run it).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../openapi/types.js';
import type { Dataset } from '../types.js';
import { materialize } from '../world-kit.js';
import { superaiWorld } from './fixtures.js';
import { superai } from './index.js';

const schemas = (superai.spec.doc as { components: { schemas: Record<string, Record<string, unknown>> } }).components.schemas;
const REQUIRED = schemas.OrganizationUserResponse!.required as string[];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Fixtures are dated before 2026-01-01, so they are in the past on any clock. */
const BEFORE = Date.parse('2026-01-01T00:00:00Z');

const generate = (seed: number, usersPerOrg: number) => superai.mock.generate({ seed, usersPerOrg });
const records = (data: Dataset) => data.users.map((u) => u.record);
/** The organizations that hold backoffice users (the platform's) and the others (the customers). */
function split(data: Dataset) {
  const platformIds = new Set(
    records(data)
      .filter((u) => u.role === 'backoffice')
      .map((u) => u.organization_id),
  );
  const members = (id: string) => data.users.filter((u) => u.record.organization_id === id);
  return {
    platform: data.organizations.filter((o) => platformIds.has(o.id)),
    customers: data.organizations.filter((o) => !platformIds.has(o.id)),
    members,
  };
}

describe('generated SuperAI organizations', () => {
  it.each([10, 37])(
    'every customer organization has exactly %i users (--users-per-org); the platform organization keeps its few backoffice users',
    (usersPerOrg) => {
      const data = generate(2, usersPerOrg);
      const { platform, customers, members } = split(data);
      expect(customers.length).toBeGreaterThanOrEqual(3);
      for (const org of customers) expect(members(org.id)).toHaveLength(usersPerOrg);
      expect(platform).toHaveLength(1);
      const staff = members(platform[0]!.id).map((u) => u.record);
      expect(staff.every((u) => u.role === 'backoffice')).toBe(true);
      expect(staff.length).toBeGreaterThanOrEqual(2);
      expect(staff.length).toBeLessThanOrEqual(5);
      expect(staff).toHaveLength(members(split(generate(2, 200)).platform[0]!.id).length);
      // Active backoffice users list any organization; an inactive one must be refused like any inactive user.
      expect(staff.filter((u) => u.status === 'active').length).toBeGreaterThan(staff.length / 2);
      expect(staff.some((u) => u.status === 'inactive')).toBe(true);
    },
  );

  it('lists exactly the organizations its users belong to, each named as its users say (organization_name)', () => {
    const data = generate(3, 15);
    const used = new Set(records(data).map((u) => u.organization_id));
    expect(new Set(data.organizations.map((o) => o.id))).toEqual(used);
    expect(data.organizations).toHaveLength(used.size);
    const names = new Map(data.organizations.map((o) => [o.id, o.name]));
    for (const u of records(data)) expect(u.organization_name).toBe(names.get(u.organization_id as string));
    expect(new Set(data.organizations.map((o) => o.name)).size).toBe(data.organizations.length);
  });
});

describe('generated SuperAI users', () => {
  it('carry every required field of OrganizationUserResponse: UUID v4 ids, ISO 8601 UTC timestamps in the past, updated_at not before created_at', () => {
    for (const u of records(generate(4, 30))) {
      for (const field of REQUIRED) expect(u[field], field).toBeDefined();
      expect(u.id).toMatch(UUID_V4);
      expect(u.organization_id).toMatch(UUID_V4);
      expect(u.created_at).toMatch(ISO_UTC);
      expect(u.updated_at).toMatch(ISO_UTC);
      expect(Date.parse(u.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(u.created_at as string));
      expect(Date.parse(u.updated_at as string)).toBeLessThanOrEqual(BEFORE);
    }
  });

  it('tokens are sa_<role>_…, unique and the same for the same seed', () => {
    const data = generate(5, 20);
    for (const { token, record } of data.users) expect(token).toMatch(new RegExp(`^sa_${record.role}_[0-9a-f]{12}$`));
    expect(new Set(data.users.map((u) => u.token)).size).toBe(data.users.length);
    expect(generate(5, 20).users.map((u) => u.token)).toEqual(data.users.map((u) => u.token));
  });

  it.each([1, 2, 3])(
    "API keys, `saf_` and 32 hex digits, for each organization's first admin, user, integration and inactive user, every other integration and every backoffice user (README), seed %i",
    (seed) => {
      const data = generate(seed, 40);
      const { platform, customers, members } = split(data);
      for (const org of customers) {
        // "first": the organization's earliest (the list shows the newest first).
        const users = members(org.id).sort((a, b) => String(a.record.created_at).localeCompare(String(b.record.created_at)));
        const first = (pick: (u: JsonObject) => boolean) => users.find((u) => pick(u.record));
        const expected = new Set([
          first((u) => u.role === 'org_admin'),
          first((u) => u.role === 'app_user'),
          first((u) => u.role === 'integration'),
          first((u) => u.status === 'inactive'),
          ...users.filter((u) => u.record.role === 'integration'),
        ]);
        expect(expected.has(undefined), `${org.name} has each of them`).toBe(false);
        expect(new Set(users.filter((u) => u.apiKey !== undefined))).toEqual(expected);
      }
      expect(members(platform[0]!.id).every((u) => u.apiKey !== undefined)).toBe(true);
      const keys = data.users.flatMap((u) => (u.apiKey === undefined ? [] : [u.apiKey]));
      for (const key of keys) expect(key).toMatch(/^saf_[0-9a-f]{32}$/);
      expect(new Set(keys).size).toBe(keys.length);
    },
  );

  it('without an API-key scheme (no key prefix) nobody has an API key', () => {
    const data = materialize(superaiWorld({ seed: 1, usersPerOrg: 20 }, null, superai.operation.ordering));
    expect(data.users.some((u) => u.apiKey !== undefined)).toBe(false);
  });

  it.each([
    [1, 10],
    [2, 10],
    [3, 10],
    [4, 200],
  ])(
    'seed %i, %i per organization: modified_by is "system" or another active admin of the organization, created by the modification',
    (seed, usersPerOrg) => {
      // The page: "Identifier of the user or system that last modified this user"; a user who is not
      // active cannot log in (UserStatus), so cannot have modified anyone.
      const users = records(generate(seed, usersPerOrg));
      const byId = new Map(users.map((u) => [u.id, u]));
      let byUser = 0;
      for (const u of users) {
        if (u.modified_by === 'system') continue;
        byUser++;
        const by = byId.get(u.modified_by as string);
        expect(by, `${u.id} modified by ${u.modified_by}`).toBeDefined();
        expect(by!.id).not.toBe(u.id);
        expect(by!.organization_id).toBe(u.organization_id);
        expect(['org_admin', 'backoffice']).toContain(by!.role);
        expect(by!.status).toBe('active');
        expect(Date.parse(by!.created_at as string)).toBeLessThanOrEqual(Date.parse(u.updated_at as string));
      }
      expect(byUser).toBeGreaterThan(users.length * 0.2);
    },
  );

  it('"user or system": the system also modified users whom an active admin of the organization could have modified', () => {
    const users = records(generate(5, 100));
    const admins = users.filter((u) => (u.role === 'org_admin' || u.role === 'backoffice') && u.status === 'active');
    const couldBeAdmin = (u: JsonObject) =>
      admins.some((a) => a.id !== u.id && a.organization_id === u.organization_id && (a.created_at as string) <= (u.updated_at as string));
    const candidates = users.filter(couldBeAdmin);
    expect(candidates.length).toBeGreaterThan(100);
    expect(candidates.filter((u) => u.modified_by === 'system').length).toBeGreaterThan(candidates.length * 0.1);
    expect(candidates.filter((u) => u.modified_by !== 'system').length).toBeGreaterThan(candidates.length * 0.5);
  });

  it('at the smallest size (10), every customer organization has an active org_admin, an app_user, an integration, an inactive and a pending user; worker in every other organization, publisher in the rest', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const data = generate(seed, 10);
      const { customers, members } = split(data);
      customers.forEach((org, n) => {
        const users = members(org.id).map((u) => u.record);
        const where = `seed ${seed}, ${org.name}`;
        expect(
          users.some((u) => u.role === 'org_admin' && u.status === 'active'),
          where,
        ).toBe(true);
        for (const role of ['app_user', 'integration'])
          expect(
            users.some((u) => u.role === role),
            `${where}: ${role}`,
          ).toBe(true);
        for (const status of ['inactive', 'pending'])
          expect(
            users.some((u) => u.status === status),
            `${where}: ${status}`,
          ).toBe(true);
        const rare = n % 2 === 0 ? 'worker' : 'publisher';
        expect(
          users.some((u) => u.role === rare && u.status === 'active'),
          `${where}: an active ${rare}`,
        ).toBe(true);
      });
    }
  });
});
