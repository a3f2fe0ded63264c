import { isObject } from './load.js';
import type { Inferred, Json } from './types.js';

/** The `x-inferred` marker of a node: null when the node is documented. Throws on a half-written marker. */
export function inferredOf(node: Json | undefined, where = 'node'): Inferred | null {
  if (!isObject(node) || !('x-inferred' in node)) return null;
  const reason = node['x-inferred-reason'];
  if (node['x-inferred'] !== true || typeof reason !== 'string' || reason.trim() === '') {
    throw new Error(`${where}: x-inferred must be true and come with a non-empty x-inferred-reason`);
  }
  return { reason };
}

/** Values of an enum that the spec adds beyond the documentation (`x-inferred-enum`). */
export function inferredEnumValues(node: Json | undefined): Json[] {
  return isObject(node) && Array.isArray(node['x-inferred-enum']) ? node['x-inferred-enum'] : [];
}
