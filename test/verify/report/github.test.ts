// The GitHub reporter on hand-built reports. Workflow commands are read back the way GitHub's runner
// reads them (docs.github.com, "Workflow commands for GitHub Actions"; @actions/core's command.ts):
// `::NAME key=value,key=value::message`, a message escaping `%`, CR and LF as %25, %0D, %0A, a
// property value also `:` and `,` as %3A and %2C. The job summary is Markdown (GitHub Flavored):
// headings, a table per API, a list of failing responses with their curl lines (README, "Reports").
import { describe, expect, it } from 'vitest';
import { renderGithub, renderGithubSummary } from '../../../src/verify/report/github.js';
import { apiOf, caseOf, checkInfo, errorRun, finding, inferredWarning, judged, runOf } from '../support/hand-report.js';

interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  message: string;
}

const ESCAPES: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' };
const unescapeCommand = (text: string) => text.replace(/%(25|0D|0A|3A|2C)/g, (m) => ESCAPES[m]!);

/** One line of the reporter's output as a workflow command, or null for a plain log line. */
function parseCommand(line: string): WorkflowCommand | null {
  if (!line.startsWith('::')) return null;
  // Property values escape ':' so the first '::' after the name ends them.
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`malformed workflow command: ${line}`);
  // A message escapes CR and LF; a property value also ':' and ','. A raw one would end or split it.
  expect(m[3]).not.toMatch(/[\r\n]/);
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeCommand(pair.slice(eq + 1));
  }
  return { name: m[1]!, properties, message: unescapeCommand(m[3]!) };
}

const lines = (text: string) => {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
};
const commands = (text: string) => lines(text).flatMap((l) => parseCommand(l) ?? []);

// Text with everything a workflow command must escape: %, CR, LF, ':' and ','.
const NASTY = 'a: 100%, b\r\nc%0A';

const CHECKS = [checkInfo('status_documented', 'Undocumented status'), checkInfo('body_schema', 'Body does not match the schema')];

const failed = caseOf('x/param:id=a,b', 'failed', {
  label: `role A ${NASTY}`,
  status: 500,
  failed: [
    finding('status_documented', 'failed', { expected: '200 or 403', received: `500 ${NASTY}` }),
    finding('no_such_check', 'failed', { source: 'security', expected: 'never 5xx', received: '500' }),
  ],
  response: { contentType: 'application/json', bytes: 12, preview: '{"error":1}' },
  curl: "curl -sS -i 'https://x.example.test/users'",
});
const warned = caseOf('x/role:W', 'warned', {
  status: 200,
  warned: [inferredWarning()],
});
const timedOut = caseOf('x/auth:slow', 'failed', {
  status: null,
  label: 'no answer',
  failed: [finding('status_documented', 'failed', { expected: 'a response', received: 'timeout' })],
});

