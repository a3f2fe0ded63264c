// Report snapshots for every reporter (fixed clock, UUID and seed, port normalised, a few cases picked
// with --only so they stay small); the JSON, JUnit and GitHub reports read the way CI tools read them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TOKENS, referenceConfig, startBackend, UNKNOWN_ORG, type RunningBackend } from './support/reference-backend.js';
import { runWithDeps, scratchDir, type JsonReport } from './support/run.js';
import { parseXml, type XmlElement } from './support/xml.js';
import { APIS } from '../../src/apis/index.js';

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
  config.superai.tokens.backoffice = '$SA_BACKOFFICE_TOKEN';
  configFile = scratch.write('report.json', config);
});
afterAll(async () => {
  await backend?.close();
  scratch.cleanup();
});

// The reference backend's two APIs only: another registered API would be named as not configured in every snapshot.
const deps = { now: () => 1000, uuid: () => UNKNOWN_ORG, apis: APIS.filter((a) => a.name === 'flashback' || a.name === 'superai') };
const env = { SA_BACKOFFICE_TOKEN: 'sa_backoffice_token_0123456789abcdef' };
const SNAPSHOT_CASES = [
  'flashback/role:BILLING',
  'flashback/role:OWNER',
  'flashback/role:ADMINISTRATOR',
  'superai/auth:none',
  'superai/role:backoffice@otherOrganizationId',
].join(',');

