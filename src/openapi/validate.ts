/** Body validation against a spec's response schemas (Ajv), with violations named by JSON pointer. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { toJsonSchema } from './json-schema.js';
import { atPointer, SpecError, type Spec } from './load.js';
import { valueAt } from './query.js';
import type { Json, OperationInfo } from './types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export { toJsonSchema };

export interface SchemaViolation {
  /** JSON pointer into the body, `''` for the root. */
  path: string;
  message: string;
  keyword: string;
  /** Where in the schema the violated keyword is (`#/components/...` or relative to the response schema). */
  schemaPath: string;
  /** The offending value, when there is one at `path`. */
  value?: Json;
}

export interface BodyValidator {
  /** Validates a body against the schema of one documented status; null when the status has no schema. */
  validate(operation: OperationInfo, status: number, body: unknown): SchemaViolation[] | null;
  /** Validates a value against the schema at a JSON pointer of the spec (`#/components/schemas/X`). */
  validateAt(pointer: string, value: unknown): SchemaViolation[];
  /** Whether a value is valid against a schema written in the spec (its `$ref`s resolve in the spec's components). */
  accepts(schema: Json, value: unknown): boolean;
}

/** One Ajv instance per spec, a compiled validator per response, compiled on first use. */
export function createBodyValidator(spec: Spec): BodyValidator {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  const components = toJsonSchema(spec.doc.components ?? {});
  const cache = new Map<string, ValidateFunction>();

  function compiled(pointer: string): ValidateFunction {
    let fn = cache.get(pointer);
    if (!fn) {
      const schema = atPointer(spec.doc, pointer);
      if (schema === undefined) throw new SpecError(`${spec.name}: no schema at ${pointer}`);
      fn = ajv.compile({ allOf: [toJsonSchema(schema)], components } as object);
      cache.set(pointer, fn);
    }
    return fn;
  }

  const validateAt = (pointer: string, value: unknown): SchemaViolation[] => {
    const fn = compiled(pointer);
    return fn(value) ? [] : (fn.errors ?? []).map((e) => violation(e, value));
  };
  const loose = new Map<string, ValidateFunction>();
  const accepts = (schema: Json, value: unknown): boolean => {
    const key = JSON.stringify(schema);
    let fn = loose.get(key);
    if (!fn) {
      fn = ajv.compile({ allOf: [toJsonSchema(schema)], components } as object);
      loose.set(key, fn);
    }
    return fn(value) === true;
  };
  return {
    accepts,
    validate(operation, status, body) {
      const response = operation.responses.find((r) => r.status === status);
      return response?.schemaPointer ? validateAt(response.schemaPointer, body) : null;
    },
    validateAt,
  };
}

function violation(error: ErrorObject, body: unknown): SchemaViolation {
  const path = error.instancePath;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum')
    message += `: ${(error.params as { allowedValues: Json[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'required') message = `must have property ${(error.params as { missingProperty: string }).missingProperty}`;
  if (error.keyword === 'additionalProperties') message += `: ${(error.params as { additionalProperty: string }).additionalProperty}`;
  const value = valueAt(body, path) as Json | undefined;
  return {
    path,
    message,
    keyword: error.keyword,
    schemaPath: error.schemaPath.replace(/^#\/allOf\/0/, '#'),
    ...(value === undefined ? {} : { value }),
  };
}
