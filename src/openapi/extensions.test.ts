// The spec-extension reader (src/openapi/extensions.ts) on specs built inside each test: a bundled
// spec's document with its operation's `x-access-control` replaced, read the way every engine reads
// it (`getOperation`). Expected values: README "Adding an API" (the fields of x-access-control and
// the three scopes), the bundled specs' own text (openapi/*.yaml), and the rule that a contributor's
// malformed spec gets a SpecError naming the operation and the field, never a silent default.
import { describe, expect, it } from 'vitest';
import {
  apiKeyScheme,
  canSignIn,
  derivedFrom,
  derivedMarker,
  documentedReading,
  enumMembership,
  inferredEnumValues,
  inferredOf,
  mayList,
  organizationParameter,
  readOrdering,
  roleCatalog,
  rolesByScope,
  ruleFor,
  schemaAt,
  violationInferred,
} from './extensions.js';
import { loadBundledSpec, SpecError, type Spec, toSpec } from './load.js';
import { getOperation } from './operations.js';
import type { Json, JsonObject } from './types.js';

/** The superai spec with its operation's x-access-control replaced (or removed with `undefined`). */
function superaiWith(access: Json | undefined): Spec {
  const spec = loadBundledSpec('superai');
  const paths = spec.doc.paths as Record<string, { get: JsonObject }>;
  const op = paths['/admin/organizations/{organization_id}/users']!.get;
  if (access === undefined) delete op['x-access-control'];
  else op['x-access-control'] = access;
  return spec;
}
const WHERE = 'superai GET /admin/organizations/{organization_id}/users';

/** A well-formed x-access-control (README's fields), to break one field at a time. */
const valid = (): JsonObject => ({
  description: 'who may list',
  roleProperty: 'role',
  organizationParameter: 'organization_id',
  organizationProperty: 'organization_id',
  activeWhen: { property: 'status', equals: 'active', description: 'active users sign in' },
  rules: [
    { roles: ['backoffice'], scope: 'any-organization' },
    { roles: ['org_admin'], scope: 'own-organization' },
  ],
  denied: { status: 404 },
  unauthenticated: { status: 401 },
});

const readWith = (access: Json | undefined) => getOperation(superaiWith(access)).access;
const refusal = (access: Json) => {
  try {
    readWith(access);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).message;
  }
  throw new Error('no SpecError');
};

describe('x-access-control: a well-formed one is read field by field', () => {
  it('every field as written', () => {
    expect(readWith(valid())).toEqual({
      description: 'who may list',
      roleProperty: 'role',
      activeWhen: { property: 'status', equals: 'active', description: 'active users sign in', inferred: null },
      organizationParameter: 'organization_id',
      organizationProperty: 'organization_id',
      rules: [
        { roles: ['backoffice'], scope: 'any-organization', inferred: null },
        { roles: ['org_admin'], scope: 'own-organization', inferred: null },
      ],
      deniedStatus: 404,
      unauthenticatedStatus: 401,
      unauthenticatedInferred: null,
    });
  });

  it('an operation without one has none', () => {
    expect(readWith(undefined)).toBeNull();
  });

  it('the optional fields left out: no description, no organization, no sign-in rule, 403 and 401', () => {
    expect(readWith({ roleProperty: 'role', rules: [{ roles: ['backoffice'], scope: 'caller-organization' }] })).toEqual({
      description: '',
      roleProperty: 'role',
      activeWhen: null,
      organizationParameter: null,
      organizationProperty: null,
      rules: [{ roles: ['backoffice'], scope: 'caller-organization', inferred: null }],
      deniedStatus: 403,
      unauthenticatedStatus: 401,
      unauthenticatedInferred: null,
    });
  });

  it("`allow` and `scope` (Flashback's form) are one rule, before those of `rules`, its marker the whole object's", () => {
    const access = readWith({
      roleProperty: 'role',
      scope: 'caller-organization',
      allow: [2, 254],
      'x-inferred': true,
      'x-inferred-reason': 'why the allow list',
      rules: [{ roles: ['x'], scope: 'any-organization', 'x-inferred': true, 'x-inferred-reason': 'why x' }],
    })!;
    expect(access.rules).toEqual([
      { roles: [2, 254], scope: 'caller-organization', inferred: { reason: 'why the allow list' } },
      { roles: ['x'], scope: 'any-organization', inferred: { reason: 'why x' } },
    ]);
  });

  it('activeWhen without equals: null (Flashback: deletedAt equals null); its marker read', () => {
    const access = readWith({
      ...valid(),
      activeWhen: { property: 'deletedAt', 'x-inferred': true, 'x-inferred-reason': 'soft deletion' },
    })!;
    expect(access.activeWhen).toEqual({ property: 'deletedAt', equals: null, description: '', inferred: { reason: 'soft deletion' } });
  });

  it("unauthenticated's x-inferred marker; a non-string description reads as none", () => {
    const access = readWith({
      ...valid(),
      description: 7,
      activeWhen: { property: 'status', equals: 'active', description: 7 },
      unauthenticated: { status: 401, 'x-inferred': true, 'x-inferred-reason': 'the page documents no 401' },
    })!;
    expect(access.unauthenticatedInferred).toEqual({ reason: 'the page documents no 401' });
    expect(access.description).toBe('');
    expect(access.activeWhen!.description).toBe('');
  });

  it('denied and unauthenticated without a status keep 403 and 401', () => {
    const access = readWith({ ...valid(), denied: {}, unauthenticated: {} })!;
    expect([access.deniedStatus, access.unauthenticatedStatus]).toEqual([403, 401]);
  });

  it('the bundled specs read as they are written (openapi/*.yaml)', () => {
    const fb = getOperation(loadBundledSpec('flashback')).access!;
    expect(fb.rules).toEqual([{ roles: [2, 254, 255], scope: 'caller-organization', inferred: null }]);
    expect(fb.activeWhen).toMatchObject({ property: 'deletedAt', equals: null });
    expect(fb.activeWhen!.inferred).not.toBeNull();
    expect([fb.roleProperty, fb.organizationParameter, fb.organizationProperty, fb.deniedStatus]).toEqual(['orgRole', null, 'orgId', 403]);
    const sa = getOperation(loadBundledSpec('superai')).access!;
    expect(sa.rules.map((r) => [r.roles, r.scope])).toEqual([
      [['backoffice'], 'any-organization'],
      [['org_admin'], 'own-organization'],
    ]);
    expect([sa.organizationParameter, sa.unauthenticatedStatus]).toEqual(['organization_id', 401]);
    expect(sa.unauthenticatedInferred).not.toBeNull();
  });
});

