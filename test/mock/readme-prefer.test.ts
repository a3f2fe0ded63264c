// Issue 23: every `Prefer: code=N` the README shows works for the API it is shown on. The README's
// "Forcing states" table lists each API's documented statuses (they must be the spec's) and examples;
// its curl lines force a status on one API. Each is sent to the mock in-process, as that API's caller.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp } from '../../src/mock/app.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = README.slice(README.indexOf('### Forcing states'), README.indexOf('\n## ', README.indexOf('### Forcing states')));

/** The table rows `| Flashback | 200, 401, ... | `Prefer: code=403`, ... |`, by API name. */
function tableRows(): Record<string, { documented: number[]; examples: number[] }> {
  const rows: Record<string, { documented: number[]; examples: number[] }> = {};
  for (const api of APIS) {
    const line = section.split('\n').find((l) => l.startsWith(`| ${api.title} `));
    if (!line) continue;
    const [, , statuses = '', examples = ''] = line.split('|').map((cell) => cell.trim());
    rows[api.name] = {
      documented: statuses.split(',').map((s) => Number(s.trim())),
      examples: [...examples.matchAll(/Prefer: code=(\d{3})/g)].map((m) => Number(m[1])),
    };
  }
  return rows;
}

/** A signed-in identity allowed to list (OWNER, backoffice) and the path it asks for. */
async function caller(app: ReturnType<typeof createMockApp>['app'], api: string) {
  const ids = await (await app.fetch(new Request('http://mock.test/__mock/identities'))).json();
  if (api === 'flashback') {
    const owner = ids.flashback.find((i: { orgRole: number; deleted: boolean }) => i.orgRole === 255 && !i.deleted);
    return { token: owner.token as string, path: '/organization/users' };
  }
  const backoffice = ids.superai.find((i: { role: string; status: string }) => i.role === 'backoffice' && i.status === 'active');
  const org = ids.superai.find((i: { role: string }) => i.role === 'org_admin').organizationId;
  return { token: backoffice.token as string, path: `/api/admin/organizations/${org}/users` };
}

describe('README "Forcing states": each API row', () => {
  const rows = tableRows();

  // The README documents the two seed APIs; an API added by its folder, spec and registry line gets no row of its own.
  it('covers the seed APIs, with the statuses their specs document', () => {
    expect(Object.keys(rows).sort()).toEqual(['flashback', 'superai']);
    for (const api of APIS.filter((a) => a.name in rows))
      expect(rows[api.name]?.documented).toEqual(api.operation.responses.map((r) => r.status).sort());
  });

  it.each(['flashback', 'superai'])('%s: each example status comes back as sent', async (name) => {
    const { app } = createMockApp({ seed: 3, apis: APIS });
    const { token, path } = await caller(app, name);
    const examples = rows[name]?.examples ?? [];
    expect(examples.length).toBeGreaterThan(0);
    for (const code of examples) {
      const res = await app.fetch(
        new Request(`http://mock.test${path}`, { headers: { Authorization: `Bearer ${token}`, Prefer: `code=${code}` } }),
      );
      expect(res.status, `${name} Prefer: code=${code}`).toBe(code);
    }
  });
});

describe('README "Forcing states": the curl lines', () => {
  const lines = [...section.matchAll(/^curl (.*)$/gm)].map((m) => m[1]!);

  it('force a status on a URL of the API they name', async () => {
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const { app } = createMockApp({ seed: 3, apis: APIS });
    for (const line of lines) {
      const code = Number(/Prefer: code=(\d{3})/.exec(line)?.[1]);
      const api = line.includes('/api/admin/') ? 'superai' : 'flashback';
      expect(line).toContain(api === 'superai' ? 'Bearer sa_' : 'Bearer fb_');
      const { token, path } = await caller(app, api);
      const res = await app.fetch(
        new Request(`http://mock.test${path}`, { headers: { Authorization: `Bearer ${token}`, Prefer: `code=${code}` } }),
      );
      expect(res.status, line).toBe(code);
    }
  });

  it('Flashback answers an undocumented code (404) with 400, as the README says', async () => {
    expect(section).toContain('as does `code=404` on Flashback');
    const { app } = createMockApp({ seed: 3, apis: APIS });
    const { token, path } = await caller(app, 'flashback');
    const res = await app.fetch(
      new Request(`http://mock.test${path}`, { headers: { Authorization: `Bearer ${token}`, Prefer: 'code=404' } }),
    );
    expect(res.status).toBe(400);
  });
});
