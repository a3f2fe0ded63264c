/**
 * The request journal: what each API request asked and what decided its answer (tokens and keys never kept), in a
 * bounded ring buffer, per session and for the default world.
 */
import type { Context, Hono } from 'hono';
import type { ApiDefinition, FixtureUser } from '../apis/types.js';
import type { Json } from '../openapi/types.js';
import { MockUsageError } from './errors.js';
import type { Rule } from './operation.js';

/** One API request as the journal keeps it. */
export interface JournalEntry {
  /** The request id (the `X-Request-Id` answered). */
  id: string;
  /** When the request arrived, ISO 8601. */
  time: string;
  method: string;
  /** Path and query, as sent. */
  path: string;
  api: string;
  /** Who signed in: the user's id and role (as the API's records hold it); null when no one did. Never the token or the key. */
  user: { id: string; role: Json } | null;
  status: number;
  /** What decided the answer. */
  rule: Rule;
  /** Time spent answering, injected latency included, in ms. */
  durationMs: number;
}

/** Which entries to read: those at or after `since` (epoch ms), the last `limit` of them. */
export interface JournalQuery {
  since?: number;
  limit?: number;
}

export interface Journal {
  record(entry: JournalEntry): void;
  /**
   * Records an answered request as it stands, formatting it only when read (the hot path's way: no time string, no
   * entry object per request). Optional: a journal without it is given `record(entryOf(...))`.
   */
  recordAnswer?(answer: AnsweredRequest): void;
  /** Entries oldest first. */
  read(query?: JournalQuery): Promise<JournalEntry[]>;
  clear(): Promise<void>;
  /** Entries held now. */
  size(): Promise<number>;
}

/** What an adapter knows of an API request once it is answered: what the journal keeps. */
export interface AnsweredRequest {
  api: ApiDefinition;
  method: string;
  /** Path and query, as sent. */
  path: string;
  requestId: string;
  /** `performance.now()` when the request arrived. */
  started: number;
  /** Epoch ms when the request arrived. */
  startedAt: number;
  status: number;
  /** Who signed in, if anyone did. */
  user: FixtureUser | undefined;
  rule: Rule;
}

/** Entries a journal keeps; the oldest go first. */
export const JOURNAL_CAPACITY = 10_000;

/** Applies a query to entries held oldest first. */
export function selectEntries(entries: readonly JournalEntry[], { since, limit }: JournalQuery = {}): JournalEntry[] {
  let from = 0;
  if (since !== undefined) {
    // Entries are in arrival order, so their times only grow: the first one at or after `since` starts the answer.
    while (from < entries.length && Date.parse(entries[from]!.time) < since) from++;
  }
  if (limit !== undefined) from = Math.max(from, entries.length - limit);
  return entries.slice(from);
}

/** Rules by number, as the memory journal keeps them. */
const RULES: readonly Rule[] = ['auth', 'parameter', 'access', 'organization', 'ok', 'forced', 'fault'];
const RULE_NUMBERS = new Map(RULES.map((rule, n) => [rule, n]));
/** Distinct request paths a memory journal keeps one copy of (the rest are kept as sent). */
const SHARED_PATHS = 1024;

/**
 * A journal in memory: a ring of `capacity` entries, kept as columns of plain values (numbers, and strings already
 * made: the id, the path, the user's id) and formatted into entries only when read. Recording allocates nothing that
 * outlives the request but its id, so a busy mock's garbage collector does not carry 10,000 entry objects.
 */