describe("x-access-control: a contributor's malformed one is a SpecError naming the operation and the field", () => {
  const cases: [string, Json, RegExp][] = [
    ['a string', 'admins only', /x-access-control must be an object/],
    ['a list', [valid()], /x-access-control must be an object/],
    ['null (an empty YAML key)', null, /x-access-control must be an object/],
    ['no roleProperty', { ...valid(), roleProperty: undefined as unknown as Json }, /x-access-control needs roleProperty/],
    ['roleProperty not a string', { ...valid(), roleProperty: ['role'] }, /x-access-control needs roleProperty/],
    ['roleProperty empty', { ...valid(), roleProperty: '' }, /x-access-control needs roleProperty/],
    ['no rule at all', { roleProperty: 'role' }, /x-access-control needs rules \(or allow\)/],
    ['rules empty', { ...valid(), rules: [] }, /x-access-control needs rules \(or allow\)/],
    [
      'rules an object',
      { ...valid(), rules: { roles: ['backoffice'], scope: 'any-organization' } },
      /x-access-control\.rules must be a list/,
    ],
    ['a rule not an object', { ...valid(), rules: ['backoffice'] }, /an access rule needs roles/],
    ['a rule without roles', { ...valid(), rules: [{ scope: 'any-organization' }] }, /an access rule needs roles/],
    [
      'a rule with roles a string',
      { ...valid(), rules: [{ roles: 'backoffice', scope: 'any-organization' }] },
      /an access rule needs roles/,
    ],
    [
      'a rule with no roles',
      {
        ...valid(),
        rules: [
          { roles: ['org_admin'], scope: 'own-organization' },
          { roles: [], scope: 'any-organization' },
        ],
      },
      /x-access-control\.rules\[1\]\.roles must be a non-empty list of roles/,
    ],
    [
      'a rule without scope',
      { ...valid(), rules: [{ roles: ['backoffice'] }] },
      /access scope must be caller-organization, own-organization or any-organization/,
    ],
    [
      'a rule with an unknown scope',
      { ...valid(), rules: [{ roles: ['backoffice'], scope: 'everyone' }] },
      /access scope must be caller-organization, own-organization or any-organization/,
    ],
    [
      'allow not a list',
      { roleProperty: 'role', scope: 'caller-organization', allow: 2 },
      /x-access-control\.allow must be a non-empty list of roles/,
    ],
    [
      'allow empty',
      { roleProperty: 'role', scope: 'caller-organization', allow: [] },
      /x-access-control\.allow must be a non-empty list of roles/,
    ],
    ['allow without scope', { roleProperty: 'role', allow: [2] }, /access scope must be/],
    [
      'a half-written x-inferred on a rule',
      { ...valid(), rules: [{ roles: ['backoffice'], scope: 'any-organization', 'x-inferred': true }] },
      /access rule: x-inferred must be true and come with a non-empty x-inferred-reason/,
    ],
    ['activeWhen a string', { ...valid(), activeWhen: 'status is active' }, /x-access-control\.activeWhen needs property/],
    [
      'activeWhen without property',
      { ...valid(), activeWhen: { prop: 'status', equals: 'active' } },
      /x-access-control\.activeWhen needs property/,
    ],
    ['activeWhen with an empty property', { ...valid(), activeWhen: { property: '', equals: 'active' } }, /activeWhen needs property/],
    [
      'activeWhen with a half-written x-inferred',
      { ...valid(), activeWhen: { property: 'status', equals: 'active', 'x-inferred': true, 'x-inferred-reason': ' ' } },
      /x-access-control\.activeWhen: x-inferred must be true/,
    ],
    [
      'organizationParameter not a name',
      { ...valid(), organizationParameter: 1 },
      /x-access-control\.organizationParameter must be a name/,
    ],
    ['organizationParameter empty', { ...valid(), organizationParameter: '' }, /x-access-control\.organizationParameter must be a name/],
    [
      'organizationProperty not a name',
      { ...valid(), organizationProperty: ['organization_id'] },
      /x-access-control\.organizationProperty must be a name/,
    ],
    ['denied a number', { ...valid(), denied: 403 }, /x-access-control\.denied must be \{ status: <400 to 599> \}/],
    ['denied status a string', { ...valid(), denied: { status: '403' } }, /x-access-control\.denied must be/],
    ['denied status a success', { ...valid(), denied: { status: 200 } }, /x-access-control\.denied must be/],
    ['denied status 399', { ...valid(), denied: { status: 399 } }, /x-access-control\.denied must be/],
    ['denied status 600', { ...valid(), denied: { status: 600 } }, /x-access-control\.denied must be/],
    ['denied status not whole', { ...valid(), denied: { status: 403.5 } }, /x-access-control\.denied must be/],
    ['unauthenticated a list', { ...valid(), unauthenticated: [401] }, /x-access-control\.unauthenticated must be/],
    [
      'unauthenticated status a string',
      { ...valid(), unauthenticated: { status: 'unauthorized' } },
      /x-access-control\.unauthenticated must be/,
    ],
    [
      'unauthenticated with a half-written x-inferred',
      { ...valid(), unauthenticated: { status: 401, 'x-inferred': 'yes', 'x-inferred-reason': 'r' } },
      /x-access-control\.unauthenticated: x-inferred must be true/,
    ],
  ];
  it.each(cases)('%s', (_name, access, message) => {
    const text = refusal(access);
    expect(text).toMatch(message);
    expect([`${WHERE}:`, `${WHERE} `]).toContain(text.slice(0, WHERE.length + 1)); // the operation, first
  });

  it('the edge statuses 400 and 599 are error statuses, accepted', () => {
    const access = readWith({ ...valid(), denied: { status: 400 }, unauthenticated: { status: 599 } })!;
    expect([access.deniedStatus, access.unauthenticatedStatus]).toEqual([400, 599]);
  });
});

