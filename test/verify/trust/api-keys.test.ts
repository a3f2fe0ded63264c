// Proves: superai.apiKeys (role → key) plans the role rules again through the spec's API-key scheme
// (X-API-Key, no Authorization), a key no backend issued is probed, and curl lines never show a key.
import { afterAll, describe, expect, it } from 'vitest';
import { APIS } from '../../../src/apis/index.js';
import { parseConfig } from '../../../src/config/config.js';
import { curlLine } from '../../../src/verify/curl.js';
import { planApi } from '../../../src/verify/plan.js';
import { renderCoverage } from '../../../src/verify/report/coverage.js';
import { buildRegistry, targetOf } from '../../../src/verify/run.js';
import { runCli, scratchDir } from '../support/run.js';
import { casesOf, fullConfig, judgeCase, response } from './judge.js';

const KEYS = { backoffice: 'saf_backoffice-key-0001', org_admin: 'saf_org-admin-key-0002', app_user: 'saf_app-user-key-0003' };
const withKeys = (apiKeys: Record<string, string | null> = KEYS) => fullConfig({ superai: { apiKeys } });
const saError = (code: string) => ({ error: { message: code, code, details: null }, request_id: null });

describe('plan: superai.apiKeys', () => {
  it('every role case of a role with a key is planned again by key, same organization and expectation', () => {
    const plan = casesOf('superai', withKeys());
    const byKey = plan.cases.filter((c) => c.key.startsWith('apikey:'));
    expect(byKey.map((c) => c.key)).toEqual([
      'apikey:org_admin',
      'apikey:org_admin@otherOrganizationId',
      'apikey:org_admin@unknownOrganization',
      'apikey:backoffice',
      'apikey:backoffice@otherOrganizationId',
      'apikey:backoffice@unknownOrganization',
      'apikey:app_user',
    ]);
    for (const c of byKey) {
      const twin = plan.cases.find((t) => t.key === c.key.replace(/^apikey:/, 'role:'))!;
      expect(c).toMatchObject({ kind: 'role', role: twin.role, organization: twin.organization, expectation: twin.expectation });
      expect(c.checks).toEqual(twin.checks);
      expect(c.request.url).toBe(twin.request.url);
      expect(c.request.headers['X-API-Key']).toBe(KEYS[c.role as keyof typeof KEYS]);
      expect(c.request.headers.Authorization).toBeUndefined();
      expect(c.label).toBe(`${twin.label} by API key`);
    }
    expect(byKey.find((c) => c.key === 'apikey:app_user')!.expectation).toMatchObject({ statuses: [403], denied: true });
  });

  it('without apiKeys no case is planned by key; the unknown-key probe is planned for SuperAI only', () => {
    const plan = casesOf('superai');
    expect(plan.cases.filter((c) => c.key.startsWith('apikey:'))).toEqual([]);
    const probe = plan.cases.find((c) => c.key === 'auth:unknown-api-key')!;
    expect(probe.kind).toBe('auth');
    expect(probe.request.headers['X-API-Key']).toMatch(/^saf_[0-9a-f]{32}$/);
    expect(probe.request.headers.Authorization).toBeUndefined();
    expect(probe.expectation).toMatchObject({
      statuses: [401],
      denied: true,
      warnStatuses: { 403: expect.stringMatching(/inferred 401/) },
    });
    expect(casesOf('flashback').cases.some((c) => c.key.includes('api-key') || c.key.startsWith('apikey:'))).toBe(false);
  });

  it('a key whose variable is unset skips its cases and says why', () => {
    const config = parseConfig(JSON.stringify(withKeys({ org_admin: '$ORG_ADMIN_KEY' })), {}, APIS, 'c.json');
    const plan = planApi(
      targetOf(APIS.find((a) => a.name === 'superai')!),
      config.sections.get('superai')!,
      buildRegistry(APIS),
      () => '00000000-0000-4000-8000-000000000000',
    );
    const skipped = plan.skipped.filter((c) => c.key.startsWith('apikey:'));
    expect(skipped.map((c) => c.key)).toEqual([
      'apikey:org_admin',
      'apikey:org_admin@otherOrganizationId',
      'apikey:org_admin@unknownOrganization',
    ]);
    expect(new Set(skipped.map((c) => c.reason))).toEqual(
      new Set(['superai.apiKeys.org_admin refers to $ORG_ADMIN_KEY, which is not set']),
    );
  });

  it('API keys only (no tokens): the malformed-id cases are sent with the key of a role allowed anywhere', () => {
    const config = { superai: { ...fullConfig().superai, tokens: {}, apiKeys: KEYS } };
    const plan = casesOf('superai', config);
    const params = plan.cases.filter((c) => c.kind === 'parameter');
    expect(params.length).toBeGreaterThan(3);
    for (const c of params) {
      expect(c.role).toBe('backoffice');
      expect(c.request.headers).toMatchObject({ 'X-API-Key': KEYS.backoffice });
      expect(c.request.headers.Authorization).toBeUndefined();
    }
    // A token, when there is one, is still preferred.
    const both = casesOf('superai', withKeys()).cases.filter((c) => c.kind === 'parameter');
    expect(both.every((c) => c.request.headers.Authorization?.startsWith('Bearer ') && !('X-API-Key' in c.request.headers))).toBe(true);
    expect(plan.skipped.filter((c) => c.kind === 'parameter')).toEqual([]);
  });

  it('curl lines show $NAME or a placeholder for the key, never the key', () => {
    const config = parseConfig(
      JSON.stringify(withKeys({ ...KEYS, org_admin: '$ORG_ADMIN_KEY' })),
      { ORG_ADMIN_KEY: 'saf_from-env-0004' },
      APIS,
      'c.json',
    );
    const plan = planApi(
      targetOf(APIS.find((a) => a.name === 'superai')!),
      config.sections.get('superai')!,
      buildRegistry(APIS),
      () => '00000000-0000-4000-8000-000000000000',
    );
    const curl = (key: string) => curlLine(plan.cases.find((c) => c.key === key)!.request);
    expect(curl('apikey:org_admin')).toMatch(/ -H "X-API-Key: \$ORG_ADMIN_KEY"$/);
    expect(curl('apikey:backoffice')).toMatch(
      / -H "X-API-Key: \$\{SUPERAI_BACKOFFICE_API_KEY:\?set it to the superai backoffice API key \(superai\.apiKeys\.backoffice\)\}"$/,
    );
    for (const c of plan.cases)
      for (const key of [...Object.values(KEYS), 'saf_from-env-0004']) expect(curlLine(c.request)).not.toContain(key);
    // The made-up key of the probe is no secret: shown as sent.
    expect(curl('auth:unknown-api-key')).toMatch(/ -H 'X-API-Key: saf_[0-9a-f]{32}'$/);
  });
});

