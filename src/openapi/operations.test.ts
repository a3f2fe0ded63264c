// The operation reader's response headers: a declared header's name must be an HTTP field name, or the spec is
// refused with a SpecError naming the header (the mock writes declared names into Access-Control-Expose-Headers).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from './types.js';
import { SpecError, toSpec } from './load.js';
import { getOperation } from './operations.js';

/** A one-operation document whose 200 declares `headers`. */
const withHeaders = (headers: JsonObject) =>
  toSpec('t', 't.yaml', '', {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/users': { get: { operationId: 'listUsers', responses: { '200': { description: 'ok', headers } } } } },
  });

describe('declared response headers', () => {
  it('names that are HTTP tokens are read, as spelled; Content-Type is left out', () => {
    const op = getOperation(withHeaders({ 'X-Total': { schema: { type: 'integer' } }, "Link!#$%&'*+.^_`|~": {}, 'content-type': {} }));
    expect(op.responses[0]!.headers.map((h) => h.name)).toEqual(['X-Total', "Link!#$%&'*+.^_`|~"]);
  });

  it.each(['X Total', 'X-Total:', 'X-Tötal', '', 'X-Total\r\nSet-Cookie', '(comment)'])(
    '%j is not a field name: a SpecError naming it',
    (name) => {
      expect(() => getOperation(withHeaders({ [name]: { schema: { type: 'string' } } }))).toThrow(SpecError);
      expect(() => getOperation(withHeaders({ [name]: {} }))).toThrow(/response header ".*" is not an HTTP field name/);
    },
  );
});
