// Proves: seeded, realistic, coherent fixtures; scaling; teams' own fixture files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import { superai } from '../../src/apis/superai/index.js';
import { createMockApp } from '../../src/index.js';
import { DEFAULTS } from '../../src/mock/app.js';
import { FixtureError, readFixtureDir } from '../../src/mock/fixture-files.js';
import { createBodyValidator } from '../../src/openapi/validate.js';
import { stableToken } from '../../src/apis/fixture-kit.js';

const fb = flashback.mock.generate({ seed: 1, usersPerOrg: 40 });
const sa = superai.mock.generate({ seed: 1, usersPerOrg: 40 });
const records = (d: typeof fb) => d.users.map((u) => u.record as any);
/** Fixtures are dated before 2026-01-01 (the default seed's day): "in the past" on any clock, and the same bytes on any day. */
const BEFORE = Date.parse('2026-01-01T00:00:00Z');

describe('determinism', () => {
  it('the same seed gives byte-identical data; another seed does not', () => {
    for (const api of [flashback, superai]) {
      const a = JSON.stringify(api.mock.generate({ seed: 42, usersPerOrg: 20 }));
      expect(JSON.stringify(api.mock.generate({ seed: 42, usersPerOrg: 20 }))).toBe(a);
      expect(JSON.stringify(api.mock.generate({ seed: 43, usersPerOrg: 20 }))).not.toBe(a);
    }
  });

  it('two servers with the same seed serve identical bodies', async () => {
    const bodies = async () => {
      const m = createMockApp({ seed: 9 });
      const token = m.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;
      return (await m.app.request('/organization/users', { headers: { Authorization: `Bearer ${token}` } })).text();
    };
    expect(await bodies()).toBe(await bodies());
  });
});

describe('every record is valid against its spec', () => {
  it.each([
    ['flashback', flashback, fb],
    ['superai', superai, sa],
  ] as const)('%s', (_n, api, data) => {
    const v = createBodyValidator(api.spec);
    for (const r of records(data)) expect(v.validateAt(`#/components/schemas/${api.mock.fixtureSchema.userSchema}`, r)).toEqual([]);
  });
});

describe('flashback fixtures', () => {
  const orgs = [...new Set(records(fb).map((u) => u.orgId))];
  it('has at least 3 organizations, each with every orgRole, soft-deleted and unvalidated users', () => {
    expect(orgs.length).toBeGreaterThanOrEqual(3);
    for (const org of orgs) {
      const users = records(fb).filter((u) => u.orgId === org);
      expect(new Set(users.map((u) => u.orgRole))).toEqual(new Set([0, 1, 2, 254, 255]));
      expect(users.some((u) => u.deletedAt !== null)).toBe(true);
      expect(users.some((u) => u.validated === false)).toBe(true);
    }
  });
  it('unique ids and emails; emails derived from names; deletions in the past', () => {
    const all = records(fb);
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
    expect(new Set(all.map((u) => u.email)).size).toBe(all.length);
    const simple = (s: string) =>
      s
        .normalize('NFKD')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '');
    for (const u of all) {
      expect(simple(u.email.split('@')[0])).toContain(simple(u.name));
      if (u.deletedAt) expect(Date.parse(u.deletedAt)).toBeLessThanOrEqual(BEFORE);
    }
  });
});

