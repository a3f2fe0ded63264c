// Issue 21, minted tokens: with a jwt block, verify signs tokens the backend must refuse (expired,
// not yet valid, wrong iss, wrong aud, unknown user). Flashback on Koa 3 (jose, HS256, iss/aud/exp)
// behind stock lighttpd: the deployment that accepts expired tokens fails auth_rejected on the
// minted expired token, named by what it is; the correct one passes every minted probe with 401.
import { afterAll, describe, expect, it } from 'vitest';
import { casesWith, checksWith, runCli, scratchDir, type JsonReport } from '../support/run.js';
import { AUDIENCE, ISSUER, issueToken, JWT_SECRET, koaFlashback, type KoaBugs } from './support/koa-hapi.js';
import { lighttpdInFront } from './support/proxies.js';
import { FB_ORG, FB_OTHER_ORG, world } from './support/world.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

const MINTED = ['auth:jwt:expired', 'auth:jwt:not-yet-valid', 'auth:jwt:wrong-issuer', 'auth:jwt:wrong-audience', 'auth:jwt:unknown-user'];

/** verify --reporter json against Koa (with `bugs`) behind lighttpd, the jwt block signing with the backend's secret from $KOA_JWT_SECRET. */
async function run(bugs: KoaBugs) {
  const w = world();
  const tokens: Record<string, string> = {};
  for (const [role, value] of [
    ['USER', 0],
    ['WORKSPACES', 2],
    ['OWNER', 255],
  ] as const) {
    tokens[role] = await issueToken(w.fb.find((u) => u.orgId === FB_ORG && u.orgRole === value && u.deletedAt === null)!.id);
  }
  const backend = await koaFlashback(w, bugs);
  const proxy = await lighttpdInFront(backend.url);
  try {
    const section = {
      baseUrl: proxy.url,
      organizationId: FB_ORG,
      otherOrganizationId: FB_OTHER_ORG,
      tokens,
      jwt: { alg: 'HS256', secret: '$KOA_JWT_SECRET', fixedClaims: { iss: ISSUER, aud: AUDIENCE } },
    };
    const config = scratch.write(`c-${Math.random().toString(36).slice(2)}.json`, { flashback: section });
    const out = await runCli(['--config', config, '--reporter', 'json', '--api', 'flashback'], {
      cwd: scratch.dir,
      env: { KOA_JWT_SECRET: JWT_SECRET },
    });
    expect(out.stderr).toBe('');
    expect(out.stdout).not.toContain(JWT_SECRET);
    return { code: out.code, report: JSON.parse(out.stdout) as JsonReport, stdout: out.stdout };
  } finally {
    await proxy.close();
    await backend.close();
  }
}

describe('minted tokens against Koa 3 behind lighttpd', () => {
  it('the correct deployment refuses every minted token with 401: no failure', async () => {
    const { code, report } = await run({});
    expect(checksWith(report, 'failed')).toEqual([]);
    const minted = report.apis[0]!.cases.filter((c) => c.key.startsWith('flashback/auth:jwt:'));
    expect(minted.map((c) => [c.key.slice('flashback/'.length), c.status, c.outcome])).toEqual(MINTED.map((k) => [k, 401, 'passed']));
    expect(minted.map((c) => c.label)).toEqual([
      'an expired token of role WORKSPACES (minted with flashback.jwt)',
      'a token of role WORKSPACES not valid yet (nbf a year ahead; minted with flashback.jwt)',
      'a token of role WORKSPACES from another issuer (iss; minted with flashback.jwt)',
      'a token of role WORKSPACES for another audience (aud; minted with flashback.jwt)',
      'a token of a user who does not exist (sub; minted with flashback.jwt)',
    ]);
    expect(code).toBe(0);
  }, 60_000);

  it('a deployment that accepts expired tokens fails auth_rejected on the minted expired token, a runnable curl line in the report', async () => {
    const { code, report, stdout } = await run({ acceptExpired: true });
    expect(checksWith(report, 'failed')).toEqual(['flashback/auth_rejected']);
    // Its clock tolerance of years lets the not-yet-valid token in too; nothing else.
    expect(casesWith(report, 'failed')).toEqual([
      'flashback/auth_rejected/auth:jwt:expired',
      'flashback/auth_rejected/auth:jwt:not-yet-valid',
    ]);
    const expired = report.apis[0]!.cases.find((c) => c.key === 'flashback/auth:jwt:expired')!;
    expect(expired).toMatchObject({
      status: 200,
      outcome: 'failed',
      label: 'an expired token of role WORKSPACES (minted with flashback.jwt)',
    });
    expect(expired.failed[0]!.title).toBe('Bad credentials accepted with 200');
    expect(expired.curl).toContain('printf %s "$KOA_JWT_SECRET" | node -e');
    // The minted token itself is masked wherever it could show.
    expect(stdout).not.toMatch(/eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.[\w-]+\.[\w-]{20,}/);
    expect(code).toBe(1);
  }, 60_000);
});
