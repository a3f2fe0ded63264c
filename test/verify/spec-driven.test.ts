// The suite reads role rules, inferred markers and order from the specs: a spec change changes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSpecDoc } from '../../src/apis/define.js';
import { flashback as flashbackVerify } from '../../src/apis/flashback/index.js';
import { superai as superaiVerify } from '../../src/apis/superai/index.js';
import type { ApiDefinition } from '../../src/apis/types.js';
import { enumMembership, schemaAt, violationInferred } from '../../src/openapi/extensions.js';
import { atPointer, loadBundledSpec, type Spec } from '../../src/openapi/load.js';
import { getOperation } from '../../src/openapi/operations.js';
import type { Json, JsonObject } from '../../src/openapi/types.js';
import { planApi } from '../../src/verify/plan.js';
import { buildRegistry, targetOf } from '../../src/verify/run.js';
import { referenceConfig, startBackend, UNKNOWN_ORG, type RunningBackend } from './support/reference-backend.js';
import { checksWith, runWithDeps, scratchDir, type JsonReport } from './support/run.js';

const flashback = loadBundledSpec('flashback');
const superai = loadBundledSpec('superai');
const responseRoot = (spec: Spec, status: number) =>
  atPointer(spec.doc, getOperation(spec).responses.find((r) => r.status === status)!.schemaPointer!);
const schema = (spec: Spec, name: string) => (spec.doc.components as any).schemas[name] as JsonObject;