const report = async (reporter: string, extra: string[] = []) => {
  const run = await runWithDeps(['--config', configFile, '--reporter', reporter, ...extra], deps, { cwd: scratch.dir, env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  for (const token of ALL_TOKENS) expect(run.stdout).not.toContain(token);
  return run.stdout.replaceAll(backend.url, 'http://127.0.0.1:PORT');
};

describe('snapshots', () => {
  it.each([
    ['pretty', 'txt'],
    ['json', 'json'],
    ['junit', 'xml'],
    ['github', 'txt'],
  ])('%s', async (reporter, ext) => {
    const file = `__snapshots__/report.${reporter}.${ext}`;
    // Vitest writes a missing file snapshot on a local run; a deleted snapshot must fail instead
    // (create one on purpose with `npx vitest run -u`). In CI (CI=true) vitest writes none.
    const updating = (expect.getState().snapshotState as unknown as { _updateSnapshot?: string })._updateSnapshot === 'all';
    if (!updating) expect(existsSync(new URL(file, import.meta.url)), `${file} is missing; run vitest -u to create it`).toBe(true);
    const text = await report(reporter, ['--only', SNAPSHOT_CASES, '--seed', '7']);
    expect(text.length, 'small enough to review').toBeLessThan(40_000);
    await expect(text).toMatchFileSnapshot(file);
  });
});

describe('the JSON report (reportVersion 4)', () => {
  it('counts responses and checks apart, records the seed, one entry per response with all it failed', async () => {
    const doc = JSON.parse(await report('json', ['--seed', '12345'])) as JsonReport & { tool: string; strict: boolean };
    expect(doc).toMatchObject({ tool: 'orgmock verify', reportVersion: 4, strict: false, exitCode: 1, seed: 12345, error: null });
    expect(doc.summary).toEqual({
      responses: { passed: 46, failed: 4, warned: 2, skipped: 4, inconclusive: 0 },
      checks: { passed: expect.any(Number), failed: 4, warned: 2, skipped: 38, inconclusive: 0 },
      requests: 52,
      durationMs: 0,
    });
    const billing = doc.apis[0]!.cases.find((c) => c.key === 'flashback/role:BILLING')!;
    expect(billing).toMatchObject({
      label: 'role BILLING',
      kind: 'role',
      role: 'BILLING',
      outcome: 'failed',
      status: 200,
      expected: { statuses: [403], because: 'BILLING is in no x-access-control rule' },
      failed: [{ check: 'denied_role_rejected', source: 'security', received: '200: the caller got data it must not see' }],
      warned: [],
      skipReason: null,
    });
    expect(billing.curl).toBe(
      `curl -sS -i 'http://127.0.0.1:PORT/organization/users' -H 'Accept: application/json' -H 'User-Agent: orgmock-verify (contract suite; GET only)' -H "Authorization: Bearer \${FLASHBACK_BILLING_TOKEN:?set it to the flashback BILLING token (flashback.tokens.BILLING)}"`,
    );
    expect(billing.response!.contentType).toBe('application/json');
    expect(billing.response!.preview).toMatch(/^\{"success":true,"data":\[\{"id":.*…\(\d+ bytes\)$/);
    expect(Buffer.byteLength(billing.response!.preview.replace(/…\(\d+ bytes\)$/, ''))).toBeLessThanOrEqual(300);
    // A token read from $NAME shows as $NAME.
    const backoffice = doc.apis[1]!.cases.find((c) => c.key === 'superai/role:backoffice')!;
    expect(backoffice.curl).toMatch(/ -H "Authorization: Bearer \$SA_BACKOFFICE_TOKEN"$/);
    expect(doc.apis[1]!.notes).toEqual([
      'no token for integration (superai.tokens.integration)',
      'no token for worker (superai.tokens.worker)',
      'no token for publisher (superai.tokens.publisher)',
    ]);
  });

  it('carries coverage: each role and organization with expected and received status, documented statuses exercised', async () => {
    const doc = JSON.parse(await report('json')) as JsonReport;
    expect(doc.coverage).toMatchObject({ planned: 56, sent: 52, skipped: 4, complete: false });
    const superai = doc.coverage.apis.find((a) => a.api === 'superai')!;
    expect(superai.roles.slice(0, 3)).toEqual([
      {
        case: 'superai/role:org_admin',
        role: 'org_admin',
        organization: 'organizationId',
        expected: [200],
        received: 200,
        outcome: 'failed',
        skipReason: null,
      },
      {
        case: 'superai/role:org_admin@otherOrganizationId',
        role: 'org_admin',
        organization: 'otherOrganizationId',
        expected: [403],
        received: 403,
        outcome: 'passed',
        skipReason: null,
      },
      {
        case: 'superai/role:org_admin@unknownOrganization',
        role: 'org_admin',
        organization: 'unknownOrganization',
        expected: [403],
        received: 403,
        outcome: 'passed',
        skipReason: null,
      },
    ]);
    expect(superai.roles.find((r) => r.role === 'integration')).toMatchObject({ received: null, outcome: 'skipped' });
    expect(superai.statuses.map((s) => `${s.status}:${s.exercised}`)).toEqual([
      '200:true',
      '400:true',
      '401:true',
      '403:true',
      '404:true',
      '422:false',
      '500:false',
    ]);
    expect(superai.undocumented).toEqual([]);
  });
});

describe('the JUnit report', () => {
  const all = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];

  it('is well-formed XML with a testcase per case (its time, every check it failed), skips where they belong', async () => {
    const root = parseXml(await report('junit'));
    expect(root.name).toBe('testsuites');
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual([
      'flashback GET /organization/users',
      'superai GET /admin/organizations/{organization_id}/users',
    ]);
    const cases = all(root, 'testcase');
    expect(Number(root.attributes.tests)).toBe(cases.length);
    expect(cases).toHaveLength(56);
    expect(new Set(cases.map((c) => c.attributes.name)).size).toBe(cases.length);
    for (const c of cases) expect(c.attributes.time).toMatch(/^\d+\.\d{3}$/);
    const failed = cases.filter((c) => c.children.some((x) => x.name === 'failure')).map((c) => c.attributes.name!.split(' · ')[0]);
    expect(failed).toEqual([
      'flashback/role:BILLING',
      'superai/role:org_admin',
      'superai/role:backoffice',
      'superai/role:backoffice@otherOrganizationId',
    ]);
    expect(Number(root.attributes.failures)).toBe(4);
    expect(Number(root.attributes.skipped)).toBe(4);
    const failure = all(root, 'failure')[0]!;
    expect(failure.attributes).toEqual({ message: '1 check failed: denied_role_rejected', type: 'security' });
    expect(failure.text).toContain('Reproduce: curl -sS -i');
    expect(failure.text).toContain('Response: application/json');
    const warned = cases.find((c) => c.attributes.name!.startsWith('flashback/role:OWNER'))!;
    expect(warned.children.map((c) => c.name)).toEqual(['system-out']);
    expect(warned.children[0]!.text).toMatch(/WARNING flashback\.role_description_matches/);
  });

  it('times each case', async () => {
    const run = await runWithDeps(
      ['--config', configFile, '--reporter', 'junit', '--only', 'flashback/role:USER'],
      {},
      { cwd: scratch.dir },
    );
    const [testcase] = all(parseXml(run.stdout), 'testcase');
    expect(Number(testcase!.attributes.time)).toBeGreaterThan(0);
  });
});

describe('the GitHub reporter', () => {
  it('prints ::error per failing response and ::warning per warning; appends a Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const summaryFile = join(scratch.dir, 'step-summary.md');
    scratch.write('step-summary.md', '# earlier step\n');
    const run = await runWithDeps(['--config', configFile, '--reporter', 'github'], deps, {
      cwd: scratch.dir,
      env: { ...env, GITHUB_STEP_SUMMARY: summaryFile },
    });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).map((l) => /title=([^:]*)::/.exec(l)![1])).toEqual([
      'orgmock verify flashback/role%3ABILLING',
      'orgmock verify superai/role%3Aorg_admin',
      'orgmock verify superai/role%3Abackoffice',
      'orgmock verify superai/role%3Abackoffice@otherOrganizationId',
    ]);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\r'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^orgmock verify: responses: 46 passed, 4 failed/);
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toMatch(/^# earlier step\n## orgmock verify: ❌ FAILED/);
    expect(markdown).toContain('| BILLING | - | 403 | 200 | failed |');
    expect(markdown).toContain('```sh');
    for (const token of ALL_TOKENS) expect(markdown + run.stdout).not.toContain(token);
  });
});
