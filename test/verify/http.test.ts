// verify's HTTP client (src/verify/http.ts) against real servers on ephemeral ports, in-process: one
// request with a time limit (--timeout: "the whole exchange, headers and body") and a size limit
// (--max-body-bytes), a failed exchange classified and never thrown, masking before anything reads
// the answer. Expected values: README (verify never prints a token; a transport failure fails
// response_received), RFC 9110 (a 3xx is an answer: verify does not follow redirects), the JSON
// grammar (RFC 8259: an empty or whitespace body is no JSON text).
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { classify, DEFAULT_MAX_BYTES, formatBytes, send } from '../../src/verify/http.js';

const open: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  for (const { server, sockets } of open.splice(0)) {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  open.push({ server, sockets });
  return sockets;
}

/** A node:http server answering with `handler`; the requests it got. */
async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createHttpServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/users?x=1`, seen };
}

/** A raw TCP server: `onSocket` decides what bytes (if any) go back. */
async function tcpServer(onSocket: (s: Socket) => void) {
  const server = createNetServer(onSocket);
  track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/users`;
}

const OPTIONS = { timeoutMs: 30_000, maxBytes: 1024 * 1024 };
const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET' as const, url, headers });

describe('an answer', () => {
  it('status, headers (names lower-cased), text, bytes and the parsed JSON; the request sent as given', async () => {
    const body = JSON.stringify({ success: true, data: [{ name: 'Zoë' }] });
    const b = await httpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Total': '1' });
      res.end(body);
    });
    const request = get(b.url, { Authorization: 'Bearer abc', 'X-Api-Key': 'k' });
    const exchange = await send(request, OPTIONS);
    expect(exchange.request).toBe(request);
    expect('response' in exchange).toBe(true);
    if (!('response' in exchange)) return;
    expect(exchange.response.status).toBe(200);
    expect(exchange.response.headers['content-type']).toBe('application/json');
    expect(exchange.response.headers['x-total']).toBe('1');
    expect(exchange.response.text).toBe(body);
    expect(exchange.response.bytes).toBe(Buffer.byteLength(body)); // bytes, not characters (ë is two)
    expect(exchange.response.bytes).toBe(body.length + 1);
    expect(exchange.response.json).toEqual({ ok: true, value: { success: true, data: [{ name: 'Zoë' }] } });
    expect(b.seen).toEqual([
      { method: 'GET', url: '/users?x=1', headers: expect.objectContaining({ authorization: 'Bearer abc', 'x-api-key': 'k' }) },
    ]);
  });

  it('a redirect is an answer, not followed', async () => {
    const b = await httpServer((_req, res) => {
      res.writeHead(302, { Location: '/elsewhere', 'Content-Type': 'application/json' });
      res.end('{"moved":true}');
    });
    const exchange = await send(get(b.url), OPTIONS);
    expect('response' in exchange && exchange.response.status).toBe(302);
    expect(b.seen).toHaveLength(1);
  });

  it.each([
    ['', 'the body is empty'],
    ['  \n\t', 'the body is empty'],
  ])('an empty body (%j) is not JSON: said so', async (text, error) => {
    const b = await httpServer((_req, res) => res.end(text));
    const exchange = await send(get(b.url), OPTIONS);
    expect('response' in exchange && exchange.response.json).toEqual({ ok: false, error });
  });

  it("a body that is not JSON: the parser's reason and the start of the text, cut after 60 characters", async () => {
    const long = `<html>${'x'.repeat(100)}</html>`;
    const b = await httpServer((_req, res) => res.end(long));
    const exchange = await send(get(b.url), OPTIONS);
    if (!('response' in exchange)) throw new Error('no response');
    const json = exchange.response.json;
    expect(json.ok).toBe(false);
    const error = json.ok ? '' : json.error;
    expect(error).toMatch(/^the body is not JSON \(Unexpected token '<'\): "<html>x+"…$/);
    expect(error.endsWith(`${JSON.stringify(long.slice(0, 60))}…`)).toBe(true);
    // the parser's own quoting of the whole text is dropped: the preview says it once
    expect(error).not.toContain('</html>');
  });

  it('a short non-JSON body is shown whole, without an ellipsis', async () => {
    const b = await httpServer((_req, res) => res.end('Bad Gateway'));
    const exchange = await send(get(b.url), OPTIONS);
    const json = 'response' in exchange ? exchange.response.json : null;
    expect(json && !json.ok && json.error).toMatch(/^the body is not JSON \(.+\): "Bad Gateway"$/);
    const sixty = 'y'.repeat(60);
    const b2 = await httpServer((_req, res) => res.end(sixty));
    const e2 = await send(get(b2.url), OPTIONS);
    const j2 = 'response' in e2 ? e2.response.json : null;
    expect(j2 && !j2.ok && j2.error.endsWith(`"${sixty}"`)).toBe(true);
  });

  it('a HEAD-like answer without a body reads as empty', async () => {
    const b = await httpServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const exchange = await send(get(b.url), OPTIONS);
    expect('response' in exchange && exchange.response).toMatchObject({
      status: 204,
      text: '',
      bytes: 0,
      json: { ok: false, error: 'the body is empty' },
    });
  });

  it('the mask is applied to the body and to every header value before anything reads them', async () => {
    const b = await httpServer((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="x", token="sekret-123"' });
      res.end('{"error":"bad token sekret-123"}');
    });
    const mask = (t: string) => t.replaceAll('sekret-123', '***');
    const exchange = await send(get(b.url), { ...OPTIONS, mask });
    if (!('response' in exchange)) throw new Error('no response');
    expect(exchange.response.text).toBe('{"error":"bad token ***"}');
    expect(exchange.response.json).toEqual({ ok: true, value: { error: 'bad token ***' } });
    expect(exchange.response.headers['www-authenticate']).toBe('Bearer realm="x", token="***"');
    // bytes counts what was received, before masking
    expect(exchange.response.bytes).toBe('{"error":"bad token sekret-123"}'.length);
  });
});

