// The pretty report and the one-line summary on hand-built reports. Expected values: README ("pretty
// (a line per check, then every failing response with all the checks it failed, the start of its body
// and a `curl` line, then a coverage table)"; warnings fail only with --strict; every report records
// the seed), pretty.ts's documented limit (10 responses per API, then "… and N more"; the JSON report
// has them all), the verdicts (passed, failed, warned, skipped, inconclusive: 429/503 after every retry).
import { describe, expect, it } from 'vitest';
import { caseBlock, oneLine, renderPretty, renderSummaryLine } from '../../../src/verify/report/pretty.js';
import type { CaseReport } from '../../../src/verify/types.js';
import { apiOf, caseOf, checkInfo, errorRun, finding, judged, runOf } from '../support/hand-report.js';

const lines = (text: string) => {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
};

describe('a run that could not start', () => {
  it('says so with the message and code, and that it failed; the summary line too', () => {
    const run = errorRun('E_UNREACHABLE', 'connect ECONNREFUSED');
    const out = lines(renderPretty(run));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/could not run.*connect ECONNREFUSED.*E_UNREACHABLE/);
    expect(out[1]).toMatch(/^Result: FAILED/);
    const summary = renderSummaryLine(run);
    expect(summary).toMatch(/^orgmock verify: could not run.*connect ECONNREFUSED.*E_UNREACHABLE/);
    expect(summary).not.toContain('\n');
  });
});

describe('the one-line summary', () => {
  it('counts, requests, seconds and the verdict', () => {
    const ok = runOf([judged(apiOf('x', { cases: [caseOf('x/auth:none', 'passed', { passed: ['c'] })] }))], {
      requests: 4,
      durationMs: 3000,
    });
    const line = renderSummaryLine(ok);
    expect(line).toMatch(/^orgmock verify: responses: 1 passed, 0 failed/);
    expect(line).toMatch(/\b4 requests\b/);
    expect(line).toContain('3.00 s');
    expect(line).toMatch(/\bOK$/);
    const bad = runOf([judged(apiOf('x', { cases: [caseOf('x/role:A', 'failed', { failed: [finding('c', 'failed')] })] }))]);
    expect(renderSummaryLine(bad)).toMatch(/ FAILED \(1 response failed 1 check\)$/);
  });
});

