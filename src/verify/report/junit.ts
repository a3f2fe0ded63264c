import type { CheckResult, RunReport } from '../types.js';
import { byCheck, countOf, describeCounts, totals } from './summary.js';

/** XML text: escaped, and without the control characters XML 1.0 forbids. */
const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const describe = (r: CheckResult) =>
  [
    `${r.caseLabel}${r.status !== undefined ? ` → ${r.status}` : ''}`,
    `  Expected: ${r.expected}`,
    `  Received: ${r.received}`,
    r.path !== undefined ? `  At: ${r.path || '(root)'}` : '',
    r.warnReason ? `  Why only a warning: ${r.warnReason}` : '',
    r.curl ? `  Reproduce: ${r.curl}` : '',
  ]
    .filter(Boolean)
    .join('\n');

/** JUnit XML: a testsuite per API operation, a testcase per check (its failures, warnings and skips inside). */
export function renderJunit(report: RunReport): string {
  const all = totals(report);
  const time = (report.durationMs / 1000).toFixed(3);
  const suites = report.apis.map((api) => {
    const checks = byCheck(api);
    const counts = countOf(api.results);
    const failedChecks = checks.filter((c) => c.counts.failed > 0).length;
    const skippedChecks = checks.filter((c) => c.results.length > 0 && c.counts.skipped === c.results.length).length;
    const name = `${api.api} ${api.operation.method} ${api.operation.path}`;
    const cases = checks.map(({ check, results, counts: c }) => {
      const body: string[] = [];
      const failed = results.filter((r) => r.outcome === 'failed');
      const warned = results.filter((r) => r.outcome === 'warned');
      if (failed.length)
        body.push(
          `      <failure message="${xml(`${check.title} (${failed.length})`)}" type="${check.source}">${xml(failed.map(describe).join('\n\n'))}</failure>`,
        );
      else if (results.length > 0 && c.skipped === results.length)
        body.push(`      <skipped message="${xml([...new Set(results.map((r) => r.reason ?? ''))].join('; '))}"/>`);
      const out = [describeCounts(c), ...warned.map((r) => `WARNING ${describe(r)}`)];
      body.push(`      <system-out>${xml(out.join('\n\n'))}</system-out>`);
      return `    <testcase classname="${xml(`${api.api}.${api.operation.operationId}`)}" name="${xml(`${check.id}: ${check.meaning}`)}" time="0">\n${body.join('\n')}\n    </testcase>`;
    });
    return [
      `  <testsuite name="${xml(name)}" tests="${checks.length}" failures="${failedChecks}" errors="0" skipped="${skippedChecks}" time="${time}">`,
      `    <properties><property name="baseUrl" value="${xml(api.baseUrl ?? '')}"/><property name="results" value="${xml(describeCounts(counts))}"/></properties>`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = report.apis.reduce((n, a) => n + a.checks.length, 0);
  const failures = report.apis.reduce((n, a) => n + byCheck(a).filter((c) => c.counts.failed > 0).length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="orgmock verify" tests="${tests}" failures="${failures}" errors="0" time="${time}" results="${xml(describeCounts(all))}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
