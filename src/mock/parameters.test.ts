/** The parameter reader: path parameters checked, query values typed by their schemas, defaults filled, the first invalid one named. */
import { describe, expect, it } from 'vitest';
import type { OperationInfo, ParameterInfo } from '../openapi/types.js';
import { parameterReader } from './parameters.js';

const op = (parameters: ParameterInfo[]) => ({ parameters }) as unknown as OperationInfo;
const PAGING: ParameterInfo[] = [
  { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9/-]+$' } },
  { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'per_page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
  { name: 'active', in: 'query', required: false, schema: { type: 'boolean' } },
  { name: 'role', in: 'query', required: false, schema: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } } },
];
const read = parameterReader(op(PAGING));

describe('parameterReader', () => {
  it('types query values by their schemas and fills in defaults; undeclared ones are ignored', () => {
    expect(read({ id: 'g/sub' }, 'page=3&active=false&role=a&role=b&other=x')).toEqual({
      query: { page: 3, per_page: 20, active: false, role: ['a', 'b'] },
      invalid: null,
    });
    expect(read({ id: 'g' }, '')).toEqual({ query: { page: 1, per_page: 20 }, invalid: null });
  });

  it('names the first value its schema refuses', () => {
    expect(read({ id: 'g' }, 'page=0').invalid).toBe('Invalid query parameter page: must be >= 1');
    expect(read({ id: 'g' }, 'per_page=101').invalid).toBe('Invalid query parameter per_page: must be <= 100');
    expect(read({ id: 'g' }, 'page=two').invalid).toBe('Invalid query parameter page: must be integer');
    expect(read({ id: 'g' }, 'page=1.5').invalid).toBe('Invalid query parameter page: must be integer');
    expect(read({ id: 'g' }, 'active=yes').invalid).toBe('Invalid query parameter active: must be boolean');
    expect(read({ id: 'g' }, 'role=c').invalid).toBe('Invalid query parameter role: must be equal to one of the allowed values');
    expect(read({ id: 'NOPE' }, 'page=0').invalid).toBe('Invalid id');
  });

  it('a required query parameter not sent is refused; a path uuid keeps its message', () => {
    const reader = parameterReader(
      op([
        { name: 'org', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'since', in: 'query', required: true, schema: { type: 'string' } },
      ]),
    );
    expect(reader({ org: '3f1c6f1e-0d5a-4f8e-9a53-2a8f0c6b9d11' }, '').invalid).toBe('Missing query parameter since');
    expect(reader({ org: 'x' }, 'since=1').invalid).toBe('Invalid UUID format');
    expect(reader({ org: '3f1c6f1e-0d5a-4f8e-9a53-2a8f0c6b9d11' }, 'since=1')).toEqual({ query: { since: '1' }, invalid: null });
  });

  it('an operation without query parameters reads none, whatever is sent', () => {
    expect(parameterReader(op([]))({}, 'page=1')).toEqual({ query: {}, invalid: null });
  });
});
