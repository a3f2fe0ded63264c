// Proves: the two specs say what the pages say, mark every addition, and lint clean.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isObject, loadBundledSpec } from '../src/openapi/load.js';
import { getOperation } from '../src/openapi/operations.js';
import { inferredOf } from '../src/openapi/extensions.js';
import type { Json, JsonObject } from '../src/openapi/types.js';

const run = promisify(execFile);
const flashback = loadBundledSpec('flashback');
const superai = loadBundledSpec('superai');
const schema = (doc: JsonObject, name: string) => (doc.components as any).schemas[name] as JsonObject;

describe('lint', () => {
  it.each([flashback.file, superai.file])('%s passes Redocly lint with zero errors and warnings', async (file) => {
    const { stdout } = await run('node_modules/.bin/redocly', ['lint', '--format=json', file], { maxBuffer: 10_000_000 });
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] };
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});

/** Every node that is a schema, a property, a response, an example or an access rule, with its pointer. */
function* markedNodes(node: Json, pointer = '#'): Generator<[string, Json]> {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) yield* markedNodes(child, `${pointer}/${i}`);
    return;
  }
  if (!isObject(node)) return;
  yield [pointer, node];
  for (const [key, child] of Object.entries(node)) yield* markedNodes(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

describe.each([
  ['flashback', flashback],
  ['superai', superai],
])('%s: inferred markers', (_name, spec) => {
  it('every node is documented (no x-inferred) or x-inferred: true with a reason', () => {
    let walked = 0;
    for (const [pointer, node] of markedNodes(spec.doc)) {
      walked++;
      if (!isObject(node) || !('x-inferred' in node || 'x-inferred-reason' in node)) continue;
      expect(node['x-inferred'], pointer).toBe(true);
      expect(typeof node['x-inferred-reason'] === 'string' && node['x-inferred-reason'].length > 10, pointer).toBe(true);
    }
    expect(walked).toBeGreaterThan(50);
  });

  it('every x-inferred-enum lists values of its enum, with a reason', () => {
    for (const [pointer, node] of markedNodes(spec.doc)) {
      if (!isObject(node) || !('x-inferred-enum' in node)) continue;
      expect(Array.isArray(node.enum), pointer).toBe(true);
      for (const v of node['x-inferred-enum'] as Json[]) expect(node.enum as Json[], pointer).toContain(v);
      expect(String(node['x-inferred-enum-reason'] ?? '').length, pointer).toBeGreaterThan(10);
    }
  });

  it('a response without x-inferred is one the vendor page lists, and every schema and property is reachable to the walk', () => {
    const op = getOperation(spec);
    // The status tables of the two pages (shared/seeds): Flashback 200, 403, 500; SuperAI 200, 400, 403, 404, 422, 500.
    const onThePage = _name === 'flashback' ? [200, 403, 500] : [200, 400, 403, 404, 422, 500];
    const unmarked = op.responses.filter((r) => r.inferred === null).map((r) => r.status);
    expect(unmarked).toEqual(onThePage);
    // Every other status is marked, with its reason.
    for (const r of op.responses.filter((r) => !onThePage.includes(r.status))) expect(r.inferred?.reason.length ?? 0).toBeGreaterThan(10);
    const schemas = Object.values((spec.doc.components as any).schemas as JsonObject);
    for (const s of schemas) {
      const props = isObject(s) && isObject(s.properties) ? Object.entries(s.properties) : [];
      for (const [name, p] of props) expect(() => inferredOf(p, name)).not.toThrow();
    }
  });
});

describe('flashback: what the page documents', () => {
  const op = getOperation(flashback);
  const user = schema(flashback.doc, 'OrganizationUser');
  const cases: [string, { given: () => unknown; want: unknown }][] = [
    [
      'statuses: documented 200/403/500, inferred 401',
      {
        given: () => op.responses.map((r) => [r.status, r.inferred !== null]),
        want: [
          [200, false],
          [401, true],
          [403, false],
          [500, false],
        ],
      },
    ],
    ['no user field is required', { given: () => user.required ?? [], want: [] }],
    [
      'user fields in page order',
      {
        given: () => Object.keys(user.properties as JsonObject),
        want: ['id', 'email', 'name', 'lastName', 'orgId', 'orgRole', 'validated', 'deletedAt', 'orgRoleDescription', 'orgRoles'],
      },
    ],
    [
      'deletedAt is a nullable date-time',
      {
        given: () => (user.properties as any).deletedAt,
        want: expect.objectContaining({ type: 'string', format: 'date-time', nullable: true }),
      },
    ],
    [
      'deletedAt is nullable; orgId and orgRole are, inferred (the client types)',
      {
        given: () =>
          Object.entries(user.properties as JsonObject)
            .filter(([, p]) => (p as any).nullable)
            .map(([k, p]) => [k, Boolean((p as any)['x-inferred'])]),
        want: [
          ['orgId', true],
          ['orgRole', true],
          ['deletedAt', false],
        ],
      },
    ],
    [
      'orgRole enum with names',
      {
        given: () => {
          const r = schema(flashback.doc, 'OrgRole');
          return [r.enum, r['x-enum-varnames']];
        },
        want: [
          [0, 1, 2, 254, 255],
          ['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATOR', 'OWNER'],
        ],
      },
    ],
    [
      '403/500 pin success=false, data=[], total=0',
      {
        given: () => {
          const f = schema(flashback.doc, 'ListFailureResponse').properties as any;
          return [f.success.enum, f.data.maxItems, f.total.enum];
        },
        want: [[false], 0, [0]],
      },
    ],
    [
      'role rule: WORKSPACES or higher, documented',
      { given: () => op.access?.rules, want: [{ roles: [2, 254, 255], scope: 'caller-organization', inferred: null }] },
    ],
    ['401 is inferred', { given: () => op.access?.unauthenticatedInferred !== null, want: true }],
    ['server', { given: () => (flashback.doc.servers as any)[0].url, want: 'https://backend.flashback.tech' }],
    ['page example kept', { given: () => (op.responses[0]!.examples[0]!.value as any).total, want: 2 }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => expect(given()).toEqual(want));
});

describe('superai: what the page documents', () => {
  const op = getOperation(superai);
  const user = schema(superai.doc, 'OrganizationUserResponse');
  const cases: [string, { given: () => unknown; want: unknown }][] = [
    [
      'statuses: documented 200/400/403/404/422/500, inferred 401',
      {
        given: () => op.responses.map((r) => [r.status, r.inferred !== null]),
        want: [
          [200, false],
          [400, false],
          [401, true],
          [403, false],
          [404, false],
          [422, false],
          [500, false],
        ],
      },
    ],
    [
      'every user field required',
      { given: () => [...(user.required as string[])].sort(), want: Object.keys(user.properties as JsonObject).sort() },
    ],
    ['eleven user fields', { given: () => Object.keys(user.properties as JsonObject).length, want: 11 }],
    [
      'uuid and date-time formats where documented',
      {
        given: () =>
          Object.fromEntries(
            Object.entries(user.properties as JsonObject)
              .filter(([, p]) => (p as any).format)
              .map(([k, p]) => [k, (p as any).format]),
          ),
        want: { created_at: 'date-time', email: 'email', id: 'uuid', organization_id: 'uuid', updated_at: 'date-time' },
      },
    ],
    [
      'role: full published set, page values documented',
      {
        given: () => {
          const r = schema(superai.doc, 'UserRole');
          return [r.enum, r['x-inferred-enum']];
        },
        want: [
          ['org_admin', 'backoffice', 'app_user', 'integration', 'worker', 'publisher'],
          ['worker', 'publisher'],
        ],
      },
    ],
    [
      'status: full published set, page values documented',
      {
        given: () => {
          const r = schema(superai.doc, 'UserStatus');
          return [r.enum, r['x-inferred-enum']];
        },
        want: [['active', 'inactive', 'pending'], ['pending']],
      },
    ],
    ['request_id nullable', { given: () => (schema(superai.doc, 'ErrorResponse').properties as any).request_id.nullable, want: true }],
    ['error required', { given: () => schema(superai.doc, 'ErrorResponse').required, want: ['error'] }],
    [
      '200 is a bare array, marked inferred, of documented users',
      {
        given: () => {
          const s = op.responses[0]!.schema as any;
          return [s.type, s['x-inferred'], s.items.$ref];
        },
        want: ['array', true, '#/components/schemas/OrganizationUserResponse'],
      },
    ],
    [
      'ordering by created_at descending',
      { given: () => op.ordering, want: expect.objectContaining({ property: 'created_at', direction: 'descending' }) },
    ],
    [
      'organization_id path parameter is a required uuid',
      {
        given: () => op.parameters,
        want: [
          {
            name: 'organization_id',
            in: 'path',
            required: true,
            schema: expect.objectContaining({ type: 'string', format: 'uuid', 'x-inferred': true, 'x-documented': { type: 'string' } }),
            // The page gives no example value for it.
            example: null,
          },
        ],
      },
    ],
    [
      'role rules are inferred',
      {
        given: () => op.access?.rules.map((r) => [r.roles, r.scope, r.inferred !== null]),
        want: [
          [['backoffice'], 'any-organization', true],
          [['org_admin'], 'own-organization', true],
        ],
      },
    ],
    [
      'only active users authenticate',
      { given: () => op.access?.activeWhen, want: expect.objectContaining({ property: 'status', equals: 'active' }) },
    ],
    ['server keeps /api', { given: () => superai.basePath, want: '/api' }],
    [
      'error codes in examples',
      {
        given: () => op.responses.filter((r) => r.status !== 200 && r.status !== 422).map((r) => (r.examples[0]!.value as any).error.code),
        want: ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'internal_error'],
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => expect(given()).toEqual(want));
});
