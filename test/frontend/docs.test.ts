// Proves: the API reference at /docs, the raw specs at /openapi/*.yaml, and their URLs in the banner.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banner } from '../../src/mock/banner.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { listOperations } from '../../src/openapi/operations.js';
import { APIS } from '../../src/apis/index.js';
import { apiKeyScheme } from '../../src/openapi/extensions.js';

let server: RunningServer;
let html: string;

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
  const res = await fetch(`${server.url}/docs`);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
  html = await res.text();
});
afterAll(() => server?.close());

/** The page's section of one API. */
const section = (name: string) => {
  const start = html.indexOf(`<section class="api" id="${name}">`);
  expect(start, name).toBeGreaterThan(-1);
  const end = html.indexOf('<section class="api"', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
};

describe('raw specs', () => {
  it.each(APIS.map((a) => a.name))('/openapi/%s.yaml is the spec file, byte for byte, as YAML', async (name) => {
    const res = await fetch(`${server.url}/openapi/${name}.yaml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/yaml; charset=utf-8');
    expect(await res.text()).toBe(await readFile(new URL(`../../openapi/${name}.yaml`, import.meta.url), 'utf8'));
  });

  it('other /openapi paths are the mock’s 404', async () => {
    expect((await fetch(`${server.url}/openapi/other.yaml`)).status).toBe(404);
  });
});

describe('/docs', () => {
  it('is self-contained: no external scripts, styles, images or links', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).toContain('<link rel="icon" href="data:,">');
  });

  it.each(APIS.map((a) => a.name))('%s: every operation, parameter, response and schema, with its served path and try-it form', (name) => {
    const { api } = server.served.find((s) => s.api.name === name)!;
    const part = section(name);
    expect(part).toContain(`href="/openapi/${name}.yaml"`);
    for (const op of listOperations(api.spec)) {
      expect(part).toContain(`<code>${op.path}</code>`);
      expect(part).toContain(`<form class="try" data-path="${api.spec.basePath}${op.path}">`);
      for (const p of op.parameters) expect(part).toContain(`<code>${p.name}</code>`);
      for (const r of op.responses) {
        // Each response carries its marker: documented, or inferred with the spec's reason.
        const marker = r.inferred
          ? `<span class="badge inferred" title="${r.inferred.reason.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}">inferred</span>`
          : '<span class="badge documented">documented</span>';
        expect(part).toMatch(new RegExp(`<summary><b>${r.status}</b> [^<]*${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</summary>`));
      }
    }
    for (const schema of Object.keys((api.spec.doc.components as { schemas: object }).schemas)) {
      expect(part).toContain(`id="${name}-schema-${schema}"`);
    }
  });

  it('marks the inferred enum values, and only those', () => {
    const roles = section('superai').match(/id="superai-schema-UserRole".*?<\/section>/s)![0];
    for (const value of ['worker', 'publisher'])
      expect(roles).toMatch(new RegExp(`<code>&#34;${value}&#34;</code> <span class="badge inferred"`));
    for (const value of ['org_admin', 'backoffice']) expect(roles).toMatch(new RegExp(`<code>&#34;${value}&#34;</code></li>`));
  });

  it('offers a token per role and state in the try-it form', () => {
    const options = [...section('flashback').matchAll(/<option value="(fb_[^"]+)"[^>]*>([^<]+)</g)].map((m) =>
      m[2]!.split(' · ').slice(0, 2).join(' · '),
    );
    expect(options).toEqual(expect.arrayContaining(['OWNER · active', 'USER · active', 'WORKSPACES · deleted']));
  });

  it('/docs/ redirects to /docs', async () => {
    const res = await fetch(`${server.url}/docs/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/docs');
  });
});

describe('banner', () => {
  it('prints the docs and spec URLs, and each one answers', async () => {
    const text = banner(server);
    const urls = [...text.matchAll(/http:\/\/\S+\/(docs|openapi\/\w+\.yaml)\b/g)].map((m) => m[0]);
    expect(urls).toEqual([`${server.url}/docs`, ...APIS.map((a) => `${server.url}/openapi/${a.name}.yaml`)]);
    for (const url of urls) expect((await fetch(url)).status, url).toBe(200);
  });

  it('prints a Try: line for every API, each runnable as printed (a real token, a 200)', async () => {
    const tries = banner(server)
      .split('\n')
      .filter((l) => l.startsWith('Try: '));
    expect(tries).toHaveLength(server.served.length);
    for (const line of tries) {
      const m = /^Try: curl -H "Authorization: Bearer (\S+)" (http:\/\/\S+)$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(line).not.toContain('<');
      const res = await fetch(m![2]!, { headers: { Authorization: `Bearer ${m![1]}` } });
      expect(res.status, line).toBe(200);
    }
    // Each on its API's route, every path parameter filled in (SuperAI's with an organization id).
    expect(tries.map((l) => new URL(l.split(' ').pop()!).pathname)).toEqual(
      server.served.map(({ route }) => expect.stringMatching(new RegExp(`^${route.replace(/:[^/]+/g, '[^/:{}<>]+')}$`))),
    );
    expect(new URL(tries[1]!.split(' ').pop()!).pathname).toMatch(/^\/api\/admin\/organizations\/[0-9a-f-]{36}\/users$/);
  });

  it('offers every identity and documented Prefer status in the try-it forms, and API keys where the spec has them', () => {
    for (const { api, dataset } of server.served) {
      const part = section(api.name);
      const tokens = [...part.matchAll(/<option value="([^"]+)" data-org/g)].map((m) => m[1]);
      expect(tokens.sort()).toEqual(dataset.data.users.map((u) => u.token).sort());
      const prefers = [...part.matchAll(/<option value="code=(\d{3})"/g)].map((m) => Number(m[1]));
      expect(prefers).toEqual(api.operation.responses.map((r) => r.status));
      expect(part.includes('<option value="apikey"')).toBe(apiKeyScheme(api.spec, api.operation) !== null);
    }
  });
});
