/**
 * The mock engine: a Hono app serving every API's operation, `/__mock/*`, `/docs` and the specs, with faults and
 * Prefer.
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { monotonicFactory } from 'ulid';
import type { ApiDefinition, Dataset } from '../apis/types.js';
import { colonPath } from '../openapi/query.js';
import { anyOrigin, type CorsOrigin } from './cors.js';
import { indexDataset } from './dataset.js';
import { MockUsageError } from './errors.js';
import { mountDocs } from './docs.js';
import { internalErrorLog } from './internal-error.js';
import { faults, type FaultOptions } from './faults.js';
import { exampleHeaders, operationHandler, type Outcome, type ServedApi } from './operation.js';
import { readPreference } from './prefer.js';

export interface MockOptions {
  /** Fixture seed: the same seed serves byte-identical data. */
  seed?: number;
  /** Users in every organization, at least MIN_USERS_PER_ORG. */
  usersPerOrg?: number;
  /** Datasets that replace the generated ones, by API name (see readFixtureDir). */
  datasets?: Map<string, Dataset>;
  /** Added latency range in ms. */
  latency?: readonly [number, number];
  /** Share of requests (0 to 1) answered with the documented 500. */
  errorRate?: number;
  /** The APIs to serve (the entry points pass the registry, `APIS` of src/apis/index.ts). */
  apis: readonly ApiDefinition[];
  /** Which origins may read the answers (CORS); every origin by default (the HTTP server passes its own, stricter policy). */
  corsOrigin?: CorsOrigin;
}

/** ULIDs for request ids: the monotonic factory is ~60x cheaper than `ulid()` per call, and as valid. */
const nextRequestId = monotonicFactory();

/** Response headers a browser app may read on every API (the ones the specs declare are added). */
const BASE_EXPOSED_HEADERS = ['Preference-Applied', 'X-Request-Id'];

export const DEFAULTS = { seed: 20260101, usersPerOrg: 12, latency: [0, 0] as const, errorRate: 0 };
export const MIN_USERS_PER_ORG = 10;
export const MAX_USERS_PER_ORG = 1_000_000;

export interface MockApp {
  app: Hono;
  /** The served APIs with their data, for banners and identities. */
  served: ServedApi[];
  /** True when latency or error injection is on (answers then depend on request order). */
  faulty: boolean;
  /** A fresh request id (a ULID). */
  requestId: () => string;
  /** `Access-Control-Expose-Headers`: the mock's own headers and every response header the served specs declare. */
  exposedHeaders: string;
  /** The CORS policy every answer follows (adapters writing answers themselves use it too). */
  corsOrigin: CorsOrigin;
}

const problem = (c: Context, e: MockUsageError) => {
  for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
  return c.body(JSON.stringify({ type: 'about:blank', title: e.title, status: e.status, detail: e.message, ...e.extra }), e.status as 400, {
    'Content-Type': 'application/problem+json',
  });
};

/**
 * Builds the mock: every API given at its production path, from seeded fixtures, with the specs'
 * auth and role rules, `Prefer` handling, latency and fault injection, CORS, and identities.
 * The app is a plain Hono app: use `app.fetch` in any runtime.
 */
