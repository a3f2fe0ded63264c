// Issue 21, done when: the mock still passes `verify --strict` with 0 failures and 0 warnings with a
// jwt block configured against it. Both as real processes: `orgmock serve --port 0` given a JWT
// secret (ORGMOCK_JWT_SECRET, --jwt-issuer, --jwt-audience), and `orgmock verify` minting tokens
// with the same secret; every minted probe is refused with 401, and the secret is printed nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { runCli, startServeProcess } from '../helpers/cli.js';
import { scratchDir, type JsonReport } from './support/run.js';

const SECRET = 'mock-and-verify-share-this-secret';
const ISSUER = 'https://idp.orgmock.test';
const AUDIENCE = 'orgmock-api';
const scratch = scratchDir();
let serve: Awaited<ReturnType<typeof startServeProcess>>;

beforeAll(async () => {
  serve = await startServeProcess(['--port', '0', '--jwt-issuer', ISSUER, '--jwt-audience', AUDIENCE], { ORGMOCK_JWT_SECRET: SECRET });
}, 60_000);
afterAll(async () => {
  await serve?.stop();
  scratch.cleanup();
});

describe('verify --strict against the mock with a jwt block', () => {
  it('0 failures, 0 warnings, exit 0; every minted token refused with 401', async () => {
    const config = (await configFromMock(serve.url, APIS)) as Record<string, { tokens: Record<string, string> } & Record<string, unknown>>;
    const identities = (await (await fetch(`${serve.url}/__mock/identities`)).json()) as Record<
      string,
      { token: string; userId: string }[]
    >;
    for (const [api, section] of Object.entries(config)) {
      // Each role's user, by the identity row of its token: what the minted tokens name in sub.
      const subjects = Object.fromEntries(
        Object.entries(section.tokens).map(([role, token]) => [role, identities[api]!.find((row) => row.token === token)!.userId]),
      );
      section.jwt = { alg: 'HS256', secret: '$MOCK_JWT_SECRET', fixedClaims: { iss: ISSUER, aud: AUDIENCE }, subjects };
    }
    const file = scratch.write('mock-jwt.json', config);
    const run = await runCli(['verify', '--config', file, '--strict', '--reporter', 'json'], { MOCK_JWT_SECRET: SECRET });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.summary.checks).toMatchObject({ failed: 0, warned: 0 });
    for (const api of report.apis) {
      const minted = api.cases.filter((c) => c.key.startsWith(`${api.api}/auth:jwt:`));
      expect(minted.map((c) => [c.key.slice(api.api.length + 1), c.status, c.outcome])).toEqual(
        ['expired', 'not-yet-valid', 'wrong-issuer', 'wrong-audience', 'unknown-user'].map((k) => [`auth:jwt:${k}`, 401, 'passed']),
      );
    }
    expect(run.code).toBe(0);
    expect(`${run.stdout}${serve.banner()}${serve.stderr()}`).not.toContain(SECRET);
    expect(serve.banner()).toMatch(/JWT sign-in: HS256 tokens signed with the --jwt-secret whose sub is a userId/);
  }, 120_000);
});
