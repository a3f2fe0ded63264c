/** Adapter: the mock as MSW request handlers (`orgmock/msw`), for tests and browsers without a server. */
import { http, type HttpHandler } from 'msw';
import { APIS } from '../apis/index.js';
import type { ApiDefinition } from '../apis/types.js';
import { createMockApp, DEFAULTS, type MockApp, type MockOptions } from '../mock/app.js';
import { fixtureDatasets } from '../mock/sessions.js';
import { colonPath } from '../openapi/query.js';

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
  /** Also answer everything the HTTP mock serves (`/__mock/identities`, `/docs`, ...) under this origin, e.g. `http://localhost:4010`. */
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
 * MSW handlers that answer both APIs from the orgmock app in-process: the same role rules, error
 * bodies, `Prefer` handling and data as the HTTP mock, with no server. For `setupServer` (msw/node).
 */
export function orgmockHandlers(options: OrgmockHandlerOptions = {}): HttpHandler[] {
  const apis = options.apis ?? APIS;
  const datasets =
    options.fixtures === undefined ? options.datasets : fixtureDatasets(options.fixtures, apis, options.seed ?? DEFAULTS.seed);
  const { mock = createMockApp({ ...options, apis, ...(datasets ? { datasets } : {}) }), baseUrls = {}, mockUrl } = options;
  const handlers = mock.served.map(({ api }) => {
    const base = (baseUrls[api.name] ?? defaultBaseUrl(api)).replace(/\/+$/, '');
    const tail = tailPattern(api.operation.path);
    return http.all(`${base}${colonPath(api.operation.path)}`, async ({ request }) =>
      mock.app.fetch(await toMockRequest(request, api, tail)),
    );
  });
  if (mockUrl !== undefined) {
    handlers.push(http.all(`${mockUrl.replace(/\/+$/, '')}/*`, ({ request }) => mock.app.fetch(request)));
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
