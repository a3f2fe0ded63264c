// Every response the mock can produce (all roles, all forced codes, all named examples, injected
// faults) validated against the spec with @stoplight/prism-http's own response validator.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLatency } from '../../src/mock/faults.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import {
  apiViolations,
  describeExchange,
  loadApis,
  prismDiagnostics,
  problemViolations,
  send,
  type Api,
  type Exchange,
  type SentRequest,
} from './support.js';

type Identity = Record<string, string | number | boolean | null>;

interface Case {
  api: Api;
  request: SentRequest;
  /** What the mock must answer, beyond conforming to the spec. */
  expect?: { status?: number; example?: unknown; problem?: true };
}

let apis: Map<string, Api>;
let flashback: Api;
let superai: Api;
let server: RunningServer;
let faultServer: RunningServer;
let flakyServer: RunningServer;
let identities: { flashback: Identity[]; superai: Identity[] };
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  apis = await loadApis();
  flashback = apis.get('flashback')!;
  superai = apis.get('superai')!;
  server = await startMockServer({ port: 0 });
  // `--error-rate 1`: every unforced request gets the injected 500.
  faultServer = await startMockServer({ port: 0, errorRate: 1 });
  // `--latency 1-5 --error-rate 0.5`, as the serve command parses them.
  flakyServer = await startMockServer({ port: 0, latency: parseLatency('1-5')!, errorRate: 0.5 });
  const res = await fetch(`${server.url}/__mock/identities`);
  identities = (await res.json()) as typeof identities;
});

afterAll(async () => {
  agent.destroy();
  await Promise.all([server?.close(), faultServer?.close(), flakyServer?.close()]);
});

const flashbackPath = '/organization/users';
const superaiPath = (org: string) => `/api/admin/organizations/${org}/users`;
const bearer = (token: unknown) => ({ authorization: `Bearer ${String(token)}` });

interface RunResult {
  failures: string[];
  statuses: number[];
  /** Responses that passed validation. */
  validated: number;
  /** API statuses and `status example` names served and validated, per API (each test reads its own run's). */
  seenStatuses: Map<string, Set<number>>;
  seenExamples: Map<string, Set<string>>;
}

/** Sends every case to a server and validates each response; returns the failures, described, and what was seen. */
async function run(target: RunningServer, cases: Case[]): Promise<RunResult> {
  const failures: string[] = [];
  const statuses: number[] = [];
  const seenStatuses = new Map<string, Set<number>>();
  const seenExamples = new Map<string, Set<string>>();
  let validated = 0;
  for (const c of cases) {
    const exchange: Exchange = await send(target.port, c.request, agent);
    if (exchange.kind !== 'response') {
      failures.push(describeExchange(exchange, ['the request could not be sent']));
      continue;
    }
    const { response } = exchange;
    statuses.push(response.status);
    const violations = c.expect?.problem ? problemViolations(response) : apiViolations(c.api, response);
    if (c.expect?.status !== undefined && response.status !== c.expect.status)
      violations.push(`status ${response.status}, expected ${c.expect.status}`);
    if (c.expect && 'example' in c.expect && !sameJson(response.body, c.expect.example)) violations.push('body is not the named example');
    if (violations.length) {
      failures.push(describeExchange(exchange, violations));
      continue;
    }
    validated++;
    if (!c.expect?.problem) {
      const statuses = seenStatuses.get(c.api.module.name) ?? new Set<number>();
      seenStatuses.set(c.api.module.name, statuses.add(response.status));
      const applied = response.headers['preference-applied'];
      const example = applied ? /example=([^,;]+)/.exec(applied)?.[1] : undefined;
      if (example) {
        const names = seenExamples.get(c.api.module.name) ?? new Set<string>();
        seenExamples.set(c.api.module.name, names.add(`${response.status} ${example.trim()}`));
      }
    }
  }
  return { failures, statuses, validated, seenStatuses, seenExamples };
}

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

const report = (failures: string[]) => `${failures.length} response(s) violate the spec:\n\n${failures.slice(0, 15).join('\n\n')}`;

/** The organizations SuperAI requests are aimed at, from the caller's point of view. */
function superaiTargets(caller: Identity): [string, string][] {
  const orgs = [...new Set(identities.superai.map((i) => String(i.organizationId)))];
  const platform = String(identities.superai.find((i) => i.role === 'backoffice')!.organizationId);
  const own = String(caller.organizationId);
  const other = orgs.find((o) => o !== own && o !== platform)!;
  return [
    ['own', own],
    ['own, upper-case', own.toUpperCase()],
    ['other existing', other],
    ['platform', platform],
    ['missing', '00000000-0000-4000-8000-000000000000'],
    ['random missing', randomUUID()],
    ['not a uuid', 'not-a-uuid'],
  ];
}

