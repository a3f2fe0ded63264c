// Issue 20: sessions on one running mock (own data, faults and journal per session), their bounds, and every bad
// input answered with problem+json that changes nothing. Real server on an ephemeral port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp } from '../../src/mock/app.js';
import { memoryJournal } from '../../src/mock/journal.js';
import { createSession, type MockSession } from '../../src/testing.js';
import { bearer, type MockUnderTest, startMock } from '../helpers/mock.js';

let mock: MockUnderTest;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.server.close());

const FLASHBACK_LIST = '/organization/users';
const ORG_A = '11111111-1111-4111-8111-111111111111';

/** A Flashback fixture of one organization whose name and users are this session's own. */
function fixture(tag: string, users = 2) {
  const org = { id: ORG_A, name: `Org ${tag}` };
  return {
    flashback: {
      organizations: [org],
      users: Array.from({ length: users }, (_, i) => ({
        id: `${tag}-user-${i}`,
        email: `${tag}.${i}@example.test`,
        name: `User ${tag} ${i}`,
        orgId: ORG_A,
        orgRole: i === 0 ? 255 : 1,
        validated: true,
        deleted: false,
        token: `tok_${tag}_${i}_padding`,
      })),
    },
  };
}

const problemOf = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any });
const post = (body: unknown) =>
  fetch(`${mock.url}/__mock/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const liveSessions = async () => ((await (await fetch(`${mock.url}/__mock/sessions`)).json()) as { live: number }).live;

describe('sessions: isolation', () => {
  it('8 sessions created and used concurrently each see only their own data and journal', async () => {
    const tags = Array.from({ length: 8 }, (_, i) => `s${i}`);
    const sessions = await Promise.all(tags.map((tag) => createSession(mock.url, { fixtures: fixture(tag, 3 + Number(tag.slice(1))) })));
    expect(new Set(sessions.map((s) => s.id)).size).toBe(8);
    const seen = await Promise.all(
      sessions.map(async (session, i) => {
        const token = session.tokenFor('flashback', 255);
        const answers = await Promise.all(
          [0, 1, 2].map(() =>
            fetch(mock.url + FLASHBACK_LIST, { headers: { ...session.headers, ...bearer(token) } }).then((r) => r.json()),
          ),
        );
        const identities = await (await fetch(`${mock.url}/__mock/identities`, { headers: session.headers })).json();
        return { i, answers: answers as any[], identities, journal: await session.requests() };
      }),
    );
    for (const { i, answers, identities, journal } of seen) {
      const tag = `s${i}`;
      for (const body of answers) {
        expect(body.data.map((u: any) => u.id).sort()).toEqual(Array.from({ length: 3 + i }, (_, k) => `${tag}-user-${k}`).sort());
      }
      expect(identities).toEqual(sessions[i]!.identities);
      expect(identities.flashback.map((r: any) => r.userId)).toEqual(Array.from({ length: 3 + i }, (_, k) => `${tag}-user-${k}`));
      // Its own three requests, nothing of the other sessions'.
      expect(journal.map((e) => [e.api, e.status, e.rule, e.user?.id])).toEqual(
        [0, 1, 2].map(() => ['flashback', 200, 'ok', `${tag}-user-0`]),
      );
      expect(JSON.stringify(journal)).not.toContain('tok_');
    }
    // The default world is untouched: its own identities, and none of the sessions' requests in its journal.
    expect((await mock.get('/__mock/identities')).body).toEqual(mock.ids);
    const defaultJournal = (await mock.get('/__mock/requests')).body.requests as any[];
    expect(defaultJournal.filter((e) => String(e.user?.id).includes('-user-'))).toEqual([]);
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('the cookie puts a request in its session as the header does; the header wins over the cookie', async () => {
    const [a, b] = await Promise.all([
      createSession(mock.url, { fixtures: fixture('ca') }),
      createSession(mock.url, { fixtures: fixture('cb') }),
    ]);
    const byCookie = await mock.get(FLASHBACK_LIST, { Cookie: `theme=dark; orgmock_session=${a.id}`, ...bearer('tok_ca_0_padding') });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.data[0].id).toMatch(/^ca-user-/);
    const both = await mock.get('/__mock/identities', { Cookie: `orgmock_session=${a.id}`, ...b.headers });
    expect(both.body.flashback[0].userId).toBe('cb-user-0');
    await Promise.all([a.close(), b.close()]);
  });

  it('a session answers from the fast path and the Hono path alike, and journals both the same way', async () => {
    const slow = await startMock({ fastPath: false });
    try {
      const bodies: string[] = [];
      const journals: unknown[] = [];
      for (const target of [mock, slow]) {
        const session = await createSession(target.url, { seed: 42 });
        const token = session.tokenFor('flashback', 255);
        const res = await target.get(FLASHBACK_LIST, { ...session.headers, ...bearer(token) });
        bodies.push(res.text);
        journals.push((await session.requests()).map(({ id: _id, time: _t, durationMs: _d, ...rest }) => rest));
        await session.close();
      }
      expect(bodies[0]).toBe(bodies[1]);
      expect(journals[0]).toEqual(journals[1]);
      expect(journals[0]).toEqual([expect.objectContaining({ method: 'GET', path: FLASHBACK_LIST, status: 200, rule: 'ok' })]);
    } finally {
      await slow.server.close();
    }
  });

  it("a session's faults and latency touch no other session and not the default world", async () => {
    const failing = await createSession(mock.url, { seed: 5, errorRate: 1 });
    const slow = await createSession(mock.url, { seed: 6, latency: '60000-60000' });
    const calm = await createSession(mock.url, { seed: 7 });
    const token = (s: MockSession) => ({ ...s.headers, ...bearer(s.tokenFor('flashback', 255)) });
    // The slow session's request waits a minute; everything else is answered meanwhile.
    const abort = new AbortController();
    let slowDone = false;
    const pending = fetch(mock.url + FLASHBACK_LIST, { headers: token(slow), signal: abort.signal }).then(
      () => (slowDone = true),
      () => undefined,
    );
    for (let i = 0; i < 5; i++) {
      expect((await mock.get(FLASHBACK_LIST, token(failing))).status).toBe(500);
      expect((await mock.get(FLASHBACK_LIST, token(calm))).status).toBe(200);
      expect((await mock.get(FLASHBACK_LIST, bearer(mock.ids.flashback.find((r) => r.orgRole === 255 && !r.deleted)!.token))).status).toBe(
        200,
      );
    }
    expect(slowDone).toBe(false);
    abort.abort();
    await pending;
    expect((await failing.requests()).map((e) => [e.status, e.rule])).toEqual(Array(5).fill([500, 'fault']));
    expect((await calm.requests()).map((e) => [e.status, e.rule])).toEqual(Array(5).fill([200, 'ok']));
    await Promise.all([failing.close(), slow.close(), calm.close()]);
  });
});

describe('the journal', () => {
  it('records the deciding rule of each answer, the user (never a token), Prefer as forced', async () => {
    const session = await createSession(mock.url, { fixtures: fixture('j', 2) });
    const h = session.headers;
    await mock.get(FLASHBACK_LIST, h);
    await mock.get(FLASHBACK_LIST, { ...h, ...bearer('tok_j_1_padding') });
    await mock.get(`${FLASHBACK_LIST}?page=2`, { ...h, ...bearer('tok_j_0_padding') });
    await mock.get(FLASHBACK_LIST, { ...h, ...bearer('tok_j_0_padding'), Prefer: 'code=500' });
    const journal = await session.requests();
    expect(journal.map((e) => [e.status, e.rule, e.user?.id ?? null, e.path])).toEqual([
      [401, 'auth', null, FLASHBACK_LIST],
      [403, 'access', 'j-user-1', FLASHBACK_LIST],
      [200, 'ok', 'j-user-0', `${FLASHBACK_LIST}?page=2`],
      [500, 'forced', 'j-user-0', FLASHBACK_LIST],
    ]);
    expect(journal[2]!.user).toEqual({ id: 'j-user-0', role: 255 });
    expect(journal[0]!.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(JSON.stringify(journal)).not.toMatch(/tok_j/);
    // ?limit keeps the last ones; ?since the ones at or after a time; DELETE clears.
    expect((await session.requests({ limit: 2 })).map((e) => e.status)).toEqual([200, 500]);
    expect(await session.requests({ since: Date.parse(journal[3]!.time) + 60_000 })).toEqual([]);
    expect((await session.requests({ since: journal[0]!.time })).length).toBe(4);
    expect((await fetch(`${mock.url}/__mock/sessions/${session.id}/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(await session.requests()).toEqual([]);
    await session.close();
  });

  it("the default world's journal: GET and DELETE /__mock/requests", async () => {
    await fetch(`${mock.url}/__mock/requests`, { method: 'DELETE' });
    const owner = mock.ids.superai.find((r) => r.role === 'backoffice' && r.status === 'active')!;
    await mock.get(`/api/admin/organizations/not-a-uuid/users`, bearer(owner.token));
    const { requests } = (await mock.get('/__mock/requests')).body;
    expect(requests.map((e: any) => [e.api, e.status, e.rule, e.user.id])).toEqual([['superai', 400, 'parameter', owner.userId]]);
  });

  it('a ring buffer: past its capacity the oldest entries go', async () => {
    const journal = memoryJournal(3);
    for (let i = 0; i < 5; i++) journal.record({ id: String(i), time: new Date(i).toISOString() } as never);
    expect((await journal.read()).map((e) => e.id)).toEqual(['2', '3', '4']);
    expect((await journal.read({ limit: 1 })).map((e) => e.id)).toEqual(['4']);
    expect(await journal.size()).toBe(3);
  });

  it('in-process too: createMockApp keeps the journal of every app.fetch', async () => {
    const app = createMockApp({ apis: APIS, sessions: false });
    await app.app.fetch(new Request('http://mock.test/organization/users'));
    expect((await app.journal.read()).map((e) => [e.status, e.rule])).toEqual([[401, 'auth']]);
  });
});

