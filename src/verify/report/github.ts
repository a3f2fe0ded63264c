// GitHub Actions: workflow commands (::error, ::warning) the runner turns into annotations, and a
// Markdown summary for $GITHUB_STEP_SUMMARY.
import type { ApiReport, CaseReport, RunReport } from '../types.js';
import { coverageOf } from './coverage.js';
import { describeRun, exitCodeOf, failureReason, responseTotals, seconds } from './summary.js';

/** A workflow command's message: %, CR and LF escaped. */
const data = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value: also : and , escaped. */
const property = (text: string) => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const command = (kind: 'error' | 'warning' | 'notice', title: string, message: string) =>
  `::${kind} title=${property(title)}::${data(message)}`;

function caseMessage(api: ApiReport, c: CaseReport): string {
  const findings = [...c.failed, ...c.warned].map((r) => {
    const title = r.title ?? api.checks.find((k) => k.id === r.check)?.title ?? r.check;
    return `${r.outcome === 'failed' ? '✗' : '!'} ${r.check} (${title}, ${r.source}): expected ${r.expected}; received ${r.received}${r.warnReason ? `; only a warning: ${r.warnReason}` : ''}`;
  });
  return [
    `${c.label}${c.status !== null ? ` → ${c.status}` : ''}`,
    ...findings,
    c.response ? `Response: ${c.response.preview}` : '',
    c.curl ? `Reproduce: ${c.curl}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Workflow commands: an ::error per failing response, a ::warning per warning response and per hint, then the summary line. */
export function renderGithub(report: RunReport): string {
  if (report.error) return `${command('error', 'orgmock verify could not run', `${report.error.message} [${report.error.code}]`)}\n`;
  const out: string[] = [];
  for (const api of report.apis) {
    for (const c of api.cases) {
      if (c.outcome === 'failed') out.push(command('error', `orgmock verify ${c.id}`, caseMessage(api, c)));
      if (c.outcome === 'warned') out.push(command('warning', `orgmock verify ${c.id}`, caseMessage(api, c)));
    }
    for (const hint of api.hints) out.push(command('warning', `orgmock verify ${api.api}: base URL`, hint));
    const skipped = api.cases.filter((c) => c.outcome === 'skipped').length;
    if (skipped > 0) {
      const why = `${skipped} of ${api.cases.length} planned cases were not sent: ${api.notes.join('; ')}`;
      out.push(command(report.failOnSkip ? 'error' : 'notice', `orgmock verify ${api.api}: cases skipped`, why));
    }
  }
  const verdict = exitCodeOf(report) === 0 ? 'OK' : `FAILED (${failureReason(report)})`;
  out.push(`orgmock verify: ${describeRun(report)} · ${report.requests} requests · ${seconds(report.durationMs)} · ${verdict}`);
  return `${out.join('\n')}\n`;
}

/** Markdown cell text: pipes escaped, on one line. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The job summary: verdict, counts, coverage per API, every failing response with its curl line. */
export function renderGithubSummary(report: RunReport): string {
  if (report.error) return `## orgmock verify: could not run\n\n${cell(report.error.message)} \`${report.error.code}\`\n`;
  const ok = exitCodeOf(report) === 0;
  const r = responseTotals(report);
  const out = [
    `## orgmock verify: ${ok ? '✅ OK' : `❌ FAILED (${failureReason(report)})`}`,
    '',
    `${describeRun(report)} · ${report.requests} requests · ${seconds(report.durationMs)}${report.seed === undefined ? '' : ` · \`--seed ${report.seed}\``}`,
    '',
  ];
  const coverage = coverageOf(report);
  for (const api of coverage.apis) {
    out.push(`### ${api.api} · \`${api.operation}\` · ${api.sent} of ${api.planned} cases sent`, '');
    if (api.roles.length) {
      out.push('| role | organization | expected | received | outcome |', '| --- | --- | --- | --- | --- |');
      for (const row of api.roles)
        out.push(
          `| ${cell(row.role)} | ${cell(row.organization ?? '-')} | ${row.expected.join(' or ')} | ${row.received ?? '-'} | ${row.outcome}${row.skipReason ? `: ${cell(row.skipReason)}` : ''} |`,
        );
      out.push('');
    }
    out.push(`Documented statuses: ${api.statuses.map((s) => `${s.status} ${s.exercised ? '✓' : '✗'}`).join(', ')}`, '');
  }
  const failing = report.apis.flatMap((api) => api.cases.filter((c) => c.outcome === 'failed').map((c) => ({ c })));
  if (failing.length) {
    out.push(`### Failures (${r.failed} responses)`, '');
    for (const { c } of failing) {
      out.push(`- **${cell(c.id)}** · ${cell(c.label)}${c.status !== null ? ` → ${c.status}` : ''}`);
      for (const f of c.failed) out.push(`  - \`${f.check}\`: expected ${cell(f.expected ?? '')}; received ${cell(f.received ?? '')}`);
      if (c.curl) out.push('', '  ```sh', `  ${c.curl}`, '  ```');
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
