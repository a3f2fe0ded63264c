// The node:http adapter (src/server/node.ts) on real servers on ephemeral ports, in-process: request targets
// node:http would refuse rewritten into paths (RFC 9112 §3.2: origin-form; §3.2.2: absolute-form), the URLs a
// server reports for each kind of bind, the guard's 403 and the repeated Host's 400 written straight on node:http
// (problem+json, RFC 9457, with the same CORS as the app's answers), HTTP/1.0 without Host, HEAD answered as GET
// without a body (RFC 9110 §9.3.2), and the mock's own failure on the fast path: a 500, logged once, the server
// alive. Raw sockets where a client library would fix the request up. Everything a test checks is built inside it.
import { type AddressInfo, connect, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeTarget, type RunningServer, startMockServer } from '../../src/server/node.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: Parameters<typeof startMockServer>[0] = {}) {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

/** Sends raw bytes to 127.0.0.1 (or `host`) and resolves with everything written back before the server closed. */
function raw(port: number, text: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (out += d));
    socket.on('end', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
    socket.write(text);
  });
}
/** A port nothing listens on right now. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
const statusOf = (answer: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1]);
const headerOf = (answer: string, name: string) => new RegExp(`^${name}: (.*)\r$`, 'im').exec(answer)?.[1];
const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);
const get = (path: string, headers = 'Host: localhost\r\n') => `GET ${path} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;

describe('normalizeTarget', () => {
  const target = (url: string | undefined) => {
    const req = { url };
    normalizeTarget(req);
    return req.url;
  };
  it.each([
    ['/organization/users?x=1', '/organization/users?x=1'],
    ['/', '/'],
    // absolute-form: its path and query, the scheme in any case
    ['http://example.com/organization/users?page=2', '/organization/users?page=2'],
    ['HTTPS://example.com/a', '/a'],
    ['http://example.com', '/'],
    ['http://[not an address/x', '/'],
    // a backslash in the path (every one), never in the query
    ['/a\\b\\c?q=\\', '/a%5Cb%5Cc?q=\\'],
    ['/a\\b', '/a%5Cb'],
    // not origin-form: one escaped segment
    ['*', '/*'],
    ['organization users?x=1', '/organization%20users?x=1'],
    ['a\\b', '/a%5Cb'],
    ['?q', '/?q'],
    // only a target that starts with a scheme is absolute-form
    ['/go?next=http://example.com/x', '/go?next=http://example.com/x'],
    ['a/', '/a%2F'],
  ])('%j → %j', (given, want) => expect(target(given)).toBe(want));

  it('a request without a target is left as it is', () => {
    expect(target(undefined)).toBeUndefined();
  });
});

describe('the URLs a server reports', () => {
  it('127.0.0.1 (the default host): that address', async () => {
    const server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.addresses).toEqual([server.url]);
    expect(server.port).toBeGreaterThan(0);
  });

  it('the port asked for, and a name bound as given', async () => {
    const port = await freePort();
    const server = await start({ port, host: 'localhost' });
    expect(server.port).toBe(port);
    expect(server.url).toBe(`http://localhost:${port}`);
  });

  it('a port already taken: the start is refused with the listen error, nothing left listening', async () => {
    const first = await start();
    await expect(startMockServer({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(statusOf(await raw(first.port, get('/__mock/health')))).toBe(200);
  });

  it('::1: in brackets; 0.0.0.0: reached at 127.0.0.1, and no Host guard (it is not loopback-bound)', async () => {
    const six = await start({ host: '::1' });
    expect(six.url).toBe(`http://[::1]:${six.port}`);
    expect(statusOf(await raw(six.port, get('/__mock/health', 'Host: [::1]\r\n'), '::1'))).toBe(200);
    const any = await start({ host: '0.0.0.0' });
    expect(any.url).toBe(`http://127.0.0.1:${any.port}`);
    expect(statusOf(await raw(any.port, get('/__mock/health', 'Host: rebind.attacker.example\r\n')))).toBe(200);
  });
});

describe('answers written on node:http', () => {
  it('a foreign Host: 403 problem+json with its length, Vary: Origin, and CORS for an allowed origin only', async () => {
    const server = await start();
    const allowed = await raw(server.port, get('/__mock/health', 'Host: rebind.attacker.example\r\nOrigin: http://localhost:5173\r\n'));
    expect(statusOf(allowed)).toBe(403);
    expect(headerOf(allowed, 'content-type')).toBe('application/problem+json');
    expect(headerOf(allowed, 'access-control-allow-origin')).toBe('http://localhost:5173');
    expect(headerOf(allowed, 'vary')).toBe('Origin');
    expect(headerOf(allowed, 'content-length')).toBe(String(Buffer.byteLength(bodyOf(allowed))));
    expect(JSON.parse(bodyOf(allowed))).toMatchObject({ status: 403, title: 'Forbidden Host' });
    const foreign = await raw(server.port, get('/__mock/health', 'Host: rebind.attacker.example\r\nOrigin: http://evil.example\r\n'));
    expect(statusOf(foreign)).toBe(403);
    expect(headerOf(foreign, 'access-control-allow-origin')).toBeUndefined();
  });

  it('two Host headers: 400 problem+json, before the guard (even two allowed names)', async () => {
    const server = await start();
    const answer = await raw(server.port, get('/__mock/health', 'Host: localhost\r\nHost: localhost\r\nOrigin: http://127.0.0.1:3000\r\n'));
    expect(statusOf(answer)).toBe(400);
    expect(headerOf(answer, 'content-type')).toBe('application/problem+json');
    expect(headerOf(answer, 'access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(JSON.parse(bodyOf(answer))).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it.each([
    ['fast path', true],
    ['Hono path', false],
  ])('HTTP/1.0 without Host is answered as if it named the address listened on (%s)', async (_n, fastPath) => {
    const server = await start({ fastPath });
    const token = server.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;
    const answer = await raw(server.port, `GET /organization/users HTTP/1.0\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    expect(statusOf(answer)).toBe(200);
    expect(JSON.parse(bodyOf(answer))).toMatchObject({ success: true });
    const missing = await raw(server.port, 'GET /nowhere HTTP/1.0\r\n\r\n');
    expect(statusOf(missing)).toBe(404);
  });

  it.each([
    ['fast path', true],
    ['Hono path', false],
  ])("HEAD: GET's status and Content-Length, no body (%s)", async (_n, fastPath) => {
    const server = await start({ fastPath });
    const token = server.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;
    const ask = (method: string) =>
      raw(
        server.port,
        `${method} /organization/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
      );
    const [got, head] = [await ask('GET'), await ask('HEAD')];
    expect(statusOf(head)).toBe(200);
    expect(headerOf(head, 'content-length')).toBe(String(Buffer.byteLength(bodyOf(got))));
    expect(headerOf(head, 'x-request-id')).toMatch(/^[0-9A-Z]{26}$/);
    expect(bodyOf(head)).toBe('');
  });
});

describe("the mock's own failure on the fast path", () => {
  it('an answer that throws: problem+json 500 with CORS, logged once with its stack, and the server keeps answering', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await start();
    const flashback = server.served.find((s) => s.api.name === 'flashback')!;
    flashback.handler.answer = () => {
      throw new Error('the answer broke');
    };
    for (let i = 0; i < 2; i++) {
      const answer = await raw(server.port, get('/organization/users', 'Host: localhost\r\nOrigin: http://localhost:5173\r\n'));
      expect(statusOf(answer)).toBe(500);
      expect(headerOf(answer, 'content-type')).toBe('application/problem+json');
      expect(headerOf(answer, 'access-control-allow-origin')).toBe('http://localhost:5173');
      expect(JSON.parse(bodyOf(answer))).toEqual({
        type: 'about:blank',
        title: 'orgmock internal error',
        status: 500,
        detail: 'The mock failed unexpectedly; please report it.',
      });
    }
    const logged = errors.mock.calls.map((c) => String(c[0]));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^orgmock: internal error while answering a request[^\n]*\nError: the answer broke\n/);
    expect(statusOf(await raw(server.port, get('/__mock/health')))).toBe(200);
  });

  it('a failure after the answer was sent: the connection is ended, nothing more written, the server keeps answering', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await start();
    const broken = () => {
      throw new Error('the journal broke');
    };
    // Both ways a journal records (the memory ring takes answered requests through recordAnswer).
    server.journal.record = broken;
    server.journal.recordAnswer = broken;
    const answer = await raw(server.port, get('/organization/users'));
    // the 401 went out whole; no 500 after it
    expect(statusOf(answer)).toBe(401);
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(headerOf(answer, 'content-length')).toBe(String(Buffer.byteLength(bodyOf(answer))));
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining('Error: the journal broke')]);
    expect(statusOf(await raw(server.port, get('/__mock/health')))).toBe(200);
  });
});

describe('stopping', () => {
  it('close() twice, or drain() after close(): each resolves', async () => {
    const server = await startMockServer({ port: 0 });
    await server.close();
    await server.close();
    await server.drain(1000);
  });
});
