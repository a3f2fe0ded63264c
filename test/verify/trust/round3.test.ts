// Issue 21: backends in frameworks the suite did not use yet (Koa 3, hapi 21), one behind stock
// lighttpd. Each bug issue 21 found in real implementations fails naming its check; the correct
// variants pass (warnings allowed).
import { afterAll, describe, expect, it } from 'vitest';
import { casesWith, checksWith, runCli, scratchDir, type JsonReport } from '../support/run.js';
import { hapiSuperai, issueToken, koaFlashback, type HapiBugs, type KoaBugs } from './support/koa-hapi.js';
import { lighttpdInFront } from './support/proxies.js';
import type { Running } from './support/servers.js';
import { FB_ORG, FB_OTHER_ORG, world, type World } from './support/world.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

/** The world with Flashback tokens as the Koa deployment's identity provider issues them (iss, aud, exp). */
async function koaWorld(): Promise<World> {
  const w = world();
  const tokens: Record<string, string> = {};
  for (const [role, value] of [
    ['USER', 0],
    ['BILLING', 1],
    ['WORKSPACES', 2],
    ['ADMINISTRATOR', 254],
    ['OWNER', 255],
  ] as const) {
    tokens[role] = await issueToken(w.fb.find((u) => u.orgId === FB_ORG && u.orgRole === value && u.deletedAt === null)!.id);
  }
  const deleted = await issueToken(w.fb.find((u) => u.orgId === FB_ORG && u.deletedAt !== null)!.id);
  w.config.flashback = { organizationId: FB_ORG, otherOrganizationId: FB_OTHER_ORG, tokens, refusedTokens: { deleted } };
  return w;
}

interface Run {
  code: number;
  report: JsonReport;
  stdout: string;
}

async function verify(api: 'flashback' | 'superai', server: Running, section: Record<string, unknown>, extra: string[] = []): Promise<Run> {
  try {
    const baseUrl = api === 'flashback' ? server.url : `${server.url}/api`;
    const config = scratch.write(`c-${Math.random().toString(36).slice(2)}.json`, { [api]: { ...section, baseUrl } });
    const run = await runCli(['--config', config, '--reporter', 'json', '--api', api, ...extra], { cwd: scratch.dir });
    expect(run.stderr).toBe('');
    return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stdout: run.stdout };
  } finally {
    await server.close();
  }
}

const fb = async (bugs: KoaBugs = {}, extra: string[] = [], over: Record<string, unknown> = {}) => {
  const w = await koaWorld();
  return verify('flashback', await koaFlashback(w, bugs), { ...w.config.flashback, ...over }, extra);
};
const sa = async (bugs: HapiBugs = {}, over: Record<string, unknown> = {}) => {
  const w = world();
  const inactive = w.sa.find((u) => u.organization_id === w.config.superai.organizationId && u.status === 'inactive')!;
  const inactiveKey = [...w.keys].find(([, id]) => id === inactive.id)![0];
  return verify('superai', await hapiSuperai(w, bugs), { ...w.config.superai, refusedApiKeys: { inactive: inactiveKey }, ...over });
};

