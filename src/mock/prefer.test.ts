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

describe('readPreference: RFC 7240 parsing and the problem it answers to a mistake', () => {
  const usageError = (header: string, api = flashback): MockUsageError => {
    try {
      readPreference(header, api.operation);
    } catch (error) {
      if (error instanceof MockUsageError) return error;
      throw error;
    }
    throw new Error(`${header}: no MockUsageError`);
  };

  it('a preference without a value, or an unknown one, is ignored (RFC 7240 section 2)', () => {
    expect(readPreference('respond-async, codes', flashback.operation)).toBeNull();
    expect(readPreference('respond-async; code=403', flashback.operation)).toEqual({ status: 403, example: null, applied: 'code=403' });
  });

  it('a preference given twice: only the first counts (RFC 7240 section 2)', () => {
    expect(readPreference('code=403, code=500', flashback.operation)).toMatchObject({ status: 403 });
    expect(readPreference('code=500; code=403', flashback.operation)).toMatchObject({ status: 500 });
  });

  it('a quoted-string is a whole value: quotes inside a value are not stripped', () => {
    expect(readPreference('example="documented"', flashback.operation)).toMatchObject({ status: 200, example: { name: 'documented' } });
    for (const header of ['example=docu"mented"', 'example="docu"mented']) expect(usageError(header).status).toBe(400);
  });

  it('code is a three-digit status (RFC 9110 section 15): 0403 and 403.0 are refused', () => {
    for (const header of ['code=0403', 'code=403.0', 'code=4030']) {
      const error = usageError(header);
      expect(error.status).toBe(400);
      expect(error.title).toMatch(/\S/);
      expect(error.extra).toEqual({ documented: [200, 401, 403, 500] });
    }
  });

  it('the problem echoes a bounded part of what was sent, never all of it', () => {
    const long = '9'.repeat(5000);
    expect(usageError(`code=${long}`).message.length).toBeLessThan(200);
    expect(usageError(`example=${'x'.repeat(5000)}`).message.length).toBeLessThan(400);
  });

  it('an unknown example: the problem lists the examples available (name and status), all or of the code asked', () => {
    const error = usageError('example=missing');
    expect(error.title).toMatch(/\S/);
    expect(error.message).toMatch(/\S/);
    expect(error.extra).toEqual({
      available: ['documented (200)', 'unauthenticated (401)', 'documented (403)', 'documented (500)'],
    });
    expect(usageError('code=403, example=missing').extra).toEqual({ available: ['documented (403)'] });
  });
});