describe('workflow commands', () => {
  it('a run that could not start: one ::error with the message and code, escaped', () => {
    const out = renderGithub(errorRun('E_CONFIG', `bad config ${NASTY}`));
    expect(lines(out)).toHaveLength(1);
    const [cmd] = commands(out);
    expect(cmd!.name).toBe('error');
    expect(cmd!.properties.title).toMatch(/could not run/);
    expect(cmd!.message).toContain(`bad config ${NASTY}`);
    expect(cmd!.message).toContain('E_CONFIG');
  });

  it('an ::error per failing response, a ::warning per warning one, none for the others; titles and messages escaped', () => {
    const api = judged(
      apiOf('x', {
        checks: CHECKS,
        cases: [caseOf('x/auth:none', 'passed'), failed, warned, caseOf('x/role:I', 'inconclusive'), timedOut],
      }),
    );
    const out = renderGithub(runOf([api]));
    const cmds = commands(out);
    expect(cmds.map((c) => c.name)).toEqual(['error', 'warning', 'error']);
    // the title names the case by its key (what --only takes), ':' and ',' escaped and read back
    expect(cmds[0]!.properties.title).toContain('x/param:id=a,b');
    expect(cmds[1]!.properties.title).toContain('x/role:W');

    const message = cmds[0]!.message.replaceAll(NASTY, 'NASTY').split('\n');
    // the request and what it got, each failed check, the response, the curl line: no empty line
    expect(message).toHaveLength(5);
    expect(message).not.toContain('');
    // CR and LF of the label come back as they were (the message splits at the LF)
    expect(cmds[0]!.message).toContain(`role A ${NASTY}`);
    expect(cmds[0]!.message).toMatch(/→ 500/);
    const [, first, second] = message;
    expect(first).toContain('status_documented');
    expect(first).toContain('Undocumented status'); // the check's title
    expect(first).toContain('200 or 403');
    expect(first).toContain('500 NASTY');
    // a check the API does not list is named by its id
    expect(second).toContain('no_such_check');
    expect(second).toContain('security');
    expect(second).toContain('never 5xx');
    expect(cmds[0]!.message).toContain('{"error":1}');
    expect(cmds[0]!.message).toContain("curl -sS -i 'https://x.example.test/users'");

    const warning = cmds[1]!.message.split('\n');
    // no response and no curl recorded: the request line and the finding only
    expect(warning).toHaveLength(2);
    expect(warning[0]).toMatch(/→ 200$/);
    expect(warning[1]).toContain('Body does not match the schema');
    expect(warning[1]).toContain('read from an example');

    // no status (no answer): the line does not pretend one
    expect(cmds[2]!.message.split('\n')).toHaveLength(2);
    expect(cmds[2]!.message.split('\n')[0]).toBe('no answer');
  });

  it('a ::warning per hint; skipped cases a ::notice, an ::error with --fail-on-skip', () => {
    const api = judged(
      apiOf('superai', {
        hints: [`every answer was 404: the base URL probably lacks /api ${NASTY}`],
        notes: ['no token for A (superai.tokens.A)', 'no token for B (superai.tokens.B)'],
        cases: [caseOf('superai/auth:none', 'passed'), caseOf('superai/role:A', 'skipped'), caseOf('superai/role:B', 'skipped')],
      }),
    );
    const notice = commands(renderGithub(runOf([api])));
    expect(notice.map((c) => c.name)).toEqual(['warning', 'notice']);
    expect(notice[0]!.message).toBe(`every answer was 404: the base URL probably lacks /api ${NASTY}`);
    expect(notice[0]!.properties.title).toContain('superai');
    expect(notice[1]!.properties.title).toContain('superai');
    expect(notice[1]!.properties.title).toMatch(/skipped/);
    expect(notice[1]!.message).toMatch(/\b2 of 3\b/);
    expect(notice[1]!.message).toContain('no token for A (superai.tokens.A); no token for B (superai.tokens.B)');

    const strict = commands(renderGithub(runOf([api], { failOnSkip: true })));
    expect(strict.map((c) => c.name)).toEqual(['warning', 'error']);
  });

  it('ends with the summary line: counts, requests, seconds, the verdict', () => {
    const passing = runOf([judged(apiOf('x', { cases: [caseOf('x/auth:none', 'passed', { passed: ['status_documented'] })] }))], {
      requests: 3,
      durationMs: 2500,
    });
    const last = lines(renderGithub(passing)).at(-1)!;
    expect(parseCommand(last)).toBeNull();
    expect(last).toMatch(/responses: 1 passed/);
    expect(last).toMatch(/\b3 requests\b/);
    expect(last).toContain('2.50 s');
    expect(last).toMatch(/\bOK$/);
    const failing = lines(renderGithub(runOf([judged(apiOf('x', { checks: CHECKS, cases: [failed] }))]))).at(-1)!;
    expect(failing).toMatch(/FAILED \(1 response failed 2 checks\)$/);
  });
});

/** The summary's blocks, split at blank lines, each as its lines. */
const blocks = (markdown: string) =>
  markdown
    .trimEnd()
    .split(/\n{2,}/)
    .map((b) => b.split('\n'));
/** A GFM table row's cells, `\|` kept inside a cell. */
const cells = (row: string) => {
  expect(row).toMatch(/^\| .* \|$/);
  return row
    .slice(2, -2)
    .split(/ (?<!\\)\| /)
    .map((c) => c.replace(/\\\|/g, '|'));
};

