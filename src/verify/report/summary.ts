import type { ApiReport, CheckInfo, CheckResult, Outcome, RunReport } from '../types.js';

export type Counts = Record<Outcome, number>;

export function countOf(results: readonly CheckResult[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}

export const totals = (report: RunReport): Counts => countOf(report.apis.flatMap((a) => a.results));

/** 1 when any check failed (warnings allowed), else 0. */
export const exitCodeOf = (report: RunReport): 0 | 1 => (totals(report).failed > 0 ? 1 : 0);

/** An API's results grouped by check, in the report's check order. */
export function byCheck(api: ApiReport): { check: CheckInfo; results: CheckResult[]; counts: Counts }[] {
  return api.checks.map((check) => {
    const results = api.results.filter((r) => r.check === check.id);
    return { check, results, counts: countOf(results) };
  });
}

export const describeCounts = (c: Counts) =>
  `${c.passed} passed, ${c.failed} failed, ${c.warned} warned, ${c.skipped} skipped${c.inconclusive ? `, ${c.inconclusive} inconclusive` : ''}`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
