/** Hand-built run reports for the reporters' in-process tests: every field set, overridable per test. */
import type { ApiReport, CaseReport, CheckInfo, CheckResult, RunReport, Source, Verdict } from '../../../src/verify/types.js';

export const checkInfo = (id: string, title: string, source: Source = 'documented'): CheckInfo => ({
  id,
  title,
  meaning: `${title} (meaning)`,
  source,
});

/** One check's verdict on one response. */
export const finding = (check: string, outcome: Verdict, more: Partial<CheckResult> = {}): CheckResult => ({
  check,
  caseKey: 'api/case',
  caseLabel: 'a case',
  outcome,
  source: 'documented',
  ...more,
});

/** One case (response); `outcome` alone gives a sent case with status 200 and nothing failed. */
export const caseOf = (id: string, outcome: Verdict, more: Partial<CaseReport> = {}): CaseReport => ({
  id,
  key: id.slice(id.indexOf('/') + 1),
  label: `case ${id}`,
  kind: 'auth',
  role: null,
  organization: null,
  outcome,
  expected: { statuses: [200], because: 'documented' },
  status: outcome === 'skipped' ? null : 200,
  durationMs: outcome === 'skipped' ? null : 10,
  failed: [],
  warned: [],
  passed: [],
  skipReason: null,
  curl: null,
  response: null,
  ...more,
});

export const apiOf = (api: string, more: Partial<ApiReport> = {}): ApiReport => ({
  api,
  baseUrl: `https://${api}.example.test`,
  operation: { operationId: `${api}ListUsers`, method: 'GET', path: '/users' },
  checks: [],
  results: [],
  cases: [],
  notes: [],
  hints: [],
  documentedStatuses: [{ status: 200, inferred: false }],
  ...more,
});

export const runOf = (apis: ApiReport[], more: Partial<RunReport> = {}): RunReport => ({
  strict: false,
  apis,
  requests: apis.reduce((n, a) => n + a.cases.filter((c) => c.outcome !== 'skipped').length, 0),
  durationMs: 1234,
  ...more,
});

/** A run that could not start: nothing checked, the error recorded. */
export const errorRun = (code: string, message: string): RunReport => runOf([], { error: { code, message }, requests: 0, durationMs: 0 });

/** The API with its check results derived from its cases: every failed, warned and passed check of each case. */
export const judged = (api: ApiReport): ApiReport => ({
  ...api,
  results: api.cases.flatMap((c) => [
    ...c.failed.map((r) => ({ ...r, caseKey: c.id, caseLabel: c.label })),
    ...c.warned.map((r) => ({ ...r, caseKey: c.id, caseLabel: c.label })),
    ...c.passed.map((check) => finding(check, 'passed', { caseKey: c.id, caseLabel: c.label })),
  ]),
});

/** A departure from an inferred part of a spec: a warning with its reason. */
export const inferredWarning = (): CheckResult =>
  finding('body_schema', 'warned', { source: 'inferred', expected: 'a string', received: 'a number', warnReason: 'read from an example' });
