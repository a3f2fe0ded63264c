// Proves: RunningServer.drain (what `orgmock serve` runs on SIGINT/SIGTERM; README "Stopping": "stop
// accepting connections and let requests in flight finish (up to 10 s)") on a real server on an
// ephemeral port: idle connections are closed, a request in flight within the grace gets its whole
// answer, one still in flight when the grace ends is cut, and close() cuts at once.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startMockServer } from '../../src/server/node.js';
import { refusedSoon } from '../helpers/net.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(latencyMs: number): Promise<RunningServer> {
  const server = await startMockServer({ port: 0, latency: [latencyMs, latencyMs] });
  servers.push(server);
  return server;
}

/** A raw connection: `answer` resolves with every byte received once the server closes it. */
function open(port: number): Promise<{ socket: Socket; received: () => string; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (out += d));
    const answer = new Promise<string>((done) => socket.on('close', () => done(out)));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => out, answer }));
  });
}

/** Sends the owner's list request on its own connection and waits until the server has certainly read it. */
async function inFlight(server: RunningServer, connection: 'close' | 'keep-alive' = 'close'): Promise<{ answer: Promise<string> }> {
  const token = server.served.find((s) => s.api.name === 'flashback')!.dataset.data.users[0]!.token;
  const slow = await open(server.port);
  slow.socket.write(
    `GET /organization/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nConnection: ${connection}\r\n\r\n`,
  );
  // A second connection, opened after the first one's request was written, answered (health has no latency).
  const health = await open(server.port);
  health.socket.write('GET /__mock/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  expect(await health.answer).toMatch(/^HTTP\/1\.1 200 /);
  return { answer: slow.answer };
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1]);
const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

describe('drain(graceMs)', () => {
  it('closes an idle keep-alive connection and resolves, without waiting for the grace', async () => {
    const server = await start(0);
    const idle = await open(server.port);
    idle.socket.write('GET /__mock/health HTTP/1.1\r\nHost: localhost\r\n\r\n'); // keep-alive: HTTP/1.1's default
    while (!/\r\n\r\n[\s\S]*\}$/.test(idle.received())) await new Promise((r) => setTimeout(r, 5));
    expect(statusOf(idle.received())).toBe(200);
    // A grace far longer than any test: resolving at all shows the idle connection did not hold it.
    const drained = server.drain(3_600_000);
    expect(await idle.answer).toMatch(/^HTTP\/1\.1 200 /);
    await drained;
    expect(await refusedSoon(server.port)).toBe(true);
  });

  it('a request in flight within the grace gets its whole answer; no new connection is taken meanwhile', async () => {
    const server = await start(400);
    const { answer } = await inFlight(server);
    const drained = server.drain(3_600_000);
    expect(await refusedSoon(server.port)).toBe(true);
    const text = await answer;
    expect(statusOf(text)).toBe(200);
    expect(JSON.parse(bodyOf(text))).toMatchObject({ success: true });
    await drained;
  });

  it('a keep-alive connection whose request finishes within the grace is closed once answered, and the drain resolves', async () => {
    const server = await start(400);
    const { answer } = await inFlight(server, 'keep-alive');
    const drained = server.drain(3_600_000);
    const text = await answer; // resolves only once the server closes the connection
    expect(statusOf(text)).toBe(200);
    expect(JSON.parse(bodyOf(text))).toMatchObject({ success: true });
    await drained;
  });

  it('a request still in flight when the grace ends is cut, unanswered, and the drain resolves', async () => {
    const server = await start(600_000);
    const { answer } = await inFlight(server);
    const drained = server.drain(50);
    expect(await answer).toBe('');
    await drained;
  });

  it('close() cuts a request in flight at once', async () => {
    const server = await start(600_000);
    const { answer } = await inFlight(server);
    await server.close();
    expect(await answer).toBe('');
  });
});
