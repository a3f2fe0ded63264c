// Proves: a real browser (headless Chromium) runs the example page against the mock cross-origin, and loads /docs cleanly.
import { mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, ConsoleMessage, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleServer, type ExampleServer } from '../../examples/browser/server.js';
import { bearer, createMockClients } from '../../src/client/index.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { launchChromium, loopbackOnly } from './support/chromium.js';
import { FLASHBACK_ROLES, flashbackToken, MISSING_ORG, readIdentities, type Identities } from './support/identities.js';

const OUT = fileURLToPath(new URL('../../test-output/frontend/', import.meta.url));
let mock: RunningServer;
let site: ExampleServer;
let browser: Browser;
let context: BrowserContext;
let blocked: string[];
let ids: Identities;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  [mock, site, browser] = await Promise.all([startMockServer({ port: 0 }), startExampleServer({ port: 0 }), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  blocked = await loopbackOnly(context);
  ids = await readIdentities(fetch, mock.url);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await Promise.all([site?.close(), mock?.close()]);
});

interface Watched {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
}

async function open(url: string): Promise<Watched> {
  const page = await context.newPage();
  const watched: Watched = { page, consoleErrors: [], pageErrors: [] };
  page.on('console', (m: ConsoleMessage) => m.type() === 'error' && watched.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => watched.pageErrors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return watched;
}

const openExample = () => open(`${site.url}/?mock=${encodeURIComponent(mock.url)}`);

/** Picks the API and role (and organization), submits, and waits for the request and the rendered outcome. */
async function load(page: Page, api: 'flashback' | 'superai', role: string, org?: string): Promise<Response> {
  await page.selectOption('#api', api);
  await page.selectOption('#identity', { label: role });
  if (org !== undefined) await page.fill('#org', org);
  const answered = page.waitForResponse(
    (r) => r.url().startsWith(mock.url) && r.request().method() === 'GET' && /\/users$/.test(new URL(r.url()).pathname),
  );
  await page.click('button[type="submit"]');
  const response = await answered;
  await page.waitForSelector('#status[data-state="ok"], #status[data-state="error"]');
  return response;
}

const shoot = async (page: Page, name: string, fullPage = true) => {
  const path = `${OUT}${name}.png`;
  await page.screenshot({ path, fullPage });
  expect((await stat(path)).size).toBeGreaterThan(5_000);
};

describe('example page in Chromium, cross-origin to the mock', () => {
  it('renders the users an OWNER may list, the same rows the API gives', async () => {
    const { page, pageErrors, consoleErrors } = await openExample();
    const pageOrigin = new URL(page.url()).origin;
    expect(pageOrigin).not.toBe(new URL(mock.url).origin);
    const response = await load(page, 'flashback', 'OWNER');
    expect(response.status()).toBe(200);
    expect(response.headers()['access-control-allow-origin']).toBe(pageOrigin);

    const owner = flashbackToken(ids, FLASHBACK_ROLES.OWNER);
    const { data } = await createMockClients(mock.url).flashback.GET('/organization/users', { headers: bearer(owner.token) });
    const emails = await page.locator('#users tbody tr td:nth-child(2)').allTextContents();
    expect(emails).toEqual(data!.data!.map((u) => u.email));
    expect(await page.locator('#status').textContent()).toBe(`${data!.total} users`);
    expect(await page.locator('#users').isVisible()).toBe(true);
    await shoot(page, 'example-owner');
    expect([pageErrors, consoleErrors]).toEqual([[], []]);
    await page.close();
  });

  it('shows the forbidden message for a USER, and no table', async () => {
    const { page, pageErrors, consoleErrors } = await openExample();
    expect((await load(page, 'flashback', 'USER')).status()).toBe(403);
    const status = page.locator('#status');
    expect(await status.getAttribute('data-status')).toBe('403');
    expect(await status.textContent()).toBe('You are not allowed to see the users of this organization. (403)');
    expect(await page.locator('#users').isVisible()).toBe(false);
    await shoot(page, 'example-forbidden');
    expect(pageErrors).toEqual([]);
    // Chromium logs every non-2xx fetch; that one is expected, nothing else.
    expect(consoleErrors).toEqual([expect.stringMatching(/status of 403/)]);
    await page.close();
  });

  it('shows the 404 message for a SuperAI organization that does not exist', async () => {
    const { page, pageErrors } = await openExample();
    expect(await page.locator('#org-field').isVisible()).toBe(false);
    const response = await load(page, 'superai', 'backoffice', MISSING_ORG);
    expect(response.status()).toBe(404);
    expect(new URL(response.url()).pathname).toBe(`/api/admin/organizations/${MISSING_ORG}/users`);
    expect(await page.locator('#status').textContent()).toBe('Organization not found. (404)');
    expect(await page.locator('#users').isVisible()).toBe(false);
    await shoot(page, 'example-superai-404');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('/docs in Chromium', () => {
  it('loads without console errors, and its try-it form calls the mock', async () => {
    const failed: string[] = [];
    context.on('requestfailed', (r) => failed.push(r.url()));
    const { page, pageErrors, consoleErrors } = await open(`${mock.url}/docs`);
    await page.waitForLoadState('load');
    expect(await page.locator('h2').allTextContents()).toEqual([
      expect.stringContaining('Flashback Platform API'),
      expect.stringContaining('SuperAI Flow Platform'),
    ]);
    const form = page.locator('#flashback form.try');
    await form.locator('select[name="token"]').selectOption({ index: 1 });
    await form.locator('button').click();
    await page.waitForSelector('#flashback form.try[data-status]');
    expect(await form.getAttribute('data-status')).toBe('200');
    expect(await form.locator('.out').textContent()).toMatch(/^200 OK\n\{\n {2}"success": true/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'docs', false);
    expect({ consoleErrors, pageErrors, failed }).toEqual({ consoleErrors: [], pageErrors: [], failed: [] });
    await page.close();
  });

  it('no page asked for anything off loopback', () => {
    expect(blocked).toEqual([]);
  });
});