// ---- the rest of the reader, on small documents built in each test ----

/** A one-operation OpenAPI document: GET /orgs/{org}/users answering `schema` with 200, and `extra` merged into the operation. */
function specOf(schema: Json, extra: JsonObject = {}, components: JsonObject = {}): Spec {
  const doc: JsonObject = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/orgs/{org}/users': {
        get: {
          operationId: 'listUsers',
          parameters: [
            { name: 'org', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'page', in: 'query', schema: { type: 'integer' } },
          ],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema } } }, '403': { description: 'no' } },
          ...extra,
        },
      },
    },
    components,
  };
  return toSpec('t', 't.yaml', '', doc);
}

const marker = (reason: string) => ({ 'x-inferred': true, 'x-inferred-reason': reason });

describe('x-inferred', () => {
  it('a node without the marker is documented; a marker with a reason is read', () => {
    expect(inferredOf({ type: 'string' })).toBeNull();
    expect(inferredOf(undefined)).toBeNull();
    expect(inferredOf('x-inferred')).toBeNull();
    expect(inferredOf(['x-inferred'])).toBeNull();
    expect(inferredOf({ type: 'string', ...marker('why') })).toEqual({ reason: 'why' });
  });

  it.each<[string, JsonObject]>([
    ['false', { 'x-inferred': false, 'x-inferred-reason': 'r' }],
    ['"true"', { 'x-inferred': 'true', 'x-inferred-reason': 'r' }],
    ['no reason', { 'x-inferred': true }],
    ['a reason that is not text', { 'x-inferred': true, 'x-inferred-reason': 5 }],
    ['an empty reason', { 'x-inferred': true, 'x-inferred-reason': '' }],
    ['a blank reason', { 'x-inferred': true, 'x-inferred-reason': ' \t' }],
  ])('a half-written marker (%s) is a SpecError naming where', (_n, node) => {
    expect(() => inferredOf(node, 'the place')).toThrow(SpecError);
    expect(() => inferredOf(node, 'the place')).toThrow('the place: x-inferred must be true and come with a non-empty x-inferred-reason');
    expect(() => inferredOf(node)).toThrow(/^node: x-inferred must be/);
  });

  it('x-inferred-enum: the values the spec adds beyond the page', () => {
    expect(inferredEnumValues({ enum: [1, 2, 3], 'x-inferred-enum': [3] })).toEqual([3]);
    expect(inferredEnumValues({ enum: [1, 2] })).toEqual([]);
    expect(inferredEnumValues({ 'x-inferred-enum': 3 })).toEqual([]);
    expect(inferredEnumValues(undefined)).toEqual([]);
    expect(inferredEnumValues([3])).toEqual([]);
  });

  it('enumMembership: documented, inferred, outside, or no enum (compared as JSON values)', () => {
    const node = { enum: ['a', 2, null, { k: 1 }], 'x-inferred-enum': [2] };
    expect(enumMembership(node, 'a')).toBe('documented');
    expect(enumMembership(node, null)).toBe('documented');
    expect(enumMembership(node, { k: 1 })).toBe('documented');
    expect(enumMembership(node, 2)).toBe('inferred');
    expect(enumMembership(node, '2')).toBe('outside');
    expect(enumMembership(node, 'b')).toBe('outside');
    expect(enumMembership({ type: 'string' }, 'a')).toBe('no-enum');
    expect(enumMembership({ enum: 'a' }, 'a')).toBe('no-enum');
    expect(enumMembership(undefined, 'a')).toBe('no-enum');
  });
});

