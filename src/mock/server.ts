import { getRequestListener } from '@hono/node-server';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockApp, type MockOptions } from './app.js';
import { fastPath } from './fast-path.js';

export interface ServerOptions extends MockOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Answer plain requests straight on node:http (default true); false sends all through Hono. */
  fastPath?: boolean;
}

export interface RunningServer extends MockApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Request targets the node adapter would refuse with a bare, header-less 400 before the app runs
 * (a backslash in the path, `*`, an absolute form): rewritten into an origin-form path, so the app
 * answers them like any other unknown path, as JSON and with CORS.
 */
export function normalizeTarget(req: { url?: string | undefined }): void {
  let url = req.url ?? '/';
  if (/^https?:\/\//i.test(url)) {
    // absolute-form (RFC 9112 3.2.2): serve its path, as a proxy-aware server would.
    const parsed = URL.canParse(url) ? new URL(url) : null;
    url = req.url = parsed ? parsed.pathname + parsed.search : '/';
  }
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path.startsWith('/') && !path.includes('\\')) return;
  const rest = query === -1 ? '' : url.slice(query);
  req.url = path.startsWith('/') ? path.replace(/\\/g, '%5C') + rest : `/${encodeURIComponent(path)}${rest}`;
}

/** Starts the mock on Node's HTTP server; resolves once it listens. */
export async function startMockServer(options: ServerOptions = {}): Promise<RunningServer> {
  const mock = createMockApp(options);
  const host = options.host ?? '127.0.0.1';
  const listener = getRequestListener(mock.app.fetch);
  const fast = options.fastPath === false ? null : fastPath(mock);
  const server = createServer((req, res) => {
    if (fast?.(req, res)) return;
    normalizeTarget(req);
    return listener(req, res);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    ...mock,
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
