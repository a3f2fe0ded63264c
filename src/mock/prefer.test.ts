import { describe, expect, it } from 'vitest';
import { flashback } from '../apis/flashback/index.js';
import { superai } from '../apis/superai/index.js';
import { MockUsageError } from './errors.js';
import { parseLatency } from './faults.js';
import { readPreference } from './prefer.js';

describe('readPreference', () => {
  const cases: [string, { header: string | undefined; want: unknown }][] = [
    ['no header', { header: undefined, want: null }],
    ['unrelated preferences are ignored', { header: 'return=minimal, wait=5', want: null }],
    ['code', { header: 'code=403', want: { status: 403, example: null, applied: 'code=403' } }],
    ['quoted, with spaces and case', { header: ' Code = "500" ', want: { status: 500, example: null, applied: 'code=500' } }],
    [
      'example alone',
      {
        header: 'example=documented',
        want: { status: 200, example: { name: 'documented', value: expect.any(Object) }, applied: 'example=documented' },
      },
    ],
    [
      'code and example',
      { header: 'code=403; example=documented', want: expect.objectContaining({ status: 403, applied: 'code=403, example=documented' }) },
    ],
  ];
  it.each(cases)('%s', (_n, { header, want }) => expect(readPreference(header, flashback.operation)).toEqual(want));

  it.each([
    ['code=404', flashback],
    ['code=2000', flashback],
    ['code=', flashback],
    ['example=missing', flashback],
    ['code=500, example=twoUsers', superai],
  ] as const)('%s → MockUsageError 400', (header, api) => {
    expect(() => readPreference(header, api.operation)).toThrow(MockUsageError);
  });
});

describe('parseLatency', () => {
  it.each([
    ['100', [100, 100]],
    ['50-300', [50, 300]],
    [' 0 - 5 ', [0, 5]],
    ['300-50', null],
    ['-5', null],
    ['fast', null],
    ['1-70000', null],
  ] as const)('%s', (text, want) => expect(parseLatency(text)).toEqual(want));
});
