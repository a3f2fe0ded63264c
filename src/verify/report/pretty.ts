/** The human-readable report, and the one-line summary printed with --output. */
import { preview } from '../../contract/failure.js';
import type { ApiReport, CaseReport, CheckResult, RunReport } from '../types.js';
import { visibleDeep } from '../../util/visible.js';
import { coverageOf, renderCoverage } from './coverage.js';
import {
  byCheck,
  describeRun,
  exitCodeOf,
  failureReason,
  notConfigured,
  notConfiguredLine,
  plural,
  responseTotals,
  seconds,
  totals,
} from './summary.js';

/** Failing (or warning) responses shown per API; the JSON report has them all. */
const SHOWN_PER_API = 10;

/** The human report: per API a line per check, every failing response with all its failed checks, coverage, summary. */
export function renderPretty(given: RunReport): string {
  // What a backend wrote (keys, values, headers) cannot drive the terminal: control characters shown as escapes.
  const report = visibleDeep(given);
  if (report.error) return `${runErrorLines(report).join('\n')}\n`;
  const seed = report.seed === undefined ? '' : ` · --seed ${report.seed}`;
  const out: string[] = [`orgmock verify · --strict ${report.strict ? 'on' : 'off'}${seed}`, ''];
  const failures = section();
  const warnings = section();
  const refused = section();
  for (const api of report.apis) {
    const { method, path, operationId } = api.operation;
    out.push(`${api.api} · ${method} ${path} (${operationId})${api.baseUrl ? ` · ${api.baseUrl}` : ''}`);
    for (const { check, counts } of byCheck(api)) {
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
    }
    for (const note of api.notes) out.push(`  not checked: ${note}`);
    for (const hint of api.hints) out.push(`  hint: ${hint}`);
    out.push('');
    addResponses(
      failures,
      api,
      api.cases.filter((c) => c.outcome === 'failed'),
    );
    addResponses(
      warnings,
      api,
      api.cases.filter((c) => c.outcome === 'warned'),
    );
    addResponses(
      refused,
      api,
      api.cases.filter((c) => c.outcome === 'inconclusive'),
    );
  }
  for (const api of notConfigured(report)) out.push(notConfiguredLine(api), '');
  const r = responseTotals(report);
  const c = totals(report);
  if (failures.numbered) out.push(`Failures (${plural(r.failed, 'response')}, ${plural(c.failed, 'check')})`, '', ...failures.blocks);
  if (warnings.numbered)
    out.push(
      `Warnings (${plural(r.warned, 'response')}, ${plural(c.warned, 'check')}): departures from x-inferred parts of the specs; they fail with --strict`,
      '',
      ...warnings.blocks,
    );
  if (refused.numbered)
    out.push(
      `Inconclusive (${plural(r.inconclusive, 'response')}): the backend kept refusing (429/503) after every retry; neither passed nor failed`,
      '',
      ...refused.blocks,
    );
  out.push(...renderCoverage(coverageOf(report)), '');
  out.push(`Summary: ${describeRun(report)} · ${report.requests} requests · ${seconds(report.durationMs)}`);
  out.push(result(report));
  return `${out.join('\n')}\n`;
}

const result = (report: RunReport) => (exitCodeOf(report) === 0 ? 'Result: OK' : `Result: FAILED (${failureReason(report)})`);

/** What every reporter says when the run could not start. */
export function runErrorLines(report: RunReport): string[] {
  return [`orgmock verify could not run: ${report.error!.message} [${report.error!.code}]`, 'Result: FAILED (nothing was checked)'];
}

/** A section's response blocks, numbered on across APIs, and how many responses it numbered so far. */
interface Section {
  blocks: string[];
  numbered: number;
}
const section = (): Section => ({ blocks: [], numbered: 0 });

/** An API's responses of a section: the first SHOWN_PER_API, then how many more. */
function addResponses(to: Section, api: ApiReport, cases: CaseReport[]): void {
  const shown = cases.slice(0, SHOWN_PER_API);
  to.blocks.push(...shown.map((c, i) => caseBlock(api, c, to.numbered + i + 1)));
  to.numbered += shown.length;
  if (cases.length > SHOWN_PER_API)
    to.blocks.push(`  … and ${cases.length - SHOWN_PER_API} more ${api.api} responses (--reporter json lists them all)\n`);
}

/** One response: its key (for --only), every check it failed or warned on, its body's start, a curl line. */
export function caseBlock(api: ApiReport, c: CaseReport, n: number): string {
  const lines = [`  ${n}) ${c.id} · ${c.label}${c.status !== null ? ` → ${c.status}` : ''}`];
  for (const r of [...c.failed, ...c.warned]) lines.push(...findingLines(api, r));
  if (c.outcome === 'inconclusive' && c.skipReason) lines.push(`     Why: ${c.skipReason}`);
  if (c.response) {
    const type = c.response.contentType ?? 'no Content-Type';
    lines.push(`     Response: ${type}, ${c.response.bytes} bytes${c.response.preview ? `: ${oneLine(c.response.preview)}` : ''}`);
  }
  if (c.curl) lines.push(`     Reproduce: ${c.curl}`);
  return `${lines.join('\n')}\n`;
}

function findingLines(api: ApiReport, r: CheckResult): string[] {
  const title = r.title ?? api.checks.find((k) => k.id === r.check)?.title ?? r.check;
  const lines = [`     ${r.outcome === 'failed' ? '✗' : '!'} ${r.check} · ${title} [${r.source}]`];
  lines.push(`       Expected: ${r.expected}`);
  lines.push(`       Received: ${r.received}`);
  if (r.path !== undefined) lines.push(`       At: ${r.path || '(root)'}${'value' in r ? ` = ${preview(r.value)}` : ''}`);
  if (r.warnReason) lines.push(`       Why only a warning: ${r.warnReason}`);
  return lines;
}

/** A preview on one line: control characters and newlines escaped. */
export const oneLine = (text: string) =>
  text.replace(/[\u0000-\u001f\u007f]/g, (ch) => (ch === '\n' ? '\\n' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));

/** One line for the terminal when the report itself goes to a file. */
export function renderSummaryLine(given: RunReport): string {
  const report = visibleDeep(given);
  if (report.error) return `orgmock verify: could not run: ${report.error.message} [${report.error.code}]`;
  const unset = notConfigured(report).length ? ` · not configured: ${notConfigured(report).join(', ')}` : '';
  return `orgmock verify: ${describeRun(report)} · ${report.requests} requests · ${seconds(report.durationMs)}${unset} · ${exitCodeOf(report) === 0 ? 'OK' : `FAILED (${failureReason(report)})`}`;
}
