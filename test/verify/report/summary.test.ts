// The counts, exit code and failure reason every reporter shares (src/verify/report/summary.ts), on
// hand-built reports. Expected values: README ("Exit codes: 0 no failure (warnings allowed), 1 a check
// failed (or, with --fail-on-skip, a planned case was skipped), 2 bad config or arguments or an
// unreachable base URL"; "a response failing 3 checks is 1 failed response and 3 failed checks").
import { describe, expect, it } from 'vitest';
import {
  describeCounts,
  describeRun,
  exitCodeOf,
  failureReason,
  notConfiguredLine,
  plural,
  responseTotals,
  seconds,
  totals,
} from '../../../src/verify/report/summary.js';
import { apiOf, caseOf, errorRun, finding, judged, runOf } from '../support/hand-report.js';

const failing = caseOf('x/role:A', 'failed', {
  failed: [finding('check_a', 'failed'), finding('check_b', 'failed'), finding('check_c', 'failed', { source: 'security' })],
});
const warning = caseOf('x/role:B', 'warned', { warned: [finding('check_a', 'warned')] });
const passing = caseOf('x/auth:none', 'passed', { passed: ['check_a'] });
const skipped = caseOf('x/role:C', 'skipped', { skipReason: 'no token for C' });

describe('exit codes (README)', () => {
  it('2 when the run could not start, whatever else', () => {
    expect(exitCodeOf(errorRun('E_CONFIG', 'bad config'))).toBe(2);
    expect(exitCodeOf({ ...runOf([judged(apiOf('x', { cases: [failing] }))]), error: { code: 'E_CONFIG', message: 'bad' } })).toBe(2);
  });

  it('1 when a check failed; warnings alone pass', () => {
    expect(exitCodeOf(runOf([judged(apiOf('x', { cases: [passing, failing] }))]))).toBe(1);
    expect(exitCodeOf(runOf([judged(apiOf('x', { cases: [passing, warning] }))]))).toBe(0);
  });

  it('a skipped planned case fails only with --fail-on-skip', () => {
    const withSkip = [judged(apiOf('x', { cases: [passing, skipped] }))];
    expect(exitCodeOf(runOf(withSkip))).toBe(0);
    expect(exitCodeOf(runOf(withSkip, { failOnSkip: false }))).toBe(0);
    expect(exitCodeOf(runOf(withSkip, { failOnSkip: true }))).toBe(1);
    // nothing skipped: --fail-on-skip has nothing to fail on
    expect(exitCodeOf(runOf([judged(apiOf('x', { cases: [passing] }))], { failOnSkip: true }))).toBe(0);
  });

  it('--fail-on-skip never lets a failed check pass: 1 with nothing skipped, and with skips too', () => {
    // README's CI recipe runs verify with --fail-on-skip: a failing backend must still fail the job.
    const failedOnly = [judged(apiOf('x', { cases: [passing, failing] }))];
    expect(exitCodeOf(runOf(failedOnly, { failOnSkip: true }))).toBe(1);
    expect(failureReason(runOf(failedOnly, { failOnSkip: true }))).toMatch(/\b1 response\b.*\b3 checks\b/);
    expect(exitCodeOf(runOf([judged(apiOf('x', { cases: [failing, skipped] }))], { failOnSkip: true }))).toBe(1);
  });
});

