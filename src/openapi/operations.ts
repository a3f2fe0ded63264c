/** A spec's operations read out: parameters, responses, examples and role rules of each. */
import { deref, escapePointer, isObject, SpecError, type Spec } from './load.js';
import { inferredOf, readAccess, readOrdering } from './extensions.js';
import type { ExampleInfo, HeaderInfo, Json, JsonObject, OperationInfo, ParameterInfo, ResponseInfo } from './types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of a spec, with responses, examples, role rules and markers read out. */
export function listOperations(spec: Spec): OperationInfo[] {
  const ops: OperationInfo[] = [];
  for (const [path, item] of Object.entries(spec.doc.paths as JsonObject)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = `#/paths/${escapePointer(path)}/${method}`;
      ops.push(readOperation(spec, path, method, op, pointer, item));
    }
  }
  return ops;
}

/** The spec's operation with this id (or its only operation). */
export function getOperation(spec: Spec, operationId?: string): OperationInfo {
  const ops = listOperations(spec);
  const op = operationId ? ops.find((o) => o.operationId === operationId) : ops[0];
  if (!op) throw new SpecError(`${spec.name}: no operation ${operationId ?? ''}`.trim());
  return op;
}

function readOperation(
  spec: Spec,
  path: string,
  method: OperationInfo['method'],
  op: JsonObject,
  pointer: string,
  item: JsonObject,
): OperationInfo {
  const where = `${spec.name} ${method.toUpperCase()} ${path}`;
  const params = [...asArray(item.parameters), ...asArray(op.parameters)].map((p) => readParameter(spec, p, where));
  const responses = Object.entries(isObject(op.responses) ? op.responses : {})
    .filter(([code]) => /^\d{3}$/.test(code))
    .map(([code, raw]) => readResponse(spec, Number(code), raw, `${pointer}/responses/${code}`, where));
  return {
    operationId: str(op.operationId, `${method}${path}`),
    method,
    path,
    pointer,
    summary: str(op.summary, ''),
    parameters: params,
    responses,
    access: readAccess(op['x-access-control'], where),
    ordering: readOrdering(op['x-ordering']),
  };
}

function readParameter(spec: Spec, raw: Json, where: string): ParameterInfo {
  const { node } = deref(spec.doc, raw, '');
  if (!isObject(node) || typeof node.name !== 'string') throw new SpecError(`${where}: a parameter has no name`);
  const location = node.in;
  if (location !== 'path' && location !== 'query' && location !== 'header' && location !== 'cookie') {
    throw new SpecError(`${where}: parameter ${node.name} has no valid "in"`);
  }
  const schema = deref(spec.doc, node.schema, '').node;
  const typed = isObject(schema) ? schema : {};
  return { name: node.name, in: location, required: node.required === true, schema: typed, example: node.example ?? typed.example ?? null };
}

/** An HTTP field name: a token (RFC 9110 §5.1, §5.6.2). */
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A response's declared headers (`Content-Type` aside: OpenAPI ignores it there). */
function readHeaders(spec: Spec, raw: Json | undefined, where: string): HeaderInfo[] {
  if (!isObject(raw)) return [];
  return Object.entries(raw).flatMap(([name, value]) => {
    if (name.toLowerCase() === 'content-type') return [];
    if (!FIELD_NAME.test(name))
      throw new SpecError(`${where}: response header ${JSON.stringify(name.slice(0, 80))} is not an HTTP field name (RFC 9110 §5.1)`);
    const { node } = deref(spec.doc, value, '');
    if (!isObject(node)) throw new SpecError(`${where}: response header ${name} is not an object`);
    const schema = deref(spec.doc, node.schema, '').node;
    const typed = isObject(schema) ? schema : {};
    return [{ name, required: node.required === true, schema: typed, example: node.example ?? typed.example ?? null }];
  });
}

function readResponse(spec: Spec, status: number, raw: Json, pointer: string, where: string): ResponseInfo {
  const resolved = deref(spec.doc, raw, pointer);
  const res = resolved.node;
  if (!isObject(res)) throw new SpecError(`${where}: response ${status} is not an object`);
  const media = isObject(res.content) ? res.content['application/json'] : undefined;
  const mediaPointer = `${resolved.pointer}/content/application~1json`;
  const schema = isObject(media) && isObject(media.schema) ? media.schema : null;
  const examples: ExampleInfo[] = [];
  if (isObject(media) && isObject(media.examples)) {
    for (const [name, ex] of Object.entries(media.examples)) {
      const { node } = deref(spec.doc, ex, '');
      if (!isObject(node)) continue;
      examples.push({
        name,
        ...(typeof node.summary === 'string' ? { summary: node.summary } : {}),
        value: node.value ?? null,
        inferred: inferredOf(node, `${where} ${status} example ${name}`),
      });
    }
  } else if (isObject(media) && media.example !== undefined) {
    examples.push({ name: 'default', value: media.example, inferred: null });
  }
  return {
    status,
    description: str(res.description, ''),
    headers: readHeaders(spec, res.headers, `${where} ${status}`),
    schema,
    schemaPointer: schema ? `${mediaPointer}/schema` : null,
    examples,
    inferred: inferredOf(res, `${where} ${status}`),
  };
}

const asArray = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined, fallback: string) => (typeof v === 'string' ? v : fallback);
