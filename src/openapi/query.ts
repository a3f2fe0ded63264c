/** Questions asked of an operation's schemas: its success response, a property's schema, a value at a pointer. */
import { atPointer, deref, isObject, type Spec } from './load.js';
import type { Json, JsonObject, OperationInfo, ResponseInfo } from './types.js';

/** The operation's first documented 2xx response (what an allowed caller gets). */
export function successResponse(operation: OperationInfo): ResponseInfo | undefined {
  return operation.responses.find((r) => r.status >= 200 && r.status < 300);
}

/** The schema node of a documented response, `$ref`s not followed (for walking with markers). */
export function responseSchema(spec: Spec, response: ResponseInfo | undefined): Json | undefined {
  return response?.schemaPointer ? atPointer(spec.doc, response.schemaPointer) : undefined;
}

/** The first schema, breadth-first from `root`, that declares a property `name`; that property's schema, `$ref`s followed. */
export function findProperty(spec: Spec, root: Json | undefined, name: string): JsonObject | undefined {
  const queue: (Json | undefined)[] = [root];
  const seen = new Set<Json>();
  while (queue.length > 0) {
    const node = deref(spec.doc, queue.shift(), '').node;
    if (!isObject(node) || seen.has(node)) continue;
    seen.add(node);
    const props = isObject(node.properties) ? node.properties : {};
    if (name in props) {
      let found = deref(spec.doc, props[name], '').node;
      // `allOf: [$ref]` beside `nullable` (OpenAPI 3.0 ignores a $ref's siblings): the referenced schema.
      if (isObject(found) && Array.isArray(found.allOf) && found.allOf.length === 1 && found.enum === undefined)
        found = deref(spec.doc, found.allOf[0], '').node;
      return isObject(found) ? found : undefined;
    }
    queue.push(...Object.values(props), node.items, ...['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(node[k]) ? node[k] : [])));
  }
  return undefined;
}

/** The value at a JSON pointer in a body, undefined when there is none. */
export function valueAt(body: unknown, pointer: string): unknown {
  let node = body;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node as Json)) node = (node as JsonObject)[key];
    else return undefined;
  }
  return node;
}

/** An OpenAPI path template in the `:name` form routers take: `/orgs/{id}/users` → `/orgs/:id/users`. */
export const colonPath = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1');

/**
 * A parameter or header value as its schema's type reads it (`'2'` → `2` for an integer, `'false'` → `false`);
 * left a string when it does not parse, so that the schema check names it.
 */
export function typedValue(value: string, schema: JsonObject): Json {
  switch (schema.type) {
    case 'integer':
      return /^[+-]?\d{1,15}$/.test(value) ? Number(value) : value;
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}