describe('the report', () => {
  // one check per verdict, and one with nothing to judge
  const CHECKS = ['c_failed', 'c_warned', 'c_inconclusive', 'c_passed', 'c_skipped', 'c_none'].map((id) => checkInfo(id, `title of ${id}`));
  const r = (check: string, outcome: Parameters<typeof finding>[1]) => finding(check, outcome);
  const api = apiOf('x', {
    checks: CHECKS,
    notes: ['no token for S (x.tokens.S)'],
    hints: ['every answer was 404: check the base URL'],
    results: [
      r('c_failed', 'failed'),
      r('c_failed', 'passed'),
      r('c_warned', 'warned'),
      r('c_warned', 'passed'),
      r('c_inconclusive', 'inconclusive'),
      r('c_inconclusive', 'skipped'),
      r('c_passed', 'passed'),
      r('c_skipped', 'skipped'),
    ],
    cases: [
      caseOf('x/role:A', 'failed', { failed: [finding('c_failed', 'failed')], status: 500 }),
      caseOf('x/role:W', 'warned', { warned: [finding('c_warned', 'warned')] }),
      caseOf('x/role:I', 'inconclusive', { status: 503, skipReason: '503 after 3 retries' }),
      caseOf('x/role:S', 'skipped'),
    ],
  });
  // Rendered inside each test: Stryker attributes code run while tests are collected to none of them.
  const render = () => {
    const text = renderPretty(runOf([api], { strict: true, seed: 5 }));
    return { text, out: lines(text) };
  };

  it('opens with the flags and the seed; no seed when none was recorded', () => {
    const { out } = render();
    expect(out[0]).toMatch(/--strict on/);
    expect(out[0]).toMatch(/--seed 5\b/);
    const plain = lines(renderPretty(runOf([judged(apiOf('x'))])))[0]!;
    expect(plain).toMatch(/--strict off/);
    expect(plain).not.toContain('seed');
    expect(plain).toMatch(/--strict off$/);
  });

  it('names each API with its operation and base URL', () => {
    const { out } = render();
    expect(out).toContain('x · GET /users (xListUsers) · https://x.example.test');
    const noBase = lines(renderPretty(runOf([judged(apiOf('y', { baseUrl: null }))])));
    expect(noBase).toContain('y · GET /users (yListUsers)');
  });

  it('a line per check, its word the worst verdict it got, with its counts', () => {
    const { out } = render();
    const VERDICTS = ['passed', 'failed', 'warned', 'skipped', 'inconclusive'];
    const checkLines = Object.fromEntries(
      CHECKS.map(({ id }) => {
        const line = out.find((l) => l.trim().split(/\s+/)[1] === id || l.trim().split(/\s+/)[2] === id)!;
        return [id, line];
      }),
    );
    const word = (id: string) => checkLines[id]!.trim().split(/\s+/)[0]!;
    const verdictOf = (id: string) => VERDICTS.filter((v) => v.startsWith(word(id).toLowerCase()));
    // the word abbreviates the verdict: failure beats a warning, a warning beats inconclusive, ...
    expect(verdictOf('c_failed')).toEqual(['failed']);
    expect(verdictOf('c_warned')).toEqual(['warned']);
    expect(verdictOf('c_inconclusive')).toEqual(['inconclusive']);
    expect(verdictOf('c_passed')).toEqual(['passed']);
    expect(verdictOf('c_skipped')).toEqual(['skipped']);
    // nothing judged: no verdict's word, and words saying so
    expect(verdictOf('c_none')).toEqual([]);
    expect(word('c_none')).toMatch(/\S/);
    expect(checkLines.c_none).toMatch(/c_none\s+\S.*\S/);
    expect(checkLines.c_failed).toMatch(/c_failed\s+1 passed, 1 failed$/);
    expect(checkLines.c_inconclusive).toMatch(/c_inconclusive\s+1 skipped, 1 inconclusive$/);
    // the words are aligned: the ids start in one column
    const columns = new Set(CHECKS.map(({ id }) => checkLines[id]!.indexOf(id)));
    expect(columns.size).toBe(1);
  });

  it('notes and hints under their API', () => {
    const { out } = render();
    expect(out).toContain('  not checked: no token for S (x.tokens.S)');
    expect(out.some((l) => /^\s+hint\W+every answer was 404: check the base URL$/.test(l))).toBe(true);
  });

  it('failures, warnings and inconclusive responses each under their own heading, numbered', () => {
    const { text, out } = render();
    const at = (pattern: RegExp) => out.findIndex((l) => pattern.test(l));
    const failures = at(/^Failures \(1 response, 1 check\)$/);
    const warnings = at(/^Warnings \(1 response, 1 check\).*--strict/);
    const inconclusive = at(/^Inconclusive \(1 response\)/);
    expect(failures).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(failures);
    expect(inconclusive).toBeGreaterThan(warnings);
    expect(out[inconclusive]).toMatch(/429\/503/);
    expect(out[failures + 1]).toBe('');
    expect(out[failures + 2]).toMatch(/^ {2}1\) x\/role:A · case x\/role:A → 500$/);
    expect(out[warnings + 2]).toMatch(/^ {2}1\) x\/role:W · case x\/role:W → 200$/);
    expect(out[inconclusive + 1]).toBe('');
    expect(out[inconclusive + 2]).toMatch(/^ {2}1\) x\/role:I · case x\/role:I → 503$/);
    expect(out[inconclusive + 3]).toMatch(/^\s+Why\W+503 after 3 retries$/);
    // the skipped case is in no section
    expect(text).not.toMatch(/\d\) x\/role:S/);
  });

  it('no section for what did not happen', () => {
    const passing = renderPretty(runOf([judged(apiOf('x', { cases: [caseOf('x/auth:none', 'passed', { passed: ['c'] })] }))]));
    expect(passing).not.toMatch(/^(Failures|Warnings|Inconclusive)/m);
    expect(lines(passing).at(-1)).toBe('Result: OK');
    expect(lines(passing).at(-2)).toMatch(/^Summary: responses: 1 passed, 0 failed.* · \d+ requests · \d+\.\d\d s$/);
    expect(passing).toMatch(/^Coverage: 1 of 1 planned cases sent$/m);
  });

  it('ends with the summary and the verdict: FAILED with the reason', () => {
    const { out } = render();
    expect(out.at(-1)).toBe('Result: FAILED (1 response failed 1 check)');
  });
});

