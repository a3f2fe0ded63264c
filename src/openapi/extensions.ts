/**
 * The one reader of the specs' extensions: `x-access-control` (roles, scopes, statuses, the sign-in
 * rule `activeWhen`), `x-ordering`, `x-inferred` (and `x-inferred-enum`), `x-derived-from`, and the
 * API-key security scheme an operation accepts (with its `x-key-prefix`). The mock,
 * verify, the Dredd hooks' context and the docs page all ask this module; none reads the markers itself.
 */
import { atPointer, deref, isObject, SpecError, type Spec } from './load.js';
import { findProperty, responseSchema, successResponse } from './query.js';
import type { AccessControl, AccessRule, Inferred, Json, JsonObject, OperationInfo, Ordering, ParameterInfo } from './types.js';

// ---- x-inferred: what the project adds beyond the vendor's page ----

/** The `x-inferred` marker of a node: null when the node is documented. Throws on a half-written marker. */
export function inferredOf(node: Json | undefined, where = 'node'): Inferred | null {
  if (!isObject(node) || !('x-inferred' in node)) return null;
  const reason = node['x-inferred-reason'];
  if (node['x-inferred'] !== true || typeof reason !== 'string' || reason.trim() === '') {
    throw new SpecError(`${where}: x-inferred must be true and come with a non-empty x-inferred-reason`);
  }
  return { reason };
}

/** Values of an enum that the spec adds beyond the documentation (`x-inferred-enum`). */
export function inferredEnumValues(node: Json | undefined): Json[] {
  return isObject(node) && Array.isArray(node['x-inferred-enum']) ? node['x-inferred-enum'] : [];
}

/** Where an instance value sits in a schema, and the `x-inferred` marker that covers it (null: documented). */
export interface SchemaLocation {
  /** The schema node for the value, `$ref`s followed; undefined when the schema says nothing about it. */
  node: JsonObject | undefined;
  inferred: Inferred | null;
  /**
   * Where the covering marker sits: its schema node and the instance path of the value it covers.
   * The node's `x-documented` (a schema) is what the page itself states about that value.
   */
  marker?: { node: JsonObject; instancePath: string };
}

const MAX_REF_HOPS = 32;

/**
 * Walks `schema` (a node of `doc`) along `instancePath`, a JSON pointer into a body (`/data/3/orgRole`).
 * Walks the instance path itself rather than trusting a validator's schemaPath, which does not follow `$ref`.
 *
 * An `x-inferred` marker covers its node and everything written inline beneath it; a `$ref` into a
 * component starts afresh, since the component carries its own markers. So a marked bare array whose
 * `items` is a `$ref` does not make every item's field inferred, while a marked property's inline
 * `anyOf` branches are.
 */
export function schemaAt(doc: JsonObject, schema: Json | undefined, instancePath: string): SchemaLocation {
  let here = enter(doc, schema, null, '');
  let at = '';
  for (const raw of instancePath.split('/').slice(1)) {
    if (!here.node) break;
    at += `/${raw}`;
    here = step(doc, here, raw.replace(/~1/g, '/').replace(/~0/g, '~'), at);
  }
  return here;
}

/**
 * What the page itself states about an inferred value: the `x-documented` schema of the marker that
 * covers `instancePath`, with the instance path of the value it judges. Null when the marker has
 * none (the page is silent there) or the path is documented.
 */
export function documentedReading(
  doc: JsonObject,
  schema: Json | undefined,
  instancePath: string,
  missingProperty?: string,
): { schema: Json; instancePath: string } | null {
  let here = schemaAt(doc, schema, instancePath);
  if (!here.inferred && missingProperty !== undefined && here.node)
    here = step(doc, here, missingProperty, `${instancePath}/${missingProperty}`);
  const marker = here.marker;
  if (!here.inferred || !marker || !('x-documented' in marker.node)) return null;
  return { schema: marker.node['x-documented']!, instancePath: marker.instancePath };
}

/**
 * The marker that makes a schema violation an inferred departure, or null when it breaks a documented
 * part. `missingProperty` is the property a `required` violation names: requiring an inferred property is inferred.
 */
export function violationInferred(
  doc: JsonObject,
  schema: Json | undefined,
  instancePath: string,
  missingProperty?: string,
): Inferred | null {
  const here = schemaAt(doc, schema, instancePath);
  if (here.inferred || missingProperty === undefined || !here.node) return here.inferred;
  return step(doc, here, missingProperty, `${instancePath}/${missingProperty}`).inferred;
}

