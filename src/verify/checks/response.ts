// Checks every response gets, whatever the case: like Schemathesis' not_a_server_error,
// status_code_conformance, content_type_conformance and response_schema_conformance.
import { deref, isObject } from '../../openapi/load.js';
import { documentedReading, inferredEnumValues, schemaAt, violationInferred } from '../../openapi/extensions.js';
import { valueAt } from '../../openapi/query.js';
import type { Json, JsonObject, ResponseInfo } from '../../openapi/types.js';
import { fail, preview } from '../../contract/failure.js';
import { responseSchema } from '../../openapi/query.js';
import type { CheckContext, CheckDef, CheckTarget } from '../../contract/types.js';
import { infrastructureAnswer } from './access.js';

const documented = (ctx: CheckContext): ResponseInfo | undefined =>
  ctx.target.operation.responses.find((r) => r.status === ctx.response.status);
const withSchema = (ctx: CheckContext) => documented(ctx)?.schemaPointer != null;
const statusList = (ctx: CheckContext) =>
  ctx.target.operation.responses.map((r) => `${r.status}${r.inferred ? ' (inferred)' : ''}`).join(', ');

/** Judged by the runner from the exchange itself: a timeout, reset or oversized body fails it. */
export const responseReceived: CheckDef = {
  id: 'response_received',
  title: 'No usable response',
  meaning: 'The backend answers with a complete HTTP response within --timeout and the body size guard.',
  source: 'documented',
  run() {},
};

export const notAServerError: CheckDef = {
  id: 'not_a_server_error',
  title: 'Server error',
  meaning: 'The backend never answers with a 5xx, whatever the request.',
  source: 'documented',
  run({ response }) {
    if (response.status >= 500) fail({ expected: 'a status below 500', received: `${response.status}` });
  },
};

export const statusCodeConformance: CheckDef = {
  id: 'status_code_conformance',
  title: 'Undocumented HTTP status code',
  meaning: 'The status is one the operation documents (or its inferred 401).',
  source: 'documented',
  run(ctx) {
    if (!documented(ctx))
      fail({ expected: `one of ${statusList(ctx)}`, received: `${ctx.response.status}`, inferred: infrastructureAnswer(ctx) });
  },
};

export const contentTypeConformance: CheckDef = {
  id: 'content_type_conformance',
  title: 'Undocumented Content-Type',
  meaning: 'A documented response comes as application/json, as the spec says.',
  source: 'documented',
  applies: withSchema,
  run(ctx) {
    const header = ctx.response.headers['content-type'];
    const media = header?.split(';')[0]?.trim().toLowerCase();
    if (media !== 'application/json') {
      fail({
        expected: 'Content-Type: application/json',
        received: header === undefined ? 'no Content-Type header' : `Content-Type: ${header}`,
        inferred: documented(ctx)?.inferred?.reason ?? infrastructureAnswer(ctx),
      });
    }
  },
};

export const responseSchemaConformance: CheckDef = {
  id: 'response_schema_conformance',
  title: 'Response violates schema',
  meaning: 'The body is JSON and valid against the schema of its status.',
  source: 'documented',
  applies: withSchema,
  run(ctx) {
    const response = documented(ctx)!;
    const expected = `a body valid against the ${response.status} response's schema (${schemaName(ctx, response)})`;
    const responseInferred = response.inferred?.reason ?? infrastructureAnswer(ctx);
    if (!ctx.response.json.ok) fail({ expected, received: ctx.response.json.error, inferred: responseInferred });
    const violations = withoutNullableNoise(
      ctx.target.validator.validate(ctx.target.operation, response.status, ctx.response.json.value) ?? [],
    );
    if (violations.length === 0) return;
    const root = responseSchema(ctx.target.spec, response);
    const judged = violations.map((v) => {
      const missing = v.keyword === 'required' ? /^must have property (.+)$/.exec(v.message)?.[1] : undefined;
      const marker = responseInferred ?? pageReading(ctx, root, v.path, missing);
      const message = v.keyword === 'enum' ? (enumMessage(ctx, root, v.path) ?? v.message) : v.message;
      return { ...v, message, inferred: marker };
    });
    // Documented violations first: they decide the severity and are shown first.
    judged.sort((a, b) => Number(a.inferred !== null) - Number(b.inferred !== null));
    const first = judged[0]!;
    const shown = judged.slice(0, 3).map((v) => `${v.path || '(root)'} ${v.message}${v.inferred ? ' [inferred part]' : ''}`);
    const more = judged.length > 3 ? `; and ${judged.length - 3} more` : '';
    fail({
      expected,
      received: shown.join('; ') + more,
      path: first.path,
      ...(first.value === undefined ? {} : { value: first.value }),
      // Documented violations sort first: the first is inferred only when every one is.
      inferred: first.inferred,
    });
  },
};