describe('Prism response validation of the live mock', () => {
  it('reads both operations from the specs with every documented status', () => {
    expect(flashback.prism.responses.map((r) => Number(r.code)).sort()).toEqual(flashback.operation.responses.map((r) => r.status).sort());
    expect(superai.prism.responses.map((r) => Number(r.code)).sort()).toEqual(superai.operation.responses.map((r) => r.status).sort());
    expect(identities.flashback.length).toBeGreaterThan(0);
    expect(identities.superai.length).toBeGreaterThan(0);
  });

  it('Flashback: every fixture identity (every role, deleted and unvalidated users) gets a valid response', async () => {
    expect(new Set(identities.flashback.map((i) => i.orgRole))).toEqual(new Set([0, 1, 2, 254, 255]));
    expect(identities.flashback.some((i) => i.deleted === true)).toBe(true);
    const cases: Case[] = identities.flashback.flatMap((identity) => [
      { api: flashback, request: { method: 'GET', path: flashbackPath, headers: bearer(identity.token) } },
      {
        api: flashback,
        request: { method: 'GET', path: `${flashbackPath}?page=2&limit=1`, headers: { authorization: `bearer  ${identity.token}` } },
      },
    ]);
    const { failures } = await run(server, cases);
    expect(failures, report(failures)).toEqual([]);
  });

  it('SuperAI: every fixture identity (every role, inactive and pending users) against own, other, platform, missing and malformed organizations', async () => {
    expect(new Set(identities.superai.map((i) => i.status))).toEqual(new Set(['active', 'inactive', 'pending']));
    expect(identities.superai.some((i) => i.role === 'backoffice')).toBe(true);
    const cases: Case[] = identities.superai.flatMap((identity) =>
      superaiTargets(identity).map(([, org]) => ({
        api: superai,
        request: { method: 'GET', path: superaiPath(org), headers: bearer(identity.token) },
      })),
    );
    const { failures } = await run(server, cases);
    expect(failures, report(failures)).toEqual([]);
  });

  it("both APIs: no token, malformed and unknown tokens, the other API's tokens", async () => {
    const fbToken = String(identities.flashback[0]!.token);
    const saToken = String(identities.superai.find((i) => i.role === 'backoffice')!.token);
    const authorizations: (Record<string, string> | Record<string, never>)[] = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: 'Bearer nope' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: `Token ${fbToken}` },
      { authorization: `Bearer ${fbToken}x` },
      { authorization: `Bearer ${fbToken} ${fbToken}` },
      { authorization: `Bearer ${saToken}` },
      { authorization: `Bearer ${fbToken}` },
    ];
    const orgs = superaiTargets(identities.superai[0]!).map(([, org]) => org);
    const cases: Case[] = authorizations.flatMap((headers) => [
      { api: flashback, request: { method: 'GET', path: flashbackPath, headers } },
      ...orgs.map((org) => ({ api: superai, request: { method: 'GET', path: superaiPath(org), headers } })),
    ]);
    const { failures } = await run(server, cases);
    expect(failures, report(failures)).toEqual([]);
  });

  it('every documented status forced with Prefer: code=NNN, whatever the caller and target', async () => {
    const cases: Case[] = [];
    const fbCallers = [
      {},
      bearer(identities.flashback.find((i) => i.orgRole === 255)!.token),
      bearer(identities.flashback.find((i) => i.orgRole === 0)!.token),
    ];
    const saCallers = [
      {},
      bearer(identities.superai.find((i) => i.role === 'backoffice')!.token),
      bearer(identities.superai.find((i) => i.role === 'app_user')!.token),
    ];
    for (const { status } of flashback.operation.responses) {
      for (const headers of fbCallers) {
        for (const prefer of [`code=${status}`, `code="${status}"`, ` Code = ${status} ; foo=bar`]) {
          cases.push({
            api: flashback,
            request: { method: 'GET', path: flashbackPath, headers: { ...headers, prefer } },
            expect: { status },
          });
        }
      }
    }
    for (const { status } of superai.operation.responses) {
      for (const headers of saCallers) {
        for (const [, org] of superaiTargets(identities.superai[0]!)) {
          cases.push({
            api: superai,
            request: { method: 'GET', path: superaiPath(org), headers: { ...headers, prefer: `code=${status}` } },
            expect: { status },
          });
        }
      }
    }
    const { failures, seenStatuses } = await run(server, cases);
    expect(failures, report(failures)).toEqual([]);
    for (const api of [flashback, superai]) {
      const documented = api.operation.responses.map((r) => r.status).sort();
      expect([...(seenStatuses.get(api.module.name) ?? [])].sort(), `${api.module.name}: statuses served and validated`).toEqual(
        documented,
      );
    }
  });

  it('every named example with Prefer: example=NAME, alone and with its code', async () => {
    const cases: Case[] = [];
    for (const api of [flashback, superai]) {
      const path = api === flashback ? flashbackPath : superaiPath(String(identities.superai[0]!.organizationId));
      for (const response of api.operation.responses) {
        expect(response.examples.length, `${api.module.name} ${response.status} has no named example`).toBeGreaterThan(0);
        for (const example of response.examples) {
          // Without a code the first status naming the example wins; with it, that status's.
          const first = api.operation.responses.find((r) => r.examples.some((e) => e.name === example.name))!;
          cases.push({
            api,
            request: { method: 'GET', path, headers: { prefer: `example=${example.name}` } },
            expect: { status: first.status, example: first.examples.find((e) => e.name === example.name)!.value },
          });
          cases.push({
            api,
            request: { method: 'GET', path, headers: { prefer: `code=${response.status}, example="${example.name}"` } },
            expect: { status: response.status, example: example.value },
          });
        }
      }
    }
    const { failures, seenExamples } = await run(server, cases);
    expect(failures, report(failures)).toEqual([]);
    for (const api of [flashback, superai]) {
      const examples = api.operation.responses.flatMap((r) => r.examples.map((e) => `${r.status} ${e.name}`)).sort();
      expect([...(seenExamples.get(api.module.name) ?? [])].sort(), `${api.module.name}: examples served and validated`).toEqual(examples);
    }
  });

  it('mock-usage errors are problem+json, never an API body: undocumented codes, unknown examples, unknown paths, other methods', async () => {
    const saPath = superaiPath(String(identities.superai[0]!.organizationId));
    const cases: Case[] = [];
    for (const [api, path] of [
      [flashback, flashbackPath],
      [superai, saPath],
    ] as const) {
      for (const prefer of [
        'code=418',
        'code=201',
        'code=200abc',
        'code=',
        'code=99',
        'example=nope',
        'example=',
        'code=200, example=nope',
      ]) {
        cases.push({ api, request: { method: 'GET', path, headers: { prefer } }, expect: { status: 400, problem: true } });
      }
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
        cases.push({ api, request: { method, path, headers: {} }, expect: { status: 405, problem: true } });
    }
    cases.push({
      api: flashback,
      request: { method: 'GET', path: '/organization/users/', headers: {} },
      expect: { status: 404, problem: true },
    });
    cases.push({
      api: flashback,
      request: { method: 'GET', path: '/organizations/users', headers: {} },
      expect: { status: 404, problem: true },
    });
    cases.push({
      api: superai,
      request: { method: 'GET', path: '/admin/organizations/x/users', headers: {} },
      expect: { status: 404, problem: true },
    });
    // An undocumented code for Flashback that SuperAI documents: still a usage error there.
    cases.push({
      api: flashback,
      request: { method: 'GET', path: flashbackPath, headers: { prefer: 'code=422' } },
      expect: { status: 400, problem: true },
    });
    const { failures } = await run(server, cases);
    expect(failures, report(failures)).toEqual([]);
  });

  it('--error-rate 1: every unforced request gets the documented 500, valid; Prefer still wins', async () => {
    const cases: Case[] = [
      ...identities.flashback.map(
        (i): Case => ({
          api: flashback,
          request: { method: 'GET', path: flashbackPath, headers: bearer(i.token) },
          expect: { status: 500 },
        }),
      ),
      ...identities.superai.map(
        (i): Case => ({
          api: superai,
          request: { method: 'GET', path: superaiPath(String(i.organizationId)), headers: bearer(i.token) },
          expect: { status: 500 },
        }),
      ),
      { api: flashback, request: { method: 'GET', path: flashbackPath, headers: {} }, expect: { status: 500 } },
      { api: superai, request: { method: 'GET', path: superaiPath('not-a-uuid'), headers: {} }, expect: { status: 500 } },
      ...flashback.operation.responses.map(
        (r): Case => ({
          api: flashback,
          request: { method: 'GET', path: flashbackPath, headers: { prefer: `code=${r.status}` } },
          expect: { status: r.status },
        }),
      ),
      ...superai.operation.responses.map(
        (r): Case => ({
          api: superai,
          request: { method: 'GET', path: superaiPath('not-a-uuid'), headers: { prefer: `code=${r.status}` } },
          expect: { status: r.status },
        }),
      ),
    ];
    const { failures } = await run(faultServer, cases);
    expect(failures, report(failures)).toEqual([]);
  });

  it('--latency 1-5 --error-rate 0.5: every response still valid, and some are the injected 500', async () => {
    const cases: Case[] = [
      ...identities.flashback.map(
        (i): Case => ({ api: flashback, request: { method: 'GET', path: flashbackPath, headers: bearer(i.token) } }),
      ),
      ...identities.superai.map(
        (i): Case => ({ api: superai, request: { method: 'GET', path: superaiPath(String(i.organizationId)), headers: bearer(i.token) } }),
      ),
    ];
    const { failures, statuses, validated } = await run(flakyServer, cases);
    expect(failures, report(failures)).toEqual([]);
    expect(validated).toBe(cases.length);
    expect(statuses).toContain(500);
    expect(statuses.some((s) => s !== 500)).toBe(true);
  });
});

