// Proves: the checks that need every answer of an API at once (README, "The contract suite") judge
// as they say, without a server: a backend that refuses every allowed role fails
// allowed_role_granted; lists all empty only warn (fail with --strict); a user id listed in two
// organizations fails user_in_one_organization ("a tenant sees another's users"), while the same
// user seen twice in one organization, whatever the UUID's case, passes.
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { judgeAcross } from '../../src/verify/checks/across.js';
import { targetOf } from '../../src/verify/run.js';
import type { Case, CheckResult, HttpResponse } from '../../src/verify/types.js';
import { casesOf, fbUser, judgePlanned, ORG, OTHER, response, saUser } from './trust/judge.js';

type Api = 'flashback' | 'superai';
const target = (api: Api) => targetOf(APIS.find((a) => a.name === api)!);
const saError = { error: { message: 'Forbidden', code: 'forbidden', details: null }, request_id: null };
const fbFailure = { success: false, data: [], total: 0 };
const fbList = (users: unknown[]) => ({ success: true, data: users, total: users.length });
const SA_ID2 = '8c9e6679-7425-40de-944b-e07fc1f90ae7';

/**
 * Runs judgeAcross on every planned case of `api`: `answers` gives the response of a case by key, every
 * other case gets `fallback`. Returns check → case key → result.
 */
function across(api: Api, answers: Record<string, HttpResponse>, fallback: HttpResponse, strict = false) {
  const cases = casesOf(api).cases;
  for (const key of Object.keys(answers)) if (!cases.some((c) => c.key === key)) throw new Error(`no case ${key}`);
  const answered = cases.map((c: Case) => ({ c, response: answers[c.key] ?? fallback }));
  const out: Record<string, Record<string, CheckResult>> = {};
  for (const [c, results] of judgeAcross(target(api), answered, strict)) {
    for (const r of results) {
      expect([r.caseKey, r.caseLabel]).toEqual([c.key, c.label]);
      (out[r.check] ??= {})[c.key] = r;
    }
  }
  return out;
}
const outcomes = (results: Record<string, CheckResult> | undefined) =>
  Object.fromEntries(Object.entries(results ?? {}).map(([k, r]) => [k, r.outcome]));

const SA_ALLOWED = ['role:org_admin', 'role:backoffice', 'role:backoffice@otherOrganizationId'];

describe('allowed_role_granted (SuperAI: org_admin and backoffice may list; x-access-control)', () => {
  it('every allowed role refused (403): each allowed role case fails, naming the documented 200 and what came', () => {
    const results = across('superai', {}, response(403, saError)).allowed_role_granted!;
    expect(Object.keys(results).sort()).toEqual([...SA_ALLOWED].sort());
    for (const key of SA_ALLOWED) {
      expect(results[key]).toMatchObject({
        outcome: 'failed',
        source: 'documented',
        status: 403,
        expected: 'the documented 200 for at least one role the rules allow',
        received: expect.stringMatching(/^every allowed role case got 403: /),
      });
    }
  });

  it('every status the allowed roles got is named once', () => {
    const results = across(
      'superai',
      { 'role:org_admin': response(401, saError), 'role:backoffice': response(403, saError) },
      response(403, saError),
    ).allowed_role_granted!;
    const received = results['role:org_admin']!.received!;
    expect(received).toMatch(/^every allowed role case got 401, 403: /);
    expect(received.match(/401/g)).toHaveLength(1);
    expect(received.match(/403/g)).toHaveLength(1);
    expect(results['role:org_admin']!.status).toBe(401);
    expect(results['role:backoffice']!.status).toBe(403);
  });

  it.each([101, 199, 300, 304])('%i is no 2xx: every allowed role answered %i fails', (status) => {
    const results = across('superai', {}, response(status, '')).allowed_role_granted!;
    expect(outcomes(results)).toEqual(Object.fromEntries(SA_ALLOWED.map((k) => [k, 'failed'])));
  });

  it('one allowed role getting 200 is enough: every allowed role case passes', () => {
    const results = across('superai', { 'role:backoffice': response(200, [saUser()]) }, response(403, saError)).allowed_role_granted!;
    expect(outcomes(results)).toEqual(Object.fromEntries(SA_ALLOWED.map((k) => [k, 'passed'])));
  });

  it('a denied role getting 200 does not count as an allowed role granted', () => {
    const results = across('superai', { 'role:app_user': response(200, [saUser()]) }, response(403, saError)).allowed_role_granted!;
    expect(results['role:org_admin']!.outcome).toBe('failed');
    expect(results['role:app_user']).toBeUndefined();
  });

  it('Flashback: WORKSPACES, ADMINISTRATOR and OWNER all refused fails; USER and BILLING are not judged', () => {
    const results = across('flashback', {}, response(403, fbFailure)).allowed_role_granted!;
    expect(outcomes(results)).toEqual({ 'role:WORKSPACES': 'failed', 'role:ADMINISTRATOR': 'failed', 'role:OWNER': 'failed' });
  });

  it('is never judged case by case (its result is filed by judgeAcross only)', () => {
    const results = judgePlanned('superai', 'role:org_admin', response(200, [saUser()]));
    expect(results.role_status_conformance?.outcome).toBe('passed');
    for (const id of ['allowed_role_granted', 'lists_not_all_empty', 'user_in_one_organization']) expect(results[id]).toBeUndefined();
  });
});