describe('superai fixtures', () => {
  const all = records(sa);
  const backofficeOrgs = new Set(all.filter((u) => u.role === 'backoffice').map((u) => u.organization_id));
  const customers = [...new Set(all.map((u) => u.organization_id))].filter((o) => !backofficeOrgs.has(o));
  it('has at least 3 customer organizations with org_admin, app_user, integration, inactive and pending users', () => {
    expect(customers.length).toBeGreaterThanOrEqual(3);
    for (const org of customers) {
      const users = all.filter((u) => u.organization_id === org);
      for (const role of ['org_admin', 'app_user', 'integration']) expect(users.some((u) => u.role === role)).toBe(true);
      for (const status of ['inactive', 'pending']) expect(users.some((u) => u.status === status)).toBe(true);
      expect(users.some((u) => u.role === 'backoffice')).toBe(false);
    }
    expect(backofficeOrgs.size).toBe(1);
  });
  it('timestamps in the past, updated_at not before created_at, modified_by an admin of the same org or system', () => {
    const byId = new Map(all.map((u) => [u.id, u]));
    for (const u of all) {
      expect(Date.parse(u.created_at)).toBeLessThanOrEqual(BEFORE);
      expect(Date.parse(u.updated_at)).toBeGreaterThanOrEqual(Date.parse(u.created_at));
      expect(Date.parse(u.updated_at)).toBeLessThanOrEqual(BEFORE);
      if (u.modified_by !== 'system') {
        const by = byId.get(u.modified_by);
        expect(by?.organization_id).toBe(u.organization_id);
        expect(['org_admin', 'backoffice']).toContain(by?.role);
      }
    }
    expect(all.some((u) => u.modified_by !== 'system')).toBe(true);
    expect(new Set(all.map((u) => u.email)).size).toBe(all.length);
  });
});

// Issue 10: fixture data leans on what the pages document. Expectations come from the pages (through the
// specs, whose x-inferred-enum lists what only the vendors' other material adds), never from the generator.
describe('distributions the pages imply', () => {
  const DEFAULT = { seed: DEFAULTS.seed, usersPerOrg: DEFAULTS.usersPerOrg };
  const sizes = [DEFAULT, { seed: DEFAULTS.seed, usersPerOrg: 200 }, { seed: 7, usersPerOrg: 200 }];
  const schema = (name: string) => (superai.spec.doc as any).components.schemas[name];
  /** Values the page lists: the enum minus what x-inferred-enum adds. */
  const documented = (name: string): string[] => schema(name).enum.filter((v: string) => !schema(name)['x-inferred-enum']?.includes(v));
  const inferred = (name: string): string[] => schema(name)['x-inferred-enum'] ?? [];

  it("the page lists four roles and two statuses; worker, publisher and pending are the published spec's additions", () => {
    expect(documented('UserRole')).toEqual(['org_admin', 'backoffice', 'app_user', 'integration']);
    expect(documented('UserStatus')).toEqual(['active', 'inactive']);
    expect([...inferred('UserRole'), ...inferred('UserStatus')]).toEqual(['worker', 'publisher', 'pending']);
  });

  it.each(sizes)(
    'Flashback ($usersPerOrg per organization): one OWNER each ("full organization access"), few ADMINISTRATORs, mostly USERs',
    (size) => {
      const users = records(flashback.mock.generate(size));
      for (const org of new Set(users.map((u) => u.orgId))) {
        const members = users.filter((u) => u.orgId === org);
        const count = (role: number) => members.filter((u) => u.orgRole === role).length;
        expect(count(255), `OWNERs of ${org}`).toBe(1);
        expect(count(254), `ADMINISTRATORs of ${org}`).toBeGreaterThanOrEqual(1);
        expect(count(254), `ADMINISTRATORs of ${org}`).toBeLessThanOrEqual(Math.max(2, members.length * 0.06));
        expect(count(0), `USERs of ${org}`).toBeGreaterThanOrEqual(members.length * (size.usersPerOrg >= 100 ? 0.6 : 0.3));
      }
    },
  );

  it.each(sizes)(
    'SuperAI ($usersPerOrg per organization): documented roles and statuses dominate; worker, publisher and pending present but rare',
    (size) => {
      const users = records(superai.mock.generate(size));
      const share = (pick: (u: any) => boolean) => users.filter(pick).length / users.length;
      expect(share((u) => documented('UserRole').includes(u.role))).toBeGreaterThanOrEqual(0.9);
      expect(share((u) => documented('UserStatus').includes(u.status))).toBeGreaterThanOrEqual(0.9);
      for (const role of inferred('UserRole')) {
        expect(
          users.some((u) => u.role === role && u.status === 'active'),
          `an active ${role}`,
        ).toBe(true);
        expect(
          share((u) => u.role === role),
          role,
        ).toBeLessThanOrEqual(size.usersPerOrg >= 100 ? 0.04 : 0.06);
      }
      expect(users.some((u) => u.status === 'pending')).toBe(true);
      expect(share((u) => u.status === 'pending')).toBeLessThanOrEqual(size.usersPerOrg >= 100 ? 0.04 : 0.08);
    },
  );

  it.each(sizes)(
    'SuperAI ($usersPerOrg per organization): modified_by is "system" or a user of the organization created by the modification',
    (size) => {
      // The page: "Identifier of the user or system that last modified this user"; updated_at: "when user was last modified".
      const users = records(superai.mock.generate(size));
      const byId = new Map(users.map((u) => [u.id, u]));
      let byUser = 0;
      for (const u of users) {
        if (u.modified_by === 'system') continue;
        byUser++;
        const by = byId.get(u.modified_by);
        expect(by, `${u.id} modified by ${u.modified_by}`).toBeDefined();
        expect(by.id).not.toBe(u.id);
        expect(by.organization_id).toBe(u.organization_id);
        expect(Date.parse(by.created_at), `${u.id} modified before ${by.id} existed`).toBeLessThanOrEqual(Date.parse(u.updated_at));
      }
      expect(byUser).toBeGreaterThan(users.length * 0.3);
    },
  );
});

