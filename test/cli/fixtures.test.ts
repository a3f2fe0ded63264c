// `orgmock fixtures --out DIR` as a command (a real process), and the committed fixtures/example
// files it wrote (fixtures/README.md).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import { superai } from '../../src/apis/superai/index.js';
import { createMockApp } from '../../src/index.js';
import { readFixtureDir } from '../../src/mock/fixture-files.js';
import { runCli } from '../helpers/cli.js';

describe('orgmock fixtures --out DIR and fixtures/example', () => {
  const committed = (name: string) => readFileSync(new URL(`../../fixtures/example/${name}.json`, import.meta.url), 'utf8');

  it('the command writes both files, as fixtures/README.md says the examples were written; they serve as the mock', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'orgmock-fixtures-cmd-')), 'nested', 'example');
    const run = await runCli(['fixtures', '--out', out, '--users-per-org', '10']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${join(out, 'flashback.json')}`);
    expect(run.stdout).toContain(`wrote ${join(out, 'superai.json')}`);
    for (const name of ['flashback', 'superai']) expect(readFileSync(join(out, `${name}.json`), 'utf8'), name).toBe(committed(name));
    // Served with --fixtures, the written files answer like the generated data of the same seed and size.
    const fromFiles = createMockApp({ datasets: readFixtureDir(out, [flashback, superai], 0), usersPerOrg: 10 });
    const generated = createMockApp({ usersPerOrg: 10 });
    const ids = async (m: ReturnType<typeof createMockApp>) => (await m.app.request('/__mock/identities')).text();
    expect(await ids(fromFiles)).toBe(await ids(generated));
  });

  it('without --out: exit 2, naming the flag', async () => {
    const run = await runCli(['fixtures']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out is required/);
  });

  it.each([flashback, superai])('fixtures/example/$name.json follows fixtures/README.md: 10 users per customer organization', (api) => {
    const data = readFixtureDir(new URL('../../fixtures/example/', import.meta.url).pathname, [api], 0).get(api.name)!;
    const raw = JSON.parse(committed(api.name)) as { organizations: { id: string }[]; users: Record<string, unknown>[] };
    expect(raw.organizations.length).toBeGreaterThanOrEqual(3);
    const perOrg = new Map<string, number>();
    for (const u of raw.users) {
      const org = String(api.mock.organizationOf(u as never));
      perOrg.set(org, (perOrg.get(org) ?? 0) + 1);
      expect(typeof u.token, 'every example user carries its token').toBe('string');
    }
    const backoffice = new Set(raw.users.filter((u) => u.role === 'backoffice').map((u) => String(u.organization_id)));
    for (const [org, n] of perOrg) if (!backoffice.has(org)) expect(n, org).toBe(10);
    expect(data.users).toHaveLength(raw.users.length);
  });
});
