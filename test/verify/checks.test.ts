// Proves: the engine's checks judge one response as README ("The contract suite") and the specs'
// x-access-control say, case by case and without a server: bad credentials never get 2xx or 5xx
// (401 expected; a 403 or a proxy's 4xx warns), a denied role never gets 2xx, each role gets its
// status, malformed ids get 400 (422 warns), every listed user belongs to the organization asked
// for, x-ordering holds, and no listed user carries a secret (named by path, never by value).
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import type { Ordering } from '../../src/openapi/types.js';
import { infrastructureAnswer } from '../../src/verify/checks/access.js';
import type { Case, Expectation } from '../../src/verify/types.js';
import { buildRegistry, judge, targetOf } from '../../src/verify/run.js';
import { casesOf, fbUser, fullConfig, judgePlanned, ORG, OTHER, response, saUser } from './trust/judge.js';

const fbFailure = { success: false, data: [], total: 0 };
const saError = { error: { message: 'Nope', code: 'nope', details: null }, request_id: null };
const fbList = (users: unknown[]) => ({ success: true, data: users, total: users.length });

describe('auth_rejected', () => {
  const judged = (status: number) => judgePlanned('flashback', 'auth:none', response(status, fbFailure)).auth_rejected!;

  it('401, the expected status, passes', () => {
    expect(judged(401).outcome).toBe('passed');
  });

  it.each([
    [200, '200: the credentials were not checked'],
    [204, '204: the credentials were not checked'],
    [299, '299: the credentials were not checked'],
    [500, '500: the backend broke on them'],
    [503, '503: the backend broke on them'],
    [101, '101'],
  ])('%i fails: %s', (status, received) => {
    expect(judged(status)).toMatchObject({ outcome: 'failed', received, expected: expect.stringMatching(/^401 \(/) });
  });

  it.each([
    [400, /^400 on no Authorization header: likely a proxy's or server's request limit/],
    [413, /^413 on .*: likely a proxy's or server's request size limit \(413 Content Too Large/],
    [414, /^414 on .*: likely a proxy's or server's request-line limit \(414 URI Too Long/],
    [431, /^431 on .*: likely a proxy's or server's header size limit \(431 Request Header Fields Too Large\)/],
    [
      404,
      /^404 on .*: likely an answer of the infrastructure in front of the backend \(a proxy or gateway\); the probe's rule \(never 2xx, never 5xx\) holds$/,
    ],
    [499, /^499 on .*: likely an answer of the infrastructure/],
    [302, /^302 is a redirect \(to a sign-in page\?\), not the API's answer; the request got no data$/],
    [300, /^300 is a redirect/],
    [399, /^399 is a redirect/],
  ])("%i only warns: a proxy's or the infrastructure's answer", (status, reason) => {
    expect(judged(status)).toMatchObject({ outcome: 'warned', warnReason: expect.stringMatching(reason) });
  });

  it('a 5xx fails outright: no proxy excuse, no warning', () => {
    for (const status of [500, 502]) expect(judged(status).warnReason).toBeUndefined();
  });

  it('403 warns, naming the inferred 401', () => {
    expect(judged(403)).toMatchObject({ outcome: 'warned', warnReason: expect.stringMatching(/^403 instead of the inferred 401: /) });
  });

  it('with --strict, a warning is a failure', () => {
    expect(judgePlanned('flashback', 'auth:none', response(413, fbFailure), true).auth_rejected!.outcome).toBe('failed');
  });
});

describe('denied_role_rejected', () => {
  const judged = (status: number) =>
    judgePlanned('flashback', 'role:USER', response(status, status < 300 ? fbList([fbUser()]) : fbFailure));

  it('a denied role (USER) getting 2xx fails as a security failure, and only there', () => {
    for (const status of [200, 299]) {
      const results = judged(status);
      expect(results.denied_role_rejected).toMatchObject({
        outcome: 'failed',
        source: 'security',
        received: `${status}: the caller got data it must not see`,
      });
      expect(results.role_status_conformance).toBeUndefined();
    }
  });

  it('403 passes; a 3xx is no data (role_status_conformance says it is not the 403 expected)', () => {
    expect(judged(403).denied_role_rejected!.outcome).toBe('passed');
    const redirect = judged(302);
    expect(redirect.denied_role_rejected!.outcome).toBe('passed');
    expect(redirect.role_status_conformance!.outcome).toBe('failed');
  });

  it('is not planned for an allowed role', () => {
    expect(judgePlanned('flashback', 'role:OWNER', response(200, fbList([fbUser()]))).denied_role_rejected).toBeUndefined();
  });
});

describe('role_status_conformance', () => {
  it('an allowed role gets 200; 403 fails', () => {
    expect(judgePlanned('flashback', 'role:OWNER', response(200, fbList([fbUser()]))).role_status_conformance!.outcome).toBe('passed');
    expect(judgePlanned('flashback', 'role:OWNER', response(403, fbFailure)).role_status_conformance).toMatchObject({
      outcome: 'failed',
      received: '403',
    });
  });

  it('401 to a configured token says the token was refused', () => {
    expect(judgePlanned('flashback', 'role:OWNER', response(401, fbFailure)).role_status_conformance).toMatchObject({
      outcome: 'failed',
      received: '401: the token was refused (is it valid, unexpired and of an active user?)',
    });
  });

  it('an inferred rule (org_admin gets 404 for another organization) only warns', () => {
    const results = judgePlanned('superai', 'role:org_admin@otherOrganizationId', response(404, saError));
    expect(results.role_status_conformance).toMatchObject({ outcome: 'warned', warnReason: expect.any(String) });
    expect(results.role_status_conformance!.warnReason!.length).toBeGreaterThan(10);
  });
});

describe('malformed_parameter_rejected', () => {
  const judged = (status: number, body: unknown = saError) =>
    judgePlanned('superai', 'param:organization_id=not-a-uuid', response(status, body)).malformed_parameter_rejected!;

  it('400 passes', () => {
    expect(judged(400).outcome).toBe('passed');
  });

  it('422 (FastAPI) warns', () => {
    const body = { detail: [{ loc: ['path', 'organization_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' }] };
    expect(judged(422, body)).toMatchObject({ outcome: 'warned', warnReason: expect.any(String) });
  });

  it('2xx fails as accepted; 404 fails', () => {
    expect(judged(200, [])).toMatchObject({ outcome: 'failed', received: '200: the malformed value was accepted' });
    expect(judged(404)).toMatchObject({ outcome: 'failed', received: '404' });
  });
});

describe('tenant_isolation', () => {
  const judged = (users: unknown[], key = 'role:org_admin') => judgePlanned('superai', key, response(200, users)).tenant_isolation;

  it("every user of the organization asked for passes, whatever the UUID's case", () => {
    expect(judged([saUser(), saUser({ id: '8c9e6679-7425-40de-944b-e07fc1f90ae7', organization_id: ORG.toUpperCase() })])!.outcome).toBe(
      'passed',
    );
  });

  it("another organization's user fails, naming the path and the organization asked for", () => {
    expect(judged([saUser(), saUser({ id: '8c9e6679-7425-40de-944b-e07fc1f90ae7', organization_id: OTHER })])).toMatchObject({
      outcome: 'failed',
      source: 'security',
      path: '/1/organization_id',
      value: OTHER,
      expected: `organization_id = ${ORG} (the organization_id asked for) on every user`,
      received: `"${OTHER}" at /1/organization_id`,
    });
  });

  it('a user without the organization property, or with a number in it, fails', () => {
    const { organization_id: _, ...orphan } = saUser();
    expect(judged([orphan])!.outcome).toBe('failed');
    expect(judged([saUser({ organization_id: 7 })])!.outcome).toBe('failed');
  });

  it('an empty list passes; an error answer has no list to judge', () => {
    expect(judged([])!.outcome).toBe('passed');
    expect(judgePlanned('superai', 'role:org_admin', response(500, saError)).tenant_isolation).toBeUndefined();
    expect(judgePlanned('superai', 'role:org_admin', response(200, 'not json', 'text/plain')).tenant_isolation).toBeUndefined();
  });

  it("Flashback: judged only when the config names the callers' organization (flashback.organizationId)", () => {
    const own = '123e4567-e89b-12d3-a456-426614174000';
    const users = fbList([fbUser(), fbUser({ id: '660e8400-e29b-41d4-a716-446655440000', orgId: OTHER })]);
    expect(judgePlanned('flashback', 'role:OWNER', response(200, users)).tenant_isolation).toBeUndefined();
    const config = fullConfig({ flashback: { organizationId: own } });
    expect(judgePlanned('flashback', 'role:OWNER', response(200, users), false, config).tenant_isolation).toMatchObject({
      outcome: 'failed',
      path: '/data/1/orgId',
      expected: `orgId = ${own} (the callers' organization, flashback.organizationId) on every user`,
    });
  });
});

describe('list_ordering (SuperAI: created_at, newest first)', () => {
  const judged = (...created: unknown[]) =>
    judgePlanned(
      'superai',
      'role:org_admin',
      response(
        200,
        created.map((c, i) => saUser({ id: `${i}c9e6679-7425-40de-944b-e07fc1f90ae7`, created_at: c })),
      ),
    ).list_ordering!;

  it('newest first passes; equal instants pass', () => {
    expect(judged('2025-06-03T00:00:00Z', '2025-06-02T00:00:00Z', '2025-06-02T00:00:00Z').outcome).toBe('passed');
  });

  it('oldest first fails, naming both values and where the order breaks', () => {
    expect(judged('2025-06-02T00:00:00Z', '2025-06-03T00:00:00Z')).toMatchObject({
      outcome: 'failed',
      path: '/1/created_at',
      value: '2025-06-03T00:00:00Z',
      received: '"2025-06-02T00:00:00Z" at /0/created_at, then "2025-06-03T00:00:00Z" at /1/created_at',
      expected: expect.stringMatching(/^created_at descending \(/),
    });
  });

  it('instants are compared as instants, not as text', () => {
    // As text "2025-06-02T10:00:00+02:00" sorts after "2025-06-02T09:00:00Z"; as instants it is earlier (08:00Z).
    expect(judged('2025-06-02T09:00:00Z', '2025-06-02T10:00:00+02:00').outcome).toBe('passed');
    expect(judged('2025-06-02T10:00:00+02:00', '2025-06-02T09:00:00Z').outcome).toBe('failed');
  });

  it('values that cannot be compared (null, a number beside a date) are passed over', () => {
    expect(judged('2025-06-02T00:00:00Z', null, '2025-06-03T00:00:00Z').outcome).toBe('passed');
    expect(judged(5, '2025-06-03T00:00:00Z').outcome).toBe('passed');
  });

  it('numbers are compared as numbers, other strings as text', () => {
    expect(judged(10, 2).outcome).toBe('passed');
    expect(judged(2, 10).outcome).toBe('failed');
    expect(judged('b', 'a').outcome).toBe('passed');
    expect(judged('a', 'b').outcome).toBe('failed');
    expect(judged('2025-06-02T00:00:00Z', 'zzz').outcome).toBe('failed');
  });
});

describe('no_secret_fields', () => {
  const judged = (extra: Record<string, unknown>) =>
    judgePlanned('superai', 'role:org_admin', response(200, [saUser(extra)])).no_secret_fields!;

  it('a user without secret-named properties passes', () => {
    expect(judged({}).outcome).toBe('passed');
  });

  it.each([
    ['password'],
    ['passwordHash'],
    ['hashed_pass'],
    ['passwd'],
    ['pwd_reset'],
    ['salt'],
    ['clientSecret'],
    ['refresh_token'],
    ['api_key'],
    ['apiKey'],
    ['api-key'],
    ['mfa_seed'],
    ['otp'],
    ['totp_uri'],
    ['private_key'],
    ['credentials'],
    ['recovery_code'],
    // separators anywhere in the name: still a secret
    ['pass_word'],
    ['pass-wd'],
    ['pass_phrase'],
    ['Private-Key'],
    ['recovery-code'],
    // two separators or more: every one is dropped, not only the first
    ['private_api_key'],
    ['x-api-key'],
    ['X-Private-Key'],
    ['one_time_pass_word'],
    ['mfa_recovery-code'],
  ])('%s fails, named by path, its value never shown', (name) => {
    const result = judged({ [name]: 'the-secret-value' });
    expect(result).toMatchObject({ outcome: 'failed', source: 'security', path: `/0/${name}` });
    expect(result.received).toBe(`/0/${name}: named like a secret (${name}) and a string (values not shown)`);
    expect(JSON.stringify(result)).not.toContain('the-secret-value');
  });

  it('nested properties are found; JSON-pointer characters in names are escaped', () => {
    expect(judged({ profile: { auth: { 'a/b~token': 'x' } } }).path).toBe('/0/profile/auth/a~1b~0token');
    expect(judged({ keys: [{ secret: 'x' }] }).path).toBe('/0/keys/0/secret');
  });

  it('the names of the properties it sits under are escaped too (RFC 6901)', () => {
    expect(judged({ 'a/b': { 'c~d': { password: 'x' } } }).path).toBe('/0/a~1b/c~0d/password');
  });

  it('booleans, numbers and date-times under secret names pass (mfaEnabled, passwordUpdatedAt, lastLoginAt)', () => {
    const extra = { mfaEnabled: true, passwordUpdatedAt: '2025-06-02T09:15:00Z', lastLoginAt: '2025-06-03T10:00:00Z', tokenCount: 2 };
    expect(judged(extra).outcome).toBe('passed');
  });

  it('a hash under an innocent name fails, saying what it is shaped like', () => {
    const result = judged({ notes: '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy' });
    expect(result).toMatchObject({
      outcome: 'failed',
      path: '/0/notes',
      received: '/0/notes: shaped like a bcrypt hash (values not shown)',
    });
    expect(result.received).not.toContain('N9qo8');
  });

  it("an API key of the spec's own prefix (x-key-prefix saf_) fails whatever its name", () => {
    expect(judged({ ref: `saf_${'0a1b'.repeat(8)}` })).toMatchObject({ outcome: 'failed', path: '/0/ref' });
  });

  it('allowFields in the config exempts a field by name or by pointer within the user', () => {
    const cfg = (allowFields: string[]) => fullConfig({ superai: { allowFields } });
    const extra = { mfaMethod: 'totp', profile: { totpLabel: 'phone' } };
    const run = (allow: string[]) =>
      judgePlanned('superai', 'role:org_admin', response(200, [saUser(extra)]), false, cfg(allow)).no_secret_fields!;
    expect(run([]).outcome).toBe('failed');
    expect(run(['mfaMethod']).path).toBe('/0/profile/totpLabel');
    expect(run(['mfaMethod', '/profile/totpLabel']).outcome).toBe('passed');
  });

  it('three paths are named, with what was expected', () => {
    expect(judged({ password: 'a', salt: 'b', secret: 'c' })).toMatchObject({
      expected: 'no secret on a listed user (allowFields in the config exempts a field that is not one)',
      received:
        '/0/password: named like a secret (password) and a string; /0/salt: named like a secret (salt) and a string; /0/secret: named like a secret (secret) and a string (values not shown)',
    });
  });

  it('names at most 3 paths, then how many more', () => {
    const result = judged({ password: 'a', salt: 'b', secret: 'c', token: 'd', otp: 'e' });
    expect(result.received).toMatch(/\/0\/secret: named like a secret \(secret\) and a string; and 2 more \(values not shown\)$/);
  });
});

describe('list_ordering: what x-ordering says, for any API', () => {
  const superai = targetOf(APIS.find((a) => a.name === 'superai')!);
  const registry = buildRegistry(APIS);
  const orgAdmin = casesOf('superai').cases.find((c) => c.key === 'role:org_admin')!;
  /** SuperAI's org_admin case judged as if its spec's x-ordering were `ordering`. */
  const judged = (ordering: Ordering, ...created: unknown[]) => {
    const target = { ...superai, operation: { ...superai.operation, ordering } };
    const users = created.map((c, i) => saUser({ id: `${i}c9e6679-7425-40de-944b-e07fc1f90ae7`, created_at: c }));
    const results = judge(target, orgAdmin, { request: orgAdmin.request, response: response(200, users) }, registry, false);
    return results.find((r) => r.check === 'list_ordering')!;
  };
  const ascending: Ordering = { property: 'created_at', direction: 'ascending', description: 'Oldest first.', inferred: null };

  it('ascending: oldest first passes, equal instants pass, newest first fails where the order breaks', () => {
    expect(judged(ascending, '2025-06-02T00:00:00Z', '2025-06-02T00:00:00Z', '2025-06-03T00:00:00Z').outcome).toBe('passed');
    expect(judged(ascending, '2025-06-03T00:00:00Z', '2025-06-02T00:00:00Z')).toMatchObject({
      outcome: 'failed',
      path: '/1/created_at',
      expected: 'created_at ascending (Oldest first.)',
    });
  });

  it('ascending: values that cannot be compared are passed over', () => {
    expect(judged(ascending, '2025-06-03T00:00:00Z', null, '2025-06-04T00:00:00Z').outcome).toBe('passed');
    expect(judged(ascending, 5, null).outcome).toBe('passed');
    expect(judged(ascending, true, false).outcome).toBe('passed');
    expect(judged(ascending, 'b', 5).outcome).toBe('passed');
  });

  it('ascending: numbers as numbers, other strings as text, equal values pass', () => {
    expect(judged(ascending, 2, 10, 10).outcome).toBe('passed');
    expect(judged(ascending, 10, 2).outcome).toBe('failed');
    expect(judged(ascending, 'a', 'b', 'b').outcome).toBe('passed');
    expect(judged(ascending, 'b', 'a').outcome).toBe('failed');
  });

  it('descending: equal texts pass; values that cannot be compared are passed over', () => {
    const descending: Ordering = { ...ascending, direction: 'descending' };
    expect(judged(descending, 'a', 'a').outcome).toBe('passed');
    expect(judged(descending, null, 5).outcome).toBe('passed');
    expect(judged(descending, false, true).outcome).toBe('passed');
    expect(judged(descending, 5, 'b').outcome).toBe('passed');
    expect(judged(descending, { at: 1 }, { at: 2 }).outcome).toBe('passed');
  });

  it('an x-ordering without a description is named as x-ordering', () => {
    expect(judged({ ...ascending, description: '' }, 'b', 'a').expected).toBe('created_at ascending (x-ordering)');
  });

  it("the spec's own description is quoted (SuperAI: newest first)", () => {
    const result = judgePlanned(
      'superai',
      'role:org_admin',
      response(200, [saUser({ created_at: '2025-01-01T00:00:00Z' }), saUser({ id: OTHER })]),
    );
    expect(result.list_ordering!.expected).toBe('created_at descending (Users are ordered by creation date (newest first).)');
  });

  it('Flashback documents no order: no ordering check is planned for it', () => {
    for (const c of casesOf('flashback').cases) expect(c.checks).not.toContain('list_ordering');
    expect(orgAdmin.checks).toContain('list_ordering');
  });

  it('an answer without a list is not judged', () => {
    for (const res of [response(403, saError), response(200, { users: [] }), response(200, 'not json', 'text/plain')])
      expect(judgePlanned('superai', 'role:org_admin', res).list_ordering).toBeUndefined();
  });
});

describe('the access checks on any case the types allow (warnStatuses optional, several statuses)', () => {
  const flashback = targetOf(APIS.find((a) => a.name === 'flashback')!);
  const registry = buildRegistry(APIS);
  const planned = (key: string) => casesOf('flashback').cases.find((c) => c.key === key)!;
  /** A planned Flashback case with its expectation replaced, judged on `status`. */
  const judged = (key: string, expectation: Expectation, status: number, body: unknown = fbFailure) => {
    const c: Case = { ...planned(key), expectation };
    const results = judge(flashback, c, { request: c.request, response: response(status, body) }, registry, false);
    return Object.fromEntries(results.map((r) => [r.check, r]));
  };
  const bare = (statuses: number[], denied = true): Expectation => ({ statuses, denied, because: 'a test rule', inferred: null });

  it('names every status a case accepts, and why', () => {
    expect(judged('auth:none', bare([401, 403]), 200).auth_rejected).toMatchObject({
      outcome: 'failed',
      expected: '401 or 403 (a test rule)',
    });
    expect(judged('auth:none', bare([401, 403]), 403).auth_rejected!.outcome).toBe('passed');
  });

  it('auth_rejected without warnStatuses: a proxy-like 4xx still only warns, and so does a 403', () => {
    expect(judged('auth:none', bare([401]), 404).auth_rejected).toMatchObject({
      outcome: 'warned',
      warnReason: expect.stringMatching(/^404 on .*: likely an answer of the infrastructure/),
    });
    expect(judged('auth:none', bare([401]), 403).auth_rejected).toMatchObject({ outcome: 'warned', warnReason: /^403 on / });
  });

  it('malformed_parameter_rejected without warnStatuses: a 422 fails', () => {
    const c = casesOf('superai').cases.find((x) => x.key === 'param:organization_id=not-a-uuid')!;
    const superai = targetOf(APIS.find((a) => a.name === 'superai')!);
    const mine: Case = { ...c, expectation: bare([400], false) };
    const body = { detail: [{ loc: ['path', 'organization_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' }] };
    const results = judge(superai, mine, { request: c.request, response: response(422, body) }, registry, false);
    expect(results.find((r) => r.check === 'malformed_parameter_rejected')).toMatchObject({ outcome: 'failed', received: '422' });
  });

  it('role_status_conformance: a warn status of the case only warns, with its reason', () => {
    const expectation = { ...bare([404], false), warnStatuses: { 403: 'backoffice may not be allowed at all' } };
    expect(judged('role:OWNER', expectation, 403).role_status_conformance).toMatchObject({
      outcome: 'warned',
      warnReason: 'backoffice may not be allowed at all',
    });
    expect(judged('role:OWNER', expectation, 500).role_status_conformance!.outcome).toBe('failed');
  });
});

describe('infrastructureAnswer: only a credential probe, only a 3xx or an unexpected 4xx', () => {
  const auth = (statuses: number[], warnStatuses?: Record<number, string>): Case => ({
    ...casesOf('flashback').cases.find((c) => c.key === 'auth:none')!,
    expectation: { statuses, denied: true, because: 'x', inferred: null, ...(warnStatuses ? { warnStatuses } : {}) },
  });
  const flashback = targetOf(APIS.find((a) => a.name === 'flashback')!);
  const answer = (c: Case, status: number) => infrastructureAnswer({ target: flashback, case: c, response: response(status, '') });

  it("is null for the case's expected statuses and its warn statuses (the backend's own answers)", () => {
    expect(answer(auth([401], { 403: 'the backend denies' }), 401)).toBeNull();
    expect(answer(auth([401], { 403: 'the backend denies' }), 403)).toBeNull();
  });

  it('is null for a 2xx, a 1xx and any 5xx: never excused', () => {
    for (const status of [101, 200, 204, 299, 500, 502, 599]) expect([status, answer(auth([401]), status)]).toEqual([status, null]);
  });

  it('names a redirect and a 4xx, with or without warnStatuses', () => {
    expect(answer(auth([401]), 302)).toMatch(/^302 is a redirect/);
    expect(answer(auth([401]), 404)).toMatch(/^404 on no Authorization header: likely an answer of the infrastructure/);
    expect(answer(auth([401]), 499)).toMatch(/^499 on /);
    expect(answer(auth([401]), 400)).not.toMatch(/nginx|large_client_header_buffers/);
  });

  it('is null for a role case, whatever the status', () => {
    const role = casesOf('flashback').cases.find((c) => c.key === 'role:OWNER')!;
    for (const status of [302, 404, 413])
      expect(infrastructureAnswer({ target: flashback, case: role, response: response(status, '') })).toBeNull();
  });
});

describe('a 5xx or a 2xx to a credential probe is never excused, in any check', () => {
  it.each([500, 502])('%i as HTML: the content-type and schema checks fail too', (status) => {
    const results = judgePlanned('superai', 'auth:unknown-token', response(status, '<h1>oops</h1>', 'text/html'));
    expect([
      results.auth_rejected?.outcome,
      results.content_type_conformance?.outcome ?? 'n/a',
      results.status_code_conformance?.outcome,
    ]).toEqual(['failed', status === 500 ? 'failed' : 'n/a', status === 500 ? 'passed' : 'failed']);
    if (status === 500) expect(results.response_schema_conformance!.outcome).toBe('failed');
  });

  it('204: an undocumented 2xx fails status_code_conformance', () => {
    expect(judgePlanned('superai', 'auth:unknown-token', response(204, '')).status_code_conformance!.outcome).toBe('failed');
  });
});
