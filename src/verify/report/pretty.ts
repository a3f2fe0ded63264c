import { preview } from '../failure.js';
import type { CheckInfo, CheckResult, RunReport } from '../types.js';
import { byCheck, countOf, describeCounts, exitCodeOf, seconds, totals } from './summary.js';

const SHOWN_PER_CHECK = 10;

/** The human report: per API and operation a line per check, then every failure and warning grouped by check. */
export function renderPretty(report: RunReport): string {
  const out: string[] = [`orgmock verify · --strict ${report.strict ? 'on' : 'off'}`, ''];
  const failures: string[] = [];
  const warnings: string[] = [];
  const inconclusive: string[] = [];
  for (const api of report.apis) {
    const { method, path, operationId } = api.operation;
    out.push(`${api.api} · ${method} ${path} (${operationId})${api.baseUrl ? ` · ${api.baseUrl}` : ''}`);
    for (const { check, results, counts } of byCheck(api)) {
      const word = counts.failed
        ? 'FAIL'
        : counts.warned
          ? 'WARN'
          : counts.inconclusive
            ? 'INC '
            : counts.passed
              ? 'PASS'
              : counts.skipped
                ? 'SKIP'
                : 'N/A ';
      const parts = (['passed', 'failed', 'warned', 'skipped', 'inconclusive'] as const)
        .filter((k) => counts[k] > 0)
        .map((k) => `${counts[k]} ${k}`);
      out.push(`  ${word}  ${check.id.padEnd(40)} ${parts.join(', ') || 'nothing to judge in the responses'}`);
      const failed = results.filter((r) => r.outcome === 'failed');
      const warned = results.filter((r) => r.outcome === 'warned');
      if (failed.length) failures.push(group(api.api, check, failed));
      if (warned.length) warnings.push(group(api.api, check, warned));
      const refused = results.filter((r) => r.outcome === 'inconclusive');
      if (refused.length) inconclusive.push(group(api.api, check, refused));
    }
    for (const note of api.notes) out.push(`  not checked: ${note}`);
    out.push('');
  }
  if (failures.length) out.push(`Failures (${totals(report).failed})`, '', ...failures);
  if (warnings.length)
    out.push(
      `Warnings (${totals(report).warned}): departures from x-inferred parts of the specs; they fail with --strict`,
      '',
      ...warnings,
    );
  if (inconclusive.length)
    out.push(
      `Inconclusive (${totals(report).inconclusive}): the backend kept refusing these requests (429/503) after every retry; neither passed nor failed`,
      '',
      ...inconclusive,
    );
  out.push(`Summary: ${describeCounts(totals(report))} · ${report.requests} requests · ${seconds(report.durationMs)}`);
  out.push(exitCodeOf(report) === 0 ? 'Result: OK' : 'Result: FAILED');
  return `${out.join('\n')}\n`;
}

function group(api: string, check: CheckInfo, results: CheckResult[]): string {
  const lines = [`  ${api} · ${check.id} · ${check.title} [${check.source}]`, `    ${check.meaning}`];
  results.slice(0, SHOWN_PER_CHECK).forEach((r, i) => {
    lines.push(`    ${i + 1}) ${r.caseLabel}${r.status !== undefined ? ` → ${r.status}` : ''}`);
    lines.push(`       Expected: ${r.expected}`);
    lines.push(`       Received: ${r.received}`);
    if (r.path !== undefined) lines.push(`       At: ${r.path || '(root)'}${'value' in r ? ` = ${preview(r.value)}` : ''}`);
    if (r.warnReason) lines.push(`       Why only a warning: ${r.warnReason}`);
    if (r.outcome === 'inconclusive' && r.reason) lines.push(`       Why: ${r.reason}`);
    if (r.curl) lines.push(`       Reproduce: ${r.curl}`);
  });
  if (results.length > SHOWN_PER_CHECK)
    lines.push(`    … and ${results.length - SHOWN_PER_CHECK} more (${describeCounts(countOf(results))})`);
  return `${lines.join('\n')}\n`;
}

/** One line for the terminal when the report itself goes to a file. */
export function renderSummaryLine(report: RunReport): string {
  return `orgmock verify: ${describeCounts(totals(report))} · ${report.requests} requests · ${seconds(report.durationMs)} · ${exitCodeOf(report) === 0 ? 'OK' : 'FAILED'}`;
}
