// The latency and error injection behind `--latency MIN-MAX` and `--error-rate P` (README "Forcing
// states"): every delay lies within MIN..MAX, and the share of injected 500s follows P.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { faults, parseLatency } from '../../src/mock/faults.js';

/** The delays `delay()` asks setTimeout for, without waiting for any of them. */
function drawDelays(latency: readonly [number, number], count: number, seed = 1): number[] {
  const delays: number[] = [];
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    fn();
    return 0 as unknown as NodeJS.Timeout;
  }) as typeof setTimeout);
  const f = faults({ latency, errorRate: 0, seed });
  for (let i = 0; i < count; i++) f.delay();
  return delays;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('latency', () => {
  it.each([
    [200, 800],
    [0, 50],
    [1000, 1001],
    [0, 60_000],
  ] as const)('--latency %i-%i: every one of 2,000 delays lies within the range, and the range is used', (min, max) => {
    const delays = drawDelays([min, max], 2000);
    expect(delays).toHaveLength(2000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(min);
    expect(Math.max(...delays)).toBeLessThanOrEqual(max);
    const spread = max - min;
    // Uniform over the range: 2,000 draws come within 2% of both ends.
    expect(Math.min(...delays)).toBeLessThan(min + spread * 0.02);
    expect(Math.max(...delays)).toBeGreaterThan(max - spread * 0.02);
  });

  it('--latency N delays every answer by exactly N', () => {
    expect(new Set(drawDelays([250, 250], 50))).toEqual(new Set([250]));
  });

  it('no latency sets no timer at all', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const f = faults({ latency: [0, 0], errorRate: 0, seed: 1 });
    expect(f.delay()).toBeUndefined();
    expect(spy).not.toHaveBeenCalled();
  });

  it('the same seed draws the same delays; another seed others', () => {
    const a = drawDelays([0, 1000], 20, 7);
    vi.restoreAllMocks();
    expect(drawDelays([0, 1000], 20, 7)).toEqual(a);
    vi.restoreAllMocks();
    expect(drawDelays([0, 1000], 20, 8)).not.toEqual(a);
  });

  it.each([
    ['200-800', [200, 800]],
    ['0', [0, 0]],
    ['300', [300, 300]],
    [' 5 - 10 ', [5, 10]],
    ['1.5-2.5', [1.5, 2.5]],
    ['1.25-2.75', [1.25, 2.75]],
    ['60000', [60_000, 60_000]],
  ])('parses %j', (text, want) => {
    expect(parseLatency(text)).toEqual(want);
  });
  it.each(['800-200', '60001', '0-60001', 'fast', '-5', '5-', '', '1-2-3'])('refuses %j', (text) => {
    expect(parseLatency(text)).toBeNull();
  });
});

describe('error rate', () => {
  const share = (errorRate: number, n = 10_000) => {
    const f = faults({ latency: [0, 0], errorRate, seed: 3 });
    let failed = 0;
    for (let i = 0; i < n; i++) if (f.shouldFail()) failed++;
    return failed / n;
  };
  it('0 never fails, 1 always fails', () => {
    expect(share(0)).toBe(0);
    expect(share(1)).toBe(1);
  });
  it.each([0.05, 0.2, 0.5, 0.9])('%f fails that share of 10,000 requests (within 2 points)', (rate) => {
    expect(Math.abs(share(rate) - rate)).toBeLessThan(0.02);
  });
});
