// Proves: the engine's checks judge one response as README ("The contract suite") and the specs'
// x-access-control say, case by case and without a server: bad credentials never get 2xx or 5xx
// (401 expected; a 403 or a proxy's 4xx warns), a denied role never gets 2xx, each role gets its
// status, malformed ids get 400 (422 warns), every listed user belongs to the organization asked
// for, x-ordering holds, and no listed user carries a secret (named by path, never by value).
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import type { Ordering } from '../../src/openapi/types.js';
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
    [413, /^413 on .*: likely a proxy's request size limit \(413 Content Too Large/],
    [414, /^414 on .*: likely a proxy's request-line limit \(414 URI Too Long/],
    [431, /^431 on .*: likely a server's header size limit \(431 Request Header Fields Too Large/],
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
  ])('%s fails, named by path, its value never shown', (name) => {
    const result = judged({ [name]: 'the-secret-value' });
    expect(result).toMatchObject({ outcome: 'failed', source: 'security', path: `/0/${name}` });
    expect(result.received).toBe(`/0/${name} (values not shown)`);
    expect(JSON.stringify(result)).not.toContain('the-secret-value');
  });

  it('nested properties are found; JSON-pointer characters in names are escaped', () => {
    expect(judged({ profile: { auth: { 'a/b~token': 'x' } } }).path).toBe('/0/profile/auth/a~1b~0token');
    expect(judged({ keys: [{ secret: 'x' }] }).path).toBe('/0/keys/0/secret');
  });

  it('three paths are named, with what was expected', () => {
    expect(judged({ password: 1, salt: 2, secret: 3 })).toMatchObject({
      expected: 'no property named like a secret on a listed user',
      received: '/0/password, /0/salt, /0/secret (values not shown)',
    });
  });

  it('names at most 3 paths, then how many more (of at most 5 found)', () => {
    const result = judged({ password: 1, salt: 2, secret: 3, token: 4, otp: 5, mfa: 6, pwd: 7 });
    expect(result.received).toBe('/0/password, /0/salt, /0/secret and 2 more (values not shown)');
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
