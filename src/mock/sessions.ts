/**
 * Sessions: worlds of their own (data, faults, journal) on one running mock, chosen per request by the
 * `X-Orgmock-Session` header or the `orgmock_session` cookie; created, read and deleted under `/__mock/sessions`.
 * The engine keeps sessions in a `SessionStore`: in memory here, or one an adapter gives (Redis, for replicas).
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDefinition, Dataset } from '../apis/types.js';
import { MockUsageError } from './errors.js';
import { parseLatency } from './faults.js';
import type { datasetFromFixture } from './fixture-content.js';
import { type Journal, memoryJournal, readJournalRoutes } from './journal.js';

/** The request header naming a session. */
export const SESSION_HEADER = 'X-Orgmock-Session';
/** The cookie naming a session, for pages a browser navigates. */
export const SESSION_COOKIE = 'orgmock_session';

/** What one session may hold, and how many the mock keeps: the bounds its memory stays within. */
export const SESSION_LIMITS = {
  /** Live sessions by default (`--max-sessions`). */
  maxSessions: 1000,
  /** Users in each generated organization of a session. */
  usersPerOrg: 1000,
  /** Users in one API's fixture of a session. */
  fixtureUsers: 10_000,
  /** The `POST /__mock/sessions` body. */
  bodyBytes: 8 * 1024 * 1024,
  /** Default and largest time to live, in seconds (renewed on every use). */
  ttlSeconds: 30 * 60,
  maxTtlSeconds: 24 * 60 * 60,
} as const;

/** A session's options as stored: what `POST /__mock/sessions` was given, checked, defaults applied. */
export interface SessionSpec {
  seed?: number;
  usersPerOrg?: number;
  /** Fixture contents by API name, as sent (checked like `--fixtures` files). */
  fixtures?: Record<string, unknown>;
  latency?: [number, number];
  errorRate?: number;
  ttlSeconds: number;
}

export interface SessionRecord {
  id: string;
  spec: SessionSpec;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
}

/** Where sessions live. The memory store answers at once (`touchNow`); a shared store (Redis) answers later. */
export interface SessionStore {
  /** Adds a session unless `max` are live; false when full. */
  add(record: SessionRecord, max: number): Promise<boolean>;
  /** The session, its expiry renewed to `now + ttl` unless `renew` is false; undefined when unknown or expired. */
  touch(id: string, now: number, renew?: boolean): Promise<SessionRecord | undefined>;
  /** `touch` at once, for stores that can (the fast path uses it). */
  touchNow?(id: string, now: number): SessionRecord | undefined;
  /** Removes a session and its journal; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** The session's journal. */
  journal(id: string): Journal;
  /** Live sessions. */
  count(now: number): Promise<number>;
}

/** What a session world offers the engine: the same thing `createMockApp` builds, from the session's options. */
export interface SessionWorld {
  app: { fetch(request: Request): Response | Promise<Response> };
  faulty: boolean;
  served: readonly { api: ApiDefinition; dataset: { organizations: readonly unknown[]; userCount: number } }[];
}

export interface SessionsConfig {
  /** Where sessions are kept (default: in this process's memory). */
  store?: SessionStore;
  /** Live sessions at most (default 1000); past it, creating one is a 429. */
  maxSessions?: number;
  /** Refuse API requests that name no session (a test that forgot it). */
  requireSession?: boolean;
  /** The clock (epoch ms), for tests. */
  now?: () => number;
}

export interface Sessions<World extends SessionWorld> {
  required: boolean;
  /** True when the store is shared and answers later (Redis): `worldNow` never answers, ask `world`. */
  shared: boolean;
  /** The session's world, renewing it; MockUsageError 400 when unknown or expired, 503 when the store is out of reach. */
  world(id: string, from: 'header' | 'cookie'): Promise<World>;
  /** The world at once when the store can say so without waiting (memory); undefined otherwise (ask `world`). */
  worldNow(id: string): World | undefined;
}

/** A session id: 32 hex digits (128 random bits, Web Crypto: the same in Node and browsers). */
const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const ID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

/** The session a request names: the header first, then the cookie. */
export function sessionIdOf(header: string | undefined, cookie: string | undefined): { id: string; from: 'header' | 'cookie' } | undefined {
  if (header !== undefined) return { id: header.trim(), from: 'header' };
  if (cookie === undefined || !cookie.includes(SESSION_COOKIE)) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) return { id: part.slice(eq + 1).trim(), from: 'cookie' };
  }
  return undefined;
}