describe('Prism validator sanity: it is wired and does reject wrong responses', () => {
  const json = { 'content-type': 'application/json' };

  it('rejects a Flashback 403 that claims success', () => {
    expect(prismDiagnostics(flashback.prism, 403, json, { success: true, data: [], total: 0 })).not.toEqual([]);
    expect(prismDiagnostics(flashback.prism, 403, json, { success: false, data: [], total: 0 })).toEqual([]);
  });

  it('rejects a Flashback 200 whose user has an orgRole outside the enum', () => {
    const user = { id: 'u', email: 'a@b.example', orgRole: 3 };
    expect(prismDiagnostics(flashback.prism, 200, json, { success: true, data: [user], total: 1 }).join('\n')).toMatch(/orgRole/);
  });

  it('rejects a SuperAI 200 with role "pirate", and a body that is not the bare array', () => {
    const user = (superai.operation.responses.find((r) => r.status === 200)!.examples[0]!.value as Record<string, unknown>[])[0]!;
    expect(prismDiagnostics(superai.prism, 200, json, [user])).toEqual([]);
    expect(prismDiagnostics(superai.prism, 200, json, [{ ...user, role: 'pirate' }]).join('\n')).toMatch(/role/);
    expect(prismDiagnostics(superai.prism, 200, json, { users: [user] })).not.toEqual([]);
  });

  it('enforces the formats: uuid, email, date-time', () => {
    const user = (superai.operation.responses.find((r) => r.status === 200)!.examples[0]!.value as Record<string, unknown>[])[0]!;
    expect(prismDiagnostics(superai.prism, 200, json, [{ ...user, id: 'not-a-uuid' }]).join('\n')).toMatch(/0\.id.*uuid/);
    expect(prismDiagnostics(superai.prism, 200, json, [{ ...user, email: 'nobody' }]).join('\n')).toMatch(/0\.email.*email/);
    expect(prismDiagnostics(superai.prism, 200, json, [{ ...user, created_at: 'yesterday' }]).join('\n')).toMatch(
      /0\.created_at.*date-time/,
    );
  });

  it('rejects an undocumented status (as a warning for non-2xx, which these tests count as a violation)', () => {
    expect(prismDiagnostics(flashback.prism, 404, json, { success: false, data: [], total: 0 }).join('\n')).toMatch(/warning.*status code/);
    expect(prismDiagnostics(flashback.prism, 201, json, { success: true, data: [], total: 0 }).join('\n')).toMatch(/error.*status code/);
  });

  it('handles OAS 3.0 nullable: null request_id and details pass, wrong types fail', () => {
    const ok = { error: { message: 'm', code: null, details: null }, request_id: null };
    expect(prismDiagnostics(superai.prism, 404, json, ok)).toEqual([]);
    expect(prismDiagnostics(superai.prism, 404, json, { ...ok, error: { message: 'm', details: { any: 1 } } })).toEqual([]);
    expect(prismDiagnostics(superai.prism, 404, json, { ...ok, error: { message: 'm', details: ['a'] } })).toEqual([]);
    expect(prismDiagnostics(superai.prism, 404, json, { ...ok, request_id: 7 }).join('\n')).toMatch(/request_id/);
    expect(prismDiagnostics(superai.prism, 404, json, { ...ok, error: { message: 'm', details: 5 } }).join('\n')).toMatch(/details/);
    expect(prismDiagnostics(superai.prism, 404, json, { ...ok, error: { message: 'm', code: 5 } }).join('\n')).toMatch(/code/);
  });

  it('the strict media-type check catches what Prism lets through (problem+json on a documented status)', () => {
    const body = JSON.stringify({ error: { message: 'm' } });
    // Prism ignores the +json suffix when matching media types...
    expect(prismDiagnostics(superai.prism, 400, { 'content-type': 'application/problem+json' }, JSON.parse(body))).toEqual([]);
    // ...the conformance check does not.
    expect(apiViolations(superai, { status: 400, headers: { 'content-type': 'application/problem+json' }, body }).join('\n')).toMatch(
      /Content-Type/,
    );
    expect(apiViolations(superai, { status: 400, headers: json, body })).toEqual([]);
    expect(apiViolations(superai, { status: 400, headers: json, body: 'not json' }).join('\n')).toMatch(/not JSON/);
  });
});
