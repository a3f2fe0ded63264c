// Proves: `orgmock serve` as a real process: banner, flags, env, and clear errors for bad input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
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
    // PORT=0: an ephemeral port, reported in the banner (not the default 4010).
    const proc = await startServeProcess([], { PORT: '0' });
    try {
      expect(Number(new URL(proc.url).port)).toBeGreaterThan(0);
      expect(new URL(proc.url).port).not.toBe('4010');
    } finally {
      await proc.stop();
    }
    // PORT naming a port this test holds: serve tries exactly that one (no free-then-rebind race).
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const port = String((held.address() as AddressInfo).port);
    try {
      const run = await runCli(['serve'], { PORT: port });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE) [E_LISTEN]`);
    } finally {
      await new Promise<void>((resolve) => held.close(() => resolve()));
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

  /** Runs `orgmock serve ARGS` on port 0 for the duration of `body`. */
  const serving = async <T>(args: string[], body: (url: string, banner: string) => Promise<T>): Promise<T> => {
    const proc = await startServeProcess(['--port', '0', ...args]);
    try {
      return await body(proc.url, proc.banner());
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  };
  const identities = async (url: string) =>
    (await (await fetch(`${url}/__mock/identities`)).json()) as {
      flashback: { token: string; orgRole: number; deleted: boolean; orgId: string }[];
      superai: { token: string; role: string; status: string; organizationId: string }[];
    };
  const fbOwner = (ids: Awaited<ReturnType<typeof identities>>) => ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;
  const saBackoffice = (ids: Awaited<ReturnType<typeof identities>>) =>
    ids.superai.find((u) => u.role === 'backoffice' && u.status === 'active')!;
  const saCustomerOrg = (ids: Awaited<ReturnType<typeof identities>>) =>
    ids.superai.find((u) => u.role === 'org_admin' && u.status === 'active')!.organizationId;

  describe('the options README.md lists take effect', () => {
    it('--error-rate 1: every answer of both APIs is the documented 500', async () => {
      await serving(['--error-rate', '1'], async (url) => {
        const ids = await identities(url);
        for (let i = 0; i < 5; i++) {
          const fb = await fetch(`${url}/organization/users`, { headers: { Authorization: `Bearer ${fbOwner(ids).token}` } });
          expect(fb.status).toBe(500);
          // The spec's Flashback 500: the list envelope with no users.
          expect(await fb.json()).toEqual({ success: false, data: [], total: 0 });
          const sa = await fetch(`${url}/api/admin/organizations/${saCustomerOrg(ids)}/users`, {
            headers: { Authorization: `Bearer ${saBackoffice(ids).token}` },
          });
          expect(sa.status).toBe(500);
          expect(await sa.json()).toMatchObject({ error: { code: 'internal_error' } });
        }
      });
    });

    it('--error-rate 0.5 --seed 5: some answers are 500, the others 200, the same ones on every run', async () => {
      const statuses = () =>
        serving(['--error-rate', '0.5', '--seed', '5'], async (url) => {
          const token = fbOwner(await identities(url)).token;
          const seen: number[] = [];
          for (let i = 0; i < 40; i++) {
            seen.push((await fetch(`${url}/organization/users`, { headers: { Authorization: `Bearer ${token}` } })).status);
          }
          return seen;
        });
      const first = await statuses();
      expect(new Set(first)).toEqual(new Set([200, 500]));
      const failed = first.filter((s) => s === 500).length;
      expect(failed).toBeGreaterThanOrEqual(8); // 40 draws at 50%: far from 0 and from 40
      expect(failed).toBeLessThanOrEqual(32);
      expect(await statuses()).toEqual(first);
    });

    it('--latency 300-300 delays each answer by at least 300 ms', async () => {
      await serving(['--latency', '300-300'], async (url) => {
        const started = performance.now();
        const res = await fetch(`${url}/organization/users`);
        await res.text();
        expect(res.status).toBe(401);
        // A lower bound only: no assumption about how fast the machine is.
        expect(performance.now() - started).toBeGreaterThanOrEqual(295);
      });
    });

    it('--host: listens on the address given (127.0.0.1 by default)', async () => {
      await serving([], async (url) => expect(new URL(url).hostname).toBe('127.0.0.1'));
      await serving(['--host', '127.0.0.2'], async (url, banner) => {
        expect(new URL(url).hostname).toBe('127.0.0.2');
        expect(banner).toContain('http://127.0.0.2:');
        expect((await fetch(`${url}/__mock/health`)).status).toBe(200);
      });
    });

    it('--users-per-org 15: every customer organization of both APIs has 15 users', async () => {
      await serving(['--users-per-org', '15'], async (url) => {
        const ids = await identities(url);
        const fbOrgs = new Set(ids.flashback.map((u) => u.orgId));
        // SuperAI's platform organization holds its backoffice staff, whatever the option says.
        const platform = new Set(ids.superai.filter((u) => u.role === 'backoffice').map((u) => u.organizationId));
        const saOrgs = new Set(ids.superai.map((u) => u.organizationId).filter((o) => !platform.has(o)));
        expect(fbOrgs.size).toBeGreaterThanOrEqual(3);
        expect(saOrgs.size).toBeGreaterThanOrEqual(3);
        for (const org of fbOrgs) expect(ids.flashback.filter((u) => u.orgId === org)).toHaveLength(15);
        for (const org of saOrgs) expect(ids.superai.filter((u) => u.organizationId === org)).toHaveLength(15);
        const res = await fetch(`${url}/organization/users`, { headers: { Authorization: `Bearer ${fbOwner(ids).token}` } });
        expect(await res.json()).toMatchObject({ success: true, total: 15 });
        const sa = await fetch(`${url}/api/admin/organizations/${saCustomerOrg(ids)}/users`, {
          headers: { Authorization: `Bearer ${saBackoffice(ids).token}` },
        });
        expect(await sa.json()).toHaveLength(15);
      });
    });

    it('--seed: the same seed serves byte-identical data and tokens; another seed other data', async () => {
      const snapshot = (seed: string) =>
        serving(['--seed', seed], async (url) => {
          const ids = await identities(url);
          const list = await fetch(`${url}/organization/users`, { headers: { Authorization: `Bearer ${fbOwner(ids).token}` } });
          return { ids: JSON.stringify(ids), list: await list.text() };
        });
      const five = await snapshot('5');
      expect(await snapshot('5')).toEqual(five);
      const six = await snapshot('6');
      expect(six.ids).not.toBe(five.ids);
      expect(six.list).not.toBe(five.list);
    });
  });

  const bad: [string, { args: string[]; want: RegExp }][] = [
    ['an unknown flag', { args: ['--prot', '1'], want: /unknown option --prot \[E_UNKNOWN_FLAG\][\s\S]*Usage: orgmock serve/ }],
    ['a port out of range', { args: ['--port', '70000'], want: /--port must be at most 65535/ }],
    ['a non-numeric port', { args: ['--port', 'abc'], want: /--port must be a number, got "abc"/ }],
    ['users-per-org too small', { args: ['--users-per-org', '-1'], want: /--users-per-org must be at least 0/ }],
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
