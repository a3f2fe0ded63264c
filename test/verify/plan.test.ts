// The plan on its own: a pure function of an API's spec and one config section. Expected values come
// from the contract (README "The contract suite", the specs' x-access-control, the config keys), and
// spec variants are made by editing the operation the plan reads, as a spec change would.
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { flashback } from '../../src/apis/flashback/index.js';
import { superai } from '../../src/apis/superai/index.js';
import { ConfigError, type SectionConfig } from '../../src/config/config.js';
import type { AccessControl, OperationInfo } from '../../src/openapi/types.js';
import { planApi, type Plan } from '../../src/verify/plan.js';
import { AUTH_PROBES, jwtForgeries, malformedUuids } from '../../src/verify/probes.js';
import { buildRegistry, targetOf } from '../../src/verify/run.js';
import type { ApiTarget, Case, SkippedCase } from '../../src/verify/types.js';

const registry = buildRegistry(APIS);
const FB = targetOf(flashback);
const SA = targetOf(superai);
const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER = '9b2d5c1e-0f4a-4c8e-8d1b-6f7a2e3c4d5b';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (sub: string) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub })}.${b64(`signature of ${sub}`).slice(0, 20)}`;

const FB_TOKENS = {
  USER: 'fb-user-0001',
  BILLING: 'fb-billing-0001',
  WORKSPACES: 'fb-ws-0001',
  ADMINISTRATOR: 'fb-adm-0001',
  OWNER: 'fb-owner-0001',
};
const SA_TOKENS = {
  backoffice: 'sa-backoffice-0001',
  org_admin: 'sa-org-admin-0001',
  app_user: 'sa-app-user-0001',
  integration: 'sa-integration-0001',
  worker: 'sa-worker-0001',
  publisher: 'sa-publisher-0001',
};

function section(over: Partial<SectionConfig> = {}): SectionConfig {
  return {
    baseUrl: 'http://h',
    organizationId: null,
    otherOrganizationId: null,
    tokens: new Map(),
    missingTokens: new Map(),
    expect: new Map(),
    ...over,
  };
}
const tokens = (record: Record<string, string>) => new Map(Object.entries(record));
const fbSection = (over: Partial<SectionConfig> = {}) => section({ tokens: tokens(FB_TOKENS), ...over });
const saSection = (over: Partial<SectionConfig> = {}) =>
  section({ baseUrl: 'http://h/api', organizationId: ORG, otherOrganizationId: OTHER, tokens: tokens(SA_TOKENS), ...over });

const plan = (target: ApiTarget, s: SectionConfig): Plan => planApi(target, s, registry, () => UNKNOWN);
const sent = (p: Plan, key: string): Case => {
  const found = p.cases.find((c) => c.key === key);
  if (!found) throw new Error(`no sent case ${key}: ${p.cases.map((c) => c.key).join(', ')}`);
  return found;
};
const skippedOf = (p: Plan, key: string): SkippedCase => {
  const found = p.skipped.find((c) => c.key === key);
  if (!found) throw new Error(`no skipped case ${key}: ${p.skipped.map((c) => c.key).join(', ')}`);
  return found;
};
const keys = (p: Plan) => [...p.cases, ...p.skipped].map((c) => c.key);

/** The target with its operation edited (a copy), as a spec edit would change it. */
function withOperation(target: ApiTarget, edit: (op: OperationInfo) => void): ApiTarget {
  const operation = structuredClone(target.operation);
  edit(operation);
  return { ...target, operation };
}
const access = (op: OperationInfo): AccessControl => op.access!;
const SA_ORG_RULE_REASON = superai.operation.access!.rules.find((r) => r.scope === 'any-organization')!.inferred!.reason;
const SA_UNAUTH_REASON = superai.operation.access!.unauthenticatedInferred!.reason;

const LIST_CHECK = 'tenant_isolation';
/** Matches an expectation with exactly these statuses and no status that only warns. */
const exact = (statuses: number[]) => ({ statuses, warnStatuses: expect.toSatisfy((w: object) => Object.keys(w).length === 0) });

describe('every plan: stable unique keys, a label and a reason for every case', () => {
  const refused = new Map<string, { token: string } | { missing: string }>([
    ['inactive', { token: 'sa-inactive-0001' }],
    ['pending', { missing: '$PENDING is not set' }],
  ]);
  const plans: [string, () => Plan][] = [
    ['flashback, every token', () => plan(FB, fbSection())],
    ['flashback, JWTs', () => plan(FB, fbSection({ tokens: tokens({ OWNER: jwt('owner'), USER: jwt('user') }) }))],
    ['superai, every token and refused tokens', () => plan(SA, saSection({ refusedTokens: refused }))],
    ['superai, no organizations', () => plan(SA, saSection({ organizationId: null, otherOrganizationId: null }))],
    ['superai, no tokens', () => plan(SA, saSection({ tokens: new Map() }))],
    ['superai, API keys', () => plan(SA, saSection({ apiKeys: tokens({ backoffice: 'saf_bo', org_admin: 'saf_oa' }) }))],
  ];
  it.each(plans)('%s', (_name, make) => {
    const p = make();
    const all = [...p.cases, ...p.skipped];
    expect(new Set(keys(p)).size).toBe(all.length);
    expect([...(p.order ?? [])].sort()).toEqual(keys(p).sort());
    for (const c of all) {
      expect(c.key).toMatch(/^(auth|role|apikey|param):\S+$/);
      expect(c.label.trim()).not.toBe('');
      expect(c.expectation?.because.trim()).toBeTruthy();
      expect(c.checks.length).toBeGreaterThan(0);
    }
    for (const c of p.skipped) expect(c.reason.trim()).not.toBe('');
    // Reports name cases by label: one label per case, none naming an organization the operation lacks.
    expect(new Set(all.map((c) => c.label)).size).toBe(all.length);
    for (const c of all) expect(c.label).not.toMatch(/\b(null|undefined)\b/);
    // Auth probes first, then the roles, then the parameters: reports list cases in plan order.
    const rank = { auth: 0, role: 1, parameter: 2, tenant: 3 };
    const ranks = (p.order ?? []).map((key) => rank[all.find((c) => c.key === key)!.kind!]);
    expect(ranks).toEqual([...ranks].sort());
  });
});

describe('the auth probes: no valid credentials never get in', () => {
  it('each probe sends its Authorization header as is (none for auth:none), on a GET with JSON accepted', () => {
    const p = plan(FB, fbSection());
    for (const probe of AUTH_PROBES) {
      const c = sent(p, probe.key);
      expect(c.kind).toBe('auth');
      expect(c.request.method).toBe('GET');
      expect(c.request.url).toBe('http://h/organization/users');
      expect(c.request.headers.Accept).toBe('application/json');
      if (probe.header === null) expect(c.request.headers).not.toHaveProperty('Authorization');
      else expect(c.request.headers.Authorization).toBe(probe.header);
      expect(c.request.authDisplay).toBe(probe.display);
      expect(c.request.authHeader).toBeUndefined();
      expect(c.label).toBe(probe.label);
    }
  });

  it('superai: asked on the configured organization, else on one that does not exist', () => {
    const url = `http://h/api/admin/organizations/${ORG}/users`;
    expect(sent(plan(SA, saSection()), 'auth:basic').request.url).toBe(url);
    expect(sent(plan(SA, saSection()), 'auth:basic').params).toEqual({ organization_id: ORG });
    const noOrg = plan(SA, saSection({ organizationId: null }));
    expect(sent(noOrg, 'auth:basic').request.url).toBe(`http://h/api/admin/organizations/${UNKNOWN}/users`);
  });

  it('the inferred 401 is expected, the denied status 403 only warns, with the spec reason (README table)', () => {
    const { expectation, checks } = sent(plan(SA, saSection()), 'auth:none');
    expect(expectation).toMatchObject({ statuses: [401], denied: true, inferred: null });
    expect(Object.keys(expectation.warnStatuses ?? {})).toEqual(['403']);
    expect(expectation.warnStatuses![403]).toContain(SA_UNAUTH_REASON);
    expect(checks).toContain('auth_rejected');
    expect(checks).not.toContain(LIST_CHECK);
    expect(checks).not.toContain('denied_role_rejected');
  });

  it('a documented 401: a 403 is accepted too (issue 13: a legitimate 403 must not fail a backend)', () => {
    const documented = withOperation(FB, (op) => (access(op).unauthenticatedInferred = null));
    expect(sent(plan(documented, fbSection()), 'auth:unknown-token').expectation).toMatchObject(exact([401, 403]));
  });

  it('denied and unauthenticated both 401: 401 only, nothing to warn about', () => {
    const same = withOperation(FB, (op) => (access(op).deniedStatus = 401));
    expect(sent(plan(same, fbSection()), 'auth:basic').expectation).toMatchObject(exact([401]));
    const documented = withOperation(same, (op) => (access(op).unauthenticatedInferred = null));
    expect(sent(plan(documented, fbSection()), 'auth:basic').expectation).toMatchObject(exact([401]));
  });

  it('an operation without x-access-control: nothing to expect of credentials or roles', () => {
    const open = withOperation(FB, (op) => (op.access = null));
    const p = plan(open, fbSection());
    expect(keys(p).filter((k) => k.startsWith('auth:') || k.startsWith('role:'))).toEqual([]);
  });
});

