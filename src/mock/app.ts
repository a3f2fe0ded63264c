/**
 * The mock engine: a Hono app serving every API's operation, `/__mock/*`, `/docs` and the specs, with faults and
 * Prefer.
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { ApiDefinition, Dataset } from '../apis/types.js';
import { colonPath } from '../openapi/query.js';
import { anyOrigin, type CorsOrigin } from './cors.js';
import { chunkStream, type Chunks, generatedDataset, indexDataset, KEPT_MEMBERS } from './dataset.js';
import { MockUsageError } from './errors.js';
import { mountDocs } from './docs.js';
import { internalErrorLog } from './internal-error.js';
import { faults, type FaultOptions } from './faults.js';
import { type Journal, journalAnswer, memoryJournal, readJournalRoutes } from './journal.js';
import { type JwtSignIn, jwtVerifier } from './jwt.js';
import { exampleHeaders, operationHandler, type Outcome, type Rule, type ServedApi } from './operation.js';
import { readPreference } from './prefer.js';
import { createSessions, SESSION_HEADER, type Sessions, type SessionsConfig, sessionIdOf } from './sessions.js';
import { monotonicUlids } from '../util/ulid.js';

export interface MockOptions {
  /** Fixture seed: the same seed serves byte-identical data. */
  seed?: number;
  /** Users in every organization, at least MIN_USERS_PER_ORG (0: organizations without users). */
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
  /** Sessions (`/__mock/sessions`): where they are kept and their bounds; false for none. Default: in memory. */
  sessions?: SessionsConfig | false;
  /** Where this world's API requests are recorded (default: a journal of its own, in memory). */
  journal?: Journal;
  /** Also sign in with HS256 JWTs signed with this secret whose `sub` is a user's id (src/mock/jwt.ts); sessions too. */
  jwt?: JwtSignIn;
}

/** Request ids: monotonic ULIDs (src/util/ulid.ts: pooled randomness, the time part encoded once per millisecond). */
const nextRequestId = monotonicUlids();

/** Response headers a browser app may read on every API (the ones the specs declare are added). */
const BASE_EXPOSED_HEADERS = ['Preference-Applied', 'X-Request-Id'];

