import type { CheckResult, RunReport } from '../types.js';
import { byCheck, countOf, exitCodeOf, totals } from './summary.js';

/** Version of the JSON report's shape; bumped on any change of its field names (2: the `inconclusive` outcome and count). */
export const JSON_REPORT_VERSION = 2;

/** The machine report: stable field names, every result (passed ones included) under its check. */
export function renderJson(report: RunReport): string {
  const doc = {
    tool: 'orgmock verify',
    reportVersion: JSON_REPORT_VERSION,
    strict: report.strict,
    exitCode: exitCodeOf(report),
    summary: { ...totals(report), requests: report.requests, durationMs: report.durationMs },
    apis: report.apis.map((api) => ({
      api: api.api,
      baseUrl: api.baseUrl,
      operation: api.operation,
      summary: countOf(api.results),
      notes: api.notes,
      checks: byCheck(api).map(({ check, results, counts }) => ({ ...check, summary: counts, results: results.map(result) })),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function result(r: CheckResult) {
  return {
    case: r.caseKey,
    label: r.caseLabel,
    outcome: r.outcome,
    source: r.source,
    status: r.status ?? null,
    expected: r.expected ?? null,
    received: r.received ?? null,
    path: r.path ?? null,
    value: r.value ?? null,
    warnReason: r.warnReason ?? null,
    skipReason: r.reason ?? null,
    curl: r.curl ?? null,
  };
}
