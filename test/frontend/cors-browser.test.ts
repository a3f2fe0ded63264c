// Proves: in a real browser (Debian's Chromium), a page on another site cannot read the mock's
// /__mock/identities (every token) by default, a page on localhost at another port can, and
// `--cors-origins` opens it to the site named. "Another site" is a second loopback port that
// Chromium reaches under a foreign name (--host-resolver-rules): no traffic leaves the machine.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { CHROMIUM, CHROMIUM_ARGS } from './support/chromium.js';

const FOREIGN = 'foreign-site.test';
let site: Server;
let port: number;
let mock: RunningServer;
let opened: RunningServer;
let browser: Browser;

/** A page that tries to read `target` cross-origin and shows what it got. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>reader</title><script>
const target = new URLSearchParams(location.search).get('target');
fetch(target).then((r) => r.json()).then(
  (ids) => { document.body.dataset.result = 'read ' + Object.keys(ids).join(','); },
  (e) => { document.body.dataset.result = 'refused ' + e.name; },
);
</script><body></body>`;

beforeAll(async () => {
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  port = (site.address() as AddressInfo).port;
  [mock, opened, browser] = await Promise.all([
    startMockServer({ port: 0 }),
    startMockServer({ port: 0, corsOrigins: [`http://${FOREIGN}:${port}`] }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${FOREIGN} 127.0.0.1`],
      timeout: 30_000,
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([mock?.close(), opened?.close(), new Promise((resolve) => site?.close(resolve))]);
});

/** What a page at `origin` (served by the site) gets when it reads `server`'s identities. */
async function readFrom(origin: string, server: RunningServer): Promise<string> {
  const context = await browser.newContext();
  try {
    // Only this machine: loopback names and the foreign name mapped to 127.0.0.1.
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      return ['127.0.0.1', 'localhost', FOREIGN].includes(hostname) ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    await page.goto(`${origin}/?target=${encodeURIComponent(`${server.url}/__mock/identities`)}`);
    await page.waitForSelector('body[data-result]', { state: 'attached' });
    return (await page.getAttribute('body', 'data-result'))!;
  } finally {
    await context.close();
  }
}

describe('a web page reading /__mock/identities', () => {
  it('on another site: refused', async () => {
    expect(await readFrom(`http://${FOREIGN}:${port}`, mock)).toBe('refused TypeError');
  });

  it('on localhost at another port: read', async () => {
    expect(await readFrom(`http://localhost:${port}`, mock)).toMatch(/^read .*flashback/);
  });

  it('on the site --cors-origins names: read', async () => {
    expect(await readFrom(`http://${FOREIGN}:${port}`, opened)).toMatch(/^read .*flashback/);
  });
});