export const DEFAULTS = { seed: 20260101, usersPerOrg: 12, latency: [0, 0] as const, errorRate: 0 };
export const MIN_USERS_PER_ORG = 0;
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
  /** The API requests this world answered (`GET /__mock/requests`). */
  journal: Journal;
  /** The sessions served besides this world; null when sessions are off. */
  sessions: Sessions<MockApp> | null;
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
  const journal = options.journal ?? memoryJournal();

  const datasets = options.apis.map((api) => {
    const given = options.datasets?.get(api.name);
    // Generated data is made lazily: nothing is generated until a request needs it.
    return given ? indexDataset(api, given) : generatedDataset(api, { seed, usersPerOrg });
  });
  const jwt = options.jwt ? jwtVerifier(options.jwt) : undefined;
  const handlers = options.apis.map((api, i) => operationHandler(api, datasets[i]!, jwt));
  const keyHeaders = [...new Set(handlers.flatMap((h) => (h.apiKeyHeader === null ? [] : [h.apiKeyHeader])))];
  const declaredHeaders = options.apis.flatMap((api) => api.operation.responses.flatMap((r) => r.headers.map((h) => h.name)));
  const exposed = [...new Map([...BASE_EXPOSED_HEADERS, ...declaredHeaders].map((h) => [h.toLowerCase(), h])).values()];
  app.use(
    '*',
    cors({
      origin: (origin) => corsOrigin(origin),
      allowMethods: ['GET', 'HEAD', 'OPTIONS', 'POST', 'DELETE'],
      allowHeaders: ['Authorization', ...keyHeaders, 'Prefer', 'Accept', 'Content-Type', SESSION_HEADER],
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

  const sessions =
    options.sessions === false
      ? null
      : createSessions<MockApp>(
          app,
          {
            apis: options.apis,
            seed,
            minUsersPerOrg: MIN_USERS_PER_ORG,
            // A session is this world with the session's options on top, and a journal of its own.
            build: (spec, sessionData, sessionJournal) =>
              createMockApp({
                ...options,
                ...(spec.seed === undefined ? {} : { seed: spec.seed }),
                ...(spec.usersPerOrg === undefined ? {} : { usersPerOrg: spec.usersPerOrg }),
                ...(spec.latency === undefined ? {} : { latency: spec.latency }),
                ...(spec.errorRate === undefined ? {} : { errorRate: spec.errorRate }),
                // The server's fixture files too, unless the session asks for data of another seed or size.
                datasets: new Map([
                  ...(spec.seed === undefined && spec.usersPerOrg === undefined ? (options.datasets ?? []) : []),
                  ...sessionData,
                ]),
                sessions: false,
                journal: sessionJournal,
              }),
          },
          options.sessions,
        );
  if (sessions) {
    // A request naming a session is the session world's, whatever its path (`/__mock/sessions` aside).
    app.use('*', async (c, next) => {
      const named = sessionIdOf(c.req.header(SESSION_HEADER), c.req.header('Cookie'));
      if (named === undefined || c.req.path.startsWith('/__mock/sessions')) return next();
      const world = await sessions.world(named.id, named.from);
      return world.app.fetch(c.req.raw);
    });
  }

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
      if ('chunks' in outcome) return c.body(chunkStream(outcome.chunks), outcome.status as 200, { 'Content-Type': 'application/json' });
      const text = 'raw' in outcome ? outcome.raw : JSON.stringify(outcome.body);
      return c.body(text, outcome.status as 200, { 'Content-Type': 'application/json' });
    };

    app.get(route, async (c) => {
      if (sessions?.required)
        throw new MockUsageError(
          400,
          'Session required',
          `This mock serves API requests only within a session (--require-session): send the ${SESSION_HEADER} header or the orgmock_session cookie; create a session with POST /__mock/sessions.`,
          { header: SESSION_HEADER },
        );
      const started = performance.now();
      const startedAt = Date.now();
      const requestId = nextRequestId();
      const url = c.req.url;
      const question = url.indexOf('?');
      const info = { params: c.req.param() as Record<string, string>, search: question === -1 ? '' : url.slice(question + 1), requestId };
      const record = (outcome: Outcome, rule: Rule) =>
        journalAnswer(journal, {
          api,
          method: c.req.method,
          path: url.slice(url.indexOf('/', 8)),
          requestId,
          started,
          startedAt,
          status: outcome.status,
          user: outcome.user,
          rule,
        });
      await fault.delay();
      const apiKey = handler.apiKeyHeader === null ? undefined : c.req.header(handler.apiKeyHeader);
      let outcome = handler.answer({ ...info, authorization: c.req.header('Authorization'), apiKey });
      let preference: ReturnType<typeof readPreference>;
      try {
        preference = readPreference(c.req.header('Prefer'), api.operation);
      } catch (error) {
        if (error instanceof MockUsageError) record({ ...outcome, status: error.status }, 'forced');
        throw error;
      }
      if (preference) {
        const user = outcome.user;
        const response = api.operation.responses.find((r) => r.status === preference.status);
        const headers = exampleHeaders(response);
        if (preference.example) outcome = { status: preference.status, body: preference.example.value, ...(headers ? { headers } : {}) };
        else if (preference.status !== outcome.status) {
          outcome =
            preference.status === 200
              ? { status: 200, body: response?.examples[0]?.value ?? null, ...(headers ? { headers } : {}) }
              : handler.errorOutcome(preference.status, info);
        }
        record(user ? { ...outcome, user } : outcome, 'forced');
        return respond(c, outcome, requestId, preference.applied);
      }
      if (documented.includes(500) && fault.shouldFail()) {
        const user = outcome.user;
        outcome = handler.errorOutcome(500, info);
        record(user ? { ...outcome, user } : outcome, 'fault');
        return respond(c, outcome, requestId);
      }
      record(outcome, outcome.rule ?? 'ok');
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

  app.get('/__mock/identities', (c) => {
    const chunks = identityChunks(served);
    // Small worlds answer in one piece; large ones stream, one row at a time.
    if (served.reduce((sum, s) => sum + s.dataset.userCount, 0) <= KEPT_MEMBERS)
      return c.body([...chunks()].join(''), 200, { 'Content-Type': 'application/json' });
    return c.body(chunkStream(chunks), 200, { 'Content-Type': 'application/json' });
  });
  readJournalRoutes(app, '/__mock/requests', () => journal);
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

  return {
    app,
    served,
    faulty: latency[1] > 0 || errorRate > 0,
    requestId: nextRequestId,
    exposedHeaders: exposed.join(','),
    corsOrigin,
    journal,
    sessions,
  };
}

/** The body of `GET /__mock/identities`, `{ "<api>": [ rows ] }`, in chunks: each API's identity rows, users made as read. */
function identityChunks(served: readonly ServedApi[]): Chunks {
  return function* () {
    let chunk = '{';
    for (const [n, { api, dataset }] of served.entries()) {
      chunk += `${n === 0 ? '' : ','}${JSON.stringify(api.name)}:[`;
      let first = true;
      for (const user of dataset.users()) {
        chunk += (first ? '' : ',') + JSON.stringify(api.mock.identity(user));
        first = false;
        if (chunk.length >= 64 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      chunk += ']';
    }
    yield `${chunk}}`;
  };
}