describe('fixture files (--fixtures DIR)', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  const dir = (files: Record<string, unknown>) => {
    const d = mkdtempSync(join(tmpdir(), 'orgmock-fx-'));
    made.push(d);
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(d, name), typeof content === 'string' ? content : JSON.stringify(content));
    return d;
  };
  const org = { id: '123e4567-e89b-12d3-a456-426614174000', name: 'Acme' };
  const user = {
    id: 'u1',
    email: 'ada@acme.example',
    name: 'Ada',
    lastName: 'L',
    orgId: org.id,
    orgRole: 255,
    validated: true,
    deletedAt: null,
    orgRoleDescription: 'OWNER',
    orgRoles: [0, 1, 2, 254, 255],
    token: 'team-owner-token',
  };
  const saUser = {
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    email: 'grace@acme.example',
    first_name: 'Grace',
    last_name: 'H',
    organization_id: org.id,
    organization_name: 'Acme',
    role: 'org_admin',
    status: 'active',
    modified_by: 'system',
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-02T00:00:00.000Z',
  };

  it('serves a team file with its own tokens', async () => {
    const datasets = readFixtureDir(dir({ 'flashback.json': { organizations: [org], users: [user] } }), [flashback, superai], 1);
    const m = createMockApp({ datasets });
    const res = await m.app.request('/organization/users', { headers: { Authorization: 'Bearer team-owner-token' } });
    expect(res.status).toBe(200);
    const { token: _token, ...wire } = user;
    expect((await res.json()).data).toEqual([wire]);
  });

  const refused: [string, { files: Record<string, unknown>; want: RegExp }][] = [
    ['not JSON', { files: { 'flashback.json': '{"organizations": [' }, want: /flashback\.json: not valid JSON/ }],
    ['no users array', { files: { 'flashback.json': { organizations: [] } }, want: /flashback\.json: users: must be an array/ }],
    [
      'orgRole outside the enum',
      {
        files: { 'flashback.json': { organizations: [org], users: [{ ...user, orgRole: 3 }] } },
        want: /flashback\.json: users\[0\] \(id u1\): field orgRole: must be equal to one of the allowed values.*\(got 3\)/,
      },
    ],
    [
      'email not an email',
      {
        files: { 'flashback.json': { organizations: [org], users: [{ ...user, email: 'nope' }] } },
        want: /users\[0\] \(id u1\): field email: must match format "email"/,
      },
    ],
    [
      'unknown organization',
      {
        files: { 'flashback.json': { organizations: [], users: [user] } },
        want: /users\[0\] \(id u1\): field organization: .* is not in "organizations"/,
      },
    ],
    [
      'duplicate id',
      {
        files: { 'flashback.json': { organizations: [org], users: [user, { ...user, email: 'b@acme.example', token: 'another-token' }] } },
        want: /users\[1\] \(id u1\): field id: "u1" is used twice/,
      },
    ],
    [
      'superai missing required field',
      {
        files: { 'superai.json': { organizations: [org], users: [{ id: org.id }] } },
        want: /superai\.json: users\[0\] \(id .*\): field record: must have property/,
      },
    ],
    ['empty directory', { files: {}, want: /no fixture file found/ }],
    // fixtures/README.md's rules, one case each.
    [
      "a SuperAI user whose organization_name is not its organization's name",
      {
        files: { 'superai.json': { organizations: [org], users: [{ ...saUser, organization_name: 'Globex' }] } },
        want: /superai\.json: users\[0\] \(id [^)]+\): field organization_name: "Globex" is not the organization's name "Acme"/,
      },
    ],
    [
      'two users with the same token',
      {
        files: {
          'flashback.json': { organizations: [org], users: [user, { ...user, id: 'u2', email: 'b@acme.example' }] },
        },
        want: /flashback\.json: users\[1\] \(id u2\): field token: used twice/,
      },
    ],
    [
      'a token that repeats the one another user gets from the seed',
      {
        files: {
          'flashback.json': {
            organizations: [org],
            users: [
              { ...user, token: undefined },
              { ...user, id: 'u2', email: 'b@acme.example', token: stableToken('fb', 'OWNER', 1, 'u1') },
            ],
          },
        },
        want: /users\[1\] \(id u2\): field token: used twice/,
      },
    ],
    [
      'two users with the same e-mail (case aside)',
      {
        files: {
          'flashback.json': { organizations: [org], users: [user, { ...user, id: 'u2', email: 'ADA@acme.example', token: 'token-two' }] },
        },
        want: /users\[1\] \(id u2\): field email: "ADA@acme\.example" is used twice/,
      },
    ],
    [
      'two organizations with the same id',
      {
        files: { 'flashback.json': { organizations: [org, { ...org, name: 'Acme 2' }], users: [user] } },
        want: /flashback\.json: organizations: two organizations share an id/,
      },
    ],
    ...(
      [
        ['7 characters', 'a'.repeat(7)],
        ['513 characters', 'a'.repeat(513)],
        ['a space', 'team owner token'],
        ['a control character', 'team-owner\u0007token'],
        ['non-ASCII', 'team-ówner-token'],
        ['not a string', 12345678],
      ] as const
    ).map(
      ([what, token]) =>
        [
          `a token with ${what}`,
          {
            files: { 'flashback.json': { organizations: [org], users: [{ ...user, token }] } },
            want: /users\[0\] \(id u1\): field token: must be 8 to 512 printable ASCII characters/,
          },
        ] as [string, { files: Record<string, unknown>; want: RegExp }],
    ),
  ];
  it.each(refused)('refuses %s, naming file, record and field', (_n, { files, want }) => {
    expect(() => readFixtureDir(dir(files), [flashback, superai], 1)).toThrow(FixtureError);
    expect(() => readFixtureDir(dir(files), [flashback, superai], 1)).toThrow(want);
  });

  it.each([
    ['8', 'a'.repeat(8)],
    ['512', 'b'.repeat(512)],
    ['every printable ASCII', '!"#$%&\'()*+,-./0123456789:;<=>?@[\\]^_`{|}~AZaz'],
  ])('accepts a token of %s characters and serves with it', async (_n, token) => {
    const datasets = readFixtureDir(dir({ 'flashback.json': { organizations: [org], users: [{ ...user, token }] } }), [flashback], 1);
    const res = await createMockApp({ datasets }).app.request('/organization/users', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it('a user without a token gets a stable one from the seed and its id, listed in /__mock/identities', async () => {
    const noToken = { ...user, token: undefined };
    const file = (seed: number) => readFixtureDir(dir({ 'flashback.json': { organizations: [org], users: [noToken] } }), [flashback], seed);
    const token = file(1).get('flashback')!.users[0]!.token;
    expect(token).toMatch(/^fb_owner_[0-9a-f]{12}$/);
    expect(file(1).get('flashback')!.users[0]!.token).toBe(token);
    expect(file(2).get('flashback')!.users[0]!.token).not.toBe(token);
    const other = readFixtureDir(dir({ 'flashback.json': { organizations: [org], users: [{ ...noToken, id: 'u9' }] } }), [flashback], 1);
    expect(other.get('flashback')!.users[0]!.token).not.toBe(token);
    const m = createMockApp({ datasets: file(1) });
    const ids = (await (await m.app.request('/__mock/identities')).json()) as { flashback: { token: string; userId: string }[] };
    expect(ids.flashback).toEqual([expect.objectContaining({ token, userId: 'u1' })]);
    const res = await m.app.request('/organization/users', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it('a SuperAI file whose users name their organization right is served', async () => {
    const datasets = readFixtureDir(dir({ 'superai.json': { organizations: [org], users: [saUser] } }), [superai], 1);
    expect(datasets.get('superai')!.users[0]!.record).toEqual(saUser);
  });

  it("a SuperAI user's apiKey is its X-API-Key, not part of the record; absent, the user has none", async () => {
    const second = { ...saUser, id: '9b2d5c1e-0f4a-4c8e-8d1b-6f7a2e3c4d5b', email: 'alan@acme.example', role: 'app_user' };
    const datasets = readFixtureDir(
      dir({ 'superai.json': { organizations: [org], users: [{ ...saUser, apiKey: 'saf_team-admin-key' }, second] } }),
      [superai],
      1,
    );
    const [admin, user] = datasets.get('superai')!.users;
    expect(admin!.record).toEqual(saUser);
    expect(admin!.apiKey).toBe('saf_team-admin-key');
    expect(user!.apiKey).toBeUndefined();
    const m = createMockApp({ datasets });
    const res = await m.app.request(`/api/admin/organizations/${org.id}/users`, { headers: { 'X-API-Key': 'saf_team-admin-key' } });
    expect(res.status).toBe(200);
    const ids = (await (await m.app.request('/__mock/identities')).json()) as { superai: { apiKey: string | null }[] };
    expect(ids.superai.map((i) => i.apiKey)).toEqual(['saf_team-admin-key', null]);
  });

  it("a Flashback record's own apiKey field stays in the record (its spec has no API-key scheme)", () => {
    const datasets = readFixtureDir(
      dir({ 'flashback.json': { organizations: [org], users: [{ ...user, apiKey: 'not-a-credential' }] } }),
      [flashback],
      1,
    );
    expect(datasets.get('flashback')!.users[0]!.record.apiKey).toBe('not-a-credential');
    expect(datasets.get('flashback')!.users[0]!.apiKey).toBeUndefined();
  });

  it.each<[string, unknown[], RegExp]>([
    [
      'two users with the same apiKey',
      [
        { ...saUser, apiKey: 'saf_shared-key' },
        { ...saUser, id: '9b2d5c1e-0f4a-4c8e-8d1b-6f7a2e3c4d5b', email: 'b@acme.example', apiKey: 'saf_shared-key' },
      ],
      /users\[1\] \(id 9b2d5c1e[^)]*\): field apiKey: used twice/,
    ],
    [
      'an apiKey with a space',
      [{ ...saUser, apiKey: 'saf_a key' }],
      /users\[0\] \(id 7c9e6679[^)]*\): field apiKey: must be 8 to 512 printable ASCII characters/,
    ],
    ['an apiKey of 7 characters', [{ ...saUser, apiKey: 'saf_abc' }], /field apiKey: must be 8 to 512 printable ASCII characters/],
    ['an apiKey that is a number', [{ ...saUser, apiKey: 12345678 }], /field apiKey: must be 8 to 512 printable ASCII characters/],
  ])('refuses %s, naming file, record and field', (_n, users, want) => {
    expect(() => readFixtureDir(dir({ 'superai.json': { organizations: [org], users } }), [superai], 1)).toThrow(want);
  });
});
