// Proves (issue 22, item 5): a config cannot copy an environment variable into a request or a report.
// `$NAME` / `${NAME}` is read only in the secret fields (tokens, API keys, refused ones), and what is
// read there is masked everywhere, in every encoded form; in a base URL or an organization id it is
// an error (exit 2, E_CONFIG_ENV) that names the key, never the value, and nothing is sent. The real
// CLI as a process, against a backend that counts what it receives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ORG, referenceConfig, type RunningBackend, startBackend } from '../verify/support/reference-backend.js';
import { scratchDir } from '../verify/support/run.js';

const scratch = scratchDir();
const backends: RunningBackend[] = [];
afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
  scratch.cleanup();
});

/** What a CI machine holds in its environment and must never see in a report. */
const AWS = 'AKIAwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
/** A value as a backend may echo it: as written, and encoded. */
const encoded = (value: string) => [
  value,
  Buffer.from(value).toString('base64'),
  Buffer.from(value).toString('base64url'),
  Buffer.from(value).toString('hex'),
  encodeURIComponent(value),
];
/** What must not appear of a secret: any of its forms, or a piece of it. */
const forms = (value: string) => [...encoded(value), value.slice(4, 20)];

async function backend(): Promise<RunningBackend> {
  const started = await startBackend();
  backends.push(started);
  return started;
}

describe('environment variables in a config', () => {
  it.each([
    ['superai', 'organizationId', '${AWS_SECRET_ACCESS_KEY}'],
    ['superai', 'otherOrganizationId', '$AWS_SECRET_ACCESS_KEY'],
    ['flashback', 'organizationId', 'org-${AWS_SECRET_ACCESS_KEY}'],
    ['superai', 'baseUrl', 'http://127.0.0.1:1/api?k=${AWS_SECRET_ACCESS_KEY}'],
  ])(
    '%s.%s = %j: exit 2 naming the key, the value never printed, nothing sent (every reporter, --output too)',
    async (section, key, value) => {
      const server = await backend();
      const config = referenceConfig(server.url) as Record<string, Record<string, unknown>>;
      config[section]![key] = value;
      const file = scratch.write(`${section}-${key}.json`, config);
      for (const reporter of ['pretty', 'json', 'junit', 'github']) {
        const output = join(scratch.dir, `${section}-${key}-${reporter}.out`);
        const summary = join(scratch.dir, `${section}-${key}-${reporter}.md`);
        const run = await runCli(['verify', '--config', file, '--reporter', reporter, '--output', output], {
          AWS_SECRET_ACCESS_KEY: AWS,
          GITHUB_STEP_SUMMARY: summary,
        });
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(`${section}.${key} refers to the environment`);
        expect(run.stderr).toContain(`--set ${section}.${key}=VALUE`);
        expect(run.stderr).toMatch(/\[E_CONFIG_ENV\]$/m);
        const written = readFileSync(output, 'utf8');
        expect(written).toContain('E_CONFIG_ENV');
        for (const form of forms(AWS)) expect([run.stdout, run.stderr, written].join('\n')).not.toContain(form);
      }
      expect(server.requests).toEqual([]);
    },
    120_000,
  );

  it('the same value given with --set is sent and printed as written (it is not a secret); a token cannot be given that way', async () => {
    const server = await backend();
    const config = referenceConfig(server.url) as Record<string, Record<string, unknown>>;
    config.superai!.organizationId = null;
    const file = scratch.write('set.json', config);
    const run = await runCli(['verify', '--config', file, '--only', 'superai/role:org_admin', '--reporter', 'json'], {
      ORGMOCK_SET: `superai.organizationId=${ORG.superai}`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.map((r) => r.url)).toContain(`/api/admin/organizations/${ORG.superai}/users`);
    const refused = await runCli(['verify', '--config', file, '--set', 'superai.tokens.org_admin=sa_x_token_0123456789abcdef']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--set superai.tokens.org_admin: only baseUrl, organizationId, otherOrganizationId can be set here');
    expect(refused.stderr).not.toContain('sa_x_token');
  }, 120_000);

  it('a secret field reads the environment, and what it read is masked in every form wherever the backend echoes it', async () => {
    const echoed = 'fb_owner_token_0123456789abcdef';
    // The backend echoes the variable's part of the token, not the whole token: that part is a secret too.
    const part = 'owner_token_0123456789';
    // A failing answer (an undocumented status): reports show its body.
    const server = await startBackend(() => ({ status: 418, body: { echo: encoded(part), whole: encoded(echoed) } }));
    backends.push(server);
    const config = referenceConfig(server.url) as Record<string, Record<string, Record<string, string>>>;
    config.flashback!.tokens!.OWNER = 'fb_${PART}abcdef';
    const file = scratch.write('secret.json', config);
    for (const reporter of ['pretty', 'json', 'junit', 'github']) {
      const run = await runCli(['verify', '--config', file, '--only', 'flashback/role:OWNER', '--reporter', reporter], { PART: part });
      expect(run.code, run.stderr).toBe(1);
      if (reporter === 'json') expect(run.stdout).toContain('echo');
      for (const form of [...forms(part), ...forms(echoed)].filter((f) => f.length >= 8))
        expect(run.stdout + run.stderr, `${reporter}: ${form}`).not.toContain(form);
    }
    expect(server.requests.length).toBeGreaterThan(0);
  }, 120_000);
});