describe('schemaAt: the schema node of a body path and the x-inferred marker covering it', () => {
  const doc = (): JsonObject => ({
    components: {
      schemas: {
        User: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            role: { ...marker('role is inferred'), type: 'string', properties: { deep: { type: 'string' } } },
            tags: { type: 'array', items: { type: 'string', ...marker('tags items') } },
            'a/b~c': { type: 'integer' },
            ref: { $ref: '#/components/schemas/Plain' },
          },
          additionalProperties: { type: 'number', ...marker('extra fields') },
        },
        Plain: { type: 'object', properties: { x: { type: 'string' } } },
        Marked: { ...marker('the whole component'), type: 'object', properties: { y: { type: 'string' } } },
        Loop: { $ref: '#/components/schemas/Loop2' },
        Loop2: { $ref: '#/components/schemas/Loop' },
        Hop: { $ref: '#/components/schemas/Plain' },
      },
    },
  });

  it('walks properties, array items ($ref followed) and escaped names', () => {
    const d = doc();
    const root = { type: 'array', items: { $ref: '#/components/schemas/User' } };
    expect(schemaAt(d, root, '').node).toBe(root);
    expect(schemaAt(d, root, '/0').node).toBe((d.components as { schemas: JsonObject }).schemas.User);
    expect(schemaAt(d, root, '/0/id')).toEqual({ node: { type: 'string' }, inferred: null });
    expect(schemaAt(d, root, '/3/a~1b~0c').node).toEqual({ type: 'integer' });
    expect(schemaAt(d, root, '/0/ref/x').node).toEqual({ type: 'string' });
  });

  it('a marked node covers itself and what is inline beneath it, with where the marker sits', () => {
    const d = doc();
    const root = { type: 'array', items: { $ref: '#/components/schemas/User' } };
    const role = schemaAt(d, root, '/2/role');
    expect(role.inferred).toEqual({ reason: 'role is inferred' });
    expect(role.marker).toEqual({ node: role.node, instancePath: '/2/role' });
    const deep = schemaAt(d, root, '/2/role/deep');
    expect(deep.node).toEqual({ type: 'string' });
    expect(deep.inferred).toEqual({ reason: 'role is inferred' });
    expect(deep.marker!.instancePath).toBe('/2/role');
    // a path the schema says nothing of, under a marked node: still covered by that marker
    expect(schemaAt(d, root, '/2/role/nowhere')).toEqual({
      node: undefined,
      inferred: { reason: 'role is inferred' },
      marker: role.marker,
    });
  });

  it('a $ref into a component starts afresh: a marked array does not mark its items', () => {
    const d = doc();
    const root = { type: 'array', ...marker('bare array'), items: { $ref: '#/components/schemas/Plain' } };
    expect(schemaAt(d, root, '').inferred).toEqual({ reason: 'bare array' });
    expect(schemaAt(d, root, '/0').inferred).toBeNull();
    expect(schemaAt(d, root, '/0/x').inferred).toBeNull();
    expect(schemaAt(d, root, '/0').marker).toBeUndefined();
    // a marked component is inferred wherever it is referenced
    const marked = schemaAt(d, { type: 'array', items: { $ref: '#/components/schemas/Marked' } }, '/1/y');
    expect(marked.inferred).toEqual({ reason: 'the whole component' });
    expect(marked.marker!.instancePath).toBe('/1');
  });

  it('items inline beneath a marked array are covered by its marker', () => {
    const d = doc();
    const root = { type: 'array', ...marker('bare array'), items: { type: 'object', properties: { z: { type: 'string' } } } };
    expect(schemaAt(d, root, '/0/z').inferred).toEqual({ reason: 'bare array' });
    expect(schemaAt(d, root, '/0/z').marker).toEqual({ node: root, instancePath: '' });
  });

  it('a numeric key reads array items only; tuple items (a list) and a name on an array say nothing', () => {
    const d = doc();
    expect(schemaAt(d, { type: 'array', items: { type: 'string' } }, '/name').node).toBeUndefined();
    expect(schemaAt(d, { type: 'array', items: [{ type: 'string' }] }, '/0').node).toBeUndefined();
    expect(schemaAt(d, { type: 'object', properties: { '0': { type: 'boolean' } } }, '/0').node).toEqual({ type: 'boolean' });
  });

  it('an item marker: each tag is inferred, the list itself is not', () => {
    const d = doc();
    const root = { $ref: '#/components/schemas/User' };
    expect(schemaAt(d, root, '/tags').inferred).toBeNull();
    expect(schemaAt(d, root, '/tags/4').inferred).toEqual({ reason: 'tags items' });
    expect(schemaAt(d, root, '/tags/4').marker!.instancePath).toBe('/tags/4');
  });

  it('additionalProperties (an object schema) covers names the properties do not list', () => {
    const d = doc();
    const extra = schemaAt(d, { $ref: '#/components/schemas/User' }, '/whatever');
    expect(extra.node).toMatchObject({ type: 'number' });
    expect(extra.inferred).toEqual({ reason: 'extra fields' });
    expect(schemaAt(d, { type: 'object', additionalProperties: true }, '/whatever').node).toBeUndefined();
  });

  it('allOf, anyOf and oneOf branches are searched in order, $refs followed', () => {
    const d = doc();
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const root: JsonObject = {
        [keyword]: [{ type: 'string' }, { type: 'object', properties: { a: { type: 'integer' } } }, { $ref: '#/components/schemas/Plain' }],
      };
      expect(schemaAt(d, root, '/a').node, keyword).toEqual({ type: 'integer' });
      expect(schemaAt(d, root, '/x').node, keyword).toEqual({ type: 'string' });
      expect(schemaAt(d, root, '/none').node, keyword).toBeUndefined();
      expect(schemaAt(d, { [keyword]: 'not a list' }, '/a').node, keyword).toBeUndefined();
    }
  });

  it('a marked branch covers what is found through it; the marker path is the parent object', () => {
    const d = doc();
    const root = {
      type: 'object',
      properties: { p: { anyOf: [{ type: 'null' }, { ...marker('branch'), type: 'object', properties: { q: { type: 'string' } } }] } },
    };
    const q = schemaAt(d, root, '/p/q');
    expect(q.inferred).toEqual({ reason: 'branch' });
    expect(q.marker!.instancePath).toBe('/p');
  });

  it('$ref chains: followed up to 32 hops, cycles and non-local references lead nowhere', () => {
    const d = doc();
    expect(schemaAt(d, { $ref: '#/components/schemas/Hop' }, '/x').node).toEqual({ type: 'string' });
    expect(schemaAt(d, { $ref: '#/components/schemas/Loop' }, '')).toEqual({ node: undefined, inferred: null });
    expect(schemaAt(d, { $ref: 'other.yaml#/components/schemas/Plain' }, '').node).toBeUndefined();
    expect(schemaAt(d, { $ref: '#/components/schemas/Missing' }, '').node).toBeUndefined();
    // 32 hops is the most: a chain of 31 refs resolves, a chain of 33 does not
    const chain = (n: number): JsonObject => {
      const schemas: JsonObject = { S0: { type: 'string' } };
      for (let i = 1; i <= n; i++) schemas[`S${i}`] = { $ref: `#/components/schemas/S${i - 1}` };
      return { components: { schemas } };
    };
    expect(schemaAt(chain(31), { $ref: '#/components/schemas/S31' }, '').node).toEqual({ type: 'string' });
    expect(schemaAt(chain(32), { $ref: '#/components/schemas/S31' }, '').node).toEqual({ type: 'string' });
    expect(schemaAt(chain(32), { $ref: '#/components/schemas/S32' }, '').node).toBeUndefined();
  });

  it('a $ref that cannot be followed (not local) leads nowhere, still under the marker above it', () => {
    const d = doc();
    const root = { type: 'object', ...marker('outer'), properties: { p: { $ref: 'other.yaml#/x' } } };
    expect(schemaAt(d, root, '/p')).toEqual({ node: undefined, inferred: { reason: 'outer' }, marker: { node: root, instancePath: '' } });
    // followed into a component, the marker above is dropped even where the target is missing
    const missing = { type: 'object', ...marker('outer'), properties: { p: { $ref: '#/components/schemas/Missing' } } };
    expect(schemaAt(d, missing, '/p')).toEqual({ node: undefined, inferred: null });
    const inline = { type: 'object', ...marker('outer'), properties: { p: 'not a schema' } };
    expect(schemaAt(d, inline as unknown as Json, '/p')).toEqual({
      node: undefined,
      inferred: { reason: 'outer' },
      marker: { node: inline, instancePath: '' },
    });
  });

  it('the walk stops at the first path segment the schema does not know', () => {
    const d = doc();
    expect(schemaAt(d, { type: 'object', properties: {} }, '/a/b/c')).toEqual({ node: undefined, inferred: null });
    expect(schemaAt(d, undefined, '/a')).toEqual({ node: undefined, inferred: null });
  });
});

