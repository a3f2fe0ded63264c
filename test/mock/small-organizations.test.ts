// Issue 23: --users-per-org goes down to 0. With 0 and with 1 user per organization, generated and
// written as fixture files (`orgmock fixtures`) and read back, the mock serves: /__mock/identities,
// /docs, empty lists for an empty organization, the one user's own list, and the banner's runnable Try lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { main } from '../../src/cli.js';
import { createMockApp } from '../../src/index.js';
import { banner } from '../../src/mock/banner.js';
import { readFixtureDir } from '../../src/mock/fixture-files.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `orgmock fixtures --out DIR --users-per-org N`, run as main() runs it. */
async function fixtureFiles(n: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-small-'));
  dirs.push(dir);
  const err: string[] = [];
  const io = { stdout: () => {}, stderr: (t: string) => err.push(t), env: {}, cwd: dir, stopSignal: new Promise<void>(() => {}) };
  expect(await main(['fixtures', '--out', dir, '--users-per-org', String(n)], io)).toBe(0);
  expect(err).toEqual([]);
  return dir;
}

describe.each([0, 1])('%i user(s) per organization', (n) => {
  it.each(['generated', 'fixture files'])('%s: served, listed and shown', async (source) => {
    const mock =
      source === 'generated'
        ? createMockApp({ usersPerOrg: n })
        : createMockApp({ usersPerOrg: n, datasets: readFixtureDir(await fixtureFiles(n), APIS, 0) });
    const ids = await (await mock.app.fetch(new Request('http://mock.test/__mock/identities'))).json();
    // Flashback: n users in each organization; SuperAI: n in each customer organization, the platform keeps its backoffice staff.
    const fbOrgs = mock.served[0]!.dataset.organizations;
    expect(ids.flashback).toHaveLength(n * fbOrgs.length);
    const customers = ids.superai.filter((u: { role: string }) => u.role !== 'backoffice');
    expect(customers).toHaveLength(n * (mock.served[1]!.dataset.organizations.length - 1));
    expect((await mock.app.fetch(new Request('http://mock.test/docs'))).status).toBe(200);

    // A backoffice user lists a customer organization: empty, or its one user.
    const backoffice = ids.superai.find((u: { role: string; status: string }) => u.role === 'backoffice' && u.status === 'active');
    const customer = mock.served[1]!.dataset.organizations[0]!.id;
    const res = await mock.app.fetch(
      new Request(`http://mock.test/api/admin/organizations/${customer}/users`, {
        headers: { Authorization: `Bearer ${backoffice.token}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(n);

    if (n === 1) {
      // The one Flashback user of an organization is its OWNER, who lists it: one user.
      const owner = ids.flashback[0];
      expect(owner.orgRole).toBe(255);
      const list = await mock.app.fetch(
        new Request('http://mock.test/organization/users', { headers: { Authorization: `Bearer ${owner.token}` } }),
      );
      expect(await list.json()).toMatchObject({ success: true, total: 1 });
    }
    // The banner prints a Try line for each API that has a user who may list: SuperAI's backoffice always, Flashback's OWNER from 1 user on.
    const tries = banner({ url: 'http://127.0.0.1:4010', served: mock.served })
      .split('\n')
      .filter((l) => l.startsWith('Try: '));
    const flashbackTry = tries.filter((l) => l.endsWith('http://127.0.0.1:4010/organization/users'));
    const superaiTry = tries.filter((l) => l.includes('http://127.0.0.1:4010/api/admin/organizations/'));
    expect([flashbackTry.length, superaiTry.length]).toEqual([n === 0 ? 0 : 1, 1]);
  });
});
