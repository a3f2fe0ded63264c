// Issue 23: every `Prefer: code=N` the README shows works for the API it is shown on. The README's
// "Forcing states" table (generated from the registry) lists each API's documented statuses (they must be the spec's) and examples;
// its curl lines force a status on one API. Each is sent to the mock in-process, as that API's caller.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp } from '../../src/mock/app.js';
import { organizationParameter, rolesByScope } from '../../src/openapi/extensions.js';

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

/** A signed-in identity allowed to list (a role of any organization first, else of its own) and the path it asks for. */
async function caller(app: ReturnType<typeof createMockApp>['app'], name: string) {
  const api = APIS.find((a) => a.name === name)!;
  const ids = await (await app.fetch(new Request('http://mock.test/__mock/identities'))).json();
  const section = api.verify.sectionFromMockIdentities(ids[name], '') as { tokens: Record<string, string>; organizationId?: string };
  const scopes = rolesByScope(api.spec, api.operation);
  const role = [...scopes['any-organization'], ...scopes['own-organization'], ...scopes['caller-organization']].find(
    (r) => section.tokens[r],
  )!;
  const parameter = organizationParameter(api.operation);
  const path = parameter
    ? api.operation.path.replace(`{${parameter.name}}`, encodeURIComponent(section.organizationId!))
    : api.operation.path;
  return { token: section.tokens[role]!, path: `${api.spec.basePath}${path}` };
}

describe('README "Forcing states": each API row', () => {
  const rows = tableRows();

  // The table is written by `npm run generate` from the registry: a row per API (test/apis/registry.test.ts holds it fresh).
  it('has a row per API of the registry, with the statuses its spec documents', () => {
    expect(Object.keys(rows)).toEqual(APIS.map((a) => a.name));
    for (const api of APIS) expect(rows[api.name]?.documented).toEqual(api.operation.responses.map((r) => r.status).sort());
  });

  it.each(APIS.map((a) => a.name))('%s: each example status comes back as sent', async (name) => {
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
