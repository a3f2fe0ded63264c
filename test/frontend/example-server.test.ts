// Proves: the example page's static server: the page, transpiled modules from two folders only, openapi-fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleServer, type ExampleServer } from '../../examples/browser/server.js';

let site: ExampleServer;
beforeAll(async () => {
  site = await startExampleServer({ port: 0 });
});
afterAll(() => site?.close());

const get = async (path: string) => {
  const res = await fetch(site.url + path);
  return { status: res.status, type: res.headers.get('Content-Type'), body: await res.text() };
};

describe('examples/browser/server.ts', () => {
  it('serves the page with an import map for openapi-fetch, and that module', async () => {
    const page = await get('/');
    expect([page.status, page.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toContain('"openapi-fetch": "/vendor/openapi-fetch.mjs"');
    const vendor = await get('/vendor/openapi-fetch.mjs');
    expect([vendor.status, vendor.type]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(vendor.body).toMatch(/export\s*\{[^}]*createClient as default/);
  });

  it('serves TypeScript modules as JavaScript, types stripped and type-only imports gone', async () => {
    const client = await get('/src/client/index.js');
    expect(client.status).toBe(200);
    expect(client.body).toContain('export function mockBaseUrls(mockUrl) {');
    expect(client.body).not.toMatch(/import type|: string/);
    const main = await get('/examples/browser/main.js');
    expect(main.body).toContain("from '../org-users.js'");
  });

  it.each(['/src/mock/app.js', '/examples/../package.json', '/examples/%2e%2e/src/mock/app.js', '/src/client/missing.js', '/package.json'])(
    '404 for %s',
    async (path) => {
      expect((await get(path)).status).toBe(404);
    },
  );
});