describe('violationInferred and documentedReading', () => {
  const doc = (): JsonObject => ({ components: { schemas: {} } });
  const root = () => ({
    type: 'object',
    required: ['a', 'b'],
    properties: {
      a: { type: 'string' },
      b: { ...marker('b is inferred'), type: 'string', 'x-documented': { type: ['string', 'number'] } },
      c: { ...marker('c is inferred'), type: 'object', properties: { d: { type: 'string' } } },
    },
  });

  it('a violation at a documented path is documented; at a marked path, inferred', () => {
    expect(violationInferred(doc(), root(), '/a')).toBeNull();
    expect(violationInferred(doc(), root(), '/b')).toEqual({ reason: 'b is inferred' });
    expect(violationInferred(doc(), root(), '/c/d')).toEqual({ reason: 'c is inferred' });
  });

  it('a missing property: requiring an inferred property is inferred, a documented one documented', () => {
    expect(violationInferred(doc(), root(), '', 'b')).toEqual({ reason: 'b is inferred' });
    expect(violationInferred(doc(), root(), '', 'a')).toBeNull();
    expect(violationInferred(doc(), root(), '', 'nope')).toBeNull();
    // the path itself already inferred: that marker, whatever is missing
    expect(violationInferred(doc(), root(), '/c', 'd')).toEqual({ reason: 'c is inferred' });
    // nowhere in the schema: nothing to step into
    expect(violationInferred(doc(), root(), '/zz', 'b')).toBeNull();
  });

  it("documentedReading: the covering marker's x-documented and the path it judges", () => {
    expect(documentedReading(doc(), root(), '/b')).toEqual({ schema: { type: ['string', 'number'] }, instancePath: '/b' });
    // a missing inferred property: the marker of that property, at its path
    expect(documentedReading(doc(), root(), '', 'b')).toEqual({ schema: { type: ['string', 'number'] }, instancePath: '/b' });
    // inferred, but the page says nothing (no x-documented)
    expect(documentedReading(doc(), root(), '/c/d')).toBeNull();
    // documented paths have no reading
    expect(documentedReading(doc(), root(), '/a')).toBeNull();
    expect(documentedReading(doc(), root(), '', 'a')).toBeNull();
    expect(documentedReading(doc(), root(), '/zz', 'b')).toBeNull();
  });

  it('documentedReading: a path already inferred is not re-walked into the missing property', () => {
    const r = {
      type: 'object',
      properties: {
        c: {
          ...marker('c'),
          'x-documented': { type: 'object' },
          type: 'object',
          properties: { e: { ...marker('e'), 'x-documented': { type: 'string' } } },
        },
      },
    };
    expect(documentedReading(doc(), r, '/c', 'e')).toEqual({ schema: { type: 'object' }, instancePath: '/c' });
  });
});

describe('x-ordering', () => {
  it('property and direction (descending unless it says ascending), description and marker', () => {
    expect(readOrdering({ property: 'created_at', direction: 'ascending', description: 'oldest first' })).toEqual({
      property: 'created_at',
      direction: 'ascending',
      description: 'oldest first',
      inferred: null,
    });
    expect(readOrdering({ property: 'created_at', direction: 'descending', ...marker('order') })).toEqual({
      property: 'created_at',
      direction: 'descending',
      description: '',
      inferred: { reason: 'order' },
    });
    expect(readOrdering({ property: 'n' })!.direction).toBe('descending');
  });

  it('none without a property', () => {
    expect(readOrdering(undefined)).toBeNull();
    expect(readOrdering({ direction: 'ascending' })).toBeNull();
    expect(readOrdering({ property: 5 })).toBeNull();
    expect(readOrdering('created_at')).toBeNull();
  });

  it('a half-written marker is a SpecError', () => {
    expect(() => readOrdering({ property: 'p', 'x-inferred': true })).toThrow(/^x-ordering: x-inferred must be/);
  });
});