export function createMockApp(options: MockOptions): MockApp {
  const { seed, usersPerOrg, latency, errorRate } = { ...DEFAULTS, ...options };
  if (!Number.isInteger(usersPerOrg) || usersPerOrg < MIN_USERS_PER_ORG || usersPerOrg > MAX_USERS_PER_ORG) {
    throw new RangeError(`usersPerOrg must be a whole number from ${MIN_USERS_PER_ORG} to ${MAX_USERS_PER_ORG}`);
  }
  const fault = faults({ latency, errorRate, seed } satisfies FaultOptions);
  const corsOrigin = options.corsOrigin ?? anyOrigin;
  const app = new Hono();
  const served: MockApp['served'] = [];

  const datasets = options.apis.map((api) =>
    indexDataset(api, options.datasets?.get(api.name) ?? api.mock.generate({ seed, usersPerOrg })),
  );
  const handlers = options.apis.map((api, i) => operationHandler(api, datasets[i]!));
  const keyHeaders = [...new Set(handlers.flatMap((h) => (h.apiKeyHeader === null ? [] : [h.apiKeyHeader])))];
  const declaredHeaders = options.apis.flatMap((api) => api.operation.responses.flatMap((r) => r.headers.map((h) => h.name)));
  const exposed = [...new Map([...BASE_EXPOSED_HEADERS, ...declaredHeaders].map((h) => [h.toLowerCase(), h])).values()];
  app.use(
    '*',
    cors({
      origin: (origin) => corsOrigin(origin),
      allowMethods: ['GET', 'HEAD', 'OPTIONS'],
      allowHeaders: ['Authorization', ...keyHeaders, 'Prefer', 'Accept', 'Content-Type'],
      exposeHeaders: exposed,
      maxAge: 600,
    }),
  );

  const logInternalError = internalErrorLog();
  app.onError((error, c) => {
    if (error instanceof MockUsageError) return problem(c, error);
    // A bug in the mock: say so in the mock's own shape, never in an API's; logged once.
    logInternalError(error);
    return problem(c, new MockUsageError(500, 'orgmock internal error', 'The mock failed unexpectedly; please report it.'));
  });

  for (const [i, api] of options.apis.entries()) {
    const dataset = datasets[i]!;
    const handler = handlers[i]!;
    const route = api.spec.basePath + colonPath(api.operation.path);
    const documented = api.operation.responses.map((r) => r.status);
    served.push({ api, route, dataset, handler });

    const respond = (c: Context, outcome: Outcome, requestId: string, applied?: string) => {
      c.header('X-Request-Id', requestId);
      if (applied) c.header('Preference-Applied', applied);
      for (const [name, value] of Object.entries(outcome.headers ?? {})) c.header(name, value);
      const text = 'raw' in outcome ? outcome.raw : JSON.stringify(outcome.body);
      return c.body(text, outcome.status as 200, { 'Content-Type': 'application/json' });
    };

    app.get(route, async (c) => {
      const requestId = nextRequestId();
      const url = c.req.url;
      const question = url.indexOf('?');
      const info = { params: c.req.param() as Record<string, string>, search: question === -1 ? '' : url.slice(question + 1), requestId };
      await fault.delay();
      const preference = readPreference(c.req.header('Prefer'), api.operation);
      const apiKey = handler.apiKeyHeader === null ? undefined : c.req.header(handler.apiKeyHeader);
      let outcome = handler.answer({ ...info, authorization: c.req.header('Authorization'), apiKey });
      if (preference) {
        const response = api.operation.responses.find((r) => r.status === preference.status);
        const headers = exampleHeaders(response);
        if (preference.example) outcome = { status: preference.status, body: preference.example.value, ...(headers ? { headers } : {}) };
        else if (preference.status !== outcome.status) {
          outcome =
            preference.status === 200
              ? { status: 200, body: response?.examples[0]?.value ?? null, ...(headers ? { headers } : {}) }
              : handler.errorOutcome(preference.status, info);
        }
        return respond(c, outcome, requestId, preference.applied);
      }
      if (documented.includes(500) && fault.shouldFail()) outcome = handler.errorOutcome(500, info);
      return respond(c, outcome, requestId);
    });
    app.all(route, (c) => {
      throw new MockUsageError(
        405,
        'Method Not Allowed',
        `${c.req.method} is not served at ${route}; only GET is documented.`,
        {},
        {
          Allow: 'GET, HEAD, OPTIONS',
        },
      );
    });
  }

  app.get('/__mock/identities', (c) =>
    c.json(Object.fromEntries(served.map(({ api, dataset }) => [api.name, dataset.data.users.map((u) => api.mock.identity(u))]))),
  );
  app.get('/__mock/health', (c) => c.json({ status: 'ok', apis: served.map((s) => s.api.name) }));

  mountDocs(app, served);

  app.notFound((c) => {
    const routes = served.map((s) => `GET ${s.api.spec.basePath}${s.api.operation.path}`);
    return problem(
      c,
      new MockUsageError(
        404,
        'Not Found',
        `No operation at ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}. Served: ${routes.join(', ')}.`,
        { routes },
      ),
    );
  });

  return { app, served, faulty: latency[1] > 0 || errorRate > 0, requestId: nextRequestId, exposedHeaders: exposed.join(','), corsOrigin };
}
