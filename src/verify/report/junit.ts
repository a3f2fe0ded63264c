/** The JUnit XML report: one test case per check per response. */
import type { ApiReport, CaseReport, CheckResult, RunReport } from '../types.js';
import { oneLine } from './pretty.js';
import { countOf, describeCounts, describeRun, notConfigured, notConfiguredLine, plural } from './summary.js';

/**
 * XML text: escaped, without the control characters XML 1.0 forbids, and without those it allows
 * that a terminal acts on (DEL, C1, bidirectional overrides): each is U+FFFD.
 */
const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const secondsOf = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(3);

function describe(api: ApiReport, r: CheckResult): string {
  const title = r.title ?? api.checks.find((k) => k.id === r.check)?.title ?? r.check;
  return [
    `${r.check}: ${title} [${r.source}]`,
    `  Expected: ${r.expected}`,
    `  Received: ${r.received}`,
    r.path !== undefined ? `  At: ${r.path || '(root)'}` : '',
    r.warnReason ? `  Why only a warning: ${r.warnReason}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function details(api: ApiReport, c: CaseReport, findings: CheckResult[], prefix = ''): string {
  return [
    ...findings.map((r) => `${prefix}${describe(api, r)}`),
    c.response ? `Response: ${c.response.contentType ?? 'no Content-Type'}, ${c.response.bytes} bytes: ${oneLine(c.response.preview)}` : '',
    c.curl ? `Reproduce: ${c.curl}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** JUnit XML: a testsuite per API operation, a testcase per case (one request) with its time; failures list every check it failed. */
export function renderJunit(report: RunReport): string {
  const time = secondsOf(report.durationMs);
  if (report.error) {
    const message = `${report.error.message} [${report.error.code}]`;
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="orgmock verify" tests="1" failures="0" errors="1" time="${time}">`,
      `  <testsuite name="orgmock verify" tests="1" failures="0" errors="1" skipped="0" time="${time}">`,
      `    <testcase classname="orgmock.verify" name="the run starts" time="0">`,
      `      <error message="${xml(message)}" type="${xml(report.error.code)}">${xml(`orgmock verify could not run: ${message}`)}</error>`,
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
  }
  const suites = report.apis.map((api) => {
    const counts = countOf(api.cases);
    const name = `${api.api} ${api.operation.method} ${api.operation.path}`;
    const suiteTime = secondsOf(api.cases.reduce((n, c) => n + (c.durationMs ?? 0), 0));
    const cases = api.cases.map((c) => {
      const body: string[] = [];
      if (c.outcome === 'failed') {
        const titles = c.failed.map((r) => r.check).join(', ');
        body.push(
          `      <failure message="${xml(`${plural(c.failed.length, 'check')} failed: ${titles}`)}" type="${xml([...new Set(c.failed.map((r) => r.source))].join(','))}">${xml(details(api, c, c.failed))}</failure>`,
        );
      } else if (c.outcome === 'skipped') body.push(`      <skipped message="${xml(c.skipReason ?? '')}"/>`);
      const out = [
        `${c.label}${c.status !== null ? ` → ${c.status}` : ''}; expected ${c.expected?.statuses.join(' or ') ?? '?'}`,
        c.warned.length ? details(api, c, c.warned, 'WARNING ') : '',
      ].filter(Boolean);
      if (c.outcome !== 'skipped') body.push(`      <system-out>${xml(out.join('\n\n'))}</system-out>`);
      return `    <testcase classname="${xml(`${api.api}.${api.operation.operationId}`)}" name="${xml(`${c.id} · ${c.label}`)}" time="${secondsOf(c.durationMs)}">\n${body.join('\n')}\n    </testcase>`;
    });
    return [
      `  <testsuite name="${xml(name)}" tests="${api.cases.length}" failures="${counts.failed}" errors="0" skipped="${counts.skipped}" time="${suiteTime}">`,
      `    <properties><property name="baseUrl" value="${xml(api.baseUrl ?? '')}"/><property name="checks" value="${xml(describeCounts(countOf(api.results)))}"/>${api.hints.map((h) => `<property name="hint" value="${xml(h)}"/>`).join('')}</properties>`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  // A registered API the config has no section for: an empty suite saying so (no test case, so nothing skipped).
  for (const api of notConfigured(report)) {
    suites.push(
      [
        `  <testsuite name="${xml(api)}" tests="0" failures="0" errors="0" skipped="0" time="0.000">`,
        `    <properties><property name="notConfigured" value="true"/></properties>`,
        `    <system-out>${xml(notConfiguredLine(api))}</system-out>`,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const all = report.apis.flatMap((a) => a.cases);
  const counts = countOf(all);
  const seed = report.seed === undefined ? '' : ` seed="${report.seed}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="orgmock verify" tests="${all.length}" failures="${counts.failed}" errors="0" skipped="${counts.skipped}" time="${time}"${seed} results="${xml(describeRun(report))}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