describe('"… and N more"', () => {
  const failing = (api: string, n: number): CaseReport[] =>
    Array.from({ length: n }, (_, i) => caseOf(`${api}/auth:c${i + 1}`, 'failed', { failed: [finding('c', 'failed')] }));
  const numbered = (text: string) => lines(text).flatMap((l) => /^ {2}(\d+)\) (\S+)/.exec(l)?.slice(1, 3) ?? []);

  it('10 failing responses of an API are all shown, with no "more" line', () => {
    const text = renderPretty(runOf([judged(apiOf('x', { cases: failing('x', 10) }))]));
    expect(numbered(text).filter((_, i) => i % 2 === 0)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(text).not.toMatch(/more/);
  });

  it('from the 11th: the first 10, then how many more for that API; numbering runs on across APIs', () => {
    const text = renderPretty(runOf([judged(apiOf('x', { cases: failing('x', 13) })), judged(apiOf('y', { cases: failing('y', 2) }))]));
    const shown = numbered(text);
    const ids = shown.filter((_, i) => i % 2 === 1);
    expect(ids).toEqual([...failing('x', 10).map((c) => c.id), 'y/auth:c1', 'y/auth:c2']);
    expect(shown.filter((_, i) => i % 2 === 0)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(text).toMatch(/… and 3 more x responses/);
    expect(text.match(/… and \d+ more/g)).toHaveLength(1);
  });
});

describe('one response', () => {
  const api = apiOf('x', { checks: [checkInfo('body_schema', 'Body does not match the schema', 'inferred')] });

  it('its request, every finding (title, source, expected, received, where and what), its body on one line, a curl line', () => {
    const block = caseBlock(
      api,
      caseOf('x/role:A', 'failed', {
        status: 200,
        failed: [finding('no_such_check', 'failed', { expected: '403', received: '200', path: '' })],
        warned: [
          finding('body_schema', 'warned', {
            source: 'inferred',
            expected: 'a string',
            received: 'a number',
            path: '/data/0/name',
            value: 42,
            warnReason: 'read from an example',
          }),
        ],
        response: { contentType: null, bytes: 30, preview: 'line1\nline2\u0001' },
        curl: "curl -sS -i 'https://x.example.test/users'",
      }),
      7,
    );
    const out = lines(block);
    expect(out[0]).toBe('  7) x/role:A · case x/role:A → 200');
    // failed: ✗; a check the API does not list is named by its id
    expect(out[1]).toMatch(/✗ no_such_check\W+no_such_check \[documented\]$/);
    expect(out[2]).toMatch(/Expected: 403$/);
    expect(out[3]).toMatch(/Received: 200$/);
    expect(out[4]).toMatch(/At: \S+$/); // the document's root, in words
    expect(out[5]).toMatch(/! body_schema\W+Body does not match the schema \[inferred\]$/);
    expect(out[8]).toMatch(/At: \/data\/0\/name\W+42$/);
    expect(out[9]).toMatch(/read from an example$/);
    expect(out[10]).toMatch(/^\s+Response: [^,\s][^,]*, 30 bytes: line1\\nline2\\x01$/);
    expect(out[11]).toMatch(/^\s+Reproduce: curl -sS -i 'https:\/\/x\.example\.test\/users'$/);
    expect(out).toHaveLength(12);
  });

  it('without status, response or curl: nothing invented', () => {
    const out = lines(caseBlock(api, caseOf('x/role:B', 'failed', { status: null, skipReason: 'ignored unless inconclusive' }), 1));
    expect(out).toEqual(['  1) x/role:B · case x/role:B']);
    const inconclusiveNoReason = lines(caseBlock(api, caseOf('x/role:I', 'inconclusive', { status: 429 }), 1));
    expect(inconclusiveNoReason).toEqual(['  1) x/role:I · case x/role:I → 429']);
  });

  it('an empty body: its type and size, no preview', () => {
    const out = lines(caseBlock(api, caseOf('x/role:C', 'failed', { response: { contentType: 'text/plain', bytes: 0, preview: '' } }), 1));
    expect(out[1]).toMatch(/^\s+Response: text\/plain, 0 bytes$/);
  });
});

describe('oneLine', () => {
  it('escapes newlines and every other control character, keeps the rest', () => {
    expect(oneLine('a\nb')).toBe('a\\nb');
    expect(oneLine('\u0000\u0001\t\r\u001f\u007f')).toBe('\\x00\\x01\\x09\\x0d\\x1f\\x7f');
    expect(oneLine('plain “text” é ~')).toBe('plain “text” é ~');
  });
});
