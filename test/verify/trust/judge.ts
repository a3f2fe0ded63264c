// Judges one planned case of the real plugins against a made-up response, for severity tables.
import { APIS } from '../../../src/apis/index.js';
import { parseConfig } from '../../../src/config/config.js';
import { planApi } from '../../../src/verify/plan.js';
import { buildRegistry, judge, targetOf } from '../../../src/verify/run.js';
import type { CheckResult, HttpResponse } from '../../../src/verify/types.js';

const PLUGINS = APIS;
const registry = buildRegistry(PLUGINS);
export const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const OTHER = '9b2d5c1e-0f4a-4c8e-8d1b-6f7a2e3c4d5b';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** A config with a token for every role of both APIs (a JWT for OWNER and backoffice). */
export function fullConfig(extra: { flashback?: object; superai?: object } = {}) {
  return {
    flashback: {
      baseUrl: 'http://h',
      tokens: { OWNER: JWT, ADMINISTRATOR: 'fb-a', WORKSPACES: 'fb-w', BILLING: 'fb-b', USER: 'fb-u' },
      ...extra.flashback,
    },
    superai: {
      baseUrl: 'http://h/api',
      organizationId: ORG,
      otherOrganizationId: OTHER,
      tokens: { backoffice: JWT, org_admin: 'sa-o', app_user: 'sa-a', integration: 'sa-i', worker: 'sa-w', publisher: 'sa-p' },
      ...extra.superai,
    },
  };
}

/** {"alg":"HS256","typ":"JWT"}.{"sub":"u1"}.sig */
export const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

/** The planned cases of one API for a config. */
export function casesOf(api: 'flashback' | 'superai', config: object = fullConfig()) {
  const plugin = PLUGINS.find((p) => p.name === api)!;
  const parsed = parseConfig(JSON.stringify(config), {}, PLUGINS);
  const section = parsed.sections.get(api);
  if (!section) throw new Error(`the config has no "${api}" section`);
  return planApi(targetOf(plugin), section, registry, () => UNKNOWN);
}

export function response(status: number, body: unknown, contentType = 'application/json'): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: HttpResponse['json'];
  try {
    json = { ok: true, value: JSON.parse(text) };
  } catch {
    json = { ok: false, error: 'the body is not JSON' };
  }
  return { status, headers: { 'content-type': contentType }, text, bytes: text.length, json };
}

/** Judges the case `key` of `api` on `res`: each check's outcome by id. */
export function judgeCase(api: 'flashback' | 'superai', key: string, res: HttpResponse, strict = false, config?: object) {
  return judgeIn(casesOf(api, config), api, key, res, strict);
}

const plans = new Map<string, ReturnType<typeof casesOf>>();
const targets = new Map<string, ReturnType<typeof targetOf>>();

/**
 * judgeCase with the plan and the body validator made once per API and config (planning takes most
 * of a judgement's time, and mutation testing re-runs these tests for every mutant). For tests of
 * the checks, not of the plan: code the plan runs is seen by the first such test only.
 */
export function judgePlanned(api: 'flashback' | 'superai', key: string, res: HttpResponse, strict = false, config?: object) {
  const id = `${api} ${JSON.stringify(config ?? null)}`;
  if (!plans.has(id)) plans.set(id, casesOf(api, config));
  return judgeIn(plans.get(id)!, api, key, res, strict);
}

function judgeIn(plan: ReturnType<typeof casesOf>, api: 'flashback' | 'superai', key: string, res: HttpResponse, strict: boolean) {
  const plugin = PLUGINS.find((p) => p.name === api)!;
  const c = plan.cases.find((x) => x.key === key);
  if (!c) throw new Error(`no case ${key}: ${plan.cases.map((x) => x.key).join(', ')}`);
  if (!targets.has(api)) targets.set(api, targetOf(plugin));
  const results = judge(targets.get(api)!, c, { request: c.request, response: res }, registry, strict);
  return Object.fromEntries(results.map((r) => [r.check, r])) as Record<string, CheckResult>;
}

/** A valid SuperAI user of ORG, with `over` applied. */
export const saUser = (over: Record<string, unknown> = {}) => ({
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  email: 'ada.lovelace@acme.example',
  first_name: 'Ada',
  last_name: 'Lovelace',
  organization_id: ORG,
  organization_name: 'Acme',
  role: 'org_admin',
  status: 'active',
  modified_by: 'system',
  created_at: '2025-06-02T09:15:00Z',
  updated_at: '2025-06-03T10:00:00Z',
  ...over,
});
/** A valid Flashback user (WORKSPACES), with `over` applied. */
export const fbUser = (over: Record<string, unknown> = {}) => ({
  id: '550e8400-e29b-41d4-a716-446655440000',
  email: 'john.doe@example.com',
  name: 'John',
  lastName: 'Doe',
  orgId: '123e4567-e89b-12d3-a456-426614174000',
  orgRole: 2,
  validated: true,
  deletedAt: null,
  orgRoleDescription: 'WORKSPACES',
  orgRoles: [0, 1, 2],
  ...over,
});
