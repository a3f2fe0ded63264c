// Issue 20: a parallel end-to-end suite sharing one mock. Real Playwright (playwright-core) on Debian's Chromium:
// 4 workers, each its own browser context with its own session (the `orgmock_session` cookie, as the README's
// Playwright fixture sets it) and its own data, run in parallel; each asserts what its page sees and what the
// session's journal recorded.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startMockServer } from '../../src/server/node.js';
import { createSession } from '../../src/testing.js';
import { launchChromium, loopbackOnly } from './support/chromium.js';

let mock: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [mock, browser] = await Promise.all([startMockServer({ port: 0 }), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await mock?.close();
});

const ORG = '44444444-4444-4444-8444-444444444444';
const fixtureOf = (worker: number) => ({
  flashback: {
    organizations: [{ id: ORG, name: `Worker ${worker}'s org` }],
    users: Array.from({ length: worker + 2 }, (_, i) => ({
      id: `w${worker}-u${i}`,
      email: `w${worker}.u${i}@example.test`,
      name: `Worker ${worker} user ${i}`,
      orgId: ORG,
      orgRole: i === 0 ? 255 : 1,
      validated: true,
      deleted: false,
      token: `tok_worker${worker}_user${i}`,
    })),
  },
});

/** One worker: its session, its context with the cookie, a page that navigates and fetches like an app would. */
async function worker(n: number) {
  const session = await createSession(mock.url, { fixtures: fixtureOf(n) });
  const context = await browser.newContext();
  try {
    const blocked = await loopbackOnly(context);
    await context.addCookies([{ ...session.cookie, url: mock.url }]);
    const page = await context.newPage();
    // A navigation carries the cookie: the page shows this session's identities.
    await page.goto(`${mock.url}/__mock/identities`);
    const identities = JSON.parse(((await page.locator('body').textContent()) ?? '').trim());
    // The app's own fetch (same origin, no header plumbing) lists the organization's users.
    const listed = await page.evaluate(
      async (token) => {
        const res = await fetch('/organization/users', { headers: { Authorization: `Bearer ${token}` } });
        return {
          status: res.status,
          requestId: res.headers.get('x-request-id'),
          ids: ((await res.json()).data as { id: string }[]).map((u) => u.id),
        };
      },
      session.tokenFor('flashback', 255),
    );
    const refused = await page.evaluate(
      async (token) => (await fetch('/organization/users', { headers: { Authorization: `Bearer ${token}` } })).status,
      `tok_worker${n}_user1`,
    );
    const journal = await session.requests();
    return { n, session, identities, listed, refused, journal, blocked };
  } finally {
    await context.close();
    await session.close();
  }
}

describe('Playwright: 4 parallel workers on one mock, a session each', () => {
  it('each worker sees its own data, and its journal holds exactly its own requests', async () => {
    const results = await Promise.all([0, 1, 2, 3].map(worker));
    for (const { n, session, identities, listed, refused, journal, blocked } of results) {
      expect(blocked).toEqual([]);
      expect(identities).toEqual(session.identities);
      expect(identities.flashback.map((r: { userId: string }) => r.userId)).toEqual(Array.from({ length: n + 2 }, (_, i) => `w${n}-u${i}`));
      expect(listed.status).toBe(200);
      expect(listed.ids.sort()).toEqual(Array.from({ length: n + 2 }, (_, i) => `w${n}-u${i}`).sort());
      expect(refused).toBe(403);
      expect(journal.map((e) => [e.method, e.path, e.status, e.rule, e.user?.id])).toEqual([
        ['GET', '/organization/users', 200, 'ok', `w${n}-u0`],
        ['GET', '/organization/users', 403, 'access', `w${n}-u1`],
      ]);
      expect(journal[0]!.id).toBe(listed.requestId);
    }
    // Nothing of theirs reached the default world.
    const defaultJournal = await mock.journal.read();
    expect(defaultJournal.filter((e) => e.user?.id.startsWith('w'))).toEqual([]);
  }, 120_000);
});