/** Whether `value` is one of an enum's documented members, one only `x-inferred-enum` adds, or outside the enum. */
export function enumMembership(node: Json | undefined, value: Json): 'documented' | 'inferred' | 'outside' | 'no-enum' {
  if (!isObject(node) || !Array.isArray(node.enum)) return 'no-enum';
  const same = (v: Json) => JSON.stringify(v) === JSON.stringify(value);
  if (!node.enum.some(same)) return 'outside';
  return inferredEnumValues(node).some(same) ? 'inferred' : 'documented';
}

/** Follows `$ref`s from `node`; a followed `$ref` drops the inherited marker, then the node's own marker applies. */
type Inherited = Pick<SchemaLocation, 'inferred' | 'marker'>;

function enter(doc: JsonObject, node: Json | undefined, inherited: Inherited | null, at: string): SchemaLocation {
  let current = node;
  let from: Inherited = inherited?.marker
    ? { inferred: inherited.inferred, marker: inherited.marker }
    : { inferred: inherited?.inferred ?? null };
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops >= MAX_REF_HOPS || !current.$ref.startsWith('#')) return { node: undefined, ...from };
    from = { inferred: null };
    current = atPointer(doc, current.$ref);
  }
  if (!isObject(current)) return { node: undefined, ...from };
  if (from.inferred) return { node: current, ...from };
  const own = inferredOf(current);
  return own ? { node: current, inferred: own, marker: { node: current, instancePath: at } } : { node: current, inferred: null };
}

function step(doc: JsonObject, here: SchemaLocation, key: string, at: string): SchemaLocation {
  const node = here.node!;
  const props = isObject(node.properties) ? node.properties : undefined;
  if (props && key in props) return enter(doc, props[key], here, at);
  if (/^\d+$/.test(key) && node.items !== undefined && !Array.isArray(node.items)) return enter(doc, node.items, here, at);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const entered = enter(doc, branch, here, at.replace(/\/[^/]*$/, ''));
      if (!entered.node) continue;
      const next = step(doc, entered, key, at);
      if (next.node) return next;
    }
  }
  if (isObject(node.additionalProperties)) return enter(doc, node.additionalProperties, here, at);
  return { node: undefined, inferred: here.inferred, ...(here.marker ? { marker: here.marker } : {}) };
}

// ---- x-access-control: roles, scopes, statuses and the sign-in rule ----

/**
 * Reads an operation's `x-access-control`; null when it has none. Throws a SpecError naming the
 * operation and the field on a malformed one (README, "Adding an API", lists the fields): a field of
 * the wrong type is never read as absent, since that would silently change who may list.
 */
export function readAccess(raw: Json | undefined, where: string): AccessControl | null {
  if (raw === undefined) return null;
  const bad = (what: string) => new SpecError(`${where}: x-access-control${what}`);
  if (!isObject(raw)) throw bad(' must be an object (roleProperty, rules, ...)');
  if (typeof raw.roleProperty !== 'string' || raw.roleProperty === '') throw bad(' needs roleProperty');
  const rules: AccessRule[] = [];
  if ('allow' in raw) {
    rules.push({
      roles: rolesOf(raw.allow, where, 'allow'),
      scope: scopeOf(raw.scope, where),
      inferred: inferredOf(raw, `${where} x-access-control`),
    });
  }
  if ('rules' in raw && !Array.isArray(raw.rules)) throw bad('.rules must be a list of rules');
  for (const [i, rule] of asArray(raw.rules).entries()) {
    if (!isObject(rule) || !Array.isArray(rule.roles)) throw new SpecError(`${where}: an access rule needs roles`);
    rules.push({
      roles: rolesOf(rule.roles, where, `rules[${i}].roles`),
      scope: scopeOf(rule.scope, where),
      inferred: inferredOf(rule, `${where} access rule`),
    });
  }
  if (rules.length === 0) throw bad(' needs rules (or allow): without one, no role may list');
  const active = raw.activeWhen;
  if (active !== undefined && !(isObject(active) && typeof active.property === 'string' && active.property !== ''))
    throw bad('.activeWhen needs property (the user field that says who may sign in)');
  return {
    description: str(raw.description, ''),
    roleProperty: raw.roleProperty,
    activeWhen: isObject(active)
      ? {
          property: active.property as string,
          equals: active.equals ?? null,
          description: str(active.description, ''),
          inferred: inferredOf(active, `${where} x-access-control.activeWhen`),
        }
      : null,
    organizationParameter: nameOf(raw, 'organizationParameter', where),
    organizationProperty: nameOf(raw, 'organizationProperty', where),
    rules,
    deniedStatus: statusOf(raw, 'denied', 403, where),
    unauthenticatedStatus: statusOf(raw, 'unauthenticated', 401, where),
    unauthenticatedInferred: inferredOf(raw.unauthenticated, `${where} x-access-control.unauthenticated`),
  };
}