describe('correct variants pass', () => {
  it('Flashback on Koa 3 (jose, iss/aud/exp): no failure; mfaEnabled and passwordUpdatedAt are no secrets', async () => {
    const { code, report } = await fb({ securityFlags: true });
    expect(checksWith(report, 'failed')).toEqual([]);
    const tenant = report.apis[0]!.cases.filter((c) => c.key.startsWith('flashback/tenant:'));
    expect(tenant.map((c) => c.key.replace(/@.*/, ''))).toEqual([
      'flashback/tenant:orgId',
      'flashback/tenant:organizationId',
      'flashback/tenant:organization_id',
      'flashback/tenant:org_id',
      'flashback/tenant:tenantId',
      'flashback/tenant:X-Org-Id',
      'flashback/tenant:X-Organization-Id',
      'flashback/tenant:X-Tenant-Id',
    ]);
    expect(tenant.every((c) => c.outcome === 'passed')).toBe(true);
    expect(code).toBe(0);
  });

  it('SuperAI on hapi 21: refusedApiKeys sent as X-API-Key get 401; tenant probes pass', async () => {
    const { code, report } = await sa();
    expect(checksWith(report, 'failed')).toEqual([]);
    const refused = report.apis[0]!.cases.find((c) => c.key === 'superai/auth:refused-api-key:inactive')!;
    expect(refused).toMatchObject({
      outcome: 'passed',
      status: 401,
      label: "an inactive user's API key (superai.refusedApiKeys.inactive)",
    });
    expect(report.apis[0]!.cases.filter((c) => c.key.startsWith('superai/tenant:')).length).toBe(16);
    expect(code).toBe(0);
  });

  it("Koa behind stock lighttpd: lighttpd's 431 to the 8 KB token warns, citing lighttpd's limit, not Node's", async () => {
    const w = await koaWorld();
    const backend = await koaFlashback(w);
    const proxy = await lighttpdInFront(backend.url);
    try {
      const { code, report } = await verify('flashback', proxy, w.config.flashback);
      expect(checksWith(report, 'failed')).toEqual([]);
      const oversized = report.apis[0]!.cases.find((c) => c.key === 'flashback/auth:oversized-token')!;
      expect(oversized.status).toBe(431);
      const finding = oversized.warned.find((f) => f.check === 'auth_rejected')!;
      expect(finding.warnReason).toMatch(/lighttpd's header size limit .*server\.max-request-field-size/);
      expect(finding.warnReason).not.toMatch(/Node|--max-http-header-size|nginx/);
      expect(finding.title).toBe('Bad credentials refused with 431 by the infrastructure, not the backend, where 401 is expected');
      expect(code).toBe(0);
    } finally {
      await backend.close();
    }
  });
});

describe('the bugs of issue 21 fail, naming the check', () => {
  it('Flashback takes the organization from ?orgId=: tenant_override_ignored fails', async () => {
    const { code, report } = await fb({ orgFromQuery: true });
    expect(checksWith(report, 'failed')).toEqual(['flashback/tenant_override_ignored']);
    expect(casesWith(report, 'failed')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^flashback\/tenant_override_ignored\/tenant:orgId@role:/)]),
    );
    expect(code).toBe(1);
  });

  it('SuperAI takes the organization from X-Tenant-Id: tenant_override_ignored fails', async () => {
    const { code, report } = await sa({ tenantFromHeader: true });
    expect(checksWith(report, 'failed')).toEqual(['superai/tenant_override_ignored']);
    expect(casesWith(report, 'failed').every((k) => k.includes('/tenant:X-Tenant-Id@'))).toBe(true);
    expect(code).toBe(1);
  });

  it("an inactive SuperAI user's API key still accepted: auth_rejected fails on refusedApiKeys", async () => {
    const { code, report } = await sa({ inactiveKeyAccepted: true });
    expect(checksWith(report, 'failed')).toEqual(['superai/auth_rejected']);
    expect(casesWith(report, 'failed')).toEqual(['superai/auth_rejected/auth:refused-api-key:inactive']);
    expect(code).toBe(1);
  });

  it('a bcrypt hash listed under an innocent name: no_secret_fields fails, the hash never shown', async () => {
    const { code, report, stdout } = await fb({ leakHashAsNotes: true });
    expect(checksWith(report, 'failed')).toEqual(['flashback/no_secret_fields']);
    expect(stdout).not.toContain('R9h/cIPz0gi');
    expect(code).toBe(1);
  });

  it('bad credentials refused with 403: warnings whose title says so, not "not rejected"', async () => {
    const { code, report } = await fb({ forbidBadCredentials: true });
    expect(checksWith(report, 'failed')).toEqual([]);
    const titles = new Set(report.apis[0]!.cases.flatMap((c) => c.warned.filter((f) => f.check === 'auth_rejected').map((f) => f.title)));
    expect([...titles]).toEqual(['Bad credentials refused with 403 where 401 is expected (inferred)']);
    expect(code).toBe(0);
  });
});

describe('a strict limiter (burst 5, then one request per refill, 429 with Retry-After in seconds)', () => {
  const limiter = { burst: 5, refillMs: 200 };

  it('a correct backend behind it: every case covered, none inconclusive, --fail-on-skip exits 0', async () => {
    const { code, report } = await fb({ limiter }, ['--fail-on-skip']);
    expect(checksWith(report, 'failed')).toEqual([]);
    expect(report.summary.responses).toMatchObject({ inconclusive: 0, skipped: 0 });
    expect(report.apis[0]!.cases.some((c) => c.kind === 'tenant')).toBe(true);
    expect(code).toBe(0);
  }, 120_000);

  it('a real bug behind it (USER gets 200): denied_role_rejected fails, nothing left inconclusive', async () => {
    const { code, report } = await fb({ limiter, userGets200: true }, ['--fail-on-skip']);
    expect(checksWith(report, 'failed')).toEqual(['flashback/denied_role_rejected']);
    expect(report.summary.responses.inconclusive).toBe(0);
    expect(code).toBe(1);
  }, 120_000);

  it('a budget too small to wait (--max-wait 0): refused cases are inconclusive, and --fail-on-skip exits 1', async () => {
    const { code, report } = await fb({ limiter }, ['--fail-on-skip', '--max-wait', '0']);
    expect(checksWith(report, 'failed')).toEqual([]);
    expect(report.summary.responses.inconclusive).toBeGreaterThan(0);
    expect(code).toBe(1);
  }, 120_000);
});
