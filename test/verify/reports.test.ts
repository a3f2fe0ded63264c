// Issue 4: report snapshots for pretty, json and junit (fixed clock, fixed "unknown" UUID, port
// normalised); the JSON and JUnit reports parsed and read like a CI dashboard would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, referenceConfig, startBackend, UNKNOWN_ORG, type RunningBackend } from './support/reference-backend.js';
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
const report = async (reporter: string) => {
  const run = await runWithDeps(['--config', configFile, '--reporter', reporter], deps, { cwd: scratch.dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  return run.stdout.replaceAll(backend.url, 'http://127.0.0.1:PORT');
};

describe('snapshots', () => {
  it.each([
    ['pretty', 'txt'],
    ['json', 'json'],
    ['junit', 'xml'],
  ])('%s', async (reporter, ext) => {
    await expect(await report(reporter)).toMatchFileSnapshot(`__snapshots__/report.${reporter}.${ext}`);
  });
});

describe('the JSON report', () => {
  it('has stable fields a CI can read', async () => {
    const doc = JSON.parse(await report('json')) as JsonReport & { tool: string; reportVersion: number; strict: boolean };
    expect(doc).toMatchObject({ tool: 'orgmock verify', reportVersion: 2, strict: false, exitCode: 1 });
    expect(doc.summary).toEqual({
      passed: expect.any(Number),
      failed: 4,
      warned: 2,
      skipped: 33,
      inconclusive: 0,
      requests: 29,
      durationMs: 0,
    });
    const denied = doc.apis[0]!.checks.find((c) => c.id === 'denied_role_rejected')!;
    expect(denied).toMatchObject({ source: 'security', summary: { passed: 1, failed: 1, warned: 0, skipped: 0, inconclusive: 0 } });
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

describe('the JUnit report', () => {
  const all = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];

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

  it('escapes what it quotes', () => {
    expect(() => parseXml('<a b="x"><c>1 &lt; 2 &amp; 3</c></a>')).not.toThrow();
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(ORG.superai).toMatch(/^[0-9a-f-]{36}$/);
  });
});
