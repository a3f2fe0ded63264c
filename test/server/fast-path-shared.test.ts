// The fast path (src/server/fast-path.ts) with sessions: the in-memory store answers at once, a shared store
// (Redis's kind: no touchNow, every answer later) is waited for, and whatever the fast path cannot answer plainly
// (an unknown session, a session with faults, the store failing, two session headers, a mock that requires
// sessions) goes to the app (Hono), which answers it. The store here is the memory store without touchNow, so the
// test needs no Redis (test/server/redis-store.test.ts tests the Redis store itself). Every answer is compared
// with the app's own answer to the same request; the server counts which path answered.
import { getRequestListener } from '@hono/node-server';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp } from '../../src/mock/app.js';
import { memorySessionStore, type SessionStore, type SessionsConfig } from '../../src/mock/sessions.js';
import { fastPath } from '../../src/server/fast-path.js';
import { serversClosedAfterEach } from '../helpers/http.js';

const listenEphemeral = serversClosedAfterEach();

/** A store shared between processes, as the engine sees Redis: the memory store without its at-once answers. */
function sharedStore(overrides: Partial<SessionStore> = {}): SessionStore {
  const { touchNow: _now, ...later } = memorySessionStore();
  return { ...later, ...overrides };
}

/** The mock behind the fast path (counting what it took and what it handed back) and the same mock on Hono alone. */
async function serve(sessions: SessionsConfig) {
  const mock = createMockApp({ apis: APIS, seed: 9, sessions });
  const hono = getRequestListener(mock.app.fetch);
  const counts = { fast: 0, fellBack: 0, app: 0 };
  const fast = fastPath(mock, (req: IncomingMessage, res: ServerResponse) => {
    counts.fellBack++;
    hono(req, res);
  })!;
  const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
    `http://127.0.0.1:${await listenEphemeral(createServer(handler))}`;
  const fastUrl = await listen((req, res) => {
    if (fast(req, res)) counts.fast++;
    else {
      counts.app++;
      hono(req, res);
    }
  });
  const honoUrl = await listen((req, res) => hono(req, res));
  return { mock, fastUrl, honoUrl, counts };
}

/** Creates a session on `url` (POST /__mock/sessions); its id. */
async function session(url: string, spec: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${url}/__mock/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The parts of an answer that do not vary between two servers: status, content type, body without request ids. */
async function comparable(res: Response) {
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.text()).replace(/[0-9A-Z]{26}/g, '<ulid>'),
  };
}

const ownerToken = (mock: ReturnType<typeof createMockApp>) =>
  mock.served.find((s) => s.api.name === 'flashback')!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;