describe('the job summary (Markdown)', () => {
  it('a run that could not start: a heading, then the message on one line with its code', () => {
    const md = renderGithubSummary(errorRun('E_UNREACHABLE', 'no | answer\r\nfrom x\ny'));
    expect(md.endsWith('\n')).toBe(true);
    const [heading, body, ...rest] = blocks(md);
    expect(heading).toHaveLength(1);
    expect(heading![0]).toMatch(/^## .*could not run/);
    expect(body).toEqual(['no \\| answer from x y `E_UNREACHABLE`']);
    expect(rest).toEqual([]);
  });

  const roleCase = (id: string, outcome: 'passed' | 'failed' | 'skipped', more = {}) =>
    caseOf(id, outcome, { kind: 'role', role: id.split(':')[1]!.split('@')[0]!, ...more });

  const api = judged(
    apiOf('x', {
      checks: CHECKS,
      documentedStatuses: [
        { status: 200, inferred: false },
        { status: 403, inferred: false },
        { status: 500, inferred: true },
      ],
      cases: [
        roleCase('x/role:A|B', 'failed', {
          label: 'role A|B\nnext',
          organization: 'otherOrganizationId',
          expected: { statuses: [200, 403], because: 'rule' },
          status: 200,
          failed: [
            finding('status_documented', 'failed', { expected: 'x | y', received: 'z\nw' }),
            finding('body_schema', 'failed', { received: 'not JSON' }),
          ],
          curl: "curl -sS -i 'https://x.example.test/users'",
        }),
        roleCase('x/role:C', 'skipped', { skipReason: 'no token | for C', status: null }),
        roleCase('x/role:D', 'failed', { status: null, failed: [finding('status_documented', 'failed', { expected: 'an answer' })] }),
        caseOf('x/auth:none', 'warned', { status: 200, warned: [finding('body_schema', 'warned')] }),
      ],
    }),
  );

  it('a failing run: verdict, counts and seed, the coverage table, every failing response with its checks and curl', () => {
    const md = renderGithubSummary(runOf([api], { seed: 42, requests: 3, durationMs: 1500 }));
    expect(md.endsWith('\n')).toBe(true);
    const [heading, counts, apiHeading, table, statuses, failuresHeading, list, fence, ...rest] = blocks(md);
    expect(heading).toEqual([expect.stringMatching(/^## orgmock verify: .*FAILED \(2 responses failed 3 checks\)$/)]);
    expect(counts).toHaveLength(1);
    expect(counts![0]).toMatch(/responses: 0 passed, 2 failed, 1 warned, 1 skipped/);
    expect(counts![0]).toMatch(/\b3 requests\b/);
    expect(counts![0]).toContain('1.50 s');
    expect(counts![0]).toContain('`--seed 42`');
    expect(apiHeading).toEqual([expect.stringMatching(/^### x · `GET \/users` · 3 of 4 cases sent$/)]);

    // a GFM table: header, delimiter, one row per role case, all of five cells
    expect(cells(table![0]!)).toEqual(['role', 'organization', 'expected', 'received', 'outcome']);
    expect(cells(table![1]!)).toEqual(['---', '---', '---', '---', '---']);
    expect(table).toHaveLength(5);
    const [a, c, d] = table!.slice(2).map(cells);
    expect(a![0]).toBe('A|B');
    expect(a![1]).toBe('otherOrganizationId');
    expect(a![2]).toMatch(/^200\D+403$/);
    expect(a![3]).toBe('200');
    expect(a![4]).toBe('failed');
    expect(c![1]).toBe('-');
    expect(c![3]).toBe('-');
    expect(c![4]).toMatch(/^skipped\W+no token \| for C$/);
    expect(d![4]).toBe('failed');

    expect(statuses).toHaveLength(1);
    // each documented status apart, marked exercised (200) or not
    const marks = statuses![0]!.replace(/^\D*/, '').split(/,\s*/);
    expect(marks).toHaveLength(3);
    expect(marks[0]).toMatch(/^200 ✓$/);
    expect(marks[1]).toMatch(/^403 ✗$/);
    expect(marks[2]).toMatch(/^500 ✗$/);

    expect(failuresHeading).toEqual([expect.stringMatching(/^### Failures \(2 responses\)$/)]);
    // the failing responses only (not the warning), each with its failed checks, escaped onto one line
    expect(list![0]).toMatch(/^- \*\*x\/role:A\\\|B\*\* · role A\\\|B next → 200$/);
    expect(list![1]).toMatch(/^ {2}- `status_documented`: expected x \\\| y; received z w$/);
    // a finding without an expected value: nothing invented in its place
    expect(list![2]).toMatch(/^ {2}- `body_schema`: expected\s*; received not JSON$/);
    expect(list).toHaveLength(3);
    // the curl line fenced inside its item, then the next response
    expect(fence!.slice(0, 3)).toEqual(['  ```sh', "  curl -sS -i 'https://x.example.test/users'", '  ```']);
    // the response without curl: no fence; without a status: no arrow
    expect(fence!.slice(3)).toEqual([
      expect.stringMatching(/^- \*\*x\/role:D\*\* · case x\/role:D$/),
      expect.stringMatching(/^ {2}- `status_documented`: expected an answer; received\s*$/),
    ]);
    expect(rest).toEqual([]);
  });

  it('a passing run: OK, no seed when none was recorded, no role table without role cases, no failures section', () => {
    const ok = judged(apiOf('x', { cases: [caseOf('x/auth:none', 'passed', { passed: ['status_documented'] })] }));
    const md = renderGithubSummary(runOf([ok]));
    const b = blocks(md);
    expect(b[0]).toEqual([expect.stringMatching(/^## orgmock verify: .*\bOK$/)]);
    expect(b[1]).toHaveLength(1);
    expect(b[1]![0]).not.toContain('seed');
    expect(b[1]![0]).toMatch(/ s$/);
    expect(b[2]).toEqual([expect.stringMatching(/^### x · `GET \/users` · 1 of 1 cases sent$/)]);
    expect(b[3]).toEqual(['Documented statuses: 200 ✓']);
    expect(b).toHaveLength(4);
    expect(md).not.toContain('Failures');
  });
});