describe('sessions: bounds', () => {
  it('TTL: a session expires ttlSeconds after its last use, and every use renews it (injected clock)', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const mockApp = createMockApp({ apis: APIS, sessions: { now: () => now } });
    const call = (path: string, init?: RequestInit) => mockApp.app.fetch(new Request(`http://mock.test${path}`, init));
    const created = (await (await call('/__mock/sessions', { method: 'POST', body: '{"ttlSeconds":60}' })).json()) as any;
    expect(created.expiresAt).toBe('2026-01-01T00:01:00.000Z');
    const headers = { 'X-Orgmock-Session': created.id };
    now += 50_000;
    expect((await call('/__mock/identities', { headers })).status).toBe(200);
    now += 50_000; // 100 s after creation, 50 s after the last use
    const info = (await (await call(`/__mock/sessions/${created.id}`)).json()) as any;
    expect(info.expiresAt).toBe('2026-01-01T00:01:50.000Z');
    now += 10_001;
    const expired = await call('/__mock/identities', { headers });
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as any).header).toBe('X-Orgmock-Session');
    expect((await call(`/__mock/sessions/${created.id}`)).status).toBe(404);
  });

  it('TTL on the real server: a session of ttlSeconds 1 is gone once the second has passed (polled: reading it renews nothing)', async () => {
    const session = await createSession(mock.url, { ttlSeconds: 1 });
    let status = 200;
    for (let i = 0; i < 200 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await fetch(`${mock.url}/__mock/sessions/${session.id}`)).status;
    }
    expect(status).toBe(404);
  });

  it('--max-sessions: past it 429 problem+json; deleting one makes room', async () => {
    const small = await startMock({ sessions: { maxSessions: 2 } });
    try {
      const a = await createSession(small.url);
      await createSession(small.url);
      const refused = await fetch(`${small.url}/__mock/sessions`, { method: 'POST', body: '{}' });
      const problem = await problemOf(refused);
      expect(problem).toMatchObject({
        status: 429,
        type: 'application/problem+json',
        body: { title: 'Too many sessions', maxSessions: 2 },
      });
      await a.close();
      expect((await fetch(`${small.url}/__mock/sessions`, { method: 'POST', body: '{}' })).status).toBe(201);
    } finally {
      await small.server.close();
    }
  });

  it('--require-session: an API request without a session is a 400 problem+json; with one it is served', async () => {
    const strict = await startMock({ sessions: { requireSession: true } });
    try {
      const token = strict.ids.flashback[0]!.token;
      const refused = await problemOf(await fetch(strict.url + FLASHBACK_LIST, { headers: bearer(token) }));
      expect(refused).toMatchObject({
        status: 400,
        type: 'application/problem+json',
        body: { title: 'Session required', header: 'X-Orgmock-Session' },
      });
      const session = await createSession(strict.url);
      expect((await strict.get(FLASHBACK_LIST, { ...session.headers, ...bearer(session.tokenFor('flashback', 255)) })).status).toBe(200);
      expect((await strict.get('/__mock/health')).status).toBe(200);
    } finally {
      await strict.server.close();
    }
  });
});