describe('the fast path and a shared session store', () => {
  it("waits for the store and answers a plain request from the session's world, as the app would, journaled there", async () => {
    const { mock, fastUrl, honoUrl, counts } = await serve({ store: sharedStore() });
    expect(mock.sessions?.shared).toBe(true);
    const token = ownerToken(mock);
    const answers = [];
    for (const url of [fastUrl, honoUrl]) {
      const id = await session(url);
      const res = await fetch(`${url}/organization/users`, { headers: { 'X-Orgmock-Session': id, Authorization: `Bearer ${token}` } });
      answers.push(await comparable(res));
      const journal = (await (await fetch(`${url}/__mock/requests`, { headers: { 'X-Orgmock-Session': id } })).json()) as {
        requests: { path: string; status: number; rule: string }[];
      };
      expect(journal.requests, url).toEqual([expect.objectContaining({ path: '/organization/users', status: 200, rule: 'ok' })]);
    }
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]).toEqual(answers[1]);
    expect(counts.fast).toBe(1);
    expect(counts.fellBack).toBe(0);
    // the default world's journal saw none of it
    expect(await mock.journal.size()).toBe(0);
  });

  it('the session cookie is waited for the same way', async () => {
    const { mock, fastUrl, counts } = await serve({ store: sharedStore() });
    const id = await session(fastUrl);
    const res = await fetch(`${fastUrl}/organization/users`, {
      headers: { Cookie: `theme=dark; orgmock_session=${id}`, Authorization: `Bearer ${ownerToken(mock)}` },
    });
    expect(res.status).toBe(200);
    expect(counts.fast).toBe(1);
  });

  it('an unknown session and a session with faults: handed to the app, which answers them', async () => {
    const { mock, fastUrl, honoUrl, counts } = await serve({ store: sharedStore() });
    const token = ownerToken(mock);
    const unknown = { 'X-Orgmock-Session': 'a'.repeat(32), Authorization: `Bearer ${token}` };
    const [fast, hono] = [
      await fetch(`${fastUrl}/organization/users`, { headers: unknown }),
      await fetch(`${honoUrl}/organization/users`, { headers: unknown }),
    ];
    expect(fast.status).toBe(400);
    expect(await comparable(fast)).toEqual(await comparable(hono));
    expect(counts).toMatchObject({ fast: 1, fellBack: 1 });

    const faulty = await session(fastUrl, { errorRate: 1 });
    const failed = await fetch(`${fastUrl}/organization/users`, {
      headers: { 'X-Orgmock-Session': faulty, Authorization: `Bearer ${token}` },
    });
    expect(failed.status).toBe(500);
    expect(counts).toMatchObject({ fast: 2, fellBack: 2 });
  });

  it('a store that fails: the app answers 503, and the fast path keeps serving the default world', async () => {
    const { mock, fastUrl, counts } = await serve({
      store: sharedStore({
        touch: () => Promise.reject(new Error('the store is away')),
      }),
    });
    const token = ownerToken(mock);
    const res = await fetch(`${fastUrl}/organization/users`, {
      headers: { 'X-Orgmock-Session': 'b'.repeat(32), Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(counts).toMatchObject({ fast: 1, fellBack: 1 });
    const plain = await fetch(`${fastUrl}/organization/users`, { headers: { Authorization: `Bearer ${token}` } });
    expect(plain.status).toBe(200);
    expect(counts).toMatchObject({ fast: 2, fellBack: 1 });
  });
});

describe('what the fast path leaves to the app', () => {
  it('two session headers, and a session id of the wrong shape, go to the app at once', async () => {
    const { mock, fastUrl, counts } = await serve({});
    const token = ownerToken(mock);
    const id = await session(fastUrl);
    Object.assign(counts, { fast: 0, fellBack: 0, app: 0 });
    const twice = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${fastUrl}/organization/users`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: [
            'Host',
            url.host,
            'X-Orgmock-Session',
            id,
            'X-Orgmock-Session',
            id,
            'Authorization',
            `Bearer ${token}`,
          ] as unknown as Record<string, string>,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(twice).toBe(400);
    expect(counts).toMatchObject({ fast: 0, fellBack: 0, app: 1 });
    const odd = await fetch(`${fastUrl}/organization/users`, {
      headers: { 'X-Orgmock-Session': 'not a session id!', Authorization: `Bearer ${token}` },
    });
    expect(odd.status).toBe(400);
    expect(counts).toMatchObject({ fast: 0, fellBack: 0, app: 2 });
    // the in-memory store answers at once: a plain session request is taken without waiting
    const plain = await fetch(`${fastUrl}/organization/users`, { headers: { 'X-Orgmock-Session': id, Authorization: `Bearer ${token}` } });
    expect(plain.status).toBe(200);
    expect(counts).toMatchObject({ fast: 1, fellBack: 0, app: 2 });
  });

  it('a mock that requires sessions: a request without one goes to the app (its 400 says so)', async () => {
    const { mock, fastUrl, counts } = await serve({ requireSession: true });
    const res = await fetch(`${fastUrl}/organization/users`, { headers: { Authorization: `Bearer ${ownerToken(mock)}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { title: string }).title).toBe('Session required');
    expect(counts).toMatchObject({ fast: 0, app: 1 });
  });
});