describe('the size limit (--max-body-bytes)', () => {
  it('a body of exactly the limit is read', async () => {
    const b = await httpServer((_req, res) => res.end('"'.concat('a'.repeat(98), '"')));
    const exchange = await send(get(b.url), { ...OPTIONS, maxBytes: 100 });
    expect('response' in exchange && exchange.response.bytes).toBe(100);
  });

  it('a Content-Length over the limit: refused before reading', async () => {
    const b = await httpServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '101' });
      res.end('x'.repeat(101));
    });
    const exchange = await send(get(b.url), { ...OPTIONS, maxBytes: 100 });
    expect('error' in exchange && exchange.error).toEqual({
      kind: 'too-large',
      message: 'the body is larger than 100 bytes; reading stopped there',
    });
  });

  it('a chunked body (no Content-Length) that passes the limit: reading stops there', async () => {
    const b = await httpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('x'.repeat(60));
      setImmediate(() => res.end('x'.repeat(60)));
    });
    const exchange = await send(get(b.url), { ...OPTIONS, maxBytes: 100 });
    expect('error' in exchange && exchange.error).toEqual({
      kind: 'too-large',
      message: 'the body is larger than 100 bytes; reading stopped there',
    });
  });

  it('a chunked body that never ends is cut at the limit, not at the timeout', async () => {
    const url = await tcpServer((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `400\r\n${'x'.repeat(1024)}\r\n`;
        const more = () => {
          if (!s.destroyed) s.write(chunk, () => setImmediate(more));
        };
        more();
      });
    });
    const exchange = await send(get(url), { timeoutMs: 3_600_000, maxBytes: 64 * 1024 });
    expect('error' in exchange && exchange.error.kind).toBe('too-large');
  });

  it('the default is 64 MiB', () => {
    expect(DEFAULT_MAX_BYTES).toBe(64 * 1024 * 1024);
  });
});