describe('sessions: bad input gets problem+json and changes nothing', () => {
  const cases: [string, unknown, number, string][] = [
    ['not an object', [1, 2], 400, ''],
    ['an unknown option', { seeds: 1 }, 400, '/seeds'],
    ['a seed out of range', { seed: -1 }, 400, '/seed'],
    ['too few users per organization', { usersPerOrg: -1 }, 400, '/usersPerOrg'],
    ['more users per organization than a session may have', { usersPerOrg: 1_000_001 }, 400, '/usersPerOrg'],
    ['a latency that is not a range', { latency: 'slow' }, 400, '/latency'],
    ['an error rate above 1', { errorRate: 2 }, 400, '/errorRate'],
    ['a TTL of 0', { ttlSeconds: 0 }, 400, '/ttlSeconds'],
    ['fixtures that are not an object', { fixtures: [] }, 400, '/fixtures'],
    ['fixtures of an API not served', { fixtures: { nope: {} } }, 400, '/fixtures/nope'],
    ['a fixture without users', { fixtures: { flashback: { organizations: [] } } }, 400, '/fixtures/flashback/users'],
    [
      'a fixture user with a bad e-mail',
      { fixtures: { flashback: { ...fixture('x').flashback, users: [{ ...fixture('x').flashback.users[0], email: 'nope' }] } } },
      400,
      '/fixtures/flashback/users/0/email',
    ],
    [
      'a fixture user of an unknown organization',
      { fixtures: { flashback: { organizations: [], users: fixture('x').flashback.users } } },
      400,
      '/fixtures/flashback/users/0',
    ],
  ];
  it.each(cases)('%s', async (_name, body, status, pointer) => {
    const before = await liveSessions();
    const problem = await problemOf(await post(body));
    expect(problem).toMatchObject({ status, type: 'application/problem+json', body: { pointer, title: 'Invalid session options' } });
    expect(problem.body.detail).toContain(pointer || 'the body');
    expect(await liveSessions()).toBe(before);
  });

  it('a body that is not JSON, and one too large', async () => {
    const before = await liveSessions();
    expect(await problemOf(await fetch(`${mock.url}/__mock/sessions`, { method: 'POST', body: '{nope' }))).toMatchObject({
      status: 400,
      body: { pointer: '' },
    });
    const huge = await fetch(`${mock.url}/__mock/sessions`, { method: 'POST', body: `{"seed":1,"x":"${'a'.repeat(9 * 1024 * 1024)}"}` });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toBe('application/problem+json');
    expect(await liveSessions()).toBe(before);
  });

  it('an unknown session id, by header or by cookie, names where it came from (never the API 404 shape)', async () => {
    const token = bearer(mock.ids.flashback[0]!.token);
    for (const id of ['0123456789abcdef0123456789abcdef', 'not a valid id!', '']) {
      const byHeader = await problemOf(await fetch(mock.url + FLASHBACK_LIST, { headers: { 'X-Orgmock-Session': id, ...token } }));
      expect(byHeader).toMatchObject({
        status: 400,
        type: 'application/problem+json',
        body: { title: 'Unknown session', header: 'X-Orgmock-Session' },
      });
    }
    const byCookie = await problemOf(await fetch(`${mock.url}/__mock/identities`, { headers: { Cookie: 'orgmock_session=gone' } }));
    expect(byCookie).toMatchObject({ status: 400, body: { title: 'Unknown session', cookie: 'orgmock_session' } });
    expect(byCookie.body.detail).toContain('orgmock_session cookie');
  });

  it('GET, DELETE and the journal of an unknown session are 404 problem+json; a bad ?limit or ?since is 400', async () => {
    for (const [method, path] of [
      ['GET', '/__mock/sessions/nope'],
      ['DELETE', '/__mock/sessions/nope'],
      ['GET', '/__mock/sessions/nope/requests'],
    ] as const) {
      expect(await problemOf(await fetch(mock.url + path, { method }))).toMatchObject({ status: 404, type: 'application/problem+json' });
    }
    expect(await problemOf(await fetch(`${mock.url}/__mock/requests?limit=0`))).toMatchObject({
      status: 400,
      body: { parameter: 'limit' },
    });
    expect(await problemOf(await fetch(`${mock.url}/__mock/requests?since=yesterday`))).toMatchObject({
      status: 400,
      body: { parameter: 'since' },
    });
  });

  it('GET /__mock/sessions/{id}: its options, counts and expiry; DELETE answers 204, then the id is unknown', async () => {
    const session = await createSession(mock.url, { usersPerOrg: 20, latency: '0-1', fixtures: fixture('info') });
    const info = (await (await fetch(`${mock.url}/__mock/sessions/${session.id}`)).json()) as any;
    expect(info).toMatchObject({
      id: session.id,
      options: { usersPerOrg: 20, latency: '0-1', fixtures: ['flashback'], ttlSeconds: 1800 },
      counts: { flashback: { organizations: 1, users: 2 } },
      requests: 0,
    });
    expect(info.counts.superai.users).toBeGreaterThan(20);
    expect((await fetch(`${mock.url}/__mock/sessions/${session.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await mock.get('/__mock/identities', session.headers)).status).toBe(400);
  });

  it('CORS: a preflight may send the session header', async () => {
    const res = await fetch(mock.url + FLASHBACK_LIST, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-orgmock-session',
      },
    });
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-orgmock-session');
  });
});
