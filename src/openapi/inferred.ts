import { atPointer, isObject } from './load.js';
import type { Inferred, Json, JsonObject } from './types.js';

/** The `x-inferred` marker of a node: null when the node is documented. Throws on a half-written marker. */
export function inferredOf(node: Json | undefined, where = 'node'): Inferred | null {
  if (!isObject(node) || !('x-inferred' in node)) return null;
  const reason = node['x-inferred-reason'];
  if (node['x-inferred'] !== true || typeof reason !== 'string' || reason.trim() === '') {
    throw new Error(`${where}: x-inferred must be true and come with a non-empty x-inferred-reason`);
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