describe('lists_not_all_empty', () => {
  it('every allowed role got an empty list: a warning on each list, failed with --strict', () => {
    const results = across('superai', {}, response(200, [])).lists_not_all_empty!;
    expect(Object.keys(results).sort()).toEqual([...SA_ALLOWED].sort());
    expect(results['role:org_admin']).toMatchObject({
      outcome: 'warned',
      source: 'inferred',
      status: 200,
      received: expect.stringMatching(/\(3 lists\)$/),
      warnReason: expect.stringMatching(/nothing could be checked/),
      expected: expect.stringMatching(/^users in at least one list/),
    });
    expect(outcomes(across('superai', {}, response(200, []), true).lists_not_all_empty)).toEqual(
      Object.fromEntries(SA_ALLOWED.map((k) => [k, 'failed'])),
    );
  });

  it('one list, empty: says "1 list"', () => {
    const results = across('superai', { 'role:org_admin': response(200, []) }, response(403, saError)).lists_not_all_empty!;
    expect(Object.keys(results)).toEqual(['role:org_admin']);
    expect(results['role:org_admin']!.received).toMatch(/\(1 list\)$/);
  });

  it('one list with a user: every list passes', () => {
    const results = across('superai', { 'role:backoffice': response(200, [saUser()]) }, response(200, [])).lists_not_all_empty!;
    expect(outcomes(results)).toEqual(Object.fromEntries(SA_ALLOWED.map((k) => [k, 'passed'])));
  });

  it('no list at all (every answer 403): nothing to say', () => {
    expect(across('superai', {}, response(403, saError)).lists_not_all_empty).toBeUndefined();
  });
});

