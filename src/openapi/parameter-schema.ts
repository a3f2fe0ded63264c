/**
 * A parameter value checked against its (JSON Schema) spec schema without a JSON Schema engine: the keywords
 * parameter schemas use (type, format uuid, pattern, lengths, enum, bounds, array items), with Ajv's messages.
 * Loading and compiling Ajv cost the mock's start-up more than everything else together; bodies are still
 * validated with Ajv (`validate.ts`). A keyword outside this set is a SpecError at start-up, never a silently
 * unchecked value.
 */
import { isObject, SpecError } from './load.js';
import type { Json, JsonObject } from './types.js';

/** ajv-formats' `uuid`, so the mock accepts what a schema validator accepts. */
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
/** Keywords that do not constrain a value. */
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
/** Formats checked (uuid) or that say nothing a type does not (OpenAPI's number formats). */
const FORMATS: Record<string, ((value: string) => boolean) | null> = {
  uuid: (v) => UUID.test(v),
  int32: null,
  int64: null,
  float: null,
  double: null,
};

/** Why a value breaks the schema (Ajv's wording), or null when it does not. */
export type ParameterCheck = (value: Json) => string | null;

const typeOf = (value: Json): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/** A checker for one parameter schema; throws SpecError on a keyword or format it does not know. */
export function parameterCheck(schema: JsonObject, where: string): ParameterCheck {
  const checks: ParameterCheck[] = [];
  // The type first, as Ajv reports it first; the other keywords only judge values of their own type.
  if ('type' in schema) checks.push(keywordCheck('type', schema.type!, where)!);
  for (const [keyword, arg] of Object.entries(schema)) {
    if (keyword === 'type' || keyword.startsWith('x-') || ANNOTATIONS.has(keyword)) continue;
    const check = keywordCheck(keyword, arg, where);
    if (!check) throw new SpecError(`${where}: the parameter schema keyword "${keyword}" is not supported`);
    checks.push(check);
  }
  if (typeof schema.format === 'string') {
    const format = FORMATS[schema.format];
    if (format === undefined) throw new SpecError(`${where}: the parameter format "${schema.format}" is not supported`);
    if (format) checks.push((v) => (typeof v !== 'string' || format(v) ? null : `must match format "${schema.format}"`));
  }
  return (value) => {
    for (const check of checks) {
      const why = check(value);
      if (why !== null) return why;
    }
    return null;
  };
}

const when = (applies: boolean, ok: boolean, message: string) => (!applies || ok ? null : message);

function keywordCheck(keyword: string, arg: Json, where: string): ParameterCheck | null {
  const n = typeof arg === 'number' ? arg : Number.NaN;
  switch (keyword) {
    case 'type': {
      const types = Array.isArray(arg) ? arg : [arg];
      return (v) =>
        types.includes(typeOf(v)) || (typeOf(v) === 'integer' && types.includes('number')) ? null : `must be ${types.join(',')}`;
    }
    case 'enum':
      return Array.isArray(arg)
        ? (v) => (arg.some((e) => JSON.stringify(e) === JSON.stringify(v)) ? null : 'must be equal to one of the allowed values')
        : null;
    case 'const':
      return (v) => (JSON.stringify(arg) === JSON.stringify(v) ? null : 'must be equal to constant');
    case 'pattern': {
      if (typeof arg !== 'string') return null;
      const pattern = new RegExp(arg, 'u');
      return (v) => when(typeof v === 'string', typeof v === 'string' && pattern.test(v), `must match pattern "${arg}"`);
    }
    case 'minLength':
      return (v) => when(typeof v === 'string', [...String(v)].length >= n, `must NOT have fewer than ${n} characters`);
    case 'maxLength':
      return (v) => when(typeof v === 'string', [...String(v)].length <= n, `must NOT have more than ${n} characters`);
    case 'minimum':
      return (v) => when(typeof v === 'number', (v as number) >= n, `must be >= ${n}`);
    case 'maximum':
      return (v) => when(typeof v === 'number', (v as number) <= n, `must be <= ${n}`);
    case 'exclusiveMinimum':
      return typeof arg === 'number' ? (v) => when(typeof v === 'number', (v as number) > n, `must be > ${n}`) : null;
    case 'exclusiveMaximum':
      return typeof arg === 'number' ? (v) => when(typeof v === 'number', (v as number) < n, `must be < ${n}`) : null;
    case 'multipleOf':
      return (v) => when(typeof v === 'number', Number.isInteger((v as number) / n), `must be multiple of ${n}`);
    case 'minItems':
      return (v) => when(Array.isArray(v), (v as Json[]).length >= n, `must NOT have fewer than ${n} items`);
    case 'maxItems':
      return (v) => when(Array.isArray(v), (v as Json[]).length <= n, `must NOT have more than ${n} items`);
    case 'uniqueItems':
      return (v) =>
        when(
          Array.isArray(v) && arg === true,
          new Set((v as Json[]).map((e) => JSON.stringify(e))).size === (v as Json[]).length,
          'must NOT have duplicate items',
        );
    case 'items': {
      if (!isObject(arg)) return null;
      const item = parameterCheck(arg, `${where}/items`);
      return (v) => {
        if (!Array.isArray(v)) return null;
        for (const e of v) {
          const why = item(e);
          if (why !== null) return why;
        }
        return null;
      };
    }
    case 'allOf':
    case 'anyOf':
    case 'oneOf': {
      if (!Array.isArray(arg) || !arg.every(isObject)) return null;
      const parts = arg.map((s, i) => parameterCheck(s as JsonObject, `${where}/${keyword}/${i}`));
      if (keyword === 'allOf')
        return (v) => {
          for (const part of parts) {
            const why = part(v);
            if (why !== null) return why;
          }
          return null;
        };
      if (keyword === 'anyOf') return (v) => (parts.some((p) => p(v) === null) ? null : 'must match a schema in anyOf');
      return (v) => (parts.filter((p) => p(v) === null).length === 1 ? null : 'must match exactly one schema in oneOf');
    }
    default:
      return null;
  }
}
