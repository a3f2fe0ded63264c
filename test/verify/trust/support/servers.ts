// The same deployment code served three ways: plain node:http, Hono, and stock nginx (Debian's
// nginx-light, default header limits) as a reverse proxy in front of any of them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { handle, type Bugs } from './logic.js';
import type { World } from './world.js';

export interface Running {
  url: string;
  close(): Promise<void>;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

/** Plain node:http; `limit` answers 429 with Retry-After: 1 to every request past `limit` per second window. */
export async function nodeBackend(world: World, bugs: Bugs = {}, o: { limit?: number } = {}): Promise<Running> {
  let windowStart = Date.now();
  let inWindow = 0;
  const server = createServer((req, res) => {
    if (o.limit !== undefined) {
      if (Date.now() - windowStart >= 1000) {
        windowStart = Date.now();
        inWindow = 0;
      }
      if (++inWindow > o.limit) {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' });
        res.end(JSON.stringify({ message: 'Too Many Requests' }));
        return;
      }
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const key = req.headers['x-api-key'];
    const answer = handle(
      world,
      path,
      { authorization: req.headers.authorization, apiKey: Array.isArray(key) ? key.join(', ') : key },
      bugs,
    );
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

/** Hono on @hono/node-server. */
export async function honoBackend(world: World, bugs: Bugs = {}): Promise<Running> {
  const app = new Hono();
  app.get('*', (c) => {
    const credentials = { authorization: c.req.header('Authorization'), apiKey: c.req.header('X-API-Key') };
    const answer = handle(world, new URL(c.req.url).pathname, credentials, bugs);
    return c.json(answer.body as object, answer.status as 200);
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

export const NGINX = '/usr/sbin/nginx';

export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Stock nginx (default large_client_header_buffers 4 8k) proxying to `upstream`, loopback only, from a temp config. */
export async function nginxInFront(upstream: string): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass ${upstream}; proxy_buffering off; }
  }
}
`,
  );
  return startProxy('nginx', NGINX, ['-c', conf, '-p', dir], `http://127.0.0.1:${port}`, { probe: '/__mock/health', tries: 500, dir });
}

/**
 * A proxy process (`command args`, loopback only) polled at `probe` until it answers (no sleeps: one event-loop
 * turn between tries); `close` stops it and removes its temp directory `dir`.
 */
export async function startProxy(
  name: string,
  command: string,
  args: string[],
  url: string,
  { probe, tries, dir }: { probe: string; tries: number; dir: string },
): Promise<Running> {
  const child: ChildProcess = spawn(command, args, { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}${probe}`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || i > tries) throw new Error(`${name} did not start (exit ${child.exitCode})`);
    await new Promise((r) => setImmediate(r));
  }
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