describe("user_in_one_organization (README: verify fails when a tenant sees another's users)", () => {
  it('the same user id in the lists of two organizations fails, on the second list, naming both', () => {
    const results = across(
      'superai',
      {
        'role:org_admin': response(200, [saUser()]),
        'role:backoffice@otherOrganizationId': response(200, [saUser({ id: SA_ID2 }), saUser({ organization_id: OTHER })]),
      },
      response(403, saError),
    ).user_in_one_organization!;
    expect(results['role:org_admin']!.outcome).toBe('passed');
    const failed = results['role:backoffice@otherOrganizationId']!;
    expect(failed).toMatchObject({
      outcome: 'failed',
      source: 'security',
      path: '/1/id',
      status: 200,
      expected: expect.stringMatching(/one organization only$/),
    });
    expect(failed.received).toContain(ORG);
    expect(failed.received).toContain(OTHER);
    expect(failed.received).toContain('"7c9e6679-7425-40de-944b-e07fc1f90ae7"');
    expect(failed.received).toContain('/1/id');
  });

  it('names the first id listed twice when several are', () => {
    const two = [saUser(), saUser({ id: SA_ID2 })];
    const results = across(
      'superai',
      { 'role:org_admin': response(200, two), 'role:backoffice@otherOrganizationId': response(200, two) },
      response(403, saError),
    ).user_in_one_organization!;
    expect(results['role:backoffice@otherOrganizationId']).toMatchObject({ outcome: 'failed', path: '/0/id' });
  });

  it('the first organization an id was seen in is the one named, whatever comes after', () => {
    const results = across(
      'superai',
      {
        'role:org_admin': response(200, [saUser()]),
        'role:backoffice': response(200, [saUser()]),
        'role:backoffice@otherOrganizationId': response(200, [saUser()]),
      },
      response(403, saError),
    ).user_in_one_organization!;
    expect(outcomes(results)).toEqual({
      'role:org_admin': 'passed',
      'role:backoffice': 'passed',
      'role:backoffice@otherOrganizationId': 'failed',
    });
    expect(results['role:backoffice@otherOrganizationId']!.received).toMatch(new RegExp(`organization ${ORG} \\(role org_admin`));
  });

  it('the same user in two lists of one organization passes', () => {
    const answers = { 'role:org_admin': response(200, [saUser()]), 'role:backoffice': response(200, [saUser()]) };
    const results = across('superai', answers, response(403, saError)).user_in_one_organization!;
    expect(outcomes(results)).toEqual({ 'role:org_admin': 'passed', 'role:backoffice': 'passed' });
  });

  it('Flashback: one organization written in two cases of its UUID is one organization', () => {
    const own = '123e4567-e89b-12d3-a456-426614174abc';
    const answers = {
      'role:WORKSPACES': response(200, fbList([fbUser({ orgId: own })])),
      'role:OWNER': response(200, fbList([fbUser({ orgId: own.toUpperCase() })])),
    };
    const results = across('flashback', answers, response(403, fbFailure)).user_in_one_organization!;
    expect(outcomes(results)).toEqual({ 'role:WORKSPACES': 'passed', 'role:OWNER': 'passed' });
  });

  it("Flashback without organizationId: the organization is each user's orgId", () => {
    const own = '123e4567-e89b-12d3-a456-426614174000';
    const results = across(
      'flashback',
      {
        'role:WORKSPACES': response(200, fbList([fbUser({ orgId: own })])),
        'role:OWNER': response(200, fbList([fbUser({ orgId: OTHER })])),
      },
      response(403, fbFailure),
    ).user_in_one_organization!;
    expect(results['role:WORKSPACES']!.outcome).toBe('passed');
    expect(results['role:OWNER']).toMatchObject({ outcome: 'failed', path: '/data/0/id' });
  });

  it('Flashback: the same id with the same orgId in two lists passes; numeric ids are compared too', () => {
    const answers = {
      'role:WORKSPACES': response(200, fbList([fbUser({ id: 7 })])),
      'role:OWNER': response(200, fbList([fbUser({ id: 7 })])),
      'role:ADMINISTRATOR': response(200, fbList([fbUser({ id: 7, orgId: OTHER })])),
    };
    const results = across('flashback', answers, response(403, fbFailure)).user_in_one_organization!;
    expect(outcomes(results)).toEqual({ 'role:WORKSPACES': 'passed', 'role:ADMINISTRATOR': 'failed', 'role:OWNER': 'passed' });
  });

  it('users without an id, or without an organization to compare, are passed over', () => {
    const answers = {
      'role:WORKSPACES': response(200, fbList([fbUser({ id: null }), fbUser({ orgId: null })])),
      'role:OWNER': response(200, fbList([fbUser({ id: null, orgId: OTHER }), fbUser({ orgId: OTHER })])),
    };
    const numeric = {
      'role:WORKSPACES': response(200, fbList([fbUser({ orgId: 42 })])),
      'role:OWNER': response(200, fbList([fbUser({ orgId: OTHER })])),
    };
    expect(outcomes(across('flashback', numeric, response(403, fbFailure)).user_in_one_organization)).toEqual({
      'role:WORKSPACES': 'passed',
      'role:OWNER': 'passed',
    });
    const results = across('flashback', answers, response(403, fbFailure)).user_in_one_organization!;
    expect(outcomes(results)).toEqual({ 'role:WORKSPACES': 'passed', 'role:OWNER': 'passed' });
  });
});
