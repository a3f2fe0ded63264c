// Issue 4: report snapshots for pretty, json and junit (fixed clock, fixed "unknown" UUID, port
// normalised); the JSON and JUnit reports parsed and read like a CI dashboard would.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledSpec } from '../../src/openapi/load.js';
import { renderJunit } from '../../src/verify/report/junit.js';
import { renderPretty } from '../../src/verify/report/pretty.js';
import type { CheckResult, RunReport } from '../../src/verify/types.js';
import { referenceConfig, startBackend, UNKNOWN_ORG, type RunningBackend } from './support/reference-backend.js';
import { runWithDeps, scratchDir, type JsonReport } from './support/run.js';
import { parseXml, type XmlElement } from './support/xml.js';

const scratch = scratchDir();
let backend: RunningBackend;
let configFile: string;

beforeAll(async () => {
  // One security failure, one documented failure, one inferred warning; some roles left without a token.
  backend = await startBackend((c, r, ref) => {
    if (c.api === 'flashback' && c.role === 'BILLING') return ref.list(c);
    if (c.api === 'superai' && r.status === 200) return { ...r, body: (r.body as object[]).slice().reverse() };
    if (c.api === 'flashback' && r.status === 200) {
      const body = structuredClone(r.body) as { data: Record<string, unknown>[] };
      body.data[0]!.orgRoleDescription = 'Member';
      return { ...r, body };
    }
    return r;
  });
  const config = referenceConfig(backend.url) as {
    flashback: { tokens: Record<string, string> };
    superai: { tokens: Record<string, string> };
  };
  delete config.flashback.tokens.ADMINISTRATOR;
  delete config.superai.tokens.integration;
  configFile = scratch.write('report.json', config);
});
afterAll(async () => {
  await backend?.close();
  scratch.cleanup();
});

