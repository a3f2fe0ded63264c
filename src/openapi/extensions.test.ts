// The spec-extension reader (src/openapi/extensions.ts) on specs built inside each test: a bundled
// spec's document with its operation's `x-access-control` replaced, read the way every engine reads
// it (`getOperation`). Expected values: README "Adding an API" (the fields of x-access-control and
// the three scopes), the bundled specs' own text (openapi/*.yaml), and the rule that a contributor's
// malformed spec gets a SpecError naming the operation and the field, never a silent default.
import { describe, expect, it } from 'vitest';
import { loadBundledSpec, SpecError, type Spec } from './load.js';
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