describe('roles: the catalog, who may sign in, who may list what', () => {
  const users = (role: JsonObject) => ({
    type: 'array',
    items: { type: 'object', properties: { id: { type: 'string' }, org: { type: 'string' }, level: role, status: { type: 'string' } } },
  });
  const access = (rules: Json, extra: JsonObject = {}) => ({
    'x-access-control': { roleProperty: 'level', organizationParameter: 'org', organizationProperty: 'org', rules, ...extra },
  });
  const RULES = [
    { roles: [3], scope: 'any-organization' },
    { roles: [2], scope: 'own-organization' },
    { roles: [1, 4], scope: 'caller-organization' },
  ];

  it('roleCatalog: names from x-enum-varnames in enum order, the value itself where none is given', () => {
    const spec = specOf(
      users({ type: 'integer', enum: [0, 1, 2, 3, 4], 'x-enum-varnames': ['NONE', 'READ', 'EDIT', 'ADMIN'] }),
      access(RULES),
    );
    const catalog = roleCatalog(spec, getOperation(spec));
    expect(catalog.names).toEqual(['NONE', 'READ', 'EDIT', 'ADMIN', '4']);
    expect(catalog.valueOf('EDIT')).toBe(2);
    expect(catalog.valueOf('4')).toBe(4);
    expect(catalog.valueOf('nobody')).toBeUndefined();
    expect(catalog.nameOf(3)).toBe('ADMIN');
    expect(catalog.nameOf(4)).toBe('4');
    expect(catalog.nameOf(9)).toBe('9');
    expect(catalog.nameOf('x')).toBe('"x"');
  });

  it('roleCatalog: a $ref role schema followed; string enums; no enum or no access: no names', () => {
    const spec = specOf(users({ $ref: '#/components/schemas/Level' }), access(RULES), {
      schemas: { Level: { type: 'string', enum: ['viewer', 'admin'], 'x-enum-varnames': 'not a list' } },
    });
    expect(roleCatalog(spec, getOperation(spec)).names).toEqual(['viewer', 'admin']);
    const noEnum = specOf(users({ type: 'integer' }), access(RULES));
    expect(roleCatalog(noEnum, getOperation(noEnum)).names).toEqual([]);
    const noAccess = specOf(users({ type: 'integer', enum: [1] }));
    expect(roleCatalog(noAccess, getOperation(noAccess)).names).toEqual([]);
  });

  it('rolesByScope: role names by the scope of the rule that allows them; the rest denied, in enum order', () => {
    const spec = specOf(
      users({ type: 'integer', enum: [0, 1, 2, 3, 4, 5], 'x-enum-varnames': ['NONE', 'READ', 'EDIT', 'ADMIN', 'AUDIT', 'GUEST'] }),
      access(RULES),
    );
    expect(rolesByScope(spec, getOperation(spec))).toEqual({
      'any-organization': ['ADMIN'],
      'caller-organization': ['READ', 'AUDIT'],
      'own-organization': ['EDIT'],
      denied: ['NONE', 'GUEST'],
    });
    const noAccess = specOf(users({ type: 'integer', enum: [1] }));
    expect(rolesByScope(noAccess, getOperation(noAccess))).toEqual({
      'any-organization': [],
      'caller-organization': [],
      'own-organization': [],
      denied: [],
    });
  });

  it('ruleFor and mayList: any-organization lists any; own- and caller-organization only their own; no rule, nothing', () => {
    const spec = specOf(users({ type: 'integer', enum: [0, 1, 2, 3] }), access(RULES));
    const a = getOperation(spec).access!;
    expect(ruleFor(a, 3)!.scope).toBe('any-organization');
    expect(ruleFor(a, 4)!.scope).toBe('caller-organization');
    expect(ruleFor(a, 0)).toBeUndefined();
    expect(ruleFor(a, undefined)).toBeUndefined();
    expect(ruleFor(a, '3')).toBeUndefined(); // strict: the enum's value, not its text
    expect(mayList(a, 3, 'o1', 'o2')).toBe(true);
    expect(mayList(a, 3, null, 'o2')).toBe(true);
    expect(mayList(a, 2, 'o1', 'o1')).toBe(true);
    expect(mayList(a, 2, 'o1', 'o2')).toBe(false);
    expect(mayList(a, 1, 'o1', 'o1')).toBe(true);
    expect(mayList(a, 1, 'o1', 'o2')).toBe(false);
    expect(mayList(a, 0, 'o1', 'o1')).toBe(false);
    // nothing asked: nothing listed, whatever the role
    expect(mayList(a, 3, 'o1', null)).toBe(false);
    expect(mayList(a, 2, null, null)).toBe(false);
  });

  it('canSignIn: the activeWhen property must equal its value (absent reads as null); no rule, everyone', () => {
    const rule = (equals: Json) => ({ activeWhen: { property: 'status', equals } }) as unknown as Parameters<typeof canSignIn>[0];
    expect(canSignIn(rule('active'), { status: 'active' })).toBe(true);
    expect(canSignIn(rule('active'), { status: 'inactive' })).toBe(false);
    expect(canSignIn(rule('active'), {})).toBe(false);
    expect(canSignIn(rule(null), {})).toBe(true);
    expect(canSignIn(rule(null), { status: null })).toBe(true);
    expect(canSignIn(rule(null), { status: '2025-01-01' })).toBe(false);
    expect(canSignIn(null, { status: 'inactive' })).toBe(true);
    expect(canSignIn({ activeWhen: null } as unknown as Parameters<typeof canSignIn>[0], { status: 'inactive' })).toBe(true);
  });

  it("organizationParameter: the path parameter x-access-control names, none when it is a query's or absent", () => {
    const spec = specOf(users({ type: 'integer', enum: [1] }), access(RULES));
    expect(organizationParameter(getOperation(spec))).toMatchObject({
      name: 'org',
      in: 'path',
      required: true,
      schema: { type: 'string' },
    });
    const query = specOf(users({ type: 'integer', enum: [1] }), access(RULES, { organizationParameter: 'page' }));
    expect(organizationParameter(getOperation(query))).toBeNull();
    const none = specOf(users({ type: 'integer', enum: [1] }), access(RULES, { organizationParameter: undefined as unknown as Json }));
    expect(organizationParameter(getOperation(none))).toBeNull();
  });
});

