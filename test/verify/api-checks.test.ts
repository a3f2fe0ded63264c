// Proves: each API's own checks judge a listed body as openapi/*.yaml and FACTS.md say, case by case
// and without a server. Flashback: total is the number of users in data; ids are unique; one orgId
// per list; orgRoleDescription is the name of orgRole (0xfe as ADMINISTRATOR or ADMINISTRATORS) and
// orgRoles every role at or below orgRole (both inferred: a departure warns, fails with --strict).
// SuperAI: one organization_name per list, unique ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fbUser, judgePlanned, response, saUser } from './trust/judge.js';

const flashbackSpec: unknown = parse(readFileSync(new URL('../../openapi/flashback.yaml', import.meta.url), 'utf8'));

/** The x-inferred-reason of a property's x-derived-from in openapi/flashback.yaml: what a warning must cite. */
function derivedReason(property: string): string {
  const found: unknown[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === property && value !== null && typeof value === 'object' && 'x-derived-from' in value)
        found.push((value as { 'x-derived-from': Record<string, unknown> })['x-derived-from']['x-inferred-reason']);
      walk(value);
    }
  };
  walk(flashbackSpec);
  expect(found).toHaveLength(1);
  expect(found[0]).toEqual(expect.any(String));
  return found[0] as string;
}

const fbList = (users: unknown[], total = users.length) => ({ success: true, data: users, total });
const fbFailure = { success: false, data: [], total: 0 };
const FB_ID2 = '660e8400-e29b-41d4-a716-446655440001';
const SA_ID2 = '8c9e6679-7425-40de-944b-e07fc1f90ae7';
const fb = (body: unknown, strict = false) => judgePlanned('flashback', 'role:OWNER', response(200, body), strict);
const sa = (body: unknown) => judgePlanned('superai', 'role:org_admin', response(200, body));

/** The spec's OrgRole enum with its x-enum-varnames, and orgRoles as every role at or below. */
const ROLES: [number, string, number[]][] = [
  [0, 'USER', [0]],
  [1, 'BILLING', [0, 1]],
  [2, 'WORKSPACES', [0, 1, 2]],
  [254, 'ADMINISTRATOR', [0, 1, 2, 254]],
  [255, 'OWNER', [0, 1, 2, 254, 255]],
];

describe('flashback.role_description_matches (inferred)', () => {
  const judged = (over: Record<string, unknown>, strict = false) => fb(fbList([fbUser(), fbUser({ id: FB_ID2, ...over })]), strict);

  it.each(ROLES)('orgRole %i named %s passes', (orgRole, name, orgRoles) => {
    expect(judged({ orgRole, orgRoleDescription: name, orgRoles })['flashback.role_description_matches']!.outcome).toBe('passed');
  });

  it('0xfe spelled ADMINISTRATORS (the roles page and the client) passes too', () => {
    const results = judged({ orgRole: 254, orgRoleDescription: 'ADMINISTRATORS', orgRoles: [0, 1, 2, 254] });
    expect(results['flashback.role_description_matches']!.outcome).toBe('passed');
  });

  it("another role's name warns, naming the expected name, the role and the path", () => {
    const result = judged({ orgRole: 2, orgRoleDescription: 'OWNER' })['flashback.role_description_matches']!;
    expect(result).toMatchObject({
      outcome: 'warned',
      source: 'inferred',
      path: '/data/1/orgRoleDescription',
      value: 'OWNER',
      expected: '"WORKSPACES" for orgRole 2',
      received: '"OWNER" at /data/1/orgRoleDescription',
      warnReason: derivedReason('orgRoleDescription'),
    });
    expect(judged({ orgRole: 2, orgRoleDescription: 'OWNER' }, true)['flashback.role_description_matches']!.outcome).toBe('failed');
  });

  it('for 0xfe, both accepted spellings are named', () => {
    const result = judged({ orgRole: 254, orgRoleDescription: 'ADMIN', orgRoles: [0, 1, 2, 254] })['flashback.role_description_matches']!;
    expect(result).toMatchObject({ outcome: 'warned', expected: '"ADMINISTRATOR" or "ADMINISTRATORS" for orgRole 254' });
  });

  it('the alias of 0xfe is no name for another role', () => {
    const result = judged({ orgRole: 255, orgRoleDescription: 'ADMINISTRATORS' })['flashback.role_description_matches']!;
    expect(result).toMatchObject({ outcome: 'warned', expected: '"OWNER" for orgRole 255' });
  });

  it('an orgRole that is null, absent or outside the enum is not judged here', () => {
    expect(judged({ orgRole: null, orgRoleDescription: 'OWNER', orgRoles: [] })['flashback.role_description_matches']!.outcome).toBe(
      'passed',
    );
    expect(judged({ orgRole: 7, orgRoleDescription: 'OWNER' })['flashback.role_description_matches']!.outcome).toBe('passed');
    const { orgRole: __, ...noRole } = fbUser({ orgRoleDescription: 'OWNER' });
    expect(fb(fbList([noRole]))['flashback.role_description_matches']!.outcome).toBe('passed');
  });

  it('an error answer has no list to judge', () => {
    expect(judgePlanned('flashback', 'role:OWNER', response(403, fbFailure))['flashback.role_description_matches']).toBeUndefined();
  });
});

