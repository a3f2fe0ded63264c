// `orgmock verify` as a command: flags, config mistakes and unreachable targets give exit 2 with a
// message saying which; in-process through the CLI's main, and as a real process.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TOKENS, ORG, fbToken, referenceConfig, startBackend, type RunningBackend } from './support/reference-backend.js';
import { runCli, scratchDir, type JsonReport } from './support/run.js';
import { APIS } from '../../src/apis/index.js';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const scratch = scratchDir();
let backend: RunningBackend;
/** A port nothing can listen on (port 0 cannot be bound: asking for it picks another), so connections are refused. */
const closedPort = 0;

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend?.close();
  scratch.cleanup();
});

const fb = (extra: Record<string, unknown> = {}) => ({
  flashback: { baseUrl: backend.url, tokens: { OWNER: fbToken('OWNER') }, ...extra },
});

interface Given {
  argv?: string[];
  /** Written to config.json, passed as --config unless argv says otherwise. */
  config?: () => unknown;
  env?: Record<string, string>;
}

const ERRORS: [string, { given: Given; want: { code: number; stderr: RegExp } }][] = [
  ['no --config', { given: { argv: [] }, want: { code: 2, stderr: /--config is required \[E_MISSING_FLAG\]/ } }],
  [
    'an unknown flag',
    { given: { argv: ['--config', 'x.json', '--verbose'] }, want: { code: 2, stderr: /unknown option --verbose \[E_UNKNOWN_FLAG\]/ } },
  ],
  [
    'an unknown reporter',
    {
      given: { argv: ['--config', 'x.json', '--reporter', 'xml'] },
      want: { code: 2, stderr: /--reporter must be one of pretty, json, junit.*\[E_FLAG_VALUE\]/ },
    },
  ],
  [
    '--set without API.KEY=VALUE',
    {
      given: { argv: ['--config', 'x.json', '--set', 'baseUrl'] },
      want: { code: 2, stderr: /--set takes API\.KEY=VALUE.*\[E_FLAG_VALUE\]/ },
    },
  ],
  [
    '--set of an unknown API',
    {
      given: { argv: ['--config', 'x.json', '--set', 'github.baseUrl=http://x'] },
      want: {
        code: 2,
        stderr: new RegExp(
          `--set github\\.baseUrl: unknown API "github"; the APIs are ${APIS.map((a) => a.name).join(', ')} \\[E_FLAG_VALUE\\]`,
        ),
      },
    },
  ],
  [
    '--set of a key that is not a plain value',
    {
      given: { argv: ['--config', 'x.json', '--set', 'flashback.expect=200'] },
      want: { code: 2, stderr: /--set flashback\.expect: only baseUrl, organizationId, otherOrganizationId can be set here/ },
    },
  ],
  [
    '--set with an empty value (ORGMOCK_SET)',
    {
      given: { argv: ['--config', 'x.json'], env: { ORGMOCK_SET: 'flashback.baseUrl=http://x, superai.baseUrl= ' } },
      want: { code: 2, stderr: /--set superai\.baseUrl needs a value \[E_FLAG_VALUE\]/ },
    },
  ],
  [
    'a zero timeout',
    { given: { argv: ['--config', 'x.json', '--timeout', '0'] }, want: { code: 2, stderr: /--timeout must be at least 1/ } },
  ],
  [
    'a timeout that is not a number',
    { given: { argv: ['--config', 'x.json', '--timeout', 'soon'] }, want: { code: 2, stderr: /--timeout must be a number/ } },
  ],
  [
    'an unknown API',
    {
      given: { argv: ['--config', 'x.json', '--api', 'github'] },
      want: { code: 2, stderr: new RegExp(`--api must be one of ${APIS.map((a) => a.name).join(', ')}, got "github"`) },
    },
  ],
  [
    'a config file that does not exist',
    { given: { argv: ['--config', 'nope.json'] }, want: { code: 2, stderr: /nope\.json does not exist \[E_CONFIG\]/ } },
  ],
  ['a config that is a directory', { given: { argv: ['--config', '.'] }, want: { code: 2, stderr: /\. is not a file \[E_CONFIG\]/ } }],
  [
    'a config that is not JSON',
    {
      given: { config: () => '{\n  "flashback": {\n    "baseUrl": }\n}' },
      want: { code: 2, stderr: /config\.json is not valid JSON: unexpected "}" at line 3, column 16 \[E_CONFIG\]/ },
    },
  ],
  ['a config that is an array', { given: { config: () => [] }, want: { code: 2, stderr: /must be a JSON object/ } }],
  ['a config with no section', { given: { config: () => ({}) }, want: { code: 2, stderr: /has no API section/ } }],
  [
    'a misspelt section',
    {
      given: { config: () => ({ flashbak: {} }) },
      want: {
        code: 2,
        stderr: new RegExp(`unknown section "flashbak"; the sections are ${APIS.map((a) => a.name).join(', ')} \\[E_CONFIG\\]`),
      },
    },
  ],
  ['a misspelt key', { given: { config: () => fb({ token: {} }) }, want: { code: 2, stderr: /unknown key flashback\.token;/ } }],
  ['no baseUrl', { given: { config: () => ({ flashback: { tokens: {} } }) }, want: { code: 2, stderr: /flashback\.baseUrl is required/ } }],
  [
    'a baseUrl that is not http',
    {
      given: { config: () => ({ flashback: { baseUrl: 'ftp://example.com' } }) },
      want: { code: 2, stderr: /flashback\.baseUrl must be an http or https URL/ },
    },
  ],
  [
    'a baseUrl that is not a URL',
    { given: { config: () => ({ flashback: { baseUrl: 'staging' } }) }, want: { code: 2, stderr: /flashback\.baseUrl is not a URL/ } },
  ],
  [
    'a baseUrl from a variable (only secret fields read the environment)',
    {
      given: { config: () => ({ flashback: { baseUrl: '$STAGING_URL' } }) },
      want: {
        code: 2,
        stderr: /flashback\.baseUrl refers to the environment \(\$STAGING_URL\).*--set flashback\.baseUrl=VALUE .*\[E_CONFIG_ENV\]/,
      },
    },
  ],
  [
    'a token that is a number',
    { given: { config: () => fb({ tokens: { OWNER: 42 } }) }, want: { code: 2, stderr: /flashback\.tokens\.OWNER must be a string/ } },
  ],
  [
    'a token with a line break',
    {
      given: { config: () => fb({ tokens: { OWNER: 'secret-line-one\nsecret-line-two' } }) },
      want: { code: 2, stderr: /flashback\.tokens\.OWNER contains whitespace, control or non-Latin-1 characters/ },
    },
  ],
  [
    'a role the spec does not have',
    {
      given: { config: () => fb({ tokens: { ADMIN: 'tok' } }) },
      want: { code: 2, stderr: /"ADMIN" is not a role of the spec; the roles are USER, BILLING, WORKSPACES, ADMINISTRATOR, OWNER/ },
    },
  ],
  [
    'an expect key that is no case',
    {
      given: { config: () => fb({ expect: { ROOT: 200 } }) },
      want: { code: 2, stderr: /flashback\.expect\.ROOT: no such case; the cases are USER, BILLING, WORKSPACES, ADMINISTRATOR, OWNER/ },
    },
  ],
  [
    'an expect status out of range',
    {
      given: { config: () => fb({ expect: { USER: 999 } }) },
      want: { code: 2, stderr: /flashback\.expect\.USER must be an HTTP status from 100 to 599/ },
    },
  ],
  [
    'an organizationId that is not a UUID',
    {
      given: { config: () => ({ superai: { baseUrl: backend.url, organizationId: 'acme' } }) },
      want: { code: 2, stderr: /superai\.organizationId is not a valid organization_id \(string, format uuid\)/ },
    },
  ],
  [
    'a Flashback otherOrganizationId (the tenant-override probes ask for it) equal to organizationId',
    {
      given: { config: () => fb({ organizationId: ORG.flashback, otherOrganizationId: ORG.flashback }) },
      want: { code: 2, stderr: /flashback\.otherOrganizationId must differ from flashback\.organizationId/ },
    },
  ],
  [
    '--api for a section the config lacks',
    {
      given: { argv: ['--api', 'superai'], config: () => fb() },
      want: { code: 2, stderr: /--api superai given, but the config has no "superai" section/ },
    },
  ],
  [
    'a base URL nothing answers on',
    {
      given: { config: () => ({ flashback: { baseUrl: `http://127.0.0.1:${closedPort}` } }) },
      want: {
        code: 2,
        stderr: /flashback\.baseUrl http:\/\/127\.0\.0\.1:\d+ cannot be reached: connection refused \(ECONNREFUSED\) \[E_UNREACHABLE\]/,
      },
    },
  ],
  [
    'a host that does not resolve',
    {
      given: { config: () => ({ flashback: { baseUrl: 'http://no-such-host.invalid' } }) },
      want: { code: 2, stderr: /cannot be reached: .*(ENOTFOUND|EAI_AGAIN)/ },
    },
  ],
  [
    'an --output under a file, where no directory can be made',
    {
      given: { argv: ['--output', 'config.json/report.xml'], config: () => fb() },
      want: { code: 2, stderr: /--output config\.json\/report\.xml cannot be written \((ENOTDIR|EEXIST)\) \[E_OUTPUT\]/ },
    },
  ],
];