/**
 * The x-inferred-reason behind a violation, or null when it breaks what the page states: a value
 * under an inferred part that the page's own reading (`x-documented`) rejects as well fails as documented,
 * and so does a missing property the page lists (it has a reading of its own; only one the page does
 * not show at all is an inferred requirement).
 */
function pageReading(ctx: CheckContext, root: Json | undefined, path: string, missing: string | undefined): string | null {
  const { doc } = ctx.target.spec;
  const marker = violationInferred(doc, root, path, missing);
  if (!marker) return null;
  const page = documentedReading(doc, root, path, missing);
  if (!page) return marker.reason;
  const value = valueAt((ctx.response.json as { value: unknown }).value, page.instancePath);
  if (value === undefined) return null;
  return ctx.target.validator.accepts(page.schema, value) ? marker.reason : null;
}

/** Properties a schema pins to one value (a one-member enum, or an empty array): the body must carry them. */
function pinnedFields(target: CheckTarget, response: ResponseInfo | undefined): [string, Json][] {
  const schema = deref(target.spec.doc, responseSchema(target.spec, response), '').node;
  const props = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  return Object.entries(props).flatMap(([name, raw]): [string, Json][] => {
    const prop = deref(target.spec.doc, raw, '').node;
    if (!isObject(prop)) return [];
    if (Array.isArray(prop.enum) && prop.enum.length === 1) return [[name, prop.enum[0]!]];
    if (prop.maxItems === 0) return [[name, []]];
    return [];
  });
}

export const pinnedBodyFields: CheckDef = {
  id: 'pinned_body_fields',
  title: 'Pinned field missing',
  meaning: 'A body whose schema pins fields to one value (e.g. {success:false, data:[], total:0}) carries every one of them.',
  source: 'documented',
  relevant: (target) => target.operation.responses.some((r) => pinnedFields(target, r).length > 0),
  applies: (ctx) =>
    withSchema(ctx) &&
    ctx.response.json.ok &&
    isObject(ctx.response.json.value as Json) &&
    pinnedFields(ctx.target, documented(ctx)).length > 0,
  run(ctx) {
    const pinned = pinnedFields(ctx.target, documented(ctx));
    const body = (ctx.response.json as { value: JsonObject }).value;
    const missing = pinned.filter(([name]) => !(name in body)).map(([name]) => name);
    if (missing.length === 0) return;
    fail({
      expected: `a body with ${preview(Object.fromEntries(pinned))}`,
      received: `no ${missing.join(', ')} in ${preview(body)}`,
      path: `/${missing[0]}`,
      inferred: documented(ctx)?.inferred?.reason ?? infrastructureAnswer(ctx),
    });
  },
};

/**
 * A `nullable` `allOf: [$ref]` fails as "must be null" and "must match a schema in anyOf" beside the
 * real violation at the same path: only the real one is worth reading.
 */
function withoutNullableNoise<V extends { path: string; keyword: string; schemaPath: string }>(violations: V[]): V[] {
  const noise = (v: V) => v.keyword === 'anyOf' || (v.keyword === 'type' && /\/anyOf\/\d+\/type$/.test(v.schemaPath));
  return violations.filter((v) => !noise(v) || !violations.some((o) => o !== v && o.path === v.path && !noise(o)));
}

/** An enum violation, naming the documented members apart from those only `x-inferred-enum` adds. */
function enumMessage(ctx: CheckContext, root: Json | undefined, path: string): string | null {
  let node = schemaAt(ctx.target.spec.doc, root, path).node;
  if (node && !Array.isArray(node.enum) && Array.isArray(node.allOf) && node.allOf.length === 1) {
    const inner = deref(ctx.target.spec.doc, node.allOf[0], '').node;
    node = isObject(inner) ? inner : undefined;
  }
  if (!node || !Array.isArray(node.enum)) return null;
  const inferred = inferredEnumValues(node).map((v) => JSON.stringify(v));
  const documented = node.enum.map((v) => JSON.stringify(v)).filter((v) => !inferred.includes(v));
  return `must be one of ${documented.join(', ')}${inferred.length ? ` (or, inferred from the vendor's published spec, ${inferred.join(', ')})` : ''}`;
}

function schemaName(ctx: CheckContext, response: ResponseInfo): string {
  const root = responseSchema(ctx.target.spec, response);
  if (isObject(root) && typeof root.$ref === 'string') return root.$ref.replace(/^.*\//, '');
  if (isObject(root) && isObject(root.items) && typeof root.items.$ref === 'string')
    return `array of ${root.items.$ref.replace(/^.*\//, '')}`;
  return 'inline schema';
}

export const RESPONSE_CHECKS = [
  responseReceived,
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  pinnedBodyFields,
];