const deps = { now: () => 1000, uuid: () => UNKNOWN_ORG };
/** The report's text, and how many requests the backend received while it ran. */
const reportWithRequests = async (reporter: string) => {
  const before = backend.requests.length;
  const run = await runWithDeps(['--config', configFile, '--reporter', reporter], deps, { cwd: scratch.dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  return { text: run.stdout.replaceAll(backend.url, 'http://127.0.0.1:PORT'), received: backend.requests.length - before };
};
const report = async (reporter: string) => (await reportWithRequests(reporter)).text;

/**
 * The JSON report without its passed results and null fields (the full one is 120 KB, too big to
 * review): the summary, and per check its counts and every result that is not a pass.
 */
const reviewable = (text: string) => {
  const doc = JSON.parse(text) as JsonReport;
  return `${JSON.stringify(
    {
      ...doc,
      apis: doc.apis.map((a) => ({
        ...a,
        checks: a.checks.map((c) => ({
          ...c,
          results: c.results
            .filter((r) => r.outcome !== 'passed')
            .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))),
        })),
      })),
    },
    null,
    2,
  )}\n`;
};

describe('snapshots', () => {
  it.each([
    ['pretty', 'txt', (t: string) => t],
    ['json', 'json', reviewable],
    ['junit', 'xml', (t: string) => t],
  ])('%s', async (reporter, ext, shown) => {
    const file = `__snapshots__/report.${reporter}.${ext}`;
    // Vitest writes a missing file snapshot on a local run; a deleted snapshot must fail instead
    // (create one on purpose with `npx vitest run -u`). In CI (CI=true) vitest writes none.
    const updating = (expect.getState().snapshotState as unknown as { _updateSnapshot?: string })._updateSnapshot === 'all';
    if (!updating) expect(existsSync(new URL(file, import.meta.url)), `${file} is missing; run vitest -u to create it`).toBe(true);
    const text = shown(await report(reporter));
    expect(text.length, 'small enough to review').toBeLessThan(40_000);
    await expect(text).toMatchFileSnapshot(file);
  });
});

describe('the JSON report', () => {
  it('has stable fields a CI can read', async () => {
    const { text, received } = await reportWithRequests('json');
    const doc = JSON.parse(text) as JsonReport & { tool: string; reportVersion: number; strict: boolean };
    expect(doc).toMatchObject({ tool: 'orgmock verify', reportVersion: 1, strict: false, exitCode: 1 });
    // What was sent, from README and the specs rather than from a run: README's six bad
    // credentials per API; Flashback one case per OrgRole with a token (4 of 5: no ADMINISTRATOR);
    // SuperAI three organizations for each role x-access-control allows (backoffice, org_admin)
    // and one for a denied role with a token (app_user), plus the malformed ids.
    const fbRoles = (loadBundledSpec('flashback').doc as any).components.schemas.OrgRole.enum.length;
    const saRules = (loadBundledSpec('superai').doc as any).paths['/admin/organizations/{organization_id}/users'].get['x-access-control']
      .rules as { roles: string[] }[];
    expect(saRules.flatMap((r) => r.roles).sort()).toEqual(['backoffice', 'org_admin']);
    const malformed = doc.apis[1]!.checks.find((c) => c.id === 'malformed_parameter_rejected')!.results.length;
    expect(malformed).toBeGreaterThanOrEqual(5);
    const planned = 6 + (fbRoles - 1) + 6 + (3 + 3 + 1) + malformed;
    expect(doc.summary.requests).toBe(planned);
    expect(received, 'the backend received what the report counts').toBe(planned);
    // Failures: BILLING let in (1), and the reversed SuperAI order in each 200 list of two or more
    // users: backoffice on its two customer organizations, org_admin on its own (3). Warnings: the
    // wrong orgRoleDescription in the 200s of WORKSPACES and OWNER (BILLING's list is unchanged).
    expect(doc.summary).toMatchObject({ failed: 1 + 3, warned: 2, durationMs: 0 });
    const skippedCases = doc.apis.flatMap((a) =>
      a.checks.flatMap((c) => c.results.filter((r) => r.outcome === 'skipped').map((r) => `${a.api}/${r.case}`)),
    );
    expect([...new Set(skippedCases)].sort()).toEqual([
      'flashback/role:ADMINISTRATOR',
      'superai/role:integration',
      'superai/role:publisher',
      'superai/role:worker',
    ]);
    expect(doc.summary.skipped).toBe(skippedCases.length);
    const denied = doc.apis[0]!.checks.find((c) => c.id === 'denied_role_rejected')!;
    expect(denied).toMatchObject({ source: 'security', summary: { passed: 1, failed: 1, warned: 0, skipped: 0 } });
    expect(denied.results.find((r) => r.outcome === 'failed')).toEqual({
      case: 'role:BILLING',
      label: 'role BILLING',
      outcome: 'failed',
      source: 'security',
      status: 200,
      expected: '403 (BILLING is in no x-access-control rule)',
      received: '200: the caller got data it must not see',
      path: null,
      value: null,
      warnReason: null,
      skipReason: null,
      curl: "curl -sS -i 'http://127.0.0.1:PORT/organization/users' -H 'Authorization: Bearer fb_b…(masked)'",
    });
    const description = doc.apis[0]!.checks.find((c) => c.id === 'flashback.role_description_matches')!;
    expect(description.results.filter((r) => r.outcome === 'warned').map((r) => [r.case, r.path])).toEqual([
      ['role:WORKSPACES', '/data/0/orgRoleDescription'],
      ['role:OWNER', '/data/0/orgRoleDescription'],
    ]);
    expect(doc.apis[1]!.notes).toEqual([
      'no token for integration (superai.tokens.integration)',
      'no token for worker (superai.tokens.worker)',
      'no token for publisher (superai.tokens.publisher)',
    ]);
  });
});

const all = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];

describe('the JUnit report', () => {
  it('is well-formed XML with a testcase per check, failures and skips where they belong', async () => {
    const root = parseXml(await report('junit'));
    expect(root.name).toBe('testsuites');
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual([
      'flashback GET /organization/users',
      'superai GET /admin/organizations/{organization_id}/users',
    ]);
    const cases = all(root, 'testcase');
    expect(Number(root.attributes.tests)).toBe(cases.length);
    expect(new Set(cases.map((c) => `${c.attributes.classname} ${c.attributes.name!.split(':')[0]}`)).size).toBe(cases.length);
    const failed = cases
      .filter((c) => c.children.some((x) => x.name === 'failure'))
      .map((c) => `${c.attributes.classname!.split('.')[0]}/${c.attributes.name!.split(':')[0]}`);
    expect(failed).toEqual(['flashback/denied_role_rejected', 'superai/list_ordering']);
    expect(Number(root.attributes.failures)).toBe(2);
    const failure = all(root, 'failure')[0]!;
    expect(failure.attributes).toEqual({ message: 'Access granted to a denied caller (1)', type: 'security' });
    expect(failure.text).toContain('Reproduce: curl -sS -i');
    const warned = cases.find((c) => c.attributes.name!.startsWith('flashback.role_description_matches'))!;
    expect(warned.children.map((c) => c.name)).toEqual(['system-out']);
    expect(warned.children[0]!.text).toMatch(/^0 passed, 0 failed, 2 warned, 1 skipped\n\nWARNING role WORKSPACES → 200/);
  });

  it('escapes < > & and quotes, and replaces the control characters XML 1.0 forbids', () => {
    const nasty = 'a<b>&c "d" \'e\' \u0000\u0001\u0008\u000b\u001f\ufffe tab\there\nline';
    const xml = renderJunit(syntheticReport([failedResult(nasty, 0)], nasty));
    const root = parseXml(xml); // throws on a raw < or & or an unknown entity
    const testcase = all(root, 'testcase')[0]!;
    expect(testcase.attributes.name).toBe(`denied_role_rejected: ${nasty.replace(/[\u0000-\u0008\u000b\u001f\ufffe]/g, '\ufffd')}`);
    const failure = all(root, 'failure')[0]!;
    expect(failure.text).toContain('Received: a<b>&c "d" \'e\' \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd tab\there\nline');
    // None of the forbidden characters reach the file.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
  });
});

/** A one-API report of one check with these results, for the reporters' own branches. */
function syntheticReport(results: CheckResult[], meaning = 'a denied caller gets no data'): RunReport {
  return {
    strict: false,
    requests: results.length,
    durationMs: 0,
    apis: [
      {
        api: 'flashback',
        baseUrl: 'http://127.0.0.1:1',
        operation: { operationId: 'listOrganizationUsers', method: 'GET', path: '/organization/users' },
        checks: [{ id: 'denied_role_rejected', title: 'Access granted to a denied caller', meaning, source: 'security' }],
        results,
        notes: [],
      },
    ],
  };
}
const failedResult = (received: string, i: number): CheckResult => ({
  check: 'denied_role_rejected',
  caseKey: `role:R${i}`,
  caseLabel: `role R${i}`,
  outcome: 'failed',
  source: 'security',
  status: 200,
  expected: '403',
  received,
});

describe('the pretty report', () => {
  it('shows the first 10 results of a check, then "… and N more" with their counts', () => {
    const results = Array.from({ length: 13 }, (_, i) => failedResult(`answer ${i + 1}`, i + 1));
    const text = renderPretty(syntheticReport(results));
    for (let i = 1; i <= 10; i++) expect(text).toContain(`    ${i}) role R${i} → 200`);
    expect(text).not.toContain('11) role R11');
    expect(text).not.toContain('answer 11');
    expect(text).toContain('    … and 3 more (0 passed, 13 failed, 0 warned, 0 skipped)');
  });

  it('shows every result of a check with exactly 10, and no "more" line', () => {
    const text = renderPretty(syntheticReport(Array.from({ length: 10 }, (_, i) => failedResult(`answer ${i + 1}`, i + 1))));
    expect(text).toContain('10) role R10 → 200');
    expect(text).not.toContain('more (');
  });
});
