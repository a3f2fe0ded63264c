// The response headers a documented response declares (`responses.<status>.headers`): present when required, and
// valid against their schemas once read as their types (`X-Total: 12` is an integer).
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fail, preview } from '../../contract/failure.js';
import type { CheckContext, CheckDef } from '../../contract/types.js';
import { typedValue } from '../../openapi/query.js';
import type { JsonObject } from '../../openapi/types.js';
import { toJsonSchema } from '../../openapi/validate.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: false }));
const validators = new WeakMap<JsonObject, ReturnType<Ajv['compile']>>();
const validatorOf = (schema: JsonObject) => {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(toJsonSchema(schema) as object)));
  return validate;
};

const declared = (ctx: CheckContext) => ctx.target.operation.responses.find((r) => r.status === ctx.response.status)?.headers ?? [];

export const responseHeadersConformance: CheckDef = {
  id: 'response_headers_conformance',
  title: 'Declared response header missing or invalid',
  meaning: "Every response header the spec declares for the status is sent when required, and its value matches the header's schema.",
  source: 'documented',
  relevant: ({ operation }) => operation.responses.some((r) => r.headers.length > 0),
  applies: (ctx) => declared(ctx).length > 0,
  run(ctx) {
    for (const header of declared(ctx)) {
      const value = ctx.response.headers[header.name.toLowerCase()];
      if (value === undefined) {
        if (header.required)
          fail({ expected: `a ${header.name} header (required for ${ctx.response.status})`, received: `no ${header.name} header` });
        continue;
      }
      const validate = validatorOf(header.schema);
      if (!validate(typedValue(value, header.schema))) {
        const why = validate.errors?.[0]?.message ?? 'does not match its schema';
        fail({
          expected: `${header.name} matching its schema (${why.replace(/^must /, 'it must ')})`,
          received: `${header.name}: ${preview(value)}`,
        });
      }
    }
  },
};
