// Issue 9: in-browser MSW. A page bundled with esbuild from the README's snippet (the installed package and
// msw/browser), the worker script installed with `msw init`, run in Chromium: both APIs answer at their
// production URLs from the service worker (nothing leaves loopback), with the HTTP mock's rules and data.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { launchChromium, loopbackOnly } from '../frontend/support/chromium.js';
import { consumerProject, packedPackage, type Packed, readmeSnippets, runIn, snippetsIn } from './support/packed.js';
import { type Answer, ask, EXPECTED_STATUSES, probes } from './support/probes.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
let packed: Packed;
let site: Server;
let siteUrl: string;
let browser: Browser;
let context: BrowserContext;
let blocked: string[];
let mock: RunningServer;

beforeAll(async () => {
  packed = await packedPackage();
  const dir = consumerProject(packed, 'browser', {
    ...snippetsIn('browser'),
    'package.json': '{ "private": true, "type": "module" }\n',
    'page.js': `import './main.js';\nimport { ask, probes } from ${JSON.stringify(new URL('./support/probes.ts', import.meta.url).pathname)};\nwindow.orgmockProbes = { ask, probes };\nwindow.loadLazy = () => import('./lazy.js');\ndocument.body.dataset.ready = 'true';\n`,
    // The app's own lazily loaded chunk (esbuild splits it out) and its own endpoint, served by the site.
    'lazy.js': `export const answer = async () => ({ lazy: true, own: await (await fetch('/app/own')).json() });\n`,
    'public/index.html':
      '<!doctype html><html><head><title>orgmock MSW</title></head><body><script type="module" src="/page.js"></script></body></html>\n',
  });
  // The README's command: npx msw init public/ --save
  const init = await runIn(dir, join(packed.consumer, 'node_modules/.bin/msw'), ['init', 'public/', '--save']);
  expect(init.code, init.stdout + init.stderr).toBe(0);
  await build({
    entryPoints: [join(dir, 'page.js')],
    outdir: join(dir, 'public'),
    splitting: true,
    chunkNames: 'assets/[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  site = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/app/own') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"site":"own endpoint"}');
    const file = join(dir, 'public', path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  [browser, mock] = await Promise.all([launchChromium(), startMockServer({ port: 0 })]);
  context = await browser.newContext();
  blocked = await loopbackOnly(context);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await mock?.close();
  await new Promise((resolve) => site?.close(resolve));
});

describe('setupWorker(...orgmockHandlers({ mockUrl: location.origin })) in Chromium', () => {
  it('answers both APIs at their production URLs: 401, 200, 403, 404, the same as the HTTP mock', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(siteUrl);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    const inPage = await page.evaluate(async () => {
      const w = window as unknown as { orgmockProbes: typeof import('./support/probes.js') };
      const ids = await (await fetch(`${location.origin}/__mock/identities`)).json();
      const list = w.orgmockProbes.probes(ids, { flashback: 'https://backend.flashback.tech', superai: 'https://flows.super.ai/api' });
      return { ids, answers: await w.orgmockProbes.ask((r) => fetch(r), list) };
    });
    expect(inPage.answers.map((a: Answer) => a.status)).toEqual(EXPECTED_STATUSES);

    // The same identities, statuses and bodies as the HTTP mock (same default seed).
    const httpIds = await (await fetch(`${mock.url}/__mock/identities`)).json();
    expect(inPage.ids).toEqual(httpIds);
    const viaHttp = await ask((r) => fetch(r), probes(httpIds, { flashback: mock.url, superai: `${mock.url}/api` }));
    expect(inPage.answers).toEqual(viaHttp);

    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(readmeSnippets().commands['msw-init']).toBe('npx msw init public/ --save');
  });

  it("leaves the app's own requests alone: its lazy chunk loads and its endpoint answers while the worker runs", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(siteUrl);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    const result = await page.evaluate(async () => {
      const w = window as unknown as { loadLazy: () => Promise<{ answer: () => Promise<unknown> }> };
      const lazy = await (await w.loadLazy()).answer();
      const missing = await fetch('/app/not-there');
      const ids = await fetch('/__mock/identities');
      return { lazy, missing: missing.status, missingType: missing.headers.get('content-type'), ids: ids.status };
    });
    expect(result).toEqual({ lazy: { lazy: true, own: { site: 'own endpoint' } }, missing: 404, missingType: null, ids: 200 });
    // The worker controlled the page (the identities came from it: the site serves none).
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(errors).toEqual([]);
  });
});