describe('apiKeyScheme: the API key a caller may send instead of a token', () => {
  const KEY = { type: 'apiKey', in: 'header', name: 'X-API-Key', 'x-key-prefix': 'sk_' };
  const withSecurity = (security: Json | undefined, schemes: JsonObject, docSecurity?: Json) => {
    const spec = specOf({ type: 'array' }, security === undefined ? {} : { security }, { securitySchemes: schemes });
    if (docSecurity !== undefined) spec.doc.security = docSecurity;
    return apiKeyScheme(spec, getOperation(spec));
  };

  it('a header key among the alternatives: its scheme, header and prefix', () => {
    expect(withSecurity([{ Bearer: [] }, { Key: [] }], { Bearer: { type: 'http', scheme: 'bearer' }, Key: KEY })).toEqual({
      name: 'Key',
      header: 'X-API-Key',
      prefix: 'sk_',
      inferred: null,
    });
  });

  it('its marker; no x-key-prefix: an empty prefix; a $ref to the scheme followed', () => {
    expect(withSecurity([{ Key: [] }], { Key: { type: 'apiKey', in: 'header', name: 'X-Key', ...marker('key') } })).toEqual({
      name: 'Key',
      header: 'X-Key',
      prefix: '',
      inferred: { reason: 'key' },
    });
    const spec = specOf(
      { type: 'array' },
      { security: [{ Key: [] }] },
      { securitySchemes: { Key: { $ref: '#/components/x/Real' } }, x: { Real: KEY } },
    );
    expect(apiKeyScheme(spec, getOperation(spec))!.header).toBe('X-API-Key');
    expect(withSecurity([{ Key: [] }], { Key: { ...KEY, 'x-key-prefix': 7 } })!.prefix).toBe('');
  });

  it('none: bearer only, a key in a query or cookie, a scheme without a name, an alternative needing two schemes', () => {
    expect(withSecurity([{ Bearer: [] }], { Bearer: { type: 'http', scheme: 'bearer' } })).toBeNull();
    expect(withSecurity([{ Key: [] }], { Key: { ...KEY, in: 'query' } })).toBeNull();
    expect(withSecurity([{ Key: [] }], { Key: { ...KEY, in: 'cookie' } })).toBeNull();
    expect(withSecurity([{ Key: [] }], { Key: { ...KEY, name: '' } })).toBeNull();
    expect(withSecurity([{ Key: [] }], { Key: { ...KEY, name: 5 } })).toBeNull();
    expect(withSecurity([{ Key: [], Bearer: [] }], { Key: KEY, Bearer: { type: 'http', scheme: 'bearer' } })).toBeNull();
    expect(withSecurity([{}], { Key: KEY })).toBeNull();
    expect(withSecurity(['Key'], { Key: KEY })).toBeNull();
    expect(withSecurity([{ Missing: [] }], { Key: KEY })).toBeNull();
    expect(withSecurity([], { Key: KEY }, [{ Key: [] }])).toBeNull(); // the operation's own empty list: no auth
  });

  it("the document's security when the operation has none; none when neither says", () => {
    expect(withSecurity(undefined, { Key: KEY }, [{ Key: [] }])!.name).toBe('Key');
    expect(withSecurity(undefined, { Key: KEY })).toBeNull();
    expect(withSecurity(undefined, { Key: KEY }, { Key: [] })).toBeNull();
    const bare = specOf({ type: 'array' }, { security: [{ Key: [] }] });
    delete bare.doc.components;
    expect(apiKeyScheme(bare, getOperation(bare))).toBeNull();
  });

  it('the first key alternative wins', () => {
    expect(withSecurity([{ A: [] }, { B: [] }], { A: { ...KEY, name: 'X-A' }, B: { ...KEY, name: 'X-B' } })!.header).toBe('X-A');
  });
});

describe('x-derived-from: a listed property computed from another', () => {
  const body = (derived: Json) => ({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        orgRole: { type: 'integer', enum: [0, 2, 255], 'x-enum-varnames': ['USER', 'WORKSPACES', 'OWNER'] },
        orgRoleDescription: { type: 'string', 'x-derived-from': derived },
        plain: { type: 'string' },
      },
    },
  });

  it('derivedMarker: the property it derives from and its marker', () => {
    expect(derivedMarker({ 'x-derived-from': { property: 'orgRole' } })).toEqual({ from: 'orgRole', inferred: null });
    expect(derivedMarker({ 'x-derived-from': { property: 'orgRole', ...marker('mapping') } })).toEqual({
      from: 'orgRole',
      inferred: { reason: 'mapping' },
    });
    expect(derivedMarker({ 'x-derived-from': { property: 3 } })).toBeNull();
    expect(derivedMarker({ 'x-derived-from': 'orgRole' })).toBeNull();
    expect(derivedMarker({ type: 'string' })).toBeNull();
    expect(derivedMarker(undefined)).toBeNull();
    expect(() => derivedMarker({ 'x-derived-from': { property: 'p', 'x-inferred': true } })).toThrow(/^x-derived-from: x-inferred must be/);
  });

  it("derivedFrom: the source property's enum and names", () => {
    const m = { property: 'orgRole', ...marker('names as descriptions') };
    const spec = specOf(body(m));
    expect(derivedFrom(spec, getOperation(spec), 'orgRoleDescription')).toEqual({
      property: 'orgRoleDescription',
      from: 'orgRole',
      marker: m,
      values: [0, 2, 255],
      names: ['USER', 'WORKSPACES', 'OWNER'],
      inferred: { reason: 'names as descriptions' },
    });
  });

  it('derivedFrom: a source without enum or names gives empty lists; a missing source too', () => {
    const spec = specOf(body({ property: 'plain' }));
    expect(derivedFrom(spec, getOperation(spec), 'orgRoleDescription')).toMatchObject({
      from: 'plain',
      values: [],
      names: [],
      inferred: null,
    });
    const missing = specOf(body({ property: 'gone' }));
    expect(derivedFrom(missing, getOperation(missing), 'orgRoleDescription')).toMatchObject({ from: 'gone', values: [], names: [] });
  });

  it('derivedFrom: a property without the marker is a SpecError naming the spec and the property', () => {
    const spec = specOf(body({ property: 'orgRole' }));
    expect(() => derivedFrom(spec, getOperation(spec), 'plain')).toThrow(SpecError);
    expect(() => derivedFrom(spec, getOperation(spec), 'plain')).toThrow('t: plain has no x-derived-from');
    const bad = specOf(body({ from: 'orgRole' }));
    expect(() => derivedFrom(bad, getOperation(bad), 'orgRoleDescription')).toThrow('t: orgRoleDescription has no x-derived-from');
    expect(() => derivedFrom(spec, getOperation(spec), 'absent')).toThrow('t: absent has no x-derived-from');
  });
});