describe('refusedTokens: existing users who must not sign in (README config keys)', () => {
  const refused = new Map<string, { token: string } | { missing: string }>([
    ['soft-deleted', { token: 'fb-deleted-user-0001' }],
    ['pending', { missing: 'flashback.refusedTokens.pending refers to $PENDING, which is not set' }],
  ]);
  // Planned inside each test: Stryker attributes code run while tests are collected to none of them.
  const planned = () => {
    const p = plan(FB, fbSection({ refusedTokens: refused }));
    return { p, probeExpectation: sent(p, 'auth:none').expectation };
  };

  it('a refused token is sent as a bearer token and must be refused like no credentials (401 expected)', () => {
    const { p, probeExpectation } = planned();
    const c = p.cases.find((x) => x.request.headers.Authorization === 'Bearer fb-deleted-user-0001')!;
    expect(c).toBeDefined();
    expect(c.kind).toBe('auth');
    expect(c.key).toContain('soft-deleted');
    expect(c.label).toContain('soft-deleted');
    expect(c.expectation).toMatchObject({ statuses: probeExpectation.statuses, warnStatuses: probeExpectation.warnStatuses, denied: true });
    expect(c.expectation.because).toContain('soft-deleted');
    expect(c.checks).toContain('auth_rejected');
  });

  it('its curl line shows a placeholder variable, never the token', () => {
    const { p } = planned();
    const c = p.cases.find((x) => x.request.headers.Authorization === 'Bearer fb-deleted-user-0001')!;
    expect(c.request.authDisplay).not.toContain('fb-deleted-user-0001');
    expect(c.request.authDisplay).toMatch(/^"Authorization: Bearer \$\{FLASHBACK_REFUSED_SOFT_DELETED_TOKEN:\?[^}]+\}"$/);
    expect(c.request.authDisplay).toContain('flashback.refusedTokens.soft-deleted');
  });

  it('an unusable one is skipped with the reason the config gave', () => {
    const { p, probeExpectation } = planned();
    const s = p.skipped.find((x) => x.key.includes('pending'))!;
    expect(s).toMatchObject({ kind: 'auth', reason: 'flashback.refusedTokens.pending refers to $PENDING, which is not set' });
    expect(s.key.startsWith('auth:')).toBe(true);
    expect(s.label).toContain('pending');
    expect(s.expectation).toMatchObject({ statuses: probeExpectation.statuses, denied: true });
    expect(s.checks).toContain('auth_rejected');
    expect(p.cases.some((x) => x.key === s.key)).toBe(false);
  });
});

