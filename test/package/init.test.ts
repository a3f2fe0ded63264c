// Issue 23: `npx orgmock init` in an empty project (the packed tarball installed) writes a starter config
// that `orgmock verify` runs against `orgmock serve` with exit 0 once its variables (the secrets) and its
// plain values (base URLs, organizations: `--set`) are given from `/__mock/identities`, as a user would;
// it refuses to overwrite without --force.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedPackage, type Packed, runIn } from './support/packed.js';
import { startUntil } from './support/process.js';
import { APIS } from '../../src/apis/index.js';

/** The registry's APIs: the installed package is this checkout's, so init writes a section for each. */
const NAMES = APIS.map((a) => a.name);
let packed: Packed;
let project: string;
let mock: ChildProcess | undefined;
let mockUrl: string;

/** `orgmock serve --port 0` from the installed package; resolves with the URL its banner prints. */
function serve(cwd: string): Promise<string> {
  const started = startUntil(
    join(cwd, 'node_modules/.bin/orgmock'),
    ['serve', '--port', '0'],
    { cwd },
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    'orgmock serve',
  );
  mock = started.child;
  return started.match;
}

beforeAll(async () => {
  packed = await packedPackage();
  // An empty project: its own package.json, the installed packages (orgmock from the tarball) as its node_modules.
  project = join(packed.consumer, 'init-project');
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "init-project", "private": true }\n');
  symlinkSync(join(packed.consumer, 'node_modules'), join(project, 'node_modules'), 'dir');
  mockUrl = await serve(project);
}, 300_000);

afterAll(() => {
  mock?.kill('SIGTERM');
  if (project) rmSync(project, { recursive: true, force: true });
});

interface FlashbackRow {
  token: string;
  orgId: string;
  orgRole: number;
  deleted: boolean;
}
interface SuperaiRow {
  token: string;
  organizationId: string;
  role: string;
  status: string;
  apiKey: string | null;
}

/** The variables `orgmock init` listed, each set the way its line says, from the mock's identities; and the plain values for `--set`. */
function variablesFromIdentities(ids: { flashback: FlashbackRow[]; superai: SuperaiRow[] }): { env: Record<string, string>; set: string } {
  const env: Record<string, string> = {};
  // Every registered API at the mock (an API this function knows no identities of runs with its cases skipped).
  const plain: Record<string, string> = Object.fromEntries(APIS.map((a) => [`${a.name}.baseUrl`, `${mockUrl}${a.spec.basePath}`]));
  const fbRoles: Record<string, number> = { USER: 0, BILLING: 1, WORKSPACES: 2, ADMINISTRATOR: 254, OWNER: 255 };
  const fbOrg = ids.flashback.find((r) => r.orgRole === 255 && !r.deleted)!.orgId;
  plain['flashback.organizationId'] = fbOrg;
  for (const [role, value] of Object.entries(fbRoles)) {
    const user = ids.flashback.find((r) => r.orgId === fbOrg && r.orgRole === value && !r.deleted);
    if (user) env[`FLASHBACK_${role}_TOKEN`] = user.token;
  }
  const deleted = ids.flashback.find((r) => r.orgId === fbOrg && r.deleted);
  if (deleted) env.FLASHBACK_DELETED_USER_TOKEN = deleted.token;

  const active = ids.superai.filter((r) => r.status === 'active');
  const saOrg = active.find((r) => r.role === 'org_admin')!.organizationId;
  const platform = new Set(active.filter((r) => r.role === 'backoffice').map((r) => r.organizationId));
  plain['superai.organizationId'] = saOrg;
  plain['superai.otherOrganizationId'] = active.find((r) => r.organizationId !== saOrg && !platform.has(r.organizationId))!.organizationId;
  for (const role of ['org_admin', 'backoffice', 'app_user', 'integration', 'worker', 'publisher']) {
    const mine = (r: SuperaiRow) => r.role === role && (role === 'backoffice' || r.organizationId === saOrg);
    const user = active.find(mine);
    if (user) env[`SUPERAI_${role.toUpperCase()}_TOKEN`] = user.token;
    const keyed = active.find((r) => mine(r) && r.apiKey);
    if (keyed) env[`SUPERAI_${role.toUpperCase()}_API_KEY`] = keyed.apiKey!;
  }
  const inactive = ids.superai.find((r) => r.organizationId === saOrg && r.status === 'inactive');
  if (inactive) env.SUPERAI_INACTIVE_USER_TOKEN = inactive.token;
  const inactiveKeyed = ids.superai.find((r) => r.organizationId === saOrg && r.status === 'inactive' && r.apiKey);
  if (inactiveKeyed) env.SUPERAI_INACTIVE_USER_API_KEY = inactiveKeyed.apiKey!;
  return {
    env,
    set: Object.entries(plain)
      .map(([path, value]) => `${path}=${value}`)
      .join(','),
  };
}