describe('flashback.roles_at_or_below (inferred)', () => {
  const judged = (orgRole: unknown, orgRoles: unknown, strict = false) =>
    fb(fbList([fbUser(), fbUser({ id: FB_ID2, orgRole, orgRoleDescription: undefined, orgRoles })]), strict)[
      'flashback.roles_at_or_below'
    ]!;

  it.each(ROLES)('orgRole %i (%s) with every role at or below it passes', (orgRole, _name, orgRoles) => {
    expect(judged(orgRole, orgRoles).outcome).toBe('passed');
    expect(judged(orgRole, [...orgRoles].reverse()).outcome).toBe('passed');
  });

  it('a role missing warns, naming it', () => {
    expect(judged(2, [0, 2])).toMatchObject({
      outcome: 'warned',
      source: 'inferred',
      path: '/data/1/orgRoles',
      value: [0, 2],
      expected: '[0,1,2] for orgRole 2',
      received: '[0,2] at /data/1/orgRoles, missing [1]',
      warnReason: derivedReason('orgRoles'),
    });
    expect(judged(2, [0, 2], true).outcome).toBe('failed');
  });

  it('a role above it warns, naming it', () => {
    expect(judged(0, [0, 254])).toMatchObject({ outcome: 'warned', received: '[0,254] at /data/1/orgRoles, above it [254]' });
  });

  it('both at once', () => {
    expect(judged(1, [1, 2]).received).toBe('[1,2] at /data/1/orgRoles, missing [0], above it [2]');
  });

  it("orgRoles that is no array is the schema check's business; a null orgRole is not judged", () => {
    expect(judged(2, 'all').outcome).toBe('passed');
    expect(judged(null, [0, 1]).outcome).toBe('passed');
  });
});

describe('flashback.total_matches_count (documented)', () => {
  it('total = the users in data passes', () => {
    expect(fb(fbList([fbUser(), fbUser({ id: FB_ID2 })]))['flashback.total_matches_count']!.outcome).toBe('passed');
    expect(fb(fbList([]))['flashback.total_matches_count']!.outcome).toBe('passed');
  });

  it('another total fails, at /total', () => {
    expect(fb(fbList([fbUser()], 2))['flashback.total_matches_count']).toMatchObject({
      outcome: 'failed',
      source: 'documented',
      path: '/total',
      value: 2,
      expected: 'total = 1 (the users in data)',
      received: 'total = 2',
    });
    expect(fb(fbList([fbUser()], '1' as never))['flashback.total_matches_count']!.outcome).toBe('failed');
    const { total: _, ...noTotal } = fbList([fbUser()]);
    expect(fb(noTotal, true)['flashback.total_matches_count']!.outcome).toBe('failed');
  });

  it("an error answer's envelope (total 0, data []) is not judged", () => {
    expect(judgePlanned('flashback', 'role:USER', response(403, fbFailure))['flashback.total_matches_count']).toBeUndefined();
    expect(
      judgePlanned('flashback', 'role:USER', response(403, { ...fbFailure, total: 3 }))['flashback.total_matches_count'],
    ).toBeUndefined();
  });

  it('no list, no judgement', () => {
    expect(fb({ success: true, total: 0 })['flashback.total_matches_count']).toBeUndefined();
    expect(fb([fbUser()])['flashback.total_matches_count']).toBeUndefined();
  });
});

describe('flashback.unique_user_ids and flashback.single_organization', () => {
  it('two users with one id fail', () => {
    expect(fb(fbList([fbUser(), fbUser()]))['flashback.unique_user_ids']).toMatchObject({ outcome: 'failed', path: '/data/1/id' });
    expect(fb(fbList([fbUser(), fbUser({ id: FB_ID2 })]))['flashback.unique_user_ids']!.outcome).toBe('passed');
  });

  it('users of two organizations in one list fail as a security failure', () => {
    const other = fbUser({ id: FB_ID2, orgId: '9b2d5c1e-0f4a-4c8e-8d1b-6f7a2e3c4d5b' });
    expect(fb(fbList([fbUser(), other]))['flashback.single_organization']).toMatchObject({
      outcome: 'failed',
      source: 'security',
      path: '/data/1/orgId',
    });
    expect(fb(fbList([fbUser(), fbUser({ id: FB_ID2 })]))['flashback.single_organization']!.outcome).toBe('passed');
  });
});

describe('SuperAI: superai.single_organization_name, superai.unique_user_ids (documented)', () => {
  it('one organization_name throughout passes; a second name fails at its path', () => {
    expect(sa([saUser(), saUser({ id: SA_ID2 })])['superai.single_organization_name']!.outcome).toBe('passed');
    expect(sa([saUser(), saUser({ id: SA_ID2, organization_name: 'Globex' })])['superai.single_organization_name']).toMatchObject({
      outcome: 'failed',
      source: 'documented',
      path: '/1/organization_name',
      value: 'Globex',
    });
  });

  it('two users with one id fail', () => {
    expect(sa([saUser(), saUser()])['superai.unique_user_ids']).toMatchObject({ outcome: 'failed', source: 'documented', path: '/1/id' });
    expect(sa([saUser(), saUser({ id: SA_ID2 })])['superai.unique_user_ids']!.outcome).toBe('passed');
  });
});