describe('schemaAt / violationInferred: is a body path in an x-inferred part?', () => {
  const cases: [string, { given: () => unknown; want: unknown }][] = [
    [
      'superai 200 root: the bare array is inferred',
      {
        given: () => schemaAt(superai.doc, responseRoot(superai, 200), '').inferred?.reason.slice(0, 30),
        want: 'The page labels the body "Obje',
      },
    ],
    [
      'superai 200 /0/created_at: a $ref into a documented component starts afresh',
      { given: () => schemaAt(superai.doc, responseRoot(superai, 200), '/0/created_at').inferred, want: null },
    ],
    [
      'superai 200 /3/role: the UserRole enum node',
      {
        given: () => schemaAt(superai.doc, responseRoot(superai, 200), '/3/role').node?.enum,
        want: ['org_admin', 'backoffice', 'app_user', 'integration', 'worker', 'publisher'],
      },
    ],
    [
      'superai 403 /error/code is inferred',
      { given: () => schemaAt(superai.doc, responseRoot(superai, 403), '/error/code').inferred !== null, want: true },
    ],
    [
      'superai 403 /error/details/0 inherits the marker of details through anyOf',
      { given: () => schemaAt(superai.doc, responseRoot(superai, 403), '/error/details/0').inferred !== null, want: true },
    ],
    [
      'superai 403 /error itself is documented',
      { given: () => schemaAt(superai.doc, responseRoot(superai, 403), '/error').inferred, want: null },
    ],
    [
      'superai 403 root missing "error": a documented requirement',
      { given: () => violationInferred(superai.doc, responseRoot(superai, 403), '', 'error'), want: null },
    ],
    [
      'superai 403 /error missing "message": the property is inferred',
      { given: () => violationInferred(superai.doc, responseRoot(superai, 403), '/error', 'message') !== null, want: true },
    ],
    [
      'superai 422 /detail/0/loc/1: ValidationError is inferred',
      { given: () => schemaAt(superai.doc, responseRoot(superai, 422), '/detail/0/loc/1').inferred !== null, want: true },
    ],
    [
      'flashback 200 /data/0/orgRoleDescription: documented (its marker sits in x-derived-from)',
      { given: () => schemaAt(flashback.doc, responseRoot(flashback, 200), '/data/0/orgRoleDescription').inferred, want: null },
    ],
    [
      'flashback 200 /data/0/nope: nothing',
      { given: () => schemaAt(flashback.doc, responseRoot(flashback, 200), '/data/0/nope').node, want: undefined },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => expect(given()).toEqual(want));
});

describe('enumMembership', () => {
  const cases: [string, { given: [JsonObject, Json]; want: string }][] = [
    ['a status the page lists', { given: [schema(superai, 'UserStatus'), 'active'], want: 'documented' }],
    ['a status only the published enum adds', { given: [schema(superai, 'UserStatus'), 'pending'], want: 'inferred' }],
    ['a role only the published enum adds', { given: [schema(superai, 'UserRole'), 'worker'], want: 'inferred' }],
    ['a status outside both', { given: [schema(superai, 'UserStatus'), 'deleted'], want: 'outside' }],
    ['a Flashback role outside the enum', { given: [schema(flashback, 'OrgRole'), 7], want: 'outside' }],
    ['a node with no enum', { given: [schema(superai, 'ErrorDetail'), 'x'], want: 'no-enum' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => expect(enumMembership(...given)).toBe(want));
});

/** The API with its spec edited. */
function edited(api: ApiDefinition, edit: (doc: any) => void): ApiDefinition {
  const doc = structuredClone(api.spec.doc);
  edit(doc);
  return withSpecDoc(api, doc);
}
const op = (doc: any, path: string) => doc.paths[path].get;

function plan(api: ApiDefinition, section: Record<string, unknown>) {
  const target = targetOf(api);
  const full = {
    baseUrl: 'http://h',
    organizationId: null,
    otherOrganizationId: null,
    tokens: new Map<string, string>(),
    missingTokens: new Map<string, string>(),
    expect: new Map<string, number>(),
    ...section,
  };
  const result = planApi(target, full, buildRegistry([api]), () => UNKNOWN_ORG);
  return Object.fromEntries(
    result.cases
      .filter((c) => c.kind === 'role')
      .map((c) => [c.key, [c.expectation.statuses[0], c.expectation.denied, c.expectation.inferred !== null]]),
  );
}

describe('the plan follows the spec', () => {
  const fbTokens = { tokens: new Map(['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATOR', 'OWNER'].map((r) => [r, `t-${r}`])) };
  const saTokens = {
    organizationId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    otherOrganizationId: '4fa85f64-5717-4562-b3fc-2c963f66afa7',
    tokens: new Map(['backoffice', 'org_admin', 'app_user'].map((r) => [r, `t-${r}`])),
  };

  const cases: [string, { given: () => unknown; want: unknown }][] = [
    [
      'flashback as written: USER and BILLING denied, the rest allowed, a documented rule',
      {
        given: () => plan(flashbackVerify, fbTokens),
        want: {
          'role:USER': [403, true, false],
          'role:BILLING': [403, true, false],
          'role:WORKSPACES': [200, false, false],
          'role:ADMINISTRATOR': [200, false, false],
          'role:OWNER': [200, false, false],
        },
      },
    ],
    [
      'flashback with BILLING added to allow: BILLING now expects 200',
      {
        given: () =>
          plan(
            edited(flashbackVerify, (d) => (op(d, '/organization/users')['x-access-control'].allow = [1, 2, 254, 255])),
            fbTokens,
          )['role:BILLING'],
        want: [200, false, false],
      },
    ],
    [
      'flashback with denied.status 404: USER expects 404',
      {
        given: () =>
          plan(
            edited(flashbackVerify, (d) => (op(d, '/organization/users')['x-access-control'].denied.status = 404)),
            fbTokens,
          )['role:USER'],
        want: [404, true, false],
      },
    ],
    [
      'superai as written: inferred rules for backoffice and org_admin, app_user denied',
      {
        given: () => plan(superaiVerify, saTokens),
        want: {
          'role:backoffice': [200, false, true],
          'role:backoffice@otherOrganizationId': [200, false, true],
          'role:backoffice@unknownOrganization': [404, false, false],
          'role:org_admin': [200, false, true],
          'role:org_admin@otherOrganizationId': [403, true, true],
          'role:org_admin@unknownOrganization': [403, true, true],
          'role:app_user': [403, true, false],
        },
      },
    ],
    [
      'superai with the org_admin rule documented (marker removed): its departures fail, not warn',
      {
        given: () => {
          const p = edited(superaiVerify, (d) => {
            const rule = op(d, '/admin/organizations/{organization_id}/users')['x-access-control'].rules[1];
            delete rule['x-inferred'];
            delete rule['x-inferred-reason'];
          });
          return plan(p, saTokens)['role:org_admin'];
        },
        want: [200, false, false],
      },
    ],
    [
      'superai with app_user given any-organization: three cases, all allowed but the unknown one',
      {
        given: () => {
          const p = edited(superaiVerify, (d) =>
            op(d, '/admin/organizations/{organization_id}/users')['x-access-control'].rules[0].roles.push('app_user'),
          );
          const all = plan(p, saTokens);
          return [all['role:app_user'], all['role:app_user@otherOrganizationId'], all['role:app_user@unknownOrganization']];
        },
        want: [
          [200, false, true],
          [200, false, true],
          [404, false, false],
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => expect(given()).toEqual(want));
});

describe('a spec change changes what a real run finds', () => {
  const scratch = scratchDir();
  let backend: RunningBackend;
  beforeAll(async () => {
    backend = await startBackend();
  });
  afterAll(async () => {
    await backend.close();
    scratch.cleanup();
  });

  const run = async (apis: ApiDefinition[]) => {
    const config = scratch.write('c.json', referenceConfig(backend.url));
    const result = await runWithDeps(['--config', config, '--reporter', 'json', '--api', 'superai'], { apis }, { cwd: scratch.dir });
    return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
  };

  it('x-ordering flipped to ascending: the (correct, newest-first) backend now fails list_ordering', async () => {
    const flipped = edited(
      superaiVerify,
      (d) => (d.paths['/admin/organizations/{organization_id}/users'].get['x-ordering'].direction = 'ascending'),
    );
    const { code, report } = await run([flashbackVerify, flipped]);
    expect(checksWith(report, 'failed')).toEqual(['superai/list_ordering']);
    expect(code).toBe(1);
  });

  it('the 401 response documented (marker removed) and a FastAPI 401 body: a failure, no longer a warning', async () => {
    await backend.close();
    backend = await startBackend((c, r) =>
      c.api === 'superai' && r.status === 401 ? { status: 401, body: { detail: 'Not authenticated' } } : r,
    );
    const lenient = await run([flashbackVerify, superaiVerify]);
    expect([checksWith(lenient.report, 'warned'), lenient.code]).toEqual([['superai/response_schema_conformance'], 0]);
    const documented = edited(superaiVerify, (d) => {
      const r401 = d.paths['/admin/organizations/{organization_id}/users'].get.responses['401'];
      delete r401['x-inferred'];
      delete r401['x-inferred-reason'];
    });
    const strictSpec = await run([flashbackVerify, documented]);
    expect([checksWith(strictSpec.report, 'failed'), strictSpec.code]).toEqual([['superai/response_schema_conformance'], 1]);
  });
});
