/**
 * The document Dredd reads for a spec. Dredd 14 stops before running anything ("Required URI
 * parameter 'organization_id' has no example or default value") when a required path parameter has
 * no `example` on its Parameter Object; an `example` or `default` inside the parameter's schema is
 * not read. When a spec lacks one, Dredd gets a copy with a placeholder example added, nothing else
 * changed; the hooks replace the placeholder with the real id of each transaction.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { deref, escapePointer, isObject, type Spec } from '../openapi/load.js';
import { specFilePath } from '../openapi/load-file.js';
import type { Json, JsonObject } from '../openapi/types.js';

export interface DreddSpec {
  api: string;
  /** The file to hand to Dredd. */
  file: string;
  /** The spec's own file. */
  source: string;
  /** Path parameters that got a placeholder example; empty when `file` is the spec itself. */
  placeholders: { pointer: string; name: string; value: Json }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A value of the parameter's schema type that Dredd can put in the URI. */
export function placeholderFor(schema: JsonObject): Json {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]!;
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return true;
  return 'example';
}

/** Required path parameters without a Parameter Object `example`, with the pointer of each. */
export function pathParametersWithoutExample(spec: Spec): { pointer: string; name: string; schema: JsonObject }[] {
  const found = new Map<string, { pointer: string; name: string; schema: JsonObject }>();
  const paths = isObject(spec.doc.paths) ? spec.doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const lists: { list: Json | undefined; pointer: string }[] = [
      { list: item.parameters, pointer: `#/paths/${escapePointer(path)}/parameters` },
    ];
    for (const method of METHODS) {
      const op = item[method];
      if (isObject(op)) lists.push({ list: op.parameters, pointer: `#/paths/${escapePointer(path)}/${method}/parameters` });
    }
    for (const { list, pointer } of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((raw, i) => {
        const { node, pointer: at } = deref(spec.doc, raw, `${pointer}/${i}`);
        if (!isObject(node) || node.in !== 'path' || node.required !== true || 'example' in node) return;
        const schema = deref(spec.doc, node.schema, '').node;
        found.set(at, { pointer: at, name: String(node.name), schema: isObject(schema) ? schema : {} });
      });
    }
  }
  return [...found.values()];
}

/** The spec's own file when Dredd can read it as is, otherwise a copy in `dir` with placeholders. */
export function prepareDreddSpec(spec: Spec, dir: string): DreddSpec {
  const missing = pathParametersWithoutExample(spec);
  const source = specFilePath(spec);
  if (missing.length === 0) return { api: spec.name, file: source, source, placeholders: [] };
  const doc = parseDocument(spec.text);
  const placeholders = missing.map(({ pointer, name, schema }) => {
    const value = placeholderFor(schema);
    const keys = pointer
      .slice(2)
      .split('/')
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    doc.setIn([...keys, 'example'], value);
    return { pointer, name, value };
  });
  const file = join(dir, `${spec.name}.dredd.yaml`);
  writeFileSync(file, doc.toString());
  return { api: spec.name, file, source, placeholders };
}