/** A rule's roles: a non-empty list of role values (the roleProperty's enum members). */
function rolesOf(raw: Json | undefined, where: string, field: string): Json[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new SpecError(`${where}: x-access-control.${field} must be a non-empty list of roles`);
  return raw;
}

/** An optional field naming a parameter or property: a string when given. */
function nameOf(raw: JsonObject, field: 'organizationParameter' | 'organizationProperty', where: string): string | null {
  const value = raw[field];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value === '') throw new SpecError(`${where}: x-access-control.${field} must be a name`);
  return value;
}

/** `denied`/`unauthenticated`: an object whose `status`, when given, is an HTTP error status (400 to 599). */
function statusOf(raw: JsonObject, field: 'denied' | 'unauthenticated', fallback: number, where: string): number {
  const node = raw[field];
  if (node === undefined) return fallback;
  const status = isObject(node) ? node.status : undefined;
  if (!isObject(node) || (status !== undefined && !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)))
    throw new SpecError(`${where}: x-access-control.${field} must be { status: <400 to 599> }`);
  return typeof status === 'number' ? status : fallback;
}

function scopeOf(raw: Json | undefined, where: string): AccessRule['scope'] {
  if (raw === 'caller-organization' || raw === 'own-organization' || raw === 'any-organization') return raw;
  throw new SpecError(`${where}: access scope must be caller-organization, own-organization or any-organization`);
}

export function readOrdering(raw: Json | undefined): Ordering | null {
  if (!isObject(raw) || typeof raw.property !== 'string') return null;
  return {
    property: raw.property,
    direction: raw.direction === 'ascending' ? 'ascending' : 'descending',
    description: str(raw.description, ''),
    inferred: inferredOf(raw, 'x-ordering'),
  };
}

/** Role names and values of an operation's `x-access-control.roleProperty`, from its enum (and `x-enum-varnames`). */
export interface RoleCatalog {
  /** Role names as the config's tokens name them, in enum order. */
  names: string[];
  valueOf(name: string): Json | undefined;
  nameOf(value: Json): string;
}

export function roleCatalog(spec: Spec, operation: OperationInfo): RoleCatalog {
  const property = operation.access?.roleProperty;
  const schema = property ? findProperty(spec, responseSchema(spec, successResponse(operation)), property) : undefined;
  const values = Array.isArray(schema?.enum) ? schema.enum : [];
  const varnames = schema?.['x-enum-varnames'];
  const names = values.map((v, i) => (Array.isArray(varnames) && typeof varnames[i] === 'string' ? varnames[i] : String(v)));
  return {
    names,
    valueOf: (name) => values[names.indexOf(name)],
    nameOf: (value) => names[values.indexOf(value)] ?? JSON.stringify(value),
  };
}

/**
 * Whether a user record may sign in at all, by the rule's `activeWhen` (SuperAI: `status` is
 * `active`; Flashback: `deletedAt` is null, inferred). An absent property reads as null.
 */
export function canSignIn(access: AccessControl | null, user: JsonObject): boolean {
  const rule = access?.activeWhen;
  return !rule || (user[rule.property] ?? null) === rule.equals;
}

/** The access rule that lets a role value in, or undefined when none does. */
export const ruleFor = (access: AccessControl, role: Json | undefined): AccessRule | undefined =>
  access.rules.find((r) => r.roles.some((allowed) => allowed === role));

/**
 * Whether a caller of `role` in organization `callerOrg` may list organization `asked`:
 * any-organization roles whatever is asked; own- and caller-organization roles only their own.
 */
export function mayList(access: AccessControl, role: Json | undefined, callerOrg: string | null, asked: string | null): boolean {
  const rule = ruleFor(access, role);
  return rule !== undefined && asked !== null && (rule.scope === 'any-organization' || asked === callerOrg);
}

