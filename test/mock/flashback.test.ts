// Proves: Flashback GET /organization/users, role by role, against the real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startMock, type MockUnderTest } from '../helpers/mock.js';

let mock: MockUnderTest;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.server.close());

const EMPTY = { success: false, data: [], total: 0 };
const ROLE = { USER: 0, BILLING: 1, WORKSPACES: 2, ADMINISTRATOR: 254, OWNER: 255 } as const;
const tokenOf = (role: number, deleted = false) => mock.ids.flashback.find((u) => u.orgRole === role && u.deleted === deleted)!;

describe('flashback: authentication (inferred 401, list envelope)', () => {
  const cases: [string, { headers: () => Record<string, string> }][] = [
    ['no Authorization', { headers: () => ({}) }],
    ['empty Authorization', { headers: () => ({ Authorization: '' }) }],
    ['Basic scheme', { headers: () => ({ Authorization: 'Basic dXNlcjpwYXNz' }) }],
    ['Bearer without token', { headers: () => ({ Authorization: 'Bearer ' }) }],
    ['unknown token', { headers: () => bearer('fb_owner_000000000000') }],
    ['token with junk after it', { headers: () => ({ Authorization: `Bearer ${tokenOf(ROLE.OWNER).token} extra` }) }],
    ['soft-deleted WORKSPACES user', { headers: () => bearer(tokenOf(ROLE.WORKSPACES, true).token) }],
  ];
  it.each(cases)('%s → 401', async (_n, { headers }) => {
    const res = await mock.get('/organization/users', headers());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual(EMPTY);
  });
});

describe('flashback: roles', () => {
  it.each([
    ['USER', ROLE.USER],
    ['BILLING', ROLE.BILLING],
  ])('%s → 403 with the documented body', async (_n, role) => {
    const res = await mock.get('/organization/users', bearer(tokenOf(role).token));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(EMPTY);
  });

  it.each([
    ['WORKSPACES', ROLE.WORKSPACES],
    ['ADMINISTRATOR', ROLE.ADMINISTRATOR],
    ['OWNER', ROLE.OWNER],
  ])('%s → 200 with every user of its own organization', async (_n, role) => {
    const caller = tokenOf(role);
    const res = await mock.get('/organization/users', bearer(caller.token));
    expect(res.status).toBe(200);
    const members = mock.ids.flashback.filter((u) => u.orgId === caller.orgId);
    expect(res.body.success).toBe(true);
    expect(res.body.total).toBe(res.body.data.length);
    expect(res.body.data.map((u: any) => u.id).sort()).toEqual(members.map((u) => u.userId).sort());
    expect(new Set(res.body.data.map((u: any) => u.orgId))).toEqual(new Set([caller.orgId]));
    // soft-deleted users are listed, with deletedAt
    const deleted = res.body.data.filter((u: any) => u.deletedAt !== null);
    expect(deleted.length).toBeGreaterThan(0);
    // Fixtures are dated before 2026-01-01 (the default seed's day), so the same seed gives the same bytes on any day.
    for (const u of deleted) expect(Date.parse(u.deletedAt)).toBeLessThanOrEqual(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('every organization answers only its own users (no tenant sees another)', async () => {
    const orgs = [...new Set(mock.ids.flashback.map((u) => u.orgId))];
    expect(orgs.length).toBeGreaterThanOrEqual(3);
    for (const org of orgs) {
      const owner = mock.ids.flashback.find((u) => u.orgId === org && u.orgRole === ROLE.OWNER && !u.deleted)!;
      const res = await mock.get('/organization/users', bearer(owner.token));
      expect(res.status).toBe(200);
      const members = mock.ids.flashback.filter((u) => u.orgId === org).map((u) => u.userId);
      expect(res.body.data.map((u: any) => u.id).sort()).toEqual(members.sort());
      expect(res.body.data.every((u: any) => u.orgId === org)).toBe(true);
    }
  });

  it('orgRoleDescription names orgRole, and orgRoles is every role at or below it', async () => {
    const res = await mock.get('/organization/users', bearer(tokenOf(ROLE.OWNER).token));
    expect(res.status).toBe(200);
    const names: Record<number, string> = { 0: 'USER', 1: 'BILLING', 2: 'WORKSPACES', 254: 'ADMINISTRATOR', 255: 'OWNER' };
    // Every role is in the list, so every row of the table above is checked.
    expect(new Set(res.body.data.map((u: any) => u.orgRole))).toEqual(new Set([0, 1, 2, 254, 255]));
    for (const u of res.body.data) {
      expect(u.orgRoleDescription).toBe(names[u.orgRole]);
      expect(u.orgRoles).toEqual([0, 1, 2, 254, 255].filter((r) => r <= u.orgRole));
    }
  });
});

describe('flashback: forced states', () => {
  it.each([401, 403, 500])('Prefer: code=%i answers that status with the pinned body, even for an OWNER', async (code) => {
    const res = await mock.get('/organization/users', { ...bearer(tokenOf(ROLE.OWNER).token), Prefer: `code=${code}` });
    expect(res.status).toBe(code);
    expect(res.body).toEqual(EMPTY);
    expect(res.headers.get('preference-applied')).toBe(`code=${code}`);
  });

  it('Prefer: code=200 without a token answers the documented example', async () => {
    const res = await mock.get('/organization/users', { Prefer: 'code=200' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.data[0].email).toBe('john.doe@example.com');
  });

  it('Prefer: example=documented picks the named example', async () => {
    const res = await mock.get('/organization/users', { Prefer: 'example=documented' });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
  });

  it.each([
    ['code=404', /Documented: 200, 401, 403, 500/],
    ['code=abc', /Documented: 200, 401, 403, 500/],
    ['example=nope', /Available: documented \(200\)/],
    ['code=403, example=nope', /names no example of status 403/],
  ])('Prefer: %s → 400 problem listing what is documented', async (prefer, message) => {
    const res = await mock.get('/organization/users', { ...bearer(tokenOf(ROLE.OWNER).token), Prefer: prefer });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.detail).toMatch(message);
  });
});