describe('why a run failed', () => {
  it('none when it passed, with or without --fail-on-skip', () => {
    expect(failureReason(runOf([judged(apiOf('x', { cases: [passing, warning] }))]))).toBeNull();
    expect(failureReason(runOf([judged(apiOf('x', { cases: [passing] }))], { failOnSkip: true }))).toBeNull();
    expect(failureReason(runOf([judged(apiOf('x', { cases: [passing, skipped] }))]))).toBeNull();
  });

  it('the error when the run could not start', () => {
    const reason = failureReason(errorRun('E_UNREACHABLE', 'connect ECONNREFUSED 127.0.0.1:9'))!;
    expect(reason).toContain('connect ECONNREFUSED 127.0.0.1:9');
    expect(reason).toMatch(/could not start/);
  });

  it('failed responses and checks counted apart: one response failing 3 checks', () => {
    const reason = failureReason(runOf([judged(apiOf('x', { cases: [passing, failing, warning] }))]))!;
    expect(reason).toMatch(/\b1 response\b/);
    expect(reason).toMatch(/\b3 checks\b/);
  });

  it('the skipped planned cases, naming --fail-on-skip', () => {
    const other = caseOf('x/role:D', 'skipped', { skipReason: 'no token for D' });
    const reason = failureReason(runOf([judged(apiOf('x', { cases: [passing, skipped, other] }))], { failOnSkip: true }))!;
    expect(reason).toMatch(/\b2 planned cases\b/);
    expect(reason).toContain('--fail-on-skip');
  });
});

describe('inconclusive cases (a backend that kept refusing) count as not covered for --fail-on-skip', () => {
  const refused = (id: string) => caseOf(id, 'inconclusive', { skipReason: '429 until the wait budget ran out' });

  it('only inconclusive: exit 1 and the reason with --fail-on-skip, 0 and none without', () => {
    const run = [judged(apiOf('x', { cases: [passing, refused('x/role:E'), refused('x/role:F')] }))];
    expect(exitCodeOf(runOf(run, { failOnSkip: true }))).toBe(1);
    expect(failureReason(runOf(run, { failOnSkip: true }))).toBe('2 cases inconclusive (--fail-on-skip)');
    expect(exitCodeOf(runOf(run))).toBe(0);
    expect(failureReason(runOf(run))).toBeNull();
  });

  it('skipped and inconclusive together: both named, in that order', () => {
    const run = [judged(apiOf('x', { cases: [passing, skipped, refused('x/role:E')] }))];
    expect(failureReason(runOf(run, { failOnSkip: true }))).toBe('1 planned case skipped, 1 case inconclusive (--fail-on-skip)');
    expect(failureReason(runOf([judged(apiOf('x', { cases: [passing, skipped] }))], { failOnSkip: true }))).toBe(
      '1 planned case skipped (--fail-on-skip)',
    );
  });

  it('an API without a config section is named, never counted', () => {
    expect(notConfiguredLine('acme')).toBe(
      'acme: not configured (the config has no "acme" section; `orgmock init` writes a starter config with one); not checked, not counted as skipped',
    );
  });
});

describe('counts', () => {
  const run = runOf([judged(apiOf('x', { cases: [passing, failing, warning, skipped] }))]);

  it('responses once each, checks one per result', () => {
    expect(responseTotals(run)).toEqual({ passed: 1, failed: 1, warned: 1, skipped: 1, inconclusive: 0 });
    expect(totals(run)).toEqual({ passed: 1, failed: 3, warned: 1, skipped: 0, inconclusive: 0 });
  });

  it('in words: every verdict with its number; inconclusive only when there are some', () => {
    const words = describeCounts({ passed: 1, failed: 2, warned: 3, skipped: 4, inconclusive: 0 });
    for (const part of ['1 passed', '2 failed', '3 warned', '4 skipped']) expect(words).toContain(part);
    expect(words).not.toContain('inconclusive');
    expect(describeCounts({ passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 5 })).toContain('5 inconclusive');
    const run2 = describeRun(run);
    expect(run2).toMatch(/responses: 1 passed, 1 failed/);
    expect(run2).toMatch(/checks: 1 passed, 3 failed/);
  });

  it('plurals and seconds', () => {
    expect(plural(1, 'response')).toBe('1 response');
    expect(plural(0, 'response')).toBe('0 responses');
    expect(plural(2, 'check')).toBe('2 checks');
    expect(seconds(1500)).toBe('1.50 s');
    expect(seconds(0)).toBe('0.00 s');
  });
});