/** A mistake in a session's options: 400, the field named by JSON pointer. */
const invalid = (pointer: string, detail: string) =>
  new MockUsageError(400, 'Invalid session options', `${pointer || 'the body'}: ${detail}`, { pointer });

const OPTION_NAMES = ['seed', 'usersPerOrg', 'fixtures', 'latency', 'errorRate', 'ttlSeconds'];

const wholeIn = (value: unknown, pointer: string, min: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalid(pointer, `must be a whole number from ${min} to ${max}`);
  return value;
};

/**
 * The checked options of a `POST /__mock/sessions` body; the fixtures are checked exactly as `--fixtures` files
 * are (a session's data, once built, is returned too, so it is not checked twice).
 */
export function readSessionSpec(
  body: unknown,
  apis: readonly ApiDefinition[],
  minUsersPerOrg: number,
  defaultSeed: number,
): { spec: SessionSpec; datasets: Map<string, Dataset> } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('', 'must be a JSON object');
  const given = body as Record<string, unknown>;
  const unknown = Object.keys(given).find((k) => !OPTION_NAMES.includes(k));
  if (unknown !== undefined) throw invalid(`/${pointerToken(unknown)}`, `is not a session option (known: ${OPTION_NAMES.join(', ')})`);
  const spec: SessionSpec = { ttlSeconds: SESSION_LIMITS.ttlSeconds };
  if (given.seed !== undefined) spec.seed = wholeIn(given.seed, '/seed', 0, 2 ** 32 - 1);
  if (given.usersPerOrg !== undefined)
    spec.usersPerOrg = wholeIn(given.usersPerOrg, '/usersPerOrg', minUsersPerOrg, SESSION_LIMITS.usersPerOrg);
  if (given.ttlSeconds !== undefined) spec.ttlSeconds = wholeIn(given.ttlSeconds, '/ttlSeconds', 1, SESSION_LIMITS.maxTtlSeconds);
  if (given.errorRate !== undefined) {
    if (typeof given.errorRate !== 'number' || !(given.errorRate >= 0 && given.errorRate <= 1))
      throw invalid('/errorRate', 'must be a number from 0 to 1');
    spec.errorRate = given.errorRate;
  }
  if (given.latency !== undefined) {
    const range = typeof given.latency === 'string' ? parseLatency(given.latency) : null;
    if (!range) throw invalid('/latency', 'must be "MIN-MAX" milliseconds (at most 60000), e.g. "50-300"');
    spec.latency = range;
  }
  let datasets = new Map<string, Dataset>();
  if (given.fixtures !== undefined) {
    datasets = fixtureDatasets(given.fixtures, apis, spec.seed ?? defaultSeed, loadedFixtureReader());
    spec.fixtures = given.fixtures as Record<string, unknown>;
  }
  return { spec, datasets };
}

/** A session's fixtures, by API name, read into datasets exactly as `--fixtures` files are; mistakes named by pointer. */
export function fixtureDatasets(
  fixtures: unknown,
  apis: readonly ApiDefinition[],
  seed: number,
  read: typeof datasetFromFixture,
): Map<string, Dataset> {
  if (fixtures === null || typeof fixtures !== 'object' || Array.isArray(fixtures))
    throw invalid('/fixtures', `must be an object of fixtures by API name (${apis.map((a) => a.name).join(', ')})`);
  const datasets = new Map<string, Dataset>();
  for (const [name, content] of Object.entries(fixtures)) {
    const at = `/fixtures/${pointerToken(name)}`;
    const api = apis.find((a) => a.name === name);
    if (!api) throw invalid(at, `is not an API this mock serves (${apis.map((a) => a.name).join(', ')})`);
    const users = (content as { users?: unknown } | null)?.users;
    if (Array.isArray(users) && users.length > SESSION_LIMITS.fixtureUsers)
      throw invalid(`${at}/users`, `a session holds at most ${SESSION_LIMITS.fixtureUsers} users per API`);
    datasets.set(
      name,
      read(content, api, seed, (where, message, pointer) => {
        throw invalid(at + pointer, `${where}: ${message}`);
      }),
    );
  }
  return datasets;
}

/**
 * The fixture reader (fixture-content.js, which loads Ajv), imported when the first session with fixtures comes:
 * a mock that never gets one never loads it. Loaded before any sync use (`loadFixtureReader`).
 */
