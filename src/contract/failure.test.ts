/** Tests of CheckFailure, `fail` and `preview`: what a report line shows of a failure and a value. */
import { describe, expect, it } from 'vitest';
import { CheckFailure, fail, preview } from './failure.js';

describe('CheckFailure and fail', () => {
  it('fail throws a CheckFailure carrying the details, its message the Received / Expected pair', () => {
    const details = { expected: 'a 403', received: 'a 200', path: '/0/id' };
    let thrown: unknown;
    try {
      fail(details);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CheckFailure);
    expect(thrown).toBeInstanceOf(Error);
    const failure = thrown as CheckFailure;
    expect(failure.name).toBe('CheckFailure');
    expect(failure.details).toBe(details);
    expect(failure.message).toBe('Received: a 200. Expected: a 403');
    expect(String(failure)).toBe('CheckFailure: Received: a 200. Expected: a 403');
  });
});

describe('preview', () => {
  it('renders a value as JSON', () => {
    expect(preview({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(preview('admin')).toBe('"admin"');
    expect(preview(null)).toBe('null');
  });

  it('names undefined and values JSON cannot render instead of printing nothing', () => {
    expect(preview(undefined)).toBe('undefined');
    expect(preview(() => 1)).toBe('() => 1');
    expect(preview(Symbol('s'))).toBe('Symbol(s)');
  });

  it('a value JSON refuses (a cycle, a BigInt) is shown as text, never thrown', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(preview(cyclic)).toBe('[object Object]');
    expect(preview(10n)).toBe('10');
  });

  it('cuts at the maximum (120 by default) and says how long the whole was', () => {
    const exact = 'x'.repeat(118); // 120 characters with its quotes: not cut
    expect(preview(exact)).toBe(`"${exact}"`);
    const long = 'y'.repeat(119); // 121 with its quotes
    expect(preview(long)).toBe(`"${'y'.repeat(119)}…(121 chars)`);
    expect(preview('abcdef', 4)).toBe('"abc…(8 chars)');
    expect(preview('ab', 4)).toBe('"ab"');
  });
});
