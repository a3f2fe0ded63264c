/** OpenAPI 3.0 schemas as JSON Schema (no validator loaded: the mock's parameter checks and Ajv's body checks share it). */
import { isObject } from './load.js';
import type { Json, JsonObject } from './types.js';

/** OpenAPI 3.0 schema → JSON Schema: `nullable` becomes a `null` type and enum member. */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key.startsWith('x-')) continue;
    // `properties`, `examples` and the like are maps whose keys are names, not keywords.
    out[key] = toJsonSchema(value);
  }
  if (node.nullable === true) {
    if (typeof node.type === 'string') out.type = [node.type, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) out.enum = [...node.enum, null];
    // `nullable` beside `allOf: [$ref]`: null, or the referenced schema.
    if (Array.isArray(node.allOf)) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}