describe('the walk, at its edges', () => {
  const doc = (): JsonObject => ({ components: { schemas: { Plain: { type: 'object', properties: { x: { type: 'string' } } } } } });

  it('a path already inferred stays inferred through a $ref beneath it: a violation or reading there is the marker above', () => {
    const root = {
      type: 'object',
      properties: {
        container: {
          ...marker('container'),
          'x-documented': { type: 'object' },
          type: 'object',
          properties: { ref: { $ref: '#/components/schemas/Plain' } },
        },
      },
    };
    // a required property missing under an inferred object: inferred, whatever that property's schema is
    expect(violationInferred(doc(), root, '/container', 'ref')).toEqual({ reason: 'container' });
    expect(documentedReading(doc(), root, '/container', 'ref')).toEqual({ schema: { type: 'object' }, instancePath: '/container' });
  });

  it('without a missing property, only the path is read (even where a property is named "undefined")', () => {
    const root = {
      type: 'object',
      properties: {
        undefined: { ...marker('a property so named'), 'x-documented': { type: 'string' }, type: 'integer' },
        inner: {
          ...marker('inner'),
          'x-documented': { type: 'object' },
          type: 'object',
          properties: { undefined: { $ref: '#/components/schemas/Plain' } },
        },
      },
    };
    expect(violationInferred(doc(), root, '')).toBeNull();
    expect(documentedReading(doc(), root, '')).toBeNull();
    expect(violationInferred(doc(), root, '/inner')).toEqual({ reason: 'inner' });
    expect(documentedReading(doc(), root, '/inner')).toEqual({ schema: { type: 'object' }, instancePath: '/inner' });
  });

  it('an array index is digits only (RFC 6901): /10 is an item, /a1 and /1a are not', () => {
    const root = { type: 'array', items: { type: 'string' } };
    expect(schemaAt(doc(), root, '/10').node).toEqual({ type: 'string' });
    expect(schemaAt(doc(), root, '/a1').node).toBeUndefined();
    expect(schemaAt(doc(), root, '/1a').node).toBeUndefined();
  });

  it('a numeric name on an object without items is looked up in its branches and additionalProperties', () => {
    expect(schemaAt(doc(), { type: 'object', additionalProperties: { type: 'string' } }, '/5').node).toEqual({ type: 'string' });
    expect(schemaAt(doc(), { allOf: [{ type: 'object', properties: { '7': { type: 'number' } } }] }, '/7').node).toEqual({
      type: 'number',
    });
  });

  it("a marked branch's marker is placed at the object holding the branches, whatever the names' length", () => {
    const root = {
      type: 'object',
      properties: {
        parent: { anyOf: [{ type: 'null' }, { ...marker('branch'), type: 'object', properties: { child: { type: 'string' } } }] },
      },
    };
    expect(schemaAt(doc(), root, '/parent/child').marker!.instancePath).toBe('/parent');
  });

  it('a branch that leads nowhere (a broken $ref, not a schema) is passed over', () => {
    const root = {
      anyOf: [{ $ref: '#/components/schemas/Missing' }, 'not a schema', { type: 'object', properties: { a: { type: 'boolean' } } }],
    };
    expect(schemaAt(doc(), root as unknown as Json, '/a').node).toEqual({ type: 'boolean' });
  });

  it('an enum without x-inferred-enum: every member documented; with several inferred members, each one inferred', () => {
    expect(enumMembership({ enum: ['a', 'b'] }, 'a')).toBe('documented');
    expect(enumMembership({ enum: ['a', 'b', 'c'], 'x-inferred-enum': ['b', 'c'] }, 'b')).toBe('inferred');
    expect(enumMembership({ enum: ['a', 'b', 'c'], 'x-inferred-enum': ['b', 'c'] }, 'a')).toBe('documented');
  });

  it("allow's half-written marker names x-access-control; an operation without x-access-control has no organization parameter", () => {
    expect(refusal({ roleProperty: 'role', scope: 'caller-organization', allow: [2], 'x-inferred': true })).toBe(
      `${WHERE} x-access-control: x-inferred must be true and come with a non-empty x-inferred-reason`,
    );
    expect(organizationParameter(getOperation(superaiWith(undefined)))).toBeNull();
  });

  it('a scheme that is not an API key is none, whatever in and name it carries', () => {
    const spec = specOf(
      { type: 'array' },
      { security: [{ H: [] }] },
      { securitySchemes: { H: { type: 'http', scheme: 'bearer', in: 'header', name: 'X-Key' } } },
    );
    expect(apiKeyScheme(spec, getOperation(spec))).toBeNull();
  });

  it('the markers of an API-key scheme and of x-derived-from name where they are', () => {
    const key = specOf(
      { type: 'array' },
      { security: [{ Key: [] }] },
      { securitySchemes: { Key: { type: 'apiKey', in: 'header', name: 'X-K', 'x-inferred': true } } },
    );
    expect(() => apiKeyScheme(key, getOperation(key))).toThrow('t Key: x-inferred must be true');
    const derived = specOf({
      type: 'array',
      items: {
        type: 'object',
        properties: { a: { type: 'string', 'x-derived-from': { property: 'b', 'x-inferred': true } }, b: { type: 'string' } },
      },
    });
    expect(() => derivedFrom(derived, getOperation(derived), 'a')).toThrow('a x-derived-from: x-inferred must be true');
  });
});