describe('mistakes give exit 2 and say which', () => {
  it.each(ERRORS)('%s', async (_name, { given, want }) => {
    const argv = given.argv ?? [];
    const withConfig = given.config ? ['--config', scratch.write('config.json', given.config() as object)] : [];
    const run = await runCli([...withConfig, ...argv], { cwd: scratch.dir, env: given.env ?? {} });
    expect(run.stderr).toMatch(want.stderr);
    expect(run.code).toBe(want.code);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/secret-line|internal error|at .*\.ts:\d+/);
  });
});

describe('flags and config that work', () => {
  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['--help'], { cwd: scratch.dir });
    expect(run.stdout).toMatch(
      /Usage: orgmock verify \[options\][\s\S]*--strict[\s\S]*--reporter <pretty\|json\|junit\|github>[\s\S]*--timeout <n>/,
    );
    expect(run.code).toBe(0);
  });

  it('--list-checks lists every check with its source', async () => {
    const run = await runCli(['--list-checks'], { cwd: scratch.dir });
    for (const line of [
      'auth_rejected +security',
      'flashback.roles_at_or_below +inferred',
      'list_ordering +documented',
      'tenant_isolation +security',
    ]) {
      expect(run.stdout).toMatch(new RegExp(line));
    }
    expect(run.code).toBe(0);
  });

  it('tokens come from "$VAR" references; an unset one skips its role and says so', async () => {
    const config = scratch.write('env.json', {
      flashback: { baseUrl: 'http://127.0.0.1:1', tokens: { OWNER: '$FB_OWNER_TOKEN', USER: '$FB_USER_TOKEN' } },
    });
    // The base URL, not a secret, comes from --set (its variable, ORGMOCK_SET, here).
    const run = await runCli(['--config', config, '--reporter', 'json'], {
      cwd: scratch.dir,
      env: { ORGMOCK_SET: `flashback.baseUrl=${backend.url}`, FB_OWNER_TOKEN: fbToken('OWNER') },
    });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.apis[0]!.notes).toEqual(
      expect.arrayContaining([
        'flashback.tokens.USER refers to $FB_USER_TOKEN, which is not set',
        'no token for BILLING (flashback.tokens.BILLING)',
      ]),
    );
    const roles = report.apis[0]!.cases.filter((c) => c.kind === 'role');
    expect(roles.map((r) => [r.key, r.outcome])).toEqual([
      ['flashback/role:USER', 'skipped'],
      ['flashback/role:BILLING', 'skipped'],
      ['flashback/role:WORKSPACES', 'skipped'],
      ['flashback/role:ADMINISTRATOR', 'skipped'],
      ['flashback/role:OWNER', 'passed'],
    ]);
    expect(run.code).toBe(0);
  });

  it('an expect block overrides the status a role gets (BILLING allowed on this deployment)', async () => {
    const config = scratch.write('expect.json', {
      flashback: { baseUrl: backend.url, tokens: { BILLING: fbToken('BILLING') }, expect: { BILLING: 200 } },
    });
    const run = await runCli(['--config', config, '--reporter', 'json'], { cwd: scratch.dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    const billing = report.apis[0]!.cases.find((c) => c.key === 'flashback/role:BILLING')!;
    expect(billing).toMatchObject({ outcome: 'failed', status: 403 });
    expect(billing.failed.find((f) => f.check === 'role_status_conformance')).toMatchObject({
      expected: '200 (flashback.expect.BILLING in the config)',
    });
    expect(run.code).toBe(1);
  });

  it('a section missing from the config is reported as not configured, not as skipped cases', async () => {
    const run = await runCli(['--config', scratch.write('fb-only.json', fb())], { cwd: scratch.dir });
    expect(run.stdout).not.toMatch(/^superai · /m);
    expect(run.stdout).toMatch(/^superai: not configured \(the config has no "superai" section;/m);
    expect(run.stdout).toMatch(/Result: OK/);
    expect(run.code).toBe(0);
  });
});

describe('as a real process: node bin/orgmock.js verify', () => {
  const node = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await exec(process.execPath, [join(ROOT, 'bin/orgmock.js'), 'verify', ...args], {
        cwd: scratch.dir,
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('a correct backend: exit 0 and a JSON report', async () => {
    const before = backend.requests.length;
    const run = await node(['--config', scratch.write('proc.json', referenceConfig(backend.url)), '--reporter', 'json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    // The count the report gives is what the backend received.
    expect(report.summary).toMatchObject({ checks: { failed: 0, warned: 0 }, requests: backend.requests.length - before });
    expect(report.summary.requests).toBeGreaterThan(25);
    expect(run.code).toBe(0);
  });

  it('a broken backend: exit 1; --output writes JUnit and prints one summary line', async () => {
    const broken = await startBackend((c, r, ref) => (c.api === 'flashback' && c.role === 'USER' ? ref.list(c) : r));
    try {
      const run = await node([
        '--config',
        scratch.write('broken.json', referenceConfig(broken.url)),
        '--reporter',
        'junit',
        '--output',
        'report.xml',
      ]);
      expect(run.stdout.trim()).toMatch(
        /^orgmock verify: responses: \d+ passed, 1 failed, 0 warned, \d+ skipped · checks: \d+ passed, 1 failed, 0 warned, \d+ skipped · (\d+) requests · [\d.]+ s( · not configured: [^·]+)? · FAILED \(1 response failed 1 check\)$/,
      );
      expect(Number(/· (\d+) requests ·/.exec(run.stdout)![1])).toBe(broken.requests.length);
      const xml = readFileSync(join(scratch.dir, 'report.xml'), 'utf8');
      expect(xml).toMatch(
        /<testcase classname="flashback.listOrganizationUsers" name="flashback\/role:USER · role USER" time="\d+\.\d{3}">\s*<failure message="1 check failed: denied_role_rejected" type="security">/,
      );
      for (const token of ALL_TOKENS) expect(xml + run.stdout + run.stderr).not.toContain(token);
      expect(run.code).toBe(1);
    } finally {
      await broken.close();
    }
  });

  it('an unreachable base URL: exit 2 with the reason, token masked in nothing since nothing was sent', async () => {
    const run = await node(
      ['--config', scratch.write('down.json', { flashback: { baseUrl: `http://127.0.0.1:${closedPort}`, tokens: { OWNER: '$TOKEN' } } })],
      { TOKEN: fbToken('OWNER') },
    );
    expect(run.stderr).toMatch(
      /orgmock verify: flashback\.baseUrl http:\/\/127\.0\.0\.1:\d+ cannot be reached: connection refused \(ECONNREFUSED\) \[E_UNREACHABLE\]/,
    );
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it('bad arguments: exit 2 with the usage', async () => {
    const run = await node(['--reporter', 'tap']);
    expect(run.stderr).toMatch(
      /--reporter must be one of pretty, json, junit, github, got "tap" \[E_FLAG_VALUE\][\s\S]*Usage: orgmock verify/,
    );
    expect(run.code).toBe(2);
  });
});
