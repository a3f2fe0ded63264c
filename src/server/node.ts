/** The node:http adapter of the mock: a server, its fast path for plain GETs, odd request targets normalised. */
import { getRequestListener } from '@hono/node-server';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIS } from '../apis/index.js';
import { createMockApp, type MockApp, type MockOptions } from '../mock/app.js';
import { sameMachineOr } from '../mock/cors.js';
import { fastPath } from './fast-path.js';
import { boundUrls } from './addresses.js';
import { hostGuard, refusedHostBody, repeatedHostBody, repeatsHost } from './host-guard.js';
import { INTERNAL_ERROR_BODY, internalErrorLog } from '../mock/internal-error.js';

export interface ServerOptions extends Partial<MockOptions> {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Answer plain requests straight on node:http (default true); false sends all through Hono. */
  fastPath?: boolean;
  /**
   * Host names a loopback-bound server answers besides loopback names and IP addresses (the
   * DNS-rebinding guard; a leading dot allows subdomains). Ignored when bound to another address.
   */
  allowedHosts?: readonly string[];
  /**
   * Origins whose pages may read the mock besides those on this machine (`*`: every origin). The
   * default answers only same-machine origins (src/mock/cors.ts).
   */
  corsOrigins?: readonly string[];
}

export interface RunningServer extends MockApp {
  /** A URL this machine reaches the server at (127.0.0.1 for a 0.0.0.0 bind). */
  url: string;
  /** Every URL the server answers at: one per interface address when bound to 0.0.0.0 or ::. */
  addresses: string[];
  port: number;
  /** Stops at once: open connections are cut, requests in flight included. */
  close(): Promise<void>;
  /**
   * Stops gracefully: no new connections, idle ones closed, requests in flight get up to `graceMs`
   * to finish; whatever is left then is cut.
   */
  drain(graceMs: number): Promise<void>;
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

/** Starts the mock on Node's HTTP server (every API of the registry unless `apis` is given); resolves once it listens. */
export async function startMockServer(options: ServerOptions = {}): Promise<RunningServer> {
  const mock = createMockApp({ ...options, apis: options.apis ?? APIS, corsOrigin: sameMachineOr(options.corsOrigins) });
  const host = options.host ?? '127.0.0.1';
  const listener = getRequestListener(mock.app.fetch);
  const fast =
    options.fastPath === false
      ? null
      : fastPath(mock, (req, res) => {
          normalizeTarget(req);
          listener(req, res);
        });
  const guard = hostGuard(host, options.allowedHosts);
  const logInternalError = internalErrorLog();
  let defaultHost = host;
  const server = createServer((req, res) => {
    try {
      if (repeatsHost(req.rawHeaders)) return sendProblem(res, 400, repeatedHostBody(), mock.corsOrigin(req.headers.origin));
      if (guard && !guard.allows(req.headers.host)) return sendProblem(res, 403, refusedHostBody(), mock.corsOrigin(req.headers.origin));
      // HTTP/1.0 may omit Host: both paths then answer as if it named the address listened on.
      if (req.headers.host === undefined) req.headers.host = defaultHost;
      // HEAD gets exactly GET's answer, Content-Length included, on both paths: node:http knows the
      // request was HEAD (the response was made for it) and sends no body.
      const head = req.method === 'HEAD';
      if (head) req.method = 'GET';
      if (fast?.(req, res, head)) return;
      if (head) endAtFirstWrite(res);
      normalizeTarget(req);
      return listener(req, res);
    } catch (error) {
      // The mock never dies on a request: a failure on any path is its own 500, logged once.
      logInternalError(error);
      if (res.headersSent) res.destroy();
      else sendProblem(res, 500, INTERNAL_ERROR_BODY, mock.corsOrigin(req.headers.origin));
    }
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  defaultHost = `${shownHost}:${port}`;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  const stop = (graceMs: number) => {
    if (server.listening) server.close();
    server.closeIdleConnections();
    if (graceMs <= 0) server.closeAllConnections();
    else {
      // Connections whose request finished become idle: close them as they do, until the grace ends.
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      void closed.then(() => {
        clearInterval(sweep);
        clearTimeout(cut);
      });
    }
    return closed;
  };
  return {
    ...mock,
    url: `http://${shownHost}:${port}`,
    addresses: boundUrls(host, port),
    port,
    close: () => stop(0),
    drain: (graceMs) => stop(graceMs),
  };
}

/**
 * HEAD through the app: node:http drops a body anyway, so the first piece of one ends the answer instead, and a
 * streamed body stops being made (the app's stream is cancelled when the response closes; `false` keeps the writer
 * waiting for a 'drain' that the close overtakes).
 */
function endAtFirstWrite(res: ServerResponse): void {
  res.write = (() => {
    res.end();
    return false;
  }) as ServerResponse['write'];
}

/** A problem+json answer written straight on node:http (CORS included, as the app's own answers). */
function sendProblem(res: ServerResponse, status: number, body: string, allowOrigin: string | null): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, {
    ...(allowOrigin === null ? {} : { 'access-control-allow-origin': allowOrigin }),
    'content-length': String(bytes.length),
    'content-type': 'application/problem+json',
    vary: 'Origin',
  });
  res.end(bytes);
}
