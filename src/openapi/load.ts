/** Loading a spec (the bundled ones by name) and walking its JSON: pointers, local $refs, SpecError. */
import { BUNDLED_SPECS } from '../generated/specs.js';
import { OrgmockError } from '../util/errors.js';
import type { Json, JsonObject } from './types.js';

/** A parsed OpenAPI document and where it came from. */
export interface Spec {
  /** Short name of the API, e.g. `flashback`. */
  name: string;
  /** The spec's file: absolute when read from disk, relative to the package root for a bundled spec (`openapi/<name>.yaml`). */
  file: string;
  text: string;
  doc: JsonObject;
  /** Path prefix of the first server URL, e.g. `/api` for `https://flows.super.ai/api`. */
  basePath: string;
}

/** A spec orgmock cannot read: its bundled specs are its own, so this is a bug of orgmock (exit 70). */
export class SpecError extends OrgmockError {
  override name = 'SpecError';
  constructor(message: string) {
    super(message, 'E_SPEC', { exit: 'bug' });
  }
}

/** A Spec from a parsed document; throws SpecError when it is not an OpenAPI document. */
export function toSpec(name: string, file: string, text: string, doc: unknown): Spec {
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !isObject(doc.paths)) {
    throw new SpecError(`${file} is not an OpenAPI document`);
  }
  return { name, file, text, doc, basePath: serverBasePath(doc) };
}

/**
 * Loads one of the project's own specs by API name (`openapi/<name>.yaml`), from the generated
 * module `src/generated/specs.ts` (`npm run generate`): no file system, so it works in every
 * runtime. Every call gets its own copy of the document. Specs on disk: `loadSpec` in `./load-file.ts` (Node).
 */
export function loadBundledSpec(name: string): Spec {
  const source = BUNDLED_SPECS[name];
  if (!source) throw new SpecError(`no bundled spec named "${name}" (known: ${Object.keys(BUNDLED_SPECS).join(', ')})`);
  return toSpec(name, source.file, source.text, JSON.parse(source.json) as unknown);
}

function serverBasePath(doc: JsonObject): string {
  const servers = doc.servers;
  const first = Array.isArray(servers) && isObject(servers[0]) ? servers[0].url : undefined;
  if (typeof first !== 'string') return '';
  const path = new URL(first, 'http://localhost').pathname.replace(/\/+$/, '');
  return path === '/' ? '' : path;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one JSON pointer segment. */
export const escapePointer = (segment: string | number) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/** Reads the node at a local JSON pointer (`#/a/b`). */
export function atPointer(doc: Json, pointer: string): Json | undefined {
  if (!pointer.startsWith('#')) throw new SpecError(`only local references are supported: ${pointer}`);
  let node: Json | undefined = doc;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Follows `$ref`s until a node that is not one; returns it with its pointer. */
export function deref(doc: JsonObject, node: Json | undefined, pointer: string): { node: Json | undefined; pointer: string } {
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new SpecError(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    pointer = node.$ref;
    node = atPointer(doc, pointer);
  }
  return { node, pointer };
}