describe('npx orgmock init in an empty project', () => {
  it('writes contracts/verify.json; verify runs it against orgmock serve with exit 0 once its variables come from /__mock/identities', async () => {
    expect(readdirSync(project).sort()).toEqual(['node_modules', 'package.json']);
    const init = await runIn(project, 'npx', ['orgmock', 'init']);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain(`wrote contracts/verify.json (${NAMES.join(', ')})`);
    const config = JSON.parse(readFileSync(join(project, 'contracts/verify.json'), 'utf8'));
    expect(Object.keys(config)).toEqual(['$comment', ...NAMES]);

    // Every variable the file reads is one init listed, and the other way round.
    const { $comment: _, ...sections } = config;
    const inFile = [...JSON.stringify(sections).matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
    const listed = [...init.stdout.matchAll(/^ {2}([A-Z][A-Z0-9_]+) {2,}/gm)].map((m) => m[1]!);
    expect([...new Set(inFile)].sort()).toEqual([...listed].sort());

    const ids = await (await fetch(`${mockUrl}/__mock/identities`)).json();
    const { env, set } = variablesFromIdentities(ids);
    // The mock's users cover nearly every variable (not every organization has every role); the JWT secrets
    // are left unset (this mock runs without one): their minted cases are skipped, naming them.
    expect(Object.keys(env).filter((name) => !listed.includes(name))).toEqual([]);
    // (this function reads the seed APIs' identities; another registered API's variables stay unset, its cases skipped)
    const seedVariables = listed.filter((name) => /^(FLASHBACK|SUPERAI)_/.test(name) && !name.endsWith('_JWT_SECRET'));
    expect(Object.keys(env).length).toBeGreaterThanOrEqual(seedVariables.length - 4);

    const verify = await runIn(
      project,
      'npx',
      ['orgmock', 'verify', '--config', 'contracts/verify.json', '--set', set, '--reporter', 'json'],
      env,
    );
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout);
    expect(report.exitCode).toBe(0);
    expect(report.summary.responses.failed).toBe(0);
    expect(report.apis.map((a: { api: string }) => a.api)).toEqual(NAMES);
    // Every case whose variables were set was sent: the skipped ones name a variable left unset.
    expect(report.coverage.sent).toBeGreaterThan(30);
    for (const api of report.apis)
      for (const c of api.cases.filter((c: { outcome: string }) => c.outcome === 'skipped'))
        expect(
          Object.keys(env).some((name) => c.skipReason.includes(name)),
          c.skipReason,
        ).toBe(false);
  }, 240_000);

  it('refuses to overwrite the file without --force (exit 2, the file untouched), and overwrites it with --force', async () => {
    const file = join(project, 'mine.json');
    writeFileSync(file, '{"mine": true}\n');
    const refused = await runIn(project, 'npx', ['orgmock', 'init', '--out', 'mine.json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('orgmock init: cannot write mine.json: it exists (--force overwrites it) (EEXIST) [E_OUTPUT]\n');
    expect(readFileSync(file, 'utf8')).toBe('{"mine": true}\n');
    const forced = await runIn(project, 'npx', ['orgmock', 'init', '--out', 'mine.json', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).superai.baseUrl).toBe('http://localhost:4010/api');
    expect(existsSync(join(project, 'contracts', 'verify.json'))).toBe(true);
  }, 240_000);
});
