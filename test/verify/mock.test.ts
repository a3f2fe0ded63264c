// Proves: verify against the project's own mock, on an ephemeral port, config from /__mock/identities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { startMockServer } from '../../src/server/node.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { checksWith, runCli, scratchDir, type JsonReport } from './support/run.js';

const scratch = scratchDir();
let mock: Awaited<ReturnType<typeof startMockServer>>;
let config: Record<string, any>;
let configFile: string;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: '127.0.0.1' });
  config = await configFromMock(mock.url, APIS);
  configFile = scratch.write('mock.json', config);
});
afterAll(async () => {
  await mock?.close();
  scratch.cleanup();
});

describe('verify against the mock', () => {
  it('the config from /__mock/identities has a token for every role and two organizations', () => {
    expect(Object.keys(config.flashback.tokens).sort()).toEqual(['ADMINISTRATOR', 'BILLING', 'OWNER', 'USER', 'WORKSPACES']);
    expect(config.superai.tokens).toEqual(
      expect.objectContaining({
        backoffice: expect.any(String),
        org_admin: expect.any(String),
        app_user: expect.any(String),
        integration: expect.any(String),
      }),
    );
    // API keys (the spec's APIKeyAuth) for a role the rules allow anywhere, one allowed on its own organization, and a denied one.
    expect(Object.keys(config.superai.apiKeys)).toEqual(expect.arrayContaining(['backoffice', 'org_admin', 'app_user']));
    for (const key of Object.values(config.superai.apiKeys)) expect(key).toMatch(/^saf_[0-9a-f]{32}$/);
    expect(config.flashback.apiKeys).toBeUndefined();
    expect(config.superai.organizationId).not.toBe(config.superai.otherOrganizationId);
    expect(config.superai.baseUrl).toBe(`${mock.url}/api`);
  });

  it('both APIs: 0 failures, 0 warnings, exit 0', async () => {
    const run = await runCli(['--config', configFile, '--reporter', 'json'], { cwd: scratch.dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(checksWith(report, 'failed')).toEqual([]);
    expect(checksWith(report, 'warned')).toEqual([]);
    expect(report.summary.checks).toMatchObject({ failed: 0, warned: 0 });
    expect(report.summary.checks.passed).toBeGreaterThan(200);
    expect(report.summary.requests).toBeGreaterThanOrEqual(31);
    // The role rules were checked by API key too, and a key no backend issued was refused.
    const superai = report.apis.find((a) => a.api === 'superai')!;
    const byKey = superai.cases.filter((c) => c.key.startsWith('superai/apikey:'));
    expect(byKey.map((c) => [c.key, c.status])).toEqual(
      expect.arrayContaining([
        ['superai/apikey:org_admin', 200],
        ['superai/apikey:org_admin@otherOrganizationId', 403],
        ['superai/apikey:backoffice@otherOrganizationId', 200],
        ['superai/apikey:app_user', 403],
      ]),
    );
    expect(byKey.every((c) => c.outcome === 'passed')).toBe(true);
    expect(superai.cases.find((c) => c.key === 'superai/auth:unknown-api-key')).toMatchObject({ status: 401, outcome: 'passed' });
    expect(run.code).toBe(0);
  });

  it.each([['flashback'], ['superai']])('--api %s runs that API only, still clean', async (api) => {
    const run = await runCli(['--config', configFile, '--reporter', 'json', '--api', api, '--strict'], { cwd: scratch.dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.apis.map((a) => a.api)).toEqual([api]);
    expect(report.summary.checks).toMatchObject({ failed: 0, warned: 0 });
    expect(run.code).toBe(0);
  });
});