let fixtureReader: typeof datasetFromFixture | undefined;
const loadFixtureReader = async () => {
  fixtureReader ??= (await import('./fixture-content.js')).datasetFromFixture;
  return fixtureReader;
};
const loadedFixtureReader = (): typeof datasetFromFixture => {
  if (!fixtureReader) throw new Error('the fixture reader is used before it is loaded');
  return fixtureReader;
};

const pointerToken = (name: string) => name.slice(0, 100).replace(/~/g, '~0').replace(/\//g, '~1');

/** Sessions in this process's memory: a map with expiry, swept as sessions are added. */
export function memorySessionStore(): SessionStore {
  const sessions = new Map<string, { record: SessionRecord; journal: Journal }>();
  const sweep = (now: number) => {
    for (const [id, s] of sessions) if (s.record.expiresAt <= now) sessions.delete(id);
  };
  const touchNow = (id: string, now: number, renew = true) => {
    const entry = sessions.get(id);
    if (!entry) return undefined;
    if (entry.record.expiresAt <= now) {
      sessions.delete(id);
      return undefined;
    }
    if (renew) entry.record.expiresAt = now + entry.record.spec.ttlSeconds * 1000;
    return entry.record;
  };
  return {
    async add(record, max) {
      sweep(record.createdAt);
      if (sessions.size >= max) return false;
      sessions.set(record.id, { record, journal: memoryJournal() });
      return true;
    },
    touch: async (id, now, renew) => touchNow(id, now, renew),
    touchNow,
    remove: async (id) => sessions.delete(id),
    journal: (id) => sessions.get(id)?.journal ?? memoryJournal(1),
    async count(now) {
      sweep(now);
      return sessions.size;
    },
  };
}

/** What the engine gives `createSessions`: how to build a world, and the data options a session starts from. */
export interface SessionFactory<World extends SessionWorld> {
  apis: readonly ApiDefinition[];
  /** The server's seed and users per organization: a session's defaults. */
  seed: number;
  minUsersPerOrg: number;
  /** The session's world from its options, its fixtures already read into datasets. */
  build(spec: SessionSpec, datasets: Map<string, Dataset>, journal: Journal): World;
}

/**
 * The sessions of one mock, and their admin routes on `app`: `POST /__mock/sessions`, `GET`/`DELETE
 * /__mock/sessions/{id}`, `GET`/`DELETE /__mock/sessions/{id}/requests`.
 */
export function createSessions<World extends SessionWorld>(
  app: Hono,
  factory: SessionFactory<World>,
  config: SessionsConfig = {},
): Sessions<World> {
  const store = config.store ?? memorySessionStore();
  const max = config.maxSessions ?? SESSION_LIMITS.maxSessions;
  const now = config.now ?? Date.now;
  /** Built worlds by session id, oldest first; at most `max` (a shared store's sessions are rebuilt on demand). */
  const worlds = new Map<string, { world: World; spec: SessionSpec }>();

  const build = (record: SessionRecord, datasets?: Map<string, Dataset>): World => {
    const { spec } = record;
    const data =
      datasets ??
      (spec.fixtures
        ? fixtureDatasets(spec.fixtures, factory.apis, spec.seed ?? factory.seed, loadedFixtureReader())
        : new Map<string, Dataset>());
    const world = factory.build(spec, data, store.journal(record.id));
    worlds.set(record.id, { world, spec: record.spec });
    if (worlds.size > max) worlds.delete(worlds.keys().next().value!);
    return world;
  };
  // No reordering on use (a Map delete and set per request): past `max`, the oldest built world goes, and is built
  // again from its record if it is still used.
  const cached = (record: SessionRecord): World => worlds.get(record.id)?.world ?? build(record);
  const unknown = (from: 'header' | 'cookie') =>
    new MockUsageError(
      400,
      'Unknown session',
      `The ${from === 'header' ? `${SESSION_HEADER} header` : `${SESSION_COOKIE} cookie`} names no live session (never created, expired or deleted); create one with POST /__mock/sessions.`,
      from === 'header' ? { header: SESSION_HEADER } : { cookie: SESSION_COOKIE },
    );
  const touch = async (id: string, renew = true): Promise<SessionRecord | undefined> => {
    if (!ID_SHAPE.test(id)) return undefined;
    try {
      const record = await store.touch(id, now(), renew);
      if (!record) worlds.delete(id);
      return record;
    } catch (error) {
      throw storeDown(error);
    }
  };

  const sessions: Sessions<World> = {
    required: config.requireSession === true,
    shared: store.touchNow === undefined,
    async world(id, from) {
      const record = await touch(id);
      if (!record) throw unknown(from);
      if (record.spec.fixtures) await loadFixtureReader();
      return cached(record);
    },
    worldNow(id) {
      if (!store.touchNow || !ID_SHAPE.test(id)) return undefined;
      const record = store.touchNow(id, now());
      if (!record) {
        worlds.delete(id);
        return undefined;
      }
      return cached(record);
    },
  };

  /** The session's `GET /__mock/identities`, as its world answers it. */
  const identities = async (world: World) => (await world.app.fetch(new Request('http://session.invalid/__mock/identities'))).json();
  /** A session read or cleared under /__mock/sessions: not a use, so not renewed. */
  const found = async (id: string) => {
    const record = await touch(id, false);
    if (!record) throw new MockUsageError(404, 'Unknown session', 'No live session has this id (never created, expired or deleted).', {});
    return record;
  };

  app.post(
    '/__mock/sessions',
    bodyLimit({
      maxSize: SESSION_LIMITS.bodyBytes,
      onError: () => {
        throw new MockUsageError(413, 'Session options too large', `A session's options may be at most ${SESSION_LIMITS.bodyBytes} bytes.`);
      },
    }),
    async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch (error) {
        throw invalid('', `not valid JSON (${(error as Error).message.slice(0, 200)})`);
      }
      if (body !== null && typeof body === 'object' && 'fixtures' in body) await loadFixtureReader();
      const { spec, datasets } = readSessionSpec(body, factory.apis, factory.minUsersPerOrg, factory.seed);
      const at = now();
      const record: SessionRecord = { id: newId(), spec, createdAt: at, expiresAt: at + spec.ttlSeconds * 1000 };
      let added: boolean;
      try {
        added = await store.add(record, max);
      } catch (error) {
        throw storeDown(error);
      }
      if (!added)
        throw new MockUsageError(
          429,
          'Too many sessions',
          `The mock holds at most ${max} live sessions; delete some (DELETE /__mock/sessions/{id}) or wait for them to expire.`,
          {
            maxSessions: max,
          },
        );
      const world = build(record, datasets);
      c.header('Location', `/__mock/sessions/${record.id}`);
      return c.json({ id: record.id, identities: await identities(world), expiresAt: new Date(record.expiresAt).toISOString() }, 201);
    },
  );
  app.get('/__mock/sessions', async (c) => {
    let live: number;
    try {
      live = await store.count(now());
    } catch (error) {
      throw storeDown(error);
    }
    return c.json({ live, maxSessions: max });
  });
  app.get('/__mock/sessions/:id', async (c) => {
    const record = await found(c.req.param('id'));
    const world = cached(record);
    const { fixtures, ...options } = record.spec;
    return c.json({
      id: record.id,
      options: { ...options, ...(options.latency ? { latency: options.latency.join('-') } : {}), fixtures: Object.keys(fixtures ?? {}) },
      counts: Object.fromEntries(
        world.served.map(({ api, dataset }) => [api.name, { organizations: dataset.organizations.length, users: dataset.userCount }]),
      ),
      requests: await store.journal(record.id).size(),
      createdAt: new Date(record.createdAt).toISOString(),
      expiresAt: new Date(record.expiresAt).toISOString(),
    });
  });
  app.delete('/__mock/sessions/:id', async (c) => {
    const id = c.req.param('id');
    let removed: boolean;
    try {
      removed = ID_SHAPE.test(id) && (await store.remove(id));
    } catch (error) {
      throw storeDown(error);
    }
    worlds.delete(id);
    if (!removed) throw new MockUsageError(404, 'Unknown session', 'No live session has this id (never created, expired or deleted).', {});
    return c.body(null, 204);
  });
  readJournalRoutes(app, '/__mock/sessions/:id/requests', async (c) => store.journal((await found(c.req.param('id') ?? '')).id));
  return sessions;
}

/** The store cannot be reached: 503, the default world unaffected. */
function storeDown(error: unknown): MockUsageError {
  if (error instanceof MockUsageError) return error;
  return new MockUsageError(
    503,
    'Session store unavailable',
    `The session store cannot be reached (${String((error as Error)?.message ?? error).slice(0, 200)}); requests without a session are still served.`,
    {},
  );
}
