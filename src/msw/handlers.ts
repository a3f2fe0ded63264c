/**
 * Adapter: the mock as MSW request handlers (`orgmock/msw`), for tests and browsers without a server.
 * msw is a peer dependency: the handlers are built by the project's own copy of msw (one copy, so its
 * `setupServer`/`setupWorker` recognise them), or by the `http` namespace the caller passes in.
 */
import { type HttpHandler, http as mswHttp } from 'msw';
import { APIS } from '../apis/index.js';
import type { ApiDefinition } from '../apis/types.js';
import { createMockApp, DEFAULTS, type MockApp, type MockOptions } from '../mock/app.js';
import { DOCS_PATH, specPath } from '../mock/docs.js';
import { datasetFromFixture } from '../mock/fixture-content.js';
import { fixtureDatasets } from '../mock/sessions.js';
import { colonPath } from '../openapi/query.js';

/**
 * The part of msw's `http` namespace the handlers use. Pass your own (`import { http } from 'msw'`)
 * to build the handlers with, and type them from, exactly the msw your project resolves (a CommonJS
 * TypeScript project sees msw's CommonJS declarations, which are not the ESM ones).
 */
export interface MswHttp<Handler> {
  all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler;
}

export interface OrgmockHandlerOptions extends Partial<MockOptions> {
  /** The mock to answer with (shares its data); by default a new one from the other options. */
  mock?: MockApp;
  /**
   * Each API's base URL as the code under test calls it, by API name (`flashback`, `superai`).
   * Default: the spec's first server, the production URL (`https://backend.flashback.tech`,
   * `https://flows.super.ai/api`). MSW patterns work too: `*` matches any origin.
   */
  baseUrls?: Partial<Record<string, string>>;
  /**
   * Fixtures by API name, the content of a `--fixtures` file each (`{ organizations, users }`), checked exactly as a
   * session's (a mistake throws, naming the field by JSON pointer). Other APIs keep generated data.
   */
  fixtures?: Record<string, unknown>;
  /**
   * Also answer what the HTTP mock serves under this origin, e.g. `http://localhost:4010` or a page's
   * `location.origin`: each API's path (SuperAI under `/api`), `/__mock/*`, `/docs` and `/openapi/*.yaml`.
   * Nothing else under it is touched: the app's own requests (scripts, lazy chunks, its own endpoints) pass.
   */
  mockUrl?: string;
}

/** Matches the operation path at the end of a request path, whatever base path came before it. */
const tailPattern = (template: string) => new RegExp(`${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);

/** The request as the mock serves it: the base path replaced by the spec's own (`/api` for SuperAI). */
async function toMockRequest(request: Request, api: ApiDefinition, tail: RegExp): Promise<Request> {
  const url = new URL(request.url);
  const match = tail.exec(url.pathname);
  if (match) url.pathname = api.spec.basePath + url.pathname.slice(match.index);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers: request.headers, body });
}

/**
 * MSW handlers that answer every API from the orgmock app in-process: the same role rules, error
 * bodies, `Prefer` handling and data as the HTTP mock, with no server. For `setupServer` (msw/node)
 * and `setupWorker` (msw/browser). They match only the APIs' operation paths (and, with `mockUrl`,
 * the mock's own paths there): every other request is left to the app and to `onUnhandledRequest`.
 */
export function orgmockHandlers(options?: OrgmockHandlerOptions & { http?: undefined }): HttpHandler[];
export function orgmockHandlers<Handler>(options: OrgmockHandlerOptions & { http: MswHttp<Handler> }): Handler[];
export function orgmockHandlers(options: OrgmockHandlerOptions & { http?: MswHttp<unknown> } = {}): unknown[] {
  const apis = options.apis ?? APIS;
  const datasets =
    options.fixtures === undefined
      ? options.datasets
      : fixtureDatasets(options.fixtures, apis, options.seed ?? DEFAULTS.seed, datasetFromFixture);
  const { mock = createMockApp({ ...options, apis, ...(datasets ? { datasets } : {}) }), baseUrls = {}, mockUrl } = options;
  const http: MswHttp<unknown> = options.http ?? mswHttp;
  const handlers = mock.served.map(({ api }) => {
    const base = (baseUrls[api.name] ?? defaultBaseUrl(api)).replace(/\/+$/, '');
    const tail = tailPattern(api.operation.path);
    return http.all(`${base}${colonPath(api.operation.path)}`, async ({ request }) =>
      mock.app.fetch(await toMockRequest(request, api, tail)),
    );
  });
  if (mockUrl !== undefined) {
    const origin = mockUrl.replace(/\/+$/, '');
    const own = [
      ...mock.served.map(({ route }) => route),
      '/__mock/*',
      DOCS_PATH,
      `${DOCS_PATH}/`,
      ...mock.served.map(({ api }) => specPath(api)),
    ];
    for (const path of own) handlers.push(http.all(`${origin}${path}`, async ({ request }) => mock.app.fetch(request)));
  }
  return handlers;
}

/** The spec's first server URL. */
function defaultBaseUrl(api: ApiDefinition): string {
  const servers = api.spec.doc.servers;
  const first = Array.isArray(servers) ? servers[0] : undefined;
  const url = first && typeof first === 'object' && !Array.isArray(first) ? first.url : undefined;
  if (typeof url !== 'string') throw new Error(`${api.name}: the spec names no server; pass baseUrls.${api.name}`);
  return url;
}
