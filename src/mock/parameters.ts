/**
 * An operation's path and query parameters read from a request and checked against their spec schemas: query
 * values typed by their schemas (`?page=2` → `2`), defaults filled in, the first invalid one named.
 */
import { toJsonSchema } from '../openapi/json-schema.js';
import { type ParameterCheck, parameterCheck } from '../openapi/parameter-schema.js';
import { typedValue } from '../openapi/query.js';
import type { Json, JsonObject, OperationInfo } from '../openapi/types.js';

/** The parameters of one request: the typed query, or why the request is malformed. */
export interface ParameterReading {
  /** The declared query parameters sent (or defaulted), the valid ones. */
  query: Record<string, Json>;
  /** Why the request is malformed, null when it is not. */
  invalid: string | null;
}

interface Checked {
  name: string;
  schema: JsonObject;
  required: boolean;
  validate: ParameterCheck;
}

const NO_QUERY: Record<string, Json> = Object.freeze({}) as Record<string, Json>;
/** The reading of a request with nothing to read (no query parameters declared, the path ones valid): one object for all. */
const VALID_NO_QUERY: ParameterReading = Object.freeze({ query: NO_QUERY, invalid: null });

/**
 * Reads path parameters (as the router decoded them) and the query string (without `?`) of a request:
 * `invalid` names the first path parameter, then query parameter, whose value its schema refuses (or a
 * required query parameter not sent). Undeclared query parameters are ignored, as most APIs do.
 */
export function parameterReader(operation: OperationInfo): (params: Record<string, string>, search: string) => ParameterReading {
  const compile = (p: OperationInfo['parameters'][number]): Checked => ({
    name: p.name,
    schema: p.schema,
    required: p.required,
    validate: parameterCheck(toJsonSchema(p.schema) as JsonObject, `${operation.operationId}: ${p.in} parameter ${p.name}`),
  });
  const path = operation.parameters.filter((p) => p.in === 'path').map(compile);
  const query = operation.parameters.filter((p) => p.in === 'query').map(compile);

  return (params, search) => {
    for (const { name, validate, schema } of path) {
      if (validate(params[name] ?? '') !== null)
        return { query: NO_QUERY, invalid: schema.format === 'uuid' ? 'Invalid UUID format' : `Invalid ${name}` };
    }
    if (query.length === 0) return VALID_NO_QUERY;
    const sent = new URLSearchParams(search);
    const out: Record<string, Json> = {};
    let invalid: string | null = null;
    for (const { name, schema, required, validate } of query) {
      const values = sent.getAll(name);
      if (values.length === 0) {
        if (schema.default !== undefined) out[name] = schema.default;
        else if (required) invalid ??= `Missing query parameter ${name}`;
        continue;
      }
      const items = (schema.items ?? {}) as JsonObject;
      const value = schema.type === 'array' ? values.map((v) => typedValue(v, items)) : typedValue(values[0]!, schema);
      const why = validate(value);
      if (why !== null) {
        invalid ??= `Invalid query parameter ${name}: ${why}`;
        continue;
      }
      out[name] = value;
    }
    return { query: out, invalid };
  };
}
