// Proves: verify as a CI step, against the mock and the broken reference backends: printed curl
// lines reproduce a failure in a shell, --only re-runs one case by its report key, --seed fixes
// generated values, --fail-on-skip gates on coverage, --output is atomic and records run errors,
// and a base URL without the spec's server path gets a hint.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { startMockServer } from '../../src/server/node.js';
import { ALL_TOKENS, fbToken, referenceConfig, startBackend, type Mutation } from './support/reference-backend.js';
import { runCli, scratchDir, type JsonCase, type JsonReport } from './support/run.js';
import { parseXml } from './support/xml.js';

const exec = promisify(execFile);
const scratch = scratchDir();
let mock: Awaited<ReturnType<typeof startMockServer>>;
let mockConfig: Record<string, any>;
let closedPort: number;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: '127.0.0.1' });
  // The seed APIs' sections (these tests count their cases); any other registered API is not configured.
  mockConfig = await configFromMock(
    mock.url,
    APIS.filter((a) => a.name === 'flashback' || a.name === 'superai'),
  );
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await mock?.close();
  scratch.cleanup();
});

const write = (config: unknown) => scratch.write(`config-${Math.random().toString(36).slice(2)}.json`, config);
const json = async (argv: string[], env: Record<string, string> = {}) => {
  const run = await runCli([...argv, '--reporter', 'json'], { cwd: scratch.dir, env });
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
};
const failedCases = (report: JsonReport): JsonCase[] => report.apis.flatMap((a) => a.cases.filter((c) => c.outcome === 'failed'));

/** Runs a printed curl line with `sh -c`; the status of the response it got, or the shell's error. */
async function runCurl(line: string, env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  try {
    const { stdout } = await exec('sh', ['-c', line], { env: { PATH: process.env.PATH!, ...env }, timeout: 20_000 });
    return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1] ?? NaN), stderr: '' };
  } catch (error) {
    return { status: null, stderr: (error as { stderr: string }).stderr };
  }
}

describe('a failing case’s curl line runs as printed', () => {
  it('against a broken backend: tokens from $NAME stay $NAME; the shell with the variable set gets the same status', async () => {
    const leak: Mutation = (c, r, ref) => (c.api === 'flashback' && c.role === 'USER' ? ref.list(c) : r);
    const backend = await startBackend(leak);
    try {
      const config = referenceConfig(backend.url) as { flashback: { tokens: Record<string, string> } };
      config.flashback.tokens.USER = '$FB_USER_TOKEN';
      const env = { FB_USER_TOKEN: fbToken('USER') };
      const { code, report } = await json(['--config', write(config)], env);
      expect(code).toBe(1);
      const [failed] = failedCases(report);
      expect(failed).toMatchObject({ key: 'flashback/role:USER', status: 200 });
      expect(failed!.curl).toContain(`-H "Authorization: Bearer $FB_USER_TOKEN"`);
      expect(failed!.curl).toContain(`-H 'Accept: application/json'`);
      for (const token of ALL_TOKENS) expect(failed!.curl).not.toContain(token);
      const before = backend.requests.length;
      expect(await runCurl(failed!.curl!, env)).toEqual({ status: 200, stderr: '' });
      expect(backend.requests.length).toBe(before + 1);
    } finally {
      await backend.close();
    }
  });

  it('against the mock: a literal token is a placeholder naming the role; set, the same status; unset, the shell refuses', async () => {
    const config = structuredClone(mockConfig);
    config.flashback.expect = { USER: 200 };
    config.superai.expect = { 'org_admin@otherOrganizationId': 200 };
    const { code, report } = await json(['--config', write(config)]);
    expect(code).toBe(1);
    const failed = failedCases(report);
    // An expect override is the role's rule: its API-key case (the mock's config has keys) follows it too.
    expect(failed.map((c) => [c.key, c.status])).toEqual([
      ['flashback/role:USER', 403],
      ['superai/role:org_admin@otherOrganizationId', 403],
      ['superai/apikey:org_admin@otherOrganizationId', 403],
    ]);
    const [fbCase, saCase] = failed;
    expect(fbCase!.curl).toContain('${FLASHBACK_USER_TOKEN:?set it to the flashback USER token (flashback.tokens.USER)}');
    expect(saCase!.curl).toContain('${SUPERAI_ORG_ADMIN_TOKEN:?set it to the superai org_admin token (superai.tokens.org_admin)}');
    expect(await runCurl(fbCase!.curl!, { FLASHBACK_USER_TOKEN: config.flashback.tokens.USER })).toEqual({ status: 403, stderr: '' });
    expect(await runCurl(saCase!.curl!, { SUPERAI_ORG_ADMIN_TOKEN: config.superai.tokens.org_admin })).toEqual({
      status: 403,
      stderr: '',
    });
    const unset = await runCurl(fbCase!.curl!, {});
    expect(unset.status).toBeNull();
    expect(unset.stderr).toMatch(/FLASHBACK_USER_TOKEN: set it to the flashback USER token/);
    // Each failing response carries its body's start.
    expect(fbCase!.response!.preview).toMatch(/"success":false/);
  });
});

