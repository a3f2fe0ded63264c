/** Counts and the exit code of a verify run, shared by every reporter. */
import type { ApiReport, CaseReport, CheckInfo, CheckResult, Verdict, RunReport } from '../types.js';

export type Counts = Record<Verdict, number>;

export function countOf(results: readonly { outcome: Verdict }[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}

/** Check results of the whole run. */
export const totals = (report: RunReport): Counts => countOf(report.apis.flatMap((a) => a.results));

/** Every case of the run, one per response (or skip). */
export const allCases = (report: RunReport): CaseReport[] => report.apis.flatMap((a) => a.cases);

/** Responses (cases) of the whole run by outcome: a response failing three checks counts once. */
export const responseTotals = (report: RunReport): Counts => countOf(allCases(report));

/**
 * 2 when the run could not start; 1 when any check failed (warnings allowed), or, with
 * --fail-on-skip, any planned case was skipped or left inconclusive (still refused 429/503); else 0.
 */
export function exitCodeOf(report: RunReport): 0 | 1 | 2 {
  if (report.error) return 2;
  if (totals(report).failed > 0) return 1;
  return report.failOnSkip && notCovered(report) > 0 ? 1 : 0;
}

/** Cases not judged: skipped, or inconclusive (the backend kept refusing); --fail-on-skip fails on them. */
const notCovered = (report: RunReport) => {
  const { skipped, inconclusive } = responseTotals(report);
  return skipped + inconclusive;
};

/** An API's results grouped by check, in the report's check order. */
export function byCheck(api: ApiReport): { check: CheckInfo; results: CheckResult[]; counts: Counts }[] {
  return api.checks.map((check) => {
    const results = api.results.filter((r) => r.check === check.id);
    return { check, results, counts: countOf(results) };
  });
}

export const describeCounts = (c: Counts) =>
  `${c.passed} passed, ${c.failed} failed, ${c.warned} warned, ${c.skipped} skipped${c.inconclusive ? `, ${c.inconclusive} inconclusive` : ''}`;

/** `responses: 20 passed, 1 failed, … · checks: 150 passed, 3 failed, …` */
export const describeRun = (report: RunReport) =>
  `responses: ${describeCounts(responseTotals(report))} · checks: ${describeCounts(totals(report))}`;

/** `1 response`, `2 responses`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Registered APIs the config has no section for, each named once by every reporter (never a skipped case). */
export const notConfigured = (report: RunReport): string[] => report.notConfigured ?? [];

/** `acme: not configured (the config has no "acme" section; `orgmock init` writes a starter config)` */
export const notConfiguredLine = (api: string) =>
  `${api}: not configured (the config has no "${api}" section; \`orgmock init\` writes a starter config with one); not checked, not counted as skipped`;

/** Why the run failed, in words, when it did. */
export function failureReason(report: RunReport): string | null {
  if (report.error) return `the run could not start: ${report.error.message}`;
  const checks = totals(report);
  if (checks.failed > 0) return `${plural(responseTotals(report).failed, 'response')} failed ${plural(checks.failed, 'check')}`;
  const { skipped, inconclusive } = responseTotals(report);
  if (report.failOnSkip && skipped + inconclusive > 0) {
    const parts = [
      skipped ? `${plural(skipped, 'planned case')} skipped` : '',
      inconclusive ? `${plural(inconclusive, 'case')} inconclusive` : '',
    ];
    return `${parts.filter(Boolean).join(', ')} (--fail-on-skip)`;
  }
  return null;
}