/** Role names (enum order) by the scope of the rule that allows them; `denied`: in no rule. */
export function rolesByScope(spec: Spec, operation: OperationInfo): Record<AccessRule['scope'] | 'denied', string[]> {
  const catalog = roleCatalog(spec, operation);
  const rules = operation.access?.rules ?? [];
  const scoped = (scope: AccessRule['scope']) => rules.filter((r) => r.scope === scope).flatMap((r) => r.roles.map(catalog.nameOf));
  const out = {
    'any-organization': scoped('any-organization'),
    'caller-organization': scoped('caller-organization'),
    'own-organization': scoped('own-organization'),
    denied: [] as string[],
  };
  const allowed = [...out['any-organization'], ...out['caller-organization'], ...out['own-organization']];
  out.denied = catalog.names.filter((r) => !allowed.includes(r));
  return out;
}

/** The operation's path parameter that names an organization (`x-access-control.organizationParameter`). */
export function organizationParameter(operation: OperationInfo): ParameterInfo | null {
  const name = operation.access?.organizationParameter;
  return operation.parameters.find((p) => p.in === 'path' && p.name === name) ?? null;
}

// ---- security: the API key a caller may send instead of a bearer token ----

/** An operation's API-key security scheme sent in a header (OpenAPI `type: apiKey`, `in: header`). */
export interface ApiKeyScheme {
  /** The scheme's name in `components.securitySchemes` (`APIKeyAuth`). */
  name: string;
  /** The header that carries the key (`X-API-Key`). */
  header: string;
  /** What every key starts with (the scheme's `x-key-prefix`); '' when the spec does not say. */
  prefix: string;
  inferred: Inferred | null;
}

/**
 * The first API-key scheme in a header among the operation's security alternatives (the document's
 * when the operation has none); null when callers can only send a bearer token.
 */
export function apiKeyScheme(spec: Spec, operation: Pick<OperationInfo, 'pointer'>): ApiKeyScheme | null {
  const op = atPointer(spec.doc, operation.pointer);
  const security = isObject(op) && Array.isArray(op.security) ? op.security : asArray(spec.doc.security);
  const components = isObject(spec.doc.components) ? spec.doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const requirement of security) {
    // An alternative naming two schemes needs both at once: not a key alone.
    if (!isObject(requirement) || Object.keys(requirement).length !== 1) continue;
    const name = Object.keys(requirement)[0]!;
    const { node } = deref(spec.doc, schemes[name], '');
    if (!isObject(node) || node.type !== 'apiKey' || node.in !== 'header' || typeof node.name !== 'string' || node.name === '') continue;
    const prefix = node['x-key-prefix'];
    return {
      name,
      header: node.name,
      prefix: typeof prefix === 'string' ? prefix : '',
      inferred: inferredOf(node, `${spec.name} ${name}`),
    };
  }
  return null;
}

// ---- x-derived-from: a listed property computed from another ----

/** A property of the listed item with its `x-derived-from` marker, and the enum of the property it derives from. */
export interface DerivedProperty {
  property: string;
  from: string;
  marker: JsonObject;
  /** The source property's enum values and their `x-enum-varnames`. */
  values: Json[];
  names: Json[];
  inferred: Inferred | null;
}

/** A schema node's own `x-derived-from` marker: the property it derives from and whether that is inferred; null when none. */
export function derivedMarker(node: Json | undefined): { from: string; inferred: Inferred | null } | null {
  const marker = isObject(node) ? node['x-derived-from'] : undefined;
  if (!isObject(marker) || typeof marker.property !== 'string') return null;
  return { from: marker.property, inferred: inferredOf(marker, 'x-derived-from') };
}

/** Reads `property`'s `x-derived-from` in the operation's success body; throws a SpecError when it has none. */
export function derivedFrom(spec: Spec, operation: OperationInfo, property: string): DerivedProperty {
  const body = responseSchema(spec, successResponse(operation));
  const marker = findProperty(spec, body, property)?.['x-derived-from'];
  if (!isObject(marker) || typeof marker.property !== 'string') throw new SpecError(`${spec.name}: ${property} has no x-derived-from`);
  const from = findProperty(spec, body, marker.property);
  return {
    property,
    from: marker.property,
    marker,
    values: Array.isArray(from?.enum) ? from.enum : [],
    names: Array.isArray(from?.['x-enum-varnames']) ? from['x-enum-varnames'] : [],
    inferred: inferredOf(marker, `${property} x-derived-from`),
  };
}

const asArray = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined, fallback: string) => (typeof v === 'string' ? v : fallback);