describe('previews', () => {
  it('a failing response shows the start of its body, a token the backend echoes masked', async () => {
    const echo: Mutation = (c, r) =>
      c.api === 'flashback' && c.role === 'USER'
        ? { status: 500, body: { message: `boom for ${c.authorization}`, padding: 'x'.repeat(1000) } }
        : r;
    const backend = await startBackend(echo);
    try {
      const { code, report } = await json(['--config', write(referenceConfig(backend.url)), '--only', 'flashback/role:USER']);
      expect(code).toBe(1);
      const [failed] = failedCases(report);
      expect(failed!.failed.map((f) => f.check)).toEqual(expect.arrayContaining(['not_a_server_error', 'role_status_conformance']));
      expect(failed!.response!.preview).toMatch(/^\{"message":"boom for Bearer [^"]*masked[^"]*","padding":"x+…\(\d+ bytes\)$/);
      expect(failed!.response!.preview).not.toContain(fbToken('USER'));
      expect(report.summary.responses.failed).toBe(1);
      expect(report.summary.checks.failed).toBe(failed!.failed.length);
    } finally {
      await backend.close();
    }
  });
});

describe('--only and --seed', () => {
  it('--only with a key from a JSON report sends exactly that one request', async () => {
    const broken: Mutation = (c, r, ref) => (c.api === 'superai' && c.role === 'app_user' ? ref.list(c) : r);
    const backend = await startBackend(broken);
    try {
      const config = write(referenceConfig(backend.url));
      const first = await json(['--config', config]);
      const [failed] = failedCases(first.report);
      expect(failed!.key).toBe('superai/role:app_user');
      const url = backend.requests.find((r) => r.url.includes('/users') && failed!.curl!.includes(r.url))!.url;
      backend.requests.length = 0;
      const again = await json(['--config', config, '--only', failed!.key]);
      expect(backend.requests).toEqual([{ method: 'GET', url }]);
      expect(again.report.summary.requests).toBe(1);
      expect(again.report.apis.map((a) => a.cases.map((c) => [c.key, c.outcome]))).toEqual([[['superai/role:app_user', 'failed']]]);
      expect(again.code).toBe(1);
    } finally {
      await backend.close();
    }
  });

  it('--only takes several keys, bare keys name the case in every API; an unknown key exits 2', async () => {
    const config = write(mockConfig);
    const { report } = await json(['--config', config, '--only', 'auth:none,flashback/role:OWNER']);
    expect(report.apis.flatMap((a) => a.cases.map((c) => c.key))).toEqual([
      'flashback/auth:none',
      'flashback/role:OWNER',
      'superai/auth:none',
    ]);
    const bad = await runCli(['--config', config, '--only', 'flashback/role:ROOT'], { cwd: scratch.dir });
    expect(bad.stderr).toMatch(/--only flashback\/role:ROOT: no such case; case keys look like flashback\/auth:none/);
    expect(bad.code).toBe(2);
  });

  it('--seed fixes the generated organization id; the report records the seed', async () => {
    const backend = await startBackend();
    try {
      const config = write(referenceConfig(backend.url));
      const urls = async (seed: string) => {
        backend.requests.length = 0;
        const { report } = await json(['--config', config, '--seed', seed, '--api', 'superai']);
        expect(report.seed).toBe(Number(seed));
        return backend.requests.map((r) => r.url).sort();
      };
      const [a, b, c] = [await urls('42'), await urls('42'), await urls('43')];
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
      const { report } = await json(['--config', config]);
      expect(report.seed).toEqual(expect.any(Number));
    } finally {
      await backend.close();
    }
  });
});

describe('--fail-on-skip', () => {
  const fromEnv = () => {
    const config = structuredClone(mockConfig);
    config.flashback.tokens = Object.fromEntries(Object.keys(config.flashback.tokens).map((role) => [role, `$FB_${role}`]));
    config.superai.tokens = Object.fromEntries(Object.keys(config.superai.tokens).map((role) => [role, `$SA_${role}`]));
    config.superai.apiKeys = Object.fromEntries(Object.keys(config.superai.apiKeys).map((role) => [role, `$SA_KEY_${role}`]));
    return write(config);
  };

  it('token variables unset: every role case skipped; exit 0 without the flag, exit 1 with it, and says why', async () => {
    const config = fromEnv();
    const lenient = await json(['--config', config]);
    expect(lenient.code).toBe(0);
    expect(lenient.report.coverage.complete).toBe(false);
    expect(lenient.report.summary.responses.skipped).toBeGreaterThan(10);
    const strict = await runCli(['--config', config, '--fail-on-skip'], { cwd: scratch.dir });
    expect(strict.stdout).toMatch(/Result: FAILED \(\d+ planned cases skipped \(--fail-on-skip\)\)/);
    // Sent: the credential probes (the unknown API key among them), which need no token.
    expect(strict.stdout).toMatch(/Coverage: 21 of \d+ planned cases sent/);
    expect(strict.code).toBe(1);
  });

  it('every token set: only roles the mock has no identity for are skipped, and the exit code follows them', async () => {
    const env = Object.fromEntries([
      ...Object.entries(mockConfig.flashback.tokens as Record<string, string>).map(([role, t]) => [`FB_${role}`, t]),
      ...Object.entries(mockConfig.superai.tokens as Record<string, string>).map(([role, t]) => [`SA_${role}`, t]),
      ...Object.entries(mockConfig.superai.apiKeys as Record<string, string>).map(([role, k]) => [`SA_KEY_${role}`, k]),
    ]);
    const { code, report } = await json(['--config', fromEnv(), '--fail-on-skip'], env);
    const skipped = report.apis.flatMap((a) => a.cases.filter((c) => c.outcome === 'skipped').map((c) => `${a.api}/${c.role}`));
    for (const key of skipped) expect(Object.keys(mockConfig[key.split('/')[0]!].tokens)).not.toContain(key.split('/')[1]);
    expect(code).toBe(skipped.length > 0 ? 1 : 0);
  });

  it('a backend with every role covered that lets USER list: exit 1 with the flag (README CI recipe), nothing skipped', async () => {
    const leak: Mutation = (c, r, ref) => (c.api === 'flashback' && c.role === 'USER' ? ref.list(c) : r);
    const backend = await startBackend(leak);
    try {
      const { code, report } = await json(['--config', write(referenceConfig(backend.url)), '--api', 'flashback', '--fail-on-skip']);
      expect(report.coverage).toMatchObject({ skipped: 0, complete: true });
      expect(failedCases(report).map((c) => c.key)).toContain('flashback/role:USER');
      expect(code).toBe(1);
    } finally {
      await backend.close();
    }
  });

  it('a backend with every role covered: exit 0 with the flag', async () => {
    const backend = await startBackend();
    try {
      const { code, report } = await json(['--config', write(referenceConfig(backend.url)), '--api', 'flashback', '--fail-on-skip']);
      expect(report.coverage).toMatchObject({ skipped: 0, complete: true });
      expect(report.failOnSkip).toBe(true);
      expect(code).toBe(0);
    } finally {
      await backend.close();
    }
  });
});

describe('--output', () => {
  const parse: Record<string, (text: string) => unknown> = {
    json: (text) => JSON.parse(text),
    junit: (text) => parseXml(text),
    pretty: (text) => text,
    github: (text) => text,
  };

  it.each(['json', 'junit', 'pretty', 'github'])(
    '%s: an unreachable URL leaves a well-formed report recording the error',
    async (reporter) => {
      const out = join('reports', reporter, 'nested', 'verify.out');
      const config = write({ flashback: { baseUrl: `http://127.0.0.1:${closedPort}`, tokens: { OWNER: fbToken('OWNER') } } });
      const run = await runCli(['--config', config, '--reporter', reporter, '--output', out], { cwd: scratch.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot be reached: connection refused \(ECONNREFUSED\) \[E_UNREACHABLE\]/);
      const text = readFileSync(join(scratch.dir, out), 'utf8');
      expect(() => parse[reporter]!(text)).not.toThrow();
      expect(text).toMatch(/E_UNREACHABLE/);
      if (reporter === 'json') {
        expect(JSON.parse(text)).toMatchObject({ reportVersion: 4, exitCode: 2, error: { code: 'E_UNREACHABLE' }, apis: [] });
      }
      if (reporter === 'junit') expect(text).toMatch(/<error message="[^"]*cannot be reached/);
      expect(readdirSync(join(scratch.dir, 'reports', reporter, 'nested'))).toEqual(['verify.out']);
    },
  );

  it('a bad config replaces the previous report with one recording the error, never an empty file', async () => {
    scratch.write('previous.json', '{"old": true}');
    const run = await runCli(
      ['--config', write({ flashback: { baseUrl: 'ftp://x' } }), '--reporter', 'json', '--output', 'previous.json'],
      {
        cwd: scratch.dir,
      },
    );
    expect(run.code).toBe(2);
    const doc = JSON.parse(readFileSync(join(scratch.dir, 'previous.json'), 'utf8'));
    expect(doc).toMatchObject({ exitCode: 2, error: { code: 'E_CONFIG', message: expect.stringMatching(/must be an http or https URL/) } });
  });

  it('a good run writes the report atomically and creates missing directories', async () => {
    const run = await runCli(['--config', write(mockConfig), '--reporter', 'junit', '--output', 'out/deeper/report.xml'], {
      cwd: scratch.dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^orgmock verify: responses: \d+ passed, 0 failed/);
    const root = parseXml(readFileSync(join(scratch.dir, 'out/deeper/report.xml'), 'utf8'));
    expect(root.attributes.failures).toBe('0');
    expect(readdirSync(join(scratch.dir, 'out/deeper'))).toEqual(['report.xml']);
  });
});

describe('hints', () => {
  it('every request answering 404 says the base URL is probably wrong and shows the spec’s server path', async () => {
    const backend = await startBackend();
    try {
      const config = referenceConfig(backend.url) as { superai: { baseUrl: string } };
      config.superai.baseUrl = backend.url;
      const file = write(config);
      const { report } = await json(['--config', file]);
      expect(report.apis[0]!.hints).toEqual([]);
      expect(report.apis[1]!.hints).toEqual([
        expect.stringMatching(
          /every request to superai answered 404: superai\.baseUrl is probably wrong\. The spec's server path is \/api.*e\.g\. http:\/\/127\.0\.0\.1:\d+\/api/,
        ),
      ]);
      const pretty = await runCli(['--config', file], { cwd: scratch.dir });
      expect(pretty.stdout).toMatch(/hint: every request to superai answered 404/);
      expect(report.coverage.apis[1]!.statuses.filter((st) => st.exercised).map((st) => st.status)).toEqual([404]);
    } finally {
      await backend.close();
    }
  });
});
