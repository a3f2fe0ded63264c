// node:http servers that tests start on an ephemeral loopback port and close with their open connections (after
// each test, or when the test file says), and one plain request to such a server that reads its whole answer.
import { type IncomingHttpHeaders, type RequestOptions, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** Listens on an ephemeral port of 127.0.0.1; resolves the port. */
export const listenEphemeral = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/** Closes the server, its open (keep-alive, streaming) connections first; resolves once it is closed. */
export const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * Registers an afterEach (call it at the top of a test file) that closes every server given to the function it
 * returns; that function listens on an ephemeral port of 127.0.0.1 and resolves the port.
 */
export function serversClosedAfterEach(): (server: Server) => Promise<number> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });
  return (server) => {
    servers.push(server);
    return listenEphemeral(server);
  };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The whole body, as UTF-8 text. */
  body: string;
}

/** One request to 127.0.0.1:`port` (`headers` as node:http takes them: an object, or raw name-value pairs flat). */
export function sendTo(port: number, path: string, headers: RequestOptions['headers'], method: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
