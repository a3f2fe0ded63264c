// A real redis-server (Debian's, installed by `pretest`) for the tests of the Redis session store: on a loopback
// port, in a temporary directory of its own, with no persistence; started, polled until it answers PING, and
// stopped (SIGKILL, its directory removed). Also a free loopback port, for a Redis that is not there.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS = '/usr/bin/redis-server';

/** A loopback port nothing listens on (it was free a moment ago). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** True once something answers PING with +PONG on the port. */
const pong = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      resolve(String(d).startsWith('+PONG'));
      socket.destroy();
    });
  });

export interface RedisUnderTest {
  port: number;
  /** `redis://127.0.0.1:PORT` */
  url: string;
  /** Kills the server (SIGKILL: nothing saved), waits for it to exit and removes its directory; again: nothing. */
  stop(): Promise<void>;
}

/** Starts a redis-server on `port` (a free one by default); resolves once it answers PING, rejects if it never does. */
export async function startRedis(port?: number): Promise<RedisUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-redis-'));
  const at = port ?? (await freePort());
  const child = spawn(REDIS, ['--port', String(at), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 500 && !(await pong(at)); i++) await new Promise((r) => setTimeout(r, 20));
  if (!(await pong(at))) {
    await stop();
    throw new Error(`${REDIS} did not answer PING on 127.0.0.1:${at}`);
  }
  return { port: at, url: `redis://127.0.0.1:${at}`, stop };
}
