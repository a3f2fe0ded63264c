/**
 * A made-up variant of Flashback for tests of the mock's adapters: a declared `page` query parameter and an `X-Page`
 * header on its 200 (example "1") whose value says which page the list was asked for ("none" when none was).
 */
import { APIS } from '../../src/apis/index.js';
import type { ApiDefinition } from '../../src/apis/types.js';

export const flashback = APIS.find((a) => a.name === 'flashback')!;

/** Flashback paging in name only; `examples: false` drops the 200's examples. */
export function pagedFlashback(options: { examples?: boolean } = {}): ApiDefinition {
  const op = flashback.operation;
  return {
    ...flashback,
    operation: {
      ...op,
      parameters: [...op.parameters, { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
      responses: op.responses.map((r) =>
        r.status === 200
          ? {
              ...r,
              headers: [{ name: 'X-Page', required: true, schema: { type: 'string' }, example: '1' }],
              examples: options.examples === false ? [] : r.examples,
            }
          : r,
      ),
    },
    mock: {
      ...flashback.mock,
      list: (users, organization, request) => ({
        ...flashback.mock.list(users, organization, request),
        headers: { 'X-Page': String(request.query.page ?? 'none') },
      }),
    },
  };
}