describe('the coverage table', () => {
  it("names a role's API-key row apart from its token row", () => {
    const row = (key: string, received: number) => ({
      case: `superai/${key}`,
      role: 'org_admin',
      organization: 'organizationId',
      expected: [200],
      received,
      outcome: 'passed' as const,
      skipReason: null,
    });
    const api = { api: 'superai', operation: 'get /x', planned: 2, sent: 2, skipped: 0, statuses: [], undocumented: [] };
    const lines = renderCoverage({
      planned: 2,
      sent: 2,
      skipped: 0,
      complete: true,
      apis: [{ ...api, roles: [row('role:org_admin', 200), row('apikey:org_admin', 200)] }],
    });
    expect(lines.filter((l) => /^\s+org_admin/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
      'org_admin',
      'org_admin (API key)',
    ]);
  });
});

describe('judging by key: the same rules as tokens', () => {
  it.each<[string, string, number, unknown, Record<string, 'passed' | 'failed' | 'warned'>]>([
    [
      'a USER-equivalent key (app_user) gets 403',
      'apikey:app_user',
      403,
      saError('forbidden'),
      { denied_role_rejected: 'passed', role_status_conformance: 'passed' },
    ],
    ['a USER-equivalent key (app_user) gets 200: a security failure', 'apikey:app_user', 200, [], { denied_role_rejected: 'failed' }],
    [
      'an org_admin key on another organization gets 200: a security failure',
      'apikey:org_admin@otherOrganizationId',
      200,
      [],
      { denied_role_rejected: 'failed' },
    ],
    [
      'an org_admin key refused with 401: the role rule is inferred, a warning',
      'apikey:org_admin',
      401,
      saError('unauthorized'),
      { role_status_conformance: 'warned' },
    ],
    ['the unknown key gets 401', 'auth:unknown-api-key', 401, saError('unauthorized'), { auth_rejected: 'passed' }],
    [
      'the unknown key gets 403: a warning (401 is inferred)',
      'auth:unknown-api-key',
      403,
      saError('forbidden'),
      { auth_rejected: 'warned' },
    ],
    ['the unknown key gets 200: a security failure', 'auth:unknown-api-key', 200, [], { auth_rejected: 'failed' }],
    [
      'the unknown key gets 500: a failure',
      'auth:unknown-api-key',
      500,
      saError('internal_error'),
      { auth_rejected: 'failed', not_a_server_error: 'failed' },
    ],
  ])('%s', (_name, key, status, body, want) => {
    const results = judgeCase('superai', key, response(status, body), false, withKeys());
    for (const [check, outcome] of Object.entries(want)) expect([check, results[check]?.outcome]).toEqual([check, outcome]);
    if (status === 200 && key !== 'auth:unknown-api-key') expect(results.denied_role_rejected!.source).toBe('security');
    if (status === 200 && key === 'auth:unknown-api-key') expect(results.auth_rejected!.source).toBe('security');
  });
});

describe('orgmock verify: config mistakes about API keys exit 2, naming the key, never the value', () => {
  const scratch = scratchDir();
  afterAll(() => scratch.cleanup());
  it.each<[string, object, RegExp]>([
    [
      'an unknown key (apiKey for apiKeys)',
      { superai: { baseUrl: 'http://127.0.0.1:9/api', apiKey: { org_admin: 'saf_secret-value-1' } } },
      /unknown key superai\.apiKey; the keys are .*apiKeys/,
    ],
    [
      'apiKeys for Flashback (its spec has no API-key scheme)',
      { flashback: { baseUrl: 'http://127.0.0.1:9', apiKeys: { OWNER: 'saf_secret-value-1' } } },
      /flashback\.apiKeys: this API's spec declares no API-key security scheme/,
    ],
    [
      'a role the spec does not have',
      { superai: { baseUrl: 'http://127.0.0.1:9/api', apiKeys: { owner: 'saf_secret-value-1' } } },
      /superai\.apiKeys\.owner: "owner" is not a role of the spec/,
    ],
  ])('%s', async (_name, config, want) => {
    const file = scratch.write(`k-${Math.random().toString(36).slice(2)}.json`, config);
    const run = await runCli(['--config', file], { cwd: scratch.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(want);
    expect(run.stderr + run.stdout).not.toContain('secret-value');
  });
});