export function memoryJournal(capacity = JOURNAL_CAPACITY): Journal {
  /** Per slot: an entry given whole (`record`), or null when the columns hold it (`recordAnswer`). */
  let given: (JournalEntry | null)[] = [];
  let ids: string[] = [];
  let paths: string[] = [];
  let apis: ApiDefinition[] = [];
  let methods: string[] = [];
  let userIds: (string | null)[] = [];
  let roles: Json[] = [];
  let statuses: number[] = [];
  let rules: number[] = [];
  let times: number[] = [];
  let durations: number[] = [];
  let next = 0;
  const sharedPaths = new Map<string, string>();
  /** The last path shared, compared before the map is (no hash of a new string per request). */
  let lastPath = '';
  const shared = (path: string): string => {
    if (path === lastPath) return lastPath;
    const known = sharedPaths.get(path);
    if (known !== undefined) return (lastPath = known);
    if (sharedPaths.size < SHARED_PATHS) sharedPaths.set(path, path);
    return path;
  };
  /** The slot to write: the end while the ring fills, then the oldest. */
  const slot = (): number => {
    const at = given.length < capacity ? given.length : next;
    if (given.length >= capacity) next = (next + 1) % capacity;
    return at;
  };
  const entryAt = (i: number): JournalEntry => {
    const whole = given[i];
    if (whole) return whole;
    const userId = userIds[i]!;
    return {
      id: ids[i]!,
      time: new Date(times[i]!).toISOString(),
      method: methods[i]!,
      path: paths[i]!,
      api: apis[i]!.name,
      user: userId === null ? null : { id: userId, role: roles[i]! },
      status: statuses[i]!,
      rule: RULES[rules[i]!]!,
      durationMs: durations[i]!,
    };
  };
  const put = (
    at: number,
    whole: JournalEntry | null,
    id: string,
    path: string,
    api: ApiDefinition,
    method: string,
    userId: string | null,
    role: Json,
    status: number,
    rule: number,
    time: number,
    duration: number,
  ) => {
    given[at] = whole;
    ids[at] = id;
    paths[at] = path;
    apis[at] = api;
    methods[at] = method;
    userIds[at] = userId;
    roles[at] = role;
    statuses[at] = status;
    rules[at] = rule;
    times[at] = time;
    durations[at] = duration;
  };
  return {
    record(entry) {
      const at = slot();
      // An entry given whole keeps its slot's columns at neutral values (the same shapes, no stale references).
      put(at, entry, '', '', NO_API, '', null, null, 0, 0, 0, 0);
    },
    recordAnswer(answer) {
      const at = slot();
      const { api, user } = answer;
      put(
        at,
        null,
        answer.requestId,
        shared(answer.path),
        api,
        answer.method,
        user ? String(user.record.id) : null,
        user ? (user.record[api.operation.access!.roleProperty] ?? null) : null,
        answer.status,
        RULE_NUMBERS.get(answer.rule)!,
        answer.startedAt,
        durationSince(answer.started),
      );
    },
    async read({ since, limit } = {}) {
      const count = given.length;
      // The k-th oldest entry's slot.
      const slotOf = (k: number) => (count < capacity ? k : (k + next) % capacity);
      const timeAt = (i: number) => {
        const whole = given[i];
        return whole ? Date.parse(whole.time) : times[i]!;
      };
      // As selectEntries, on the columns: only the entries answered are formatted.
      let from = 0;
      if (since !== undefined) while (from < count && timeAt(slotOf(from)) < since) from++;
      if (limit !== undefined) from = Math.max(from, count - limit);
      const entries: JournalEntry[] = [];
      for (let k = from; k < count; k++) entries.push(entryAt(slotOf(k)));
      return entries;
    },
    clear: async () => {
      given = [];
      ids = [];
      paths = [];
      apis = [];
      methods = [];
      userIds = [];
      roles = [];
      statuses = [];
      rules = [];
      times = [];
      durations = [];
      next = 0;
    },
    size: async () => given.length,
  };
}

/** A stand-in API for slots that hold an entry given whole (never read). */
const NO_API = { name: '' } as ApiDefinition;

/** Milliseconds since `started` (`performance.now()`), to the microsecond. */
const durationSince = (started: number): number => Math.round((performance.now() - started) * 1000) / 1000;

/** Records an answered request in a journal: as it stands where the journal can keep it so, else as an entry. */
export function journalAnswer(journal: Journal, answer: AnsweredRequest): void {
  if (journal.recordAnswer) journal.recordAnswer(answer);
  else journal.record(entryOf(answer));
}

/** The journal entry of an API request the mock answered. */
export function entryOf(answer: AnsweredRequest): JournalEntry {
  const { api, user } = answer;
  return {
    id: answer.requestId,
    time: new Date(answer.startedAt).toISOString(),
    method: answer.method,
    path: answer.path,
    api: api.name,
    user: user ? { id: String(user.record.id), role: user.record[api.operation.access!.roleProperty] ?? null } : null,
    status: answer.status,
    rule: answer.rule,
    durationMs: durationSince(answer.started),
  };
}

/** `?since=` (ISO 8601 time or epoch ms) and `?limit=` (1 to JOURNAL_CAPACITY) of a journal read; 400 naming the parameter. */
function journalQuery(c: Context): JournalQuery {
  const query: JournalQuery = {};
  const since = c.req.query('since');
  if (since !== undefined) {
    const ms = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
    if (!Number.isFinite(ms))
      throw new MockUsageError(
        400,
        'Invalid journal query',
        'since: must be an ISO 8601 time (2026-01-01T00:00:00Z) or epoch milliseconds',
        {
          parameter: 'since',
        },
      );
    query.since = ms;
  }
  const limit = c.req.query('limit');
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > JOURNAL_CAPACITY)
      throw new MockUsageError(400, 'Invalid journal query', `limit: must be a whole number from 1 to ${JOURNAL_CAPACITY}`, {
        parameter: 'limit',
      });
    query.limit = Number(limit);
  }
  return query;
}

/** `GET path` (`{ "requests": [...] }`, oldest first) and `DELETE path` (204) for the journal `journalOf` finds. */
export function readJournalRoutes(app: Hono, path: string, journalOf: (c: Context) => Journal | Promise<Journal>): void {
  app.get(path, async (c) => {
    const query = journalQuery(c);
    return c.json({ requests: await (await journalOf(c)).read(query) });
  });
  app.delete(path, async (c) => {
    await (await journalOf(c)).clear();
    return c.body(null, 204);
  });
}
