/**
 * A parameter value checked against its spec schema without a JSON Schema engine: the keywords parameter schemas
 * use (type, format uuid, pattern, lengths, enum, bounds). Loading and compiling Ajv costs the mock's start-up more
 * than everything else together; bodies are still validated with Ajv (`validate.ts`). A keyword outside this set
 * is a SpecError at start-up, never a silently unchecked value.
 */
import { isObject, SpecError } from './load.js';
import type { Json, JsonObject } from './types.js';

/** ajv-formats' `uuid` (full mode), so the mock accepts what a schema validator accepts. */
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
  'format',
  'externalDocs',
  '$comment',
  'xml',
]);
const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (v) => UUID.test(v),
  int32: () => true,
  int64: () => true,
  float: () => true,
  double: () => true,
};

type Check = (value: Json) => boolean;

const typeOf = (value: Json): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/** A checker for a value of one parameter schema (OpenAPI's `nullable` included); throws SpecError on a keyword it does not know. */
export function parameterCheck(schema: JsonObject, where: string): Check {
  const checks: Check[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (keyword.startsWith('x-') || ANNOTATIONS.has(keyword)) continue;
    const check = keywordCheck(keyword, arg);
    if (!check) throw new SpecError(`${where}: the parameter schema keyword "${keyword}" is not supported`);
    checks.push(check);
  }
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  if (typeof schema.format === 'string' && !format)
    throw new SpecError(`${where}: the parameter format "${schema.format}" is not supported`);
  if (format) checks.push((v) => typeof v !== 'string' || format(v));
  const nullable = schema.nullable === true;
  return (value) => (value === null && nullable) || checks.every((check) => check(value));
}

function keywordCheck(keyword: string, arg: Json): Check | null {
  const num = typeof arg === 'number' ? arg : Number.NaN;
  switch (keyword) {
    case 'type': {
      const types = Array.isArray(arg) ? arg : [arg];
      return (v) => types.includes(typeOf(v)) || (typeOf(v) === 'integer' && types.includes('number'));
    }
    case 'enum':
      return Array.isArray(arg) ? (v) => arg.some((e) => JSON.stringify(e) === JSON.stringify(v)) : null;
    case 'const':
      return (v) => JSON.stringify(arg) === JSON.stringify(v);
    case 'pattern': {
      if (typeof arg !== 'string') return null;
      const pattern = new RegExp(arg, 'u');
      return (v) => typeof v !== 'string' || pattern.test(v);
    }
    case 'minLength':
      return (v) => typeof v !== 'string' || [...v].length >= num;
    case 'maxLength':
      return (v) => typeof v !== 'string' || [...v].length <= num;
    case 'minimum':
      return (v) => typeof v !== 'number' || v >= num;
    case 'maximum':
      return (v) => typeof v !== 'number' || v <= num;
    case 'exclusiveMinimum':
      return typeof arg === 'boolean' ? () => true : (v) => typeof v !== 'number' || v > num;
    case 'exclusiveMaximum':
      return typeof arg === 'boolean' ? () => true : (v) => typeof v !== 'number' || v < num;
    case 'multipleOf':
      return (v) => typeof v !== 'number' || Number.isInteger(v / num);
    case 'allOf':
    case 'anyOf':
    case 'oneOf': {
      if (!Array.isArray(arg) || !arg.every(isObject)) return null;
      const parts = arg.map((s, i) => parameterCheck(s as JsonObject, `${keyword}/${i}`));
      if (keyword === 'allOf') return (v) => parts.every((p) => p(v));
      if (keyword === 'anyOf') return (v) => parts.some((p) => p(v));
      return (v) => parts.filter((p) => p(v)).length === 1;
    }
    default:
      return null;
  }
}