describe('a failed exchange: classified, never thrown', () => {
  it('no answer within the timeout', async () => {
    const url = await tcpServer(() => undefined);
    const exchange = await send(get(url), { ...OPTIONS, timeoutMs: 50 });
    expect('error' in exchange && exchange.error).toEqual({ kind: 'timeout', message: 'no complete response within 50 ms (--timeout)' });
  });

  it('headers in time but a body that never ends: the timeout covers the whole exchange', async () => {
    const url = await tcpServer((s) => {
      s.once('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"a":'));
    });
    const exchange = await send(get(url), { ...OPTIONS, timeoutMs: 100 });
    expect('error' in exchange && exchange.error).toEqual({ kind: 'timeout', message: 'no complete response within 100 ms (--timeout)' });
  });

  it('a connection closed before an answer: reset', async () => {
    const url = await tcpServer((s) => s.once('data', () => s.destroy()));
    const exchange = await send(get(url), OPTIONS);
    expect('error' in exchange && exchange.error.kind).toBe('reset');
    expect('error' in exchange && exchange.error.message).toMatch(
      /^the connection was closed or reset before a complete response \((UND_ERR_SOCKET|ECONNRESET|EPIPE|UND_ERR_CLOSED)\)$/,
    );
  });

  it('a port nobody listens on: unreachable', async () => {
    const url = await tcpServer(() => undefined);
    const port = new URL(url).port;
    const { server } = open.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const exchange = await send(get(`http://127.0.0.1:${port}/`), OPTIONS);
    expect('error' in exchange && exchange.error).toEqual({ kind: 'unreachable', message: 'the backend cannot be reached (ECONNREFUSED)' });
  });

  it('an answer that is not HTTP: other, saying so', async () => {
    const url = await tcpServer((s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.6\r\n')));
    const exchange = await send(get(url), OPTIONS);
    expect('error' in exchange && exchange.error.kind).toBe('other');
  });
});

describe('classify: what went wrong, from the error fetch throws', () => {
  const fetchError = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT'])(
    '%s: unreachable',
    (code) => {
      expect(classify(fetchError({ code }))).toEqual({ kind: 'unreachable', message: `the backend cannot be reached (${code})` });
    },
  );

  it.each(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED'])('%s: reset', (code) => {
    expect(classify(fetchError({ code }))).toEqual({
      kind: 'reset',
      message: `the connection was closed or reset before a complete response (${code})`,
    });
  });

  it('the code of the first of several errors (an AggregateError from trying each address)', () => {
    expect(classify(fetchError({ errors: [{ code: 'ECONNREFUSED' }, { code: 'ENETUNREACH' }] }))).toEqual({
      kind: 'unreachable',
      message: 'the backend cannot be reached (ECONNREFUSED)',
    });
    expect(classify(fetchError({ errors: [{ errors: [{ code: 'EPIPE' }] }] })).kind).toBe('reset');
    expect(classify(fetchError({ errors: [] }))).toEqual({ kind: 'other', message: 'the request failed: [object Object]' });
  });

  it("a malformed answer from undici (a header error): not valid HTTP, with undici's words", () => {
    const cause = Object.assign(new Error('invalid header value char'), { code: 'UND_ERR_INVALID_ARG' });
    expect(classify(fetchError(cause))).toEqual({
      kind: 'other',
      message: 'the response is not valid HTTP (UND_ERR_INVALID_ARG: invalid header value char)',
    });
    const headersTimeout = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(classify(fetchError(headersTimeout)).message).toBe(
      'the response is not valid HTTP (UND_ERR_HEADERS_TIMEOUT: Headers Timeout Error)',
    );
  });

  it('a header message without an undici code, or an undici code without one: the request failed', () => {
    const noCode = new Error('bad header');
    expect(classify(fetchError(noCode))).toEqual({ kind: 'other', message: 'the request failed: bad header' });
    const otherCode = Object.assign(new Error('bad header'), { code: 'EPROTO' });
    expect(classify(fetchError(otherCode))).toEqual({ kind: 'other', message: 'the request failed: EPROTO: bad header' });
    const undiciOther = Object.assign(new Error('Request aborted'), { code: 'UND_ERR_ABORTED' });
    expect(classify(fetchError(undiciOther))).toEqual({ kind: 'other', message: 'the request failed: UND_ERR_ABORTED: Request aborted' });
  });

  it('an error without a cause is its own cause; anything thrown is put in words', () => {
    expect(classify(Object.assign(new Error('boom'), { code: 'ECONNRESET' })).kind).toBe('reset');
    expect(classify(new Error('boom'))).toEqual({ kind: 'other', message: 'the request failed: boom' });
    expect(classify('a string')).toEqual({ kind: 'other', message: 'the request failed: a string' });
    expect(classify(null)).toEqual({ kind: 'other', message: 'the request failed: null' });
    expect(classify(fetchError({ code: 42 }))).toEqual({ kind: 'other', message: 'the request failed: [object Object]' });
  });
});

describe('classify: what is thrown need not be an Error', () => {
  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    ['boom', 'boom'],
    [42, '42'],
  ])('%s: an "other" failure naming it, never a crash', (thrown, text) => {
    expect(classify(thrown)).toEqual({ kind: 'other', message: `the request failed: ${text}` });
  });
});

describe('formatBytes', () => {
  it.each([
    [64 * 1024 * 1024, '64 MiB'],
    [1024 * 1024, '1 MiB'],
    [10_000_000, '10 MB'],
    [1_500_000, '1.5 MB'],
    [1024 * 1024 + 1, '1.048577 MB'],
    [1_000_000, '1 MB'],
    [999_999, '999.999 KB'],
    [1000, '1 KB'],
    [1500, '1.5 KB'],
    [999, '999 bytes'],
    [0, '0 bytes'],
  ])('%i bytes: %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
