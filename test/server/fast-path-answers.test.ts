// The fast path (src/server/fast-path.ts) built inside each test, behind a real server on an ephemeral port that
// hands to the Hono app whatever the fast path declines (and notes which of the two answered): what it declines
// (other methods, escapes and dot segments, Prefer, a repeated Authorization in any spelling, paths its routes do not
// match whole), a CORS policy that refuses or picks origins, a declared query parameter and response header, and
// in-memory sessions (by header or cookie, plain or faulty, a mock without sessions or requiring them). Answers are
// compared with what the app answers in-process to the same request.
import { getRequestListener } from '@hono/node-server';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp, type MockApp, type MockOptions } from '../../src/mock/app.js';
import { fastPath } from '../../src/server/fast-path.js';
import { pagedFlashback } from '../helpers/paged-api.js';

const LIST = '/organization/users';

const open: Server[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A mock served by its fast path, the app answering the rest; `by` lists who answered each request. */
async function mockServer(options: Partial<MockOptions> = {}) {
  const mock = createMockApp({ apis: APIS, seed: 11, ...options });
  const fast = fastPath(mock)!;
  const app = getRequestListener(mock.app.fetch);
  const by: ('fast' | 'app')[] = [];
  const port = await served((req, res) => {
    if (fast(req, res)) by.push('fast');
    else {
      by.push('app');
      void app(req, res);
    }
  });
  return { mock, port, by };
}

/** A node:http server with this handler on an ephemeral port, closed after the test; its port. */
async function served(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer(handler);
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with node:http (a header given as a list is sent once per value). */
function call(port: number, path: string, headers: Record<string, string | string[]> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request written by hand on a socket (header names spelled as given, repeated as given); the answer's header lines as sent, in order, without Date. */
function rawHead(port: number, path: string, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () =>
      resolve(
        text
          .slice(0, text.indexOf('\r\n\r\n'))
          .split('\r\n')
          .filter((l) => !l.startsWith('Date:')),
      ),
    );
    socket.on('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`);
  });
}

/** The status of a request written by hand (rawHead). */
const rawStatus = async (port: number, path: string, lines: string[]) => Number((await rawHead(port, path, lines))[0]!.slice(9, 12));

/** The app's own answer to the same request, in-process. */
async function appAnswer(mock: MockApp, path: string, headers: Record<string, string> = {}) {
  const res = await mock.app.fetch(new Request(`http://127.0.0.1${path}`, { headers }));
  return { status: res.status, body: await res.text(), headers: res.headers };
}

const ownerToken = (mock: MockApp) => {
  const { dataset } = mock.served.find((s) => s.api.name === 'flashback')!;
  return dataset.data.users.find((u) => u.record.orgRole === 255)!.token;
};
const withoutIds = (body: string) => body.replace(/[0-9A-Z]{26}/g, '<ulid>');

describe('what the fast path leaves to the app', () => {
  it('another method, percent-escapes, dot segments, Prefer, paths its routes do not match whole', async () => {
    const { mock, port, by } = await mockServer();
    const auth = { Authorization: `Bearer ${ownerToken(mock)}` };
    await call(port, LIST, auth, 'POST');
    await call(port, '/organization/%75sers', auth);
    await call(port, '/x/../organization/users', auth);
    await call(port, '/organization/./users', auth);
    await call(port, LIST, { ...auth, Prefer: 'code=403' });
    await call(port, `${LIST}/`, auth);
    await call(port, `/v2${LIST}`, auth);
    await call(port, '/organizationxusers', auth);
    expect(by).toEqual(['app', 'app', 'app', 'app', 'app', 'app', 'app', 'app']);
    await call(port, LIST, auth);
    await call(port, `${LIST}?page=1`, auth);
    expect(by.slice(8)).toEqual(['fast', 'fast']);
  });

  it('a repeated Authorization header, in any spelling, goes to the app; one Authorization beside another 13-letter header does not', async () => {
    const { mock, port, by } = await mockServer();
    const token = `Bearer ${ownerToken(mock)}`;
    expect(await rawStatus(port, LIST, [`Authorization: ${token}`, `Authorization: ${token}`])).not.toBe(200);
    await rawStatus(port, LIST, [`authorization: ${token}`, `authorization: ${token}`]);
    await rawStatus(port, LIST, [`AUTHORIZATION: ${token}`, `Authorization: ${token}`]);
    await rawStatus(port, LIST, [`Authorization: ${token}`, `AuThOrIzAtIoN: ${token}`]);
    expect(by).toEqual(['app', 'app', 'app', 'app']);
    expect(await rawStatus(port, LIST, ['Cache-Control: no-cache', `Authorization: ${token}`, 'Accept-Charset: utf-8'])).toBe(200);
    expect(await rawStatus(port, LIST, [`aUTHORIZATION: ${token}`])).toBe(200);
    expect(by.slice(4)).toEqual(['fast', 'fast']);
  });
});

describe('the header block the fast path writes', () => {
  // It fills node:http's own header table with its fixed headers; a response whose table is already in use (a header
  // set before the fast path ran) gets them as a list through writeHead: the same lines, in the same order.
  async function servers() {
    const mock = createMockApp({ apis: APIS, seed: 11 });
    const fast = fastPath(mock)!;
    const listen = (before: boolean) =>
      served((req, res) => {
        if (before) res.setHeader('X-Set-Before', 'yes');
        if (!fast(req, res)) throw new Error('the fast path declined');
      });
    return { mock, table: await listen(false), list: await listen(true) };
  }
  const ids = (lines: string[]) => lines.map((l) => l.replace(/[0-9A-Z]{26}/, '<ulid>'));

  it('the same lines in the same order either way, with and without an Origin, for a 200 and a 401', async () => {
    const { mock, table, list } = await servers();
    const token = `Authorization: Bearer ${ownerToken(mock)}`;
    for (const lines of [[token], [token, 'Origin: http://pages.test'], ['Origin: http://pages.test'], []]) {
      const a = ids(await rawHead(table, LIST, lines));
      const b = ids(await rawHead(list, LIST, lines));
      expect(b).toContain('X-Set-Before: yes');
      expect(a).toEqual(b.filter((l) => l !== 'X-Set-Before: yes'));
      expect(a[0]).toBe(lines.includes(token) ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 401 Unauthorized');
      expect(a.slice(1, 3)).toEqual([
        `access-control-allow-origin: ${lines.some((l) => l.startsWith('Origin')) ? 'http://pages.test' : '*'}`,
        `access-control-expose-headers: ${mock.exposedHeaders}`,
      ]);
      expect(a.slice(3, 6)).toEqual(['content-type: application/json', 'vary: Origin', 'x-request-id: <ulid>']);
      expect(a[6]).toMatch(/^content-length: [1-9][0-9]*$/);
    }
  });

  it("the headers it wrote are node:http's own afterwards: getHeader reads them (the table form, where this Node has one)", async () => {
    const mock = createMockApp({ apis: APIS, seed: 11 });
    const fast = fastPath(mock)!;
    const read: Record<string, unknown>[] = [];
    const port = await served((req, res) => {
      if (!fast(req, res)) throw new Error('the fast path declined');
      read.push(Object.fromEntries(['x-request-id', 'content-length', 'content-type', 'vary'].map((n) => [n, res.getHeader(n)])));
    });
    const token = `Authorization: Bearer ${ownerToken(mock)}`;
    for (const lines of [[token], [token, 'Origin: http://pages.test'], []]) {
      const head = await rawHead(port, LIST, lines);
      const value = (name: string) => head.find((l) => l.startsWith(`${name}: `))!.slice(name.length + 2);
      expect(read.pop()).toEqual({
        'x-request-id': value('x-request-id'),
        'content-length': value('content-length'),
        'content-type': 'application/json',
        vary: 'Origin',
      });
    }
  });

  it("a declared header goes through node:http's check and follows the fixed ones", async () => {
    const mock = createMockApp({ apis: [pagedFlashback()], seed: 11 });
    const fast = fastPath(mock)!;
    const port = await served((req, res) => void fast(req, res));
    const lines = await rawHead(port, `${LIST}?page=1`, [`Authorization: Bearer ${ownerToken(mock)}`]);
    expect(lines[0]).toBe('HTTP/1.1 200 OK');
    const names = lines.slice(1).map((l) => l.slice(0, l.indexOf(':')));
    expect(names.slice(0, 6)).toEqual([
      'access-control-allow-origin',
      'access-control-expose-headers',
      'content-type',
      'vary',
      'x-request-id',
      'content-length',
    ]);
    expect(names.slice(6)).toEqual(['x-page', 'Connection']);
    expect(lines).toContain('x-page: 1');
  });
});

describe('CORS on the fast path', () => {
  it('an origin the policy refuses gets no Access-Control-Allow-Origin; one it allows gets its own, as from the app', async () => {
    const { mock, port, by } = await mockServer({ corsOrigin: (origin) => (origin === 'http://ok.test' ? origin : null) });
    const auth = { Authorization: `Bearer ${ownerToken(mock)}` };
    const refused = await call(port, LIST, { ...auth, Origin: 'http://evil.test' });
    expect(refused.status).toBe(200);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-expose-headers']).toBe(mock.exposedHeaders);
    expect(refused.headers.vary).toBe('Origin');
    const allowed = await call(port, LIST, { ...auth, Origin: 'http://ok.test' });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://ok.test');
    const app = await appAnswer(mock, LIST, { ...auth, Origin: 'http://ok.test' });
    expect(app.headers.get('access-control-allow-origin')).toBe('http://ok.test');
    expect((await appAnswer(mock, LIST, { ...auth, Origin: 'http://evil.test' })).headers.get('access-control-allow-origin')).toBeNull();
    expect(withoutIds(allowed.body)).toBe(withoutIds(app.body));
    expect(by).toEqual(['fast', 'fast']);
  });

  it("an error answer (the API's 401) carries its length and type, the app's bytes", async () => {
    const { mock, port, by } = await mockServer();
    const res = await call(port, LIST);
    expect(by).toEqual(['fast']);
    const app = await appAnswer(mock, LIST);
    expect(res.status).toBe(401);
    expect(res.status).toBe(app.status);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(withoutIds(res.body)).toBe(withoutIds(app.body));
  });
});

describe('declared query parameters and response headers on the fast path', () => {
  it('the query reaches the API and its declared header is written (lower-cased, as the app writes it)', async () => {
    const { mock, port, by } = await mockServer({ apis: [pagedFlashback()] });
    const auth = { Authorization: `Bearer ${ownerToken(mock)}` };
    const cases = [
      [`${LIST}?page=2`, '2'],
      [`${LIST}?x=1&page=3`, '3'],
      [LIST, 'none'],
      [`${LIST}?`, 'none'],
      [`${LIST}?page=2`, '2'],
    ] as const;
    const replies: Reply[] = [];
    for (const [path] of cases) replies.push(await call(port, path, auth));
    expect(by).toEqual(['fast', 'fast', 'fast', 'fast', 'fast']);
    expect(
      (await mock.journal.read()).map((e) => e.path),
      'journaled with their query',
    ).toEqual(cases.map(([path]) => path));
    for (const [i, [path, page]] of cases.entries()) {
      const res = replies[i]!;
      expect(res.status).toBe(200);
      expect(res.headers['x-page']).toBe(page);
      expect((await appAnswer(mock, path, auth)).headers.get('x-page')).toBe(page);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    }
  });
});

describe('sessions held in memory, on the fast path', () => {
  const create = async (port: number, options: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/__mock/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(options),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; identities: { flashback: { token: string; orgRole: number }[] } };
  };
  const sessionOwner = (session: Awaited<ReturnType<typeof create>>) => session.identities.flashback.find((r) => r.orgRole === 255)!.token;

  it("a session named by header or by cookie: its world's answer, journaled in its journal, not the world's", async () => {
    const { mock, port, by } = await mockServer();
    const session = await create(port, { seed: 77, usersPerOrg: 2 });
    const auth = { Authorization: `Bearer ${sessionOwner(session)}` };
    const byHeader = await call(port, LIST, { ...auth, 'X-Orgmock-Session': session.id });
    const byCookie = await call(port, LIST, { ...auth, Cookie: `theme=dark; orgmock_session=${session.id}` });
    expect(by.slice(1)).toEqual(['fast', 'fast']);
    expect(byHeader.status).toBe(200);
    const app = await appAnswer(mock, LIST, { ...auth, 'X-Orgmock-Session': session.id });
    expect(withoutIds(byHeader.body)).toBe(withoutIds(app.body));
    expect(byCookie.body).toBe(byHeader.body);
    // the session's owner is nobody in the default world
    expect((await call(port, LIST, auth)).status).toBe(401);
    const journal = (await (await fetch(`http://127.0.0.1:${port}/__mock/sessions/${session.id}/requests`)).json()) as {
      requests: unknown[];
    };
    expect(journal.requests).toHaveLength(3);
    expect((await mock.journal.read()).map((e) => e.status)).toEqual([401]);
  });

  it('a cookie naming no session is the default world; a session with faults, or a mock requiring sessions, go to the app', async () => {
    const { mock, port, by } = await mockServer();
    const auth = { Authorization: `Bearer ${ownerToken(mock)}` };
    expect((await call(port, LIST, { ...auth, Cookie: 'theme=dark' })).status).toBe(200);
    expect(by).toEqual(['fast']);
    const faulty = await create(port, { errorRate: 1 });
    const res = await call(port, LIST, { Authorization: `Bearer ${sessionOwner(faulty)}`, 'X-Orgmock-Session': faulty.id });
    expect(res.status).toBe(500);
    expect(by.slice(1)).toEqual(['app', 'app']);
    const unknown = await call(port, LIST, { ...auth, 'X-Orgmock-Session': '01JE0000000000000000000000' });
    expect(unknown.status).toBe(400);
    expect(by.slice(3)).toEqual(['app']);

    const required = await mockServer({ sessions: { requireSession: true } });
    const plain = await create(required.port, {});
    expect((await call(required.port, LIST, { Authorization: `Bearer ${ownerToken(required.mock)}` })).status).toBe(400);
    expect(
      (await call(required.port, LIST, { Authorization: `Bearer ${sessionOwner(plain)}`, 'X-Orgmock-Session': plain.id })).status,
    ).toBe(200);
    expect(required.by).toEqual(['app', 'app', 'fast']);
  });

  it('a mock without sessions leaves a session header to the app, which ignores it', async () => {
    const { mock, port, by } = await mockServer({ sessions: false });
    const res = await call(port, LIST, { Authorization: `Bearer ${ownerToken(mock)}`, 'X-Orgmock-Session': '01JE0000000000000000000000' });
    expect(res.status).toBe(200);
    expect(by).toEqual(['app']);
    // A plain request to it: the fast path's.
    expect((await call(port, LIST, { Authorization: `Bearer ${ownerToken(mock)}` })).status).toBe(200);
    expect(by).toEqual(['app', 'fast']);
  });
});
