// GitHub Actions: workflow commands (::error, ::warning) the runner turns into annotations, and a
// Markdown summary for $GITHUB_STEP_SUMMARY.
import type { ApiReport, CaseReport, RunReport } from '../types.js';
import { visible } from '../../util/visible.js';
import { coverageOf } from './coverage.js';
import { describeRun, exitCodeOf, failureReason, notConfigured, notConfiguredLine, responseTotals, seconds } from './summary.js';

/** A workflow command's message: %, CR and LF escaped (GitHub decodes them), every other control character shown as an escape. */
const data = (text: string) => visible(text, true).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
  // No control character of a backend's (ESC, CR, LF...) reaches the log raw: every message goes through
  // data(), so every line starts with orgmock's own text and no workflow command can be forged.
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
  for (const api of notConfigured(report)) out.push(command('notice', `orgmock verify ${api}: not configured`, notConfiguredLine(api)));
  const verdict = exitCodeOf(report) === 0 ? 'OK' : `FAILED (${failureReason(report)})`;
  out.push(`orgmock verify: ${describeRun(report)} · ${report.requests} requests · ${seconds(report.durationMs)} · ${verdict}`);
  return `${out.join('\n')}\n`;
}

/** Markdown cell text: pipes escaped, on one line, no HTML. */
const cell = (text: string) =>
  visible(text.replace(/\r?\n/g, ' ')).replace(/[|&<>]/g, (c) => (c === '|' ? '\\|' : c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/**
 * Text a backend wrote (findings, refusals), as Markdown that renders as that text: no HTML, image,
 * link, autolink, heading or emphasis; pipes escaped for tables; on one line.
 */
const md = (text: string) =>
  visible(text.replace(/\r?\n/g, ' ')).replace(/[\\`*_{}[\]()#+!|~:/.<>&-]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`,
  );

/** A fenced code block's fence: longer than any run of backticks in the text. */
const fenceFor = (text: string) => '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));

/** The job summary: verdict, counts, coverage per API, every failing response with its curl line. */
export function renderGithubSummary(report: RunReport): string {
  if (report.error) return `## orgmock verify: could not run\n\n${md(report.error.message)} \`${report.error.code}\`\n`;
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
          `| ${cell(row.role)} | ${cell(row.organization ?? '-')} | ${row.expected.join(' or ')} | ${row.received ?? '-'} | ${row.outcome}${row.skipReason ? `: ${md(row.skipReason)}` : ''} |`,
        );
      out.push('');
    }
    out.push(`Documented statuses: ${api.statuses.map((s) => `${s.status} ${s.exercised ? '✓' : '✗'}`).join(', ')}`, '');
  }
  for (const api of notConfigured(report)) out.push(`### ${api} · not configured`, '', md(notConfiguredLine(api)), '');
  const failing = report.apis.flatMap((api) => api.cases.filter((c) => c.outcome === 'failed').map((c) => ({ c })));
  if (failing.length) {
    out.push(`### Failures (${r.failed} responses)`, '');
    for (const { c } of failing) {
      out.push(`- **${cell(c.id)}** · ${cell(c.label)}${c.status !== null ? ` → ${c.status}` : ''}`);
      for (const f of c.failed) out.push(`  - \`${f.check}\`: expected ${md(f.expected ?? '')}; received ${md(f.received ?? '')}`);
      if (c.curl) {
        const curl = visible(c.curl);
        out.push('', `  ${fenceFor(curl)}sh`, `  ${curl}`, `  ${fenceFor(curl)}`);
      }
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
