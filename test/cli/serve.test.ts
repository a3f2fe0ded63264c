// Issue 3: `orgmock serve` as a real process: banner, flags, env, and clear errors for bad input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServeProcess } from '../helpers/cli.js';

describe('orgmock serve', () => {
  it('starts, prints one token per role, serves both APIs, and stops cleanly on SIGTERM', async () => {
    const proc = await startServeProcess(['--port', '0', '--seed', '5']);
    try {
      const banner = proc.banner();
      for (const role of [
        'OWNER',
        'ADMINISTRATOR',
        'WORKSPACES',
        'BILLING',
        'USER',
        'org_admin',
        'app_user',
        'integration',
        'backoffice',
      ]) {
        expect(banner).toMatch(new RegExp(`^\\s+${role}\\s+\\S+_${role.toLowerCase()}_[0-9a-f]{12}`, 'm'));
      }
      const token = /^\s+WORKSPACES\s+(\S+)/m.exec(banner)![1]!;
      const res = await fetch(`${proc.url}/organization/users`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const ids = (await (await fetch(`${proc.url}/__mock/identities`)).json()) as { flashback: { token: string }[] };
      expect(ids.flashback.some((u) => u.token === token)).toBe(true);
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  });

  it('takes the port from PORT', async () => {
    const probe = await startServeProcess(['--port', '0']);
    const port = new URL(probe.url).port;
    await probe.stop();
    const proc = await startServeProcess([], { PORT: port });
    try {
      expect(new URL(proc.url).port).toBe(port);
    } finally {
      await proc.stop();
    }
  });

  it('serves a fixture directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-cli-fx-'));
    const org = { id: 'org-1', name: 'Acme' };
    writeFileSync(
      join(dir, 'flashback.json'),
      JSON.stringify({
        organizations: [org],
        users: [{ id: 'u1', email: 'a@acme.example', orgId: 'org-1', orgRole: 2, deletedAt: null, token: 'acme-workspaces' }],
      }),
    );
    const proc = await startServeProcess(['--port', '0', '--fixtures', dir]);
    try {
      const res = await fetch(`${proc.url}/organization/users`, { headers: { Authorization: 'Bearer acme-workspaces' } });
      expect(await res.json()).toMatchObject({ success: true, total: 1 });
    } finally {
      await proc.stop();
    }
  });

  const bad: [string, { args: string[]; want: RegExp }][] = [
    ['an unknown flag', { args: ['--prot', '1'], want: /unknown option --prot \[E_UNKNOWN_FLAG\][\s\S]*Usage: orgmock serve/ }],
    ['a port out of range', { args: ['--port', '70000'], want: /--port must be at most 65535/ }],
    ['a non-numeric port', { args: ['--port', 'abc'], want: /--port must be a number, got "abc"/ }],
    ['users-per-org too small', { args: ['--users-per-org', '2'], want: /--users-per-org must be at least 10/ }],
    ['a bad latency', { args: ['--latency', 'fast'], want: /--latency must be MIN-MAX milliseconds/ }],
    ['a reversed latency', { args: ['--latency', '300-50'], want: /--latency must be MIN-MAX/ }],
    ['an error rate above 1', { args: ['--error-rate', '1.5'], want: /--error-rate must be at most 1/ }],
    [
      'a missing fixture dir',
      { args: ['--fixtures', '/nonexistent/orgmock'], want: /\/nonexistent\/orgmock: no such fixture directory \[E_FIXTURE\]/ },
    ],
    ['a flag without its value', { args: ['--seed'], want: /--seed needs a value/ }],
  ];
  it.each(bad)('exits 2 with a clear message for %s', async (_n, { args, want }) => {
    const run = await runCli(['serve', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(want);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace for user mistakes
  });

  it('exits 2 when the port is taken', async () => {
    const proc = await startServeProcess(['--port', '0']);
    try {
      const run = await runCli(['serve', '--port', new URL(proc.url).port]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\) \[E_LISTEN\]/);
    } finally {
      await proc.stop();
    }
  });

  it('prints help and an unknown command error', async () => {
    expect((await runCli(['serve', '--help'])).stdout).toMatch(/--users-per-org <n>\s+Users in every organization/);
    const unknown = await runCli(['servee']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "servee" \[E_UNKNOWN_COMMAND\]/);
  });
});
