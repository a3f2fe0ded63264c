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
import { APIS } from '../../src/apis/index.js';

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
    // A section per registered API, headed by its spec's title.
    expect(await page.locator('h2').allTextContents()).toEqual(
      APIS.map((a) => expect.stringContaining((a.spec.doc.info as { title: string }).title)),
    );
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

  it('signs in as an OWNER and as a BILLING user, forces a 500, and shows the curl line that replays each request', async () => {
    const { page, pageErrors, consoleErrors } = await open(`${mock.url}/docs`);
    const form = page.locator('#flashback form.try');
    /** Picks the identity (role, state), the credential and the Prefer choice, sends, and returns the status and curl line. */
    const send = async (role: string, prefer = '', credential = 'token', api = 'flashback') => {
      const f = page.locator(`#${api} form.try`);
      const value = await f.evaluate(
        (el, role) =>
          [...el.querySelectorAll('select[name="token"] option')]
            .find(
              (o) =>
                (o as HTMLElement).dataset.role === role &&
                (o as HTMLElement).dataset.state === 'active' &&
                (role !== 'org_admin' || (o as HTMLElement).dataset.apikey),
            )
            ?.getAttribute('value'),
        role,
      );
      expect(value, role).toBeTruthy();
      await f.locator('select[name="token"]').selectOption(value!);
      await f.locator('select[name="credential"]').selectOption(credential);
      await f.locator('select[name="prefer"]').selectOption(prefer);
      await f.evaluate((el) => el.removeAttribute('data-status'));
      await f.locator('button').click();
      await page.waitForSelector(`#${api} form.try[data-status]`);
      return { status: await f.getAttribute('data-status'), curl: (await f.locator('.curl').textContent())!, token: value! };
    };
    /** Runs a curl line as printed: its -H headers and URL, from Node. */
    const replay = async (curl: string) => {
      const words = [...curl.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1]!.replace(/'\\''/g, "'"));
      const url = words.pop()!;
      const headers = Object.fromEntries(words.map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 2)]));
      return (await fetch(url, { headers })).status;
    };

    const owner = await send('OWNER');
    expect(owner.status).toBe('200');
    expect(owner.curl).toBe(`curl -i -H 'Authorization: Bearer ${owner.token}' '${mock.url}/organization/users'`);
    expect(await form.locator('.out').textContent()).toMatch(/^200 OK\n\{\n {2}"success": true/);

    const billing = await send('BILLING');
    expect(billing.status).toBe('403');
    expect(billing.curl).toContain(`Bearer ${billing.token}`);
    expect(await replay(billing.curl)).toBe(403);

    const forced = await send('OWNER', 'code=500');
    expect(forced.status).toBe('500');
    expect(forced.curl).toBe(`curl -i -H 'Authorization: Bearer ${owner.token}' -H 'Prefer: code=500' '${mock.url}/organization/users'`);
    expect(await replay(forced.curl)).toBe(500);

    // SuperAI: an org_admin by API key, its own organization filled in.
    const byKey = await send('org_admin', '', 'apikey', 'superai');
    expect(byKey.status).toBe('200');
    expect(byKey.curl).toMatch(
      /^curl -i -H 'X-API-Key: saf_[0-9a-f]{32}' 'http:\/\/127\.0\.0\.1:\d+\/api\/admin\/organizations\/[0-9a-f-]{36}\/users'$/,
    );
    expect(await replay(byKey.curl)).toBe(200);
    // The browser logs each 4xx/5xx it was asked for (the 403 and the forced 500); nothing else.
    const unexpected = consoleErrors.filter((e) => !/^Failed to load resource: the server responded with a status of (403|500) /.test(e));
    expect({ unexpected, pageErrors }).toEqual({ unexpected: [], pageErrors: [] });
    await page.close();
  });

  it('no page asked for anything off loopback', () => {
    expect(blocked).toEqual([]);
  });
});
