/** The JSON report (versioned: JSON_REPORT_VERSION). */
import type { CaseReport, CheckResult, RunReport } from '../types.js';
import { jsonSafe } from '../../util/visible.js';
import { coverageOf } from './coverage.js';
import { byCheck, countOf, exitCodeOf, notConfigured, responseTotals, totals } from './summary.js';

/**
 * Version of the JSON report's shape; bumped on any change of its field names. 2: one entry per
 * case (response) under `apis[].cases` with all the checks it failed, `summary.responses` and
 * `summary.checks`, top-level `coverage`, `seed`, `failOnSkip`, `error`, `apis[].hints`. 3: a finding's
 * own `title` (what happened, when the check's fixed title would not say it). 4: `notConfigured`, the
 * registered APIs the config has no section for (no longer in `apis` with every case skipped).
 */
export const JSON_REPORT_VERSION = 4;

/** The machine report: stable field names (documented in docs/verify-json-report.md). */
export function renderJson(report: RunReport): string {
  const doc = {
    tool: 'orgmock verify',
    reportVersion: JSON_REPORT_VERSION,
    strict: report.strict,
    failOnSkip: report.failOnSkip ?? false,
    seed: report.seed ?? null,
    only: report.only ?? null,
    exitCode: exitCodeOf(report),
    error: report.error ?? null,
    notConfigured: notConfigured(report),
    summary: {
      responses: responseTotals(report),
      checks: totals(report),
      requests: report.requests,
      durationMs: report.durationMs,
    },
    coverage: coverageOf(report),
    apis: report.apis.map((api) => ({
      api: api.api,
      baseUrl: api.baseUrl,
      operation: api.operation,
      summary: { responses: countOf(api.cases), checks: countOf(api.results) },
      hints: api.hints,
      notes: api.notes,
      checks: byCheck(api).map(({ check, counts }) => ({ ...check, summary: counts })),
      cases: api.cases.map(caseEntry),
    })),
  };
  // JSON.stringify escapes C0 controls; DEL, C1 and bidirectional overrides too, so no raw one reaches a terminal.
  return `${jsonSafe(JSON.stringify(doc, null, 2))}\n`;
}

function caseEntry(c: CaseReport) {
  return {
    key: c.id,
    label: c.label,
    kind: c.kind,
    role: c.role,
    organization: c.organization,
    outcome: c.outcome,
    expected: c.expected,
    status: c.status,
    durationMs: c.durationMs,
    failed: c.failed.map(finding),
    warned: c.warned.map(finding),
    passed: c.passed,
    skipReason: c.skipReason,
    curl: c.curl,
    response: c.response,
  };
}

function finding(r: CheckResult) {
  return {
    check: r.check,
    title: r.title ?? null,
    source: r.source,
    expected: r.expected ?? null,
    received: r.received ?? null,
    path: r.path ?? null,
    value: r.value ?? null,
    warnReason: r.warnReason ?? null,
  };
}
