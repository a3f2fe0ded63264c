import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockApp, type MockOptions } from './app.js';

export interface ServerOptions extends MockOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface RunningServer extends MockApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the mock on Node's HTTP server; resolves once it listens. */
export async function startMockServer(options: ServerOptions = {}): Promise<RunningServer> {
  const mock = createMockApp(options);
  const host = options.host ?? '127.0.0.1';
  let server!: ServerType;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: mock.app.fetch, port: options.port ?? 4010, hostname: host }, (info: AddressInfo) => resolve(info.port));
    server.once('error', reject);
  });
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    ...mock,
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
