/**
 * A tiny static server for the example page, on its own origin (not the mock's), so the page's
 * requests to the mock are cross-origin as in a real frontend. It serves the typed client and the
 * example module straight from their TypeScript sources, transpiled on request (types stripped),
 * and openapi-fetch's ES module for the page's import map. No bundler.
 *
 *   npx tsx examples/browser/server.ts   → open the printed URL (with `npm start` running)
 */
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The only folders whose modules the page may load. */
const MODULE_ROOTS = ['examples/', 'src/client/'];
/** The browser-safe modules of the API definitions: the client kit, the client list and each API's client. */
const CLIENT_MODULES = /^src\/apis\/(client-kit|clients|[a-z0-9-]+\/client)\.js$/;
const OPENAPI_FETCH = join(dirname(createRequire(import.meta.url).resolve('openapi-fetch')), 'index.mjs');

export interface ExampleServer {
  url: string;
  close(): Promise<void>;
}

const compiled = new Map<string, string>();
async function transpiled(file: string): Promise<string> {
  const cached = compiled.get(file);
  if (cached !== undefined) return cached;
  const source = await readFile(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  compiled.set(file, outputText);
  return outputText;
}

/** The file behind a URL path, or null. `/src/client/index.js` → `src/client/index.ts`, transpiled. */
async function resolve(pathname: string): Promise<{ type: string; body: string } | null> {
  if (pathname === '/' || pathname === '/index.html')
    return { type: 'text/html', body: await readFile(join(ROOT, 'examples/browser/index.html'), 'utf8') };
  if (pathname === '/vendor/openapi-fetch.mjs') return { type: 'text/javascript', body: await readFile(OPENAPI_FETCH, 'utf8') };
  const relative = normalize(decodeURIComponent(pathname)).replace(/^\/+/, '');
  if (
    !relative.endsWith('.js') ||
    relative.includes('..') ||
    !(MODULE_ROOTS.some((r) => relative.startsWith(r)) || CLIENT_MODULES.test(relative))
  )
    return null;
  try {
    return { type: 'text/javascript', body: await transpiled(join(ROOT, relative.replace(/\.js$/, '.ts'))) };
  } catch {
    return null;
  }
}

const send = (res: ServerResponse, status: number, type: string, body: string) =>
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' }).end(body);

/** Starts the page server; port 0 picks a free port. */
export async function startExampleServer(options: { port?: number; host?: string } = {}): Promise<ExampleServer> {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'GET only');
    resolve(pathname).then(
      (file) => (file ? send(res, 200, file.type, file.body) : send(res, 404, 'text/plain', 'Not found')),
      (error: unknown) => send(res, 500, 'text/plain', String(error)),
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => server.once('error', fail).listen(options.port ?? 0, host, done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : done()));
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mock = process.argv[2] ?? 'http://localhost:4010';
  const page = await startExampleServer({ port: Number(process.env.PORT ?? 4011) });
  console.log(`Example page: ${page.url}/?mock=${encodeURIComponent(mock)} (the mock must be running: npm start)`);
}
