// The JSON report's flags and its coverage section (README, "The JSON report (`reportVersion` 4)":
// `strict, failOnSkip   the flags`; coverage = planned, sent, skipped, complete, per API the roles with
// expected and received status, the documented statuses exercised, `undocumented: [status]` received
// but not documented), and the pretty report's coverage table, on hand-built reports.
import { describe, expect, it } from 'vitest';
import { coverageOf, renderCoverage } from '../../../src/verify/report/coverage.js';
import { renderJson } from '../../../src/verify/report/json.js';
import { apiOf, caseOf, judged, runOf } from '../support/hand-report.js';

describe('the JSON report records the flags', () => {
  it('failOnSkip: false when not given, else as given; reportVersion 4', () => {
    const run = runOf([judged(apiOf('x', { cases: [caseOf('x/auth:none', 'passed')] }))]);
    expect(JSON.parse(renderJson(run))).toMatchObject({ reportVersion: 4, strict: false, failOnSkip: false, seed: null, only: null });
    expect(JSON.parse(renderJson({ ...run, failOnSkip: true, strict: true, seed: 9 }))).toMatchObject({
      strict: true,
      failOnSkip: true,
      seed: 9,
    });
    expect(JSON.parse(renderJson({ ...run, failOnSkip: false }))).toMatchObject({ failOnSkip: false });
  });
});

describe('coverage', () => {
  const roleCase = (id: string, outcome: 'passed' | 'failed' | 'skipped', more = {}) =>
    caseOf(id, outcome, { kind: 'role', role: id.split(':')[1]!, ...more });

  it('a role case without an expectation expects nothing (no crash), and counts as planned', () => {
    const run = runOf([
      judged(
        apiOf('x', {
          cases: [
            roleCase('x/role:A', 'passed', { expected: null }),
            roleCase('x/role:B', 'passed', { expected: { statuses: [200, 403], because: 'either' } }),
          ],
        }),
      ),
    ]);
    const coverage = coverageOf(run);
    expect(coverage.apis[0]!.roles[0]).toEqual({
      case: 'x/role:A',
      role: 'A',
      organization: null,
      expected: [],
      received: 200,
      outcome: 'passed',
      skipReason: null,
    });
    const table = renderCoverage(coverage);
    const row = table.find((line) => /^\s+A\s/.test(line))!;
    // the expected column is never empty (an empty cell would shift the columns)
    expect(row.trim().split(/\s{2,}/)).toEqual(['A', '-', '-', '200', 'passed']);
    // two statuses allowed: both, apart
    const both = table.find((line) => /^\s+B\s/.test(line))!;
    expect(both.trim().split(/\s{2,}/)[2]).toMatch(/^200\D+403$/);
  });

  it('undocumented statuses received: each once, in numeric order', () => {
    const cases = [418, 302, 500, 418, 200].map((status, i) => caseOf(`x/auth:c${i}`, 'failed', { status }));
    const coverage = coverageOf(runOf([judged(apiOf('x', { cases }))]));
    expect(coverage.apis[0]!.undocumented).toEqual([302, 418, 500]);
    expect(coverage.apis[0]!.statuses).toEqual([{ status: 200, inferred: false, exercised: true, responses: 1 }]);
    const line = renderCoverage(coverage).find((l) => l.includes('documented statuses'))!;
    expect(line).toMatch(/undocumented\D*302, 418, 500/);
  });

  it('complete only when every planned case was sent', () => {
    const sent = runOf([judged(apiOf('x', { cases: [roleCase('x/role:A', 'passed')] }))]);
    expect(coverageOf(sent)).toMatchObject({ planned: 1, sent: 1, skipped: 0, complete: true });
    const notAll = runOf([judged(apiOf('x', { cases: [roleCase('x/role:A', 'passed'), roleCase('x/role:B', 'skipped')] }))]);
    expect(coverageOf(notAll)).toMatchObject({ planned: 2, sent: 1, skipped: 1, complete: false });
  });

  it('the table: sent of planned, skipped said only when some were; a role table only when the API has role cases', () => {
    const notAll = renderCoverage(
      coverageOf(runOf([judged(apiOf('x', { cases: [roleCase('x/role:A', 'passed'), roleCase('x/role:B', 'skipped')] }))])),
    );
    expect(notAll[0]).toMatch(/^Coverage: 1 of 2 planned cases sent, 1 skipped$/);
    const noRoles = renderCoverage(coverageOf(runOf([judged(apiOf('x', { cases: [caseOf('x/auth:none', 'passed')] }))])));
    expect(noRoles[0]).toMatch(/^Coverage: 1 of 1 planned cases sent$/);
    // API line, then straight to its documented statuses: no role header
    expect(noRoles).toHaveLength(3);
    expect(noRoles.join('\n')).not.toMatch(/role\s+organization/);
    expect(noRoles[2]).toMatch(/documented statuses: 200 ✓$/);
  });

  it('inferred documented statuses are marked and the mark explained; unexercised ones crossed', () => {
    const api = apiOf('x', {
      cases: [caseOf('x/auth:none', 'passed', { status: 401 })],
      documentedStatuses: [
        { status: 200, inferred: false },
        { status: 401, inferred: true },
      ],
    });
    const line = renderCoverage(coverageOf(runOf([judged(api)]))).at(-1)!;
    expect(line).toMatch(/200 ✗/);
    expect(line).toMatch(/401\* ✓/);
    expect(line).toMatch(/\(\* inferred\)/);
    expect(line).not.toContain('undocumented');
  });
});