describe("forged copies of an allowed role's JWT", () => {
  const ownerJwt = jwt('owner');
  const userJwt = jwt('user');
  const planned = () => plan(FB, fbSection({ tokens: tokens({ ...FB_TOKENS, OWNER: ownerJwt, USER: userJwt }) }));
  const forgedCases = (p: Plan, token: string) =>
    jwtForgeries(token).map((f) => p.cases.find((c) => c.request.headers.Authorization === `Bearer ${f.token}`));

  it('both forgeries of the OWNER token are sent, refused like no credentials, the token never shown', () => {
    const p = planned();
    const cases = forgedCases(p, ownerJwt);
    expect(cases).toHaveLength(2);
    const expected = sent(p, 'auth:none').expectation;
    for (const c of cases) {
      expect(c).toBeDefined();
      expect(c!.kind).toBe('auth');
      expect(c!.key).toMatch(/^auth:[a-z-]+:OWNER$/);
      expect(c!.label).toContain('OWNER');
      expect(c!.expectation).toEqual(expected);
      expect(c!.request.authDisplay).toMatch(/^"Authorization: Bearer \$\(t=\$\{FLASHBACK_OWNER_TOKEN:\?[^}]*OWNER[^}]*\}; /);
      expect(c!.request.authDisplay).not.toContain(ownerJwt.split('.')[1]);
      expect(c!.checks).toContain('auth_rejected');
    }
    expect(new Set(cases.map((c) => c!.key)).size).toBe(2);
  });

  it('none for a denied role, for an opaque token, or for a role without a token', () => {
    const p = planned();
    expect(forgedCases(p, userJwt).every((c) => c === undefined)).toBe(true);
    expect(p.cases.filter((c) => c.kind === 'auth' && /WORKSPACES|ADMINISTRATOR|USER|BILLING/.test(c.key))).toEqual([]);
    const onlyDenied = plan(FB, fbSection({ tokens: tokens({ USER: userJwt }) }));
    expect(onlyDenied.cases.filter((c) => c.kind === 'auth').map((c) => c.key)).toEqual(AUTH_PROBES.map((a) => a.key));
  });
});

describe('role cases: x-access-control of the spec, or the config expect block', () => {
  it('superai: the organization asked for is in the path and in params', () => {
    const p = plan(SA, saSection());
    const at = (key: string) => sent(p, key);
    expect(at('role:backoffice').request.url).toBe(`http://h/api/admin/organizations/${ORG}/users`);
    expect(at('role:backoffice@otherOrganizationId').params).toEqual({ organization_id: OTHER });
    expect(at('role:backoffice@otherOrganizationId').request.url).toBe(`http://h/api/admin/organizations/${OTHER}/users`);
    expect(at('role:backoffice@unknownOrganization').request.url).toBe(`http://h/api/admin/organizations/${UNKNOWN}/users`);
    expect(at('role:app_user').request.headers.Authorization).toBe(`Bearer ${SA_TOKENS.app_user}`);
  });

  it('flashback: no organization in the path; the configured one owns the list', () => {
    const p = plan(FB, fbSection({ organizationId: ORG }));
    expect(sent(p, 'role:OWNER')).toMatchObject({
      params: {},
      organization: null,
      owner: ORG,
      request: { url: 'http://h/organization/users' },
    });
  });

  it('an organization missing from the config skips the cases that ask for it, naming the config key', () => {
    const p = plan(SA, saSection({ otherOrganizationId: null }));
    expect(skippedOf(p, 'role:backoffice@otherOrganizationId').reason).toContain('superai.otherOrganizationId');
    expect(skippedOf(p, 'role:backoffice@otherOrganizationId')).toMatchObject({ kind: 'role', role: 'backoffice' });
    expect(sent(p, 'role:backoffice@unknownOrganization').params).toEqual({ organization_id: UNKNOWN });
  });

  it('the organization that does not exist: 404 documented; a 403 warns when the rule is inferred', () => {
    const { expectation } = sent(plan(SA, saSection()), 'role:backoffice@unknownOrganization');
    expect(expectation).toMatchObject({ statuses: [404], denied: false });
    expect(Object.keys(expectation.warnStatuses ?? {})).toEqual(['403']);
    expect(expectation.warnStatuses![403]).toContain(SA_ORG_RULE_REASON);
    const documented = withOperation(SA, (op) => {
      for (const rule of access(op).rules) rule.inferred = null;
    });
    expect(sent(plan(documented, saSection()), 'role:backoffice@unknownOrganization').expectation.warnStatuses).toEqual({});
  });

  it('no 404 in the spec: the unknown-organization case of an allowed role is not planned', () => {
    const no404 = withOperation(SA, (op) => (op.responses = op.responses.filter((r) => r.status !== 404)));
    const p = plan(no404, saSection());
    expect(keys(p)).not.toContain('role:backoffice@unknownOrganization');
    expect(sent(p, 'role:backoffice@otherOrganizationId').expectation.statuses).toEqual([200]);
    expect(sent(p, 'role:org_admin@unknownOrganization').expectation).toMatchObject({ statuses: [403], denied: true });
  });

  it("the success status is the spec's 2xx; 200 when the spec gives none", () => {
    const partial = withOperation(FB, (op) => {
      for (const r of op.responses) if (r.status === 200) r.status = 206;
    });
    expect(sent(plan(partial, fbSection()), 'role:OWNER').expectation.statuses).toEqual([206]);
    const none = withOperation(FB, (op) => (op.responses = op.responses.filter((r) => r.status >= 300)));
    expect(() => plan(none, fbSection())).not.toThrow();
  });

  it('flashback as written: allowed roles get the list and its checks, denied ones 403 and the denial checks', () => {
    const p = plan(FB, fbSection());
    for (const role of ['WORKSPACES', 'ADMINISTRATOR', 'OWNER']) {
      const c = sent(p, `role:${role}`);
      expect(c.expectation).toMatchObject({ statuses: [200], denied: false, inferred: null });
      expect(c.checks).toEqual(expect.arrayContaining([LIST_CHECK, 'role_status_conformance', 'flashback.total_matches_count']));
      expect(c.checks).not.toContain('denied_role_rejected');
      // Expectation.because names the rule: every allowed role, each a word of its own.
      for (const allowed of ['WORKSPACES', 'ADMINISTRATOR', 'OWNER']) expect(c.expectation.because).toMatch(new RegExp(`\\b${allowed}\\b`));
    }
    for (const role of ['USER', 'BILLING']) {
      const c = sent(p, `role:${role}`);
      expect(c.expectation).toMatchObject({ statuses: [403], denied: true });
      expect(c.checks).toEqual(expect.arrayContaining(['denied_role_rejected', 'role_status_conformance']));
      expect(c.checks).not.toContain(LIST_CHECK);
      expect(c.checks).not.toContain('flashback.total_matches_count');
    }
  });

  it('list checks the spec gives no ground for are not planned (no x-ordering: no list_ordering)', () => {
    expect(sent(plan(SA, saSection()), 'role:backoffice').checks).toContain('list_ordering');
    const unordered = withOperation(SA, (op) => (op.ordering = null));
    expect(sent(plan(unordered, saSection()), 'role:backoffice').checks).not.toContain('list_ordering');
  });

  it('expect overrides: the configured status; a 2xx is a list, anything else a denial', () => {
    const overrides = new Map([
      ['USER', 200],
      ['BILLING', 299],
      ['WORKSPACES', 300],
      ['ADMINISTRATOR', 404],
      ['OWNER', 199],
    ]);
    const p = plan(FB, fbSection({ expect: overrides }));
    for (const [role, status] of overrides) {
      const c = sent(p, `role:${role}`);
      const ok = status >= 200 && status < 300;
      expect(c.expectation).toMatchObject({ statuses: [status], denied: !ok });
      expect(c.expectation.because).toContain(`flashback.expect.${role}`);
      expect(c.checks.includes(LIST_CHECK)).toBe(ok);
      expect(c.checks.includes('denied_role_rejected')).toBe(!ok);
    }
    const sa = plan(SA, saSection({ expect: new Map([['org_admin@otherOrganizationId', 200]]) }));
    expect(sent(sa, 'role:org_admin@otherOrganizationId').expectation).toMatchObject({ statuses: [200], denied: false });
  });

  it('an expect key that names no case is a config error listing the cases', () => {
    const bad = () => plan(FB, fbSection({ expect: new Map([['GUEST', 200]]) }));
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/flashback\.expect\.GUEST/);
    const message = (() => {
      try {
        bad();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    const listed = message.slice(message.indexOf('USER')).split(/[\s,;]+/);
    expect(listed).toEqual(expect.arrayContaining(['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATOR', 'OWNER']));
    expect(() => plan(SA, saSection({ expect: new Map([['org_admin@elsewhere', 200]]) }))).toThrow(ConfigError);
  });
});

describe('API keys (superai.apiKeys): only for an API whose spec has the scheme', () => {
  it('keys only, no missing-key map: the keyed roles are planned by key, the others not', () => {
    const p = plan(SA, saSection({ apiKeys: tokens({ backoffice: 'saf_bo_key' }) }));
    const c = sent(p, 'apikey:backoffice');
    expect(c.request.headers['X-API-Key']).toBe('saf_bo_key');
    expect(c.request.authHeader).toBe('X-API-Key');
    expect(keys(p).filter((k) => k.startsWith('apikey:org_admin'))).toEqual([]);
  });

  it('a missing key only (no usable key map): its cases are skipped with the reason', () => {
    const p = plan(SA, saSection({ missingApiKeys: tokens({ org_admin: '$OA is not set' }) }));
    expect(skippedOf(p, 'apikey:org_admin')).toMatchObject({ reason: '$OA is not set', role: 'org_admin' });
    expect(keys(p).filter((k) => k.startsWith('apikey:backoffice'))).toEqual([]);
  });

  it('keys for an API without an API-key scheme plan nothing by key', () => {
    const p = plan(FB, fbSection({ apiKeys: tokens({ OWNER: 'k-owner' }) }));
    expect(keys(p).filter((k) => k.startsWith('apikey:'))).toEqual([]);
    expect(p.cases.some((c) => Object.values(c.request.headers).includes('k-owner'))).toBe(false);
  });

  it('bearer requests carry no authHeader (it names a credential header other than Authorization)', () => {
    const p = plan(SA, saSection({ apiKeys: tokens({ backoffice: 'saf_bo_key' }) }));
    for (const c of p.cases.filter((x) => x.request.headers.Authorization !== undefined)) expect(c.request.authHeader).toBeUndefined();
  });
});

describe('curl displays: never the secret, a variable the shell refuses to run without', () => {
  it('a token read from $NAME shows $NAME; else a placeholder named after API and role (README)', () => {
    const p = plan(FB, fbSection({ tokenVars: tokens({ OWNER: 'FB_OWNER' }) }));
    expect(sent(p, 'role:OWNER').request.authDisplay).toBe('"Authorization: Bearer $FB_OWNER"');
    expect(sent(p, 'role:ADMINISTRATOR').request.authDisplay).toMatch(
      /^"Authorization: Bearer \$\{FLASHBACK_ADMINISTRATOR_TOKEN:\?[^}]*flashback\.tokens\.ADMINISTRATOR[^}]*\}"$/,
    );
  });

  it('characters a shell variable cannot hold become underscores', () => {
    const dashed = { ...FB, api: { ...FB.api, name: 'flash-back' } };
    expect(sent(plan(dashed, fbSection()), 'role:OWNER').request.authDisplay).toMatch(
      /^"Authorization: Bearer \$\{FLASH_BACK_OWNER_TOKEN:\?/,
    );
    const sa = { ...SA, api: { ...SA.api, name: 'super.ai' } };
    const p = plan(sa, saSection({ apiKeys: tokens({ backoffice: 'saf_bo_key' }) }));
    expect(sent(p, 'apikey:backoffice').request.authDisplay).toMatch(/^"X-API-Key: \$\{SUPER_AI_BACKOFFICE_API_KEY:\?/);
  });
});

describe('malformed organization ids (README: malformed SuperAI ids get 400)', () => {
  const param = (p: Plan) => p.cases.filter((c) => c.kind === 'parameter');

  it('one case per probe, sent by a role allowed on any organization, the value in the path', () => {
    const p = plan(SA, saSection());
    const probes = malformedUuids(ORG);
    expect(param(p).map((c) => c.key)).toEqual(probes.map((x) => `param:organization_id=${x.key}`));
    for (const [i, c] of param(p).entries()) {
      const value = probes[i]!.value;
      expect(c.params).toEqual({ organization_id: value });
      expect(c.request.url).toBe(`http://h/api/admin/organizations/${encodeURIComponent(value)}/users`);
      expect(c.label).toContain('organization_id');
      expect(c.role).toBe('backoffice');
      expect(c.request.headers.Authorization).toBe(`Bearer ${SA_TOKENS.backoffice}`);
      expect(c.expectation).toMatchObject({ statuses: [400], denied: false });
      expect(Object.keys(c.expectation.warnStatuses ?? {})).toEqual(['422']);
      expect(c.expectation.warnStatuses![422]!.length).toBeGreaterThan(0);
      expect(c.checks).toContain('malformed_parameter_rejected');
      expect(c.checks).not.toContain('auth_rejected');
      expect(c.checks).not.toContain(LIST_CHECK);
    }
  });

  it('the near-miss UUID is the configured organization with a character more (a prefix parser would find it)', () => {
    const values = param(plan(SA, saSection())).map((c) => c.params.organization_id!);
    expect(values.filter((v) => v.startsWith(ORG) && v.length === ORG.length + 1)).toHaveLength(1);
    const noOrg = param(plan(SA, saSection({ organizationId: null }))).map((c) => c.params.organization_id!);
    expect(noOrg.filter((v) => v.startsWith(UNKNOWN) && v.length === UNKNOWN.length + 1)).toHaveLength(1);
  });

  it('the spec documents 422 only: 422 expected; neither: 400', () => {
    const only422 = withOperation(SA, (op) => (op.responses = op.responses.filter((r) => r.status !== 400)));
    expect(param(plan(only422, saSection()))[0]!.expectation).toMatchObject(exact([422]));
    const neither = withOperation(only422, (op) => (op.responses = op.responses.filter((r) => r.status !== 422)));
    expect(param(plan(neither, saSection()))[0]!.expectation).toMatchObject(exact([400]));
  });

  it('the any-organization role sends them whatever order the rules are written in', () => {
    const swapped = withOperation(SA, (op) => access(op).rules.reverse());
    expect(access(swapped.operation).rules[0]!.scope).toBe('own-organization');
    expect(new Set(param(plan(swapped, saSection())).map((c) => c.role))).toEqual(new Set(['backoffice']));
    // Only the own-organization role has a token: it sends them.
    const own = plan(swapped, saSection({ tokens: tokens({ org_admin: SA_TOKENS.org_admin }) }));
    expect(new Set(param(own).map((c) => c.role))).toEqual(new Set(['org_admin']));
  });

  it('no token or key of an allowed role: skipped, naming the roles that would do', () => {
    const p = plan(SA, saSection({ tokens: tokens({ app_user: SA_TOKENS.app_user }) }));
    expect(param(p)).toEqual([]);
    const skipped = p.skipped.filter((c) => c.kind === 'parameter');
    expect(skipped).toHaveLength(malformedUuids(ORG).length);
    for (const s of skipped) {
      expect(s.reason).toMatch(/\bbackoffice\b/);
      expect(s.reason).toMatch(/\borg_admin\b/);
      expect(s.checks).toContain('malformed_parameter_rejected');
      expect(s.expectation).toMatchObject({ statuses: [400] });
    }
  });

  it('no x-access-control: no role is known to be allowed, so the malformed ids are skipped, saying why', () => {
    const open = withOperation(SA, (op) => (op.access = null));
    const p = plan(open, saSection());
    expect(param(p)).toEqual([]);
    const skipped = p.skipped.filter((c) => c.kind === 'parameter');
    expect(skipped).toHaveLength(malformedUuids(ORG).length);
    for (const s of skipped) expect(s.reason.trim()).not.toBe('');
  });

  it('only path parameters of format uuid are probed', () => {
    const more = withOperation(SA, (op) => {
      op.parameters.push({ name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } });
      op.parameters.push({ name: 'team', in: 'path', required: true, schema: { type: 'string' } });
    });
    const p = plan(more, saSection());
    expect(new Set(param(p).map((c) => Object.keys(c.params).join()))).toEqual(new Set(['organization_id']));
    expect(param(plan(FB, fbSection()))).toEqual([]);
  });
});
