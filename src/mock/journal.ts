/**
 * The request journal: what each API request asked and what decided its answer (tokens and keys never kept), in a
 * bounded ring buffer, per session and for the default world.
 */
import type { Context, Hono } from 'hono';
import type { ApiDefinition } from '../apis/types.js';
import type { Json } from '../openapi/types.js';
import { MockUsageError } from './errors.js';
import type { Outcome, Rule } from './operation.js';

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
  /** Entries oldest first. */
  read(query?: JournalQuery): Promise<JournalEntry[]>;
  clear(): Promise<void>;
  /** Entries held now. */
  size(): Promise<number>;
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

/** A journal in memory: a ring of `capacity` entries. Recording is an array store, nothing more. */
export function memoryJournal(capacity = JOURNAL_CAPACITY): Journal {
  let ring: JournalEntry[] = [];
  let next = 0;
  const ordered = () => (ring.length < capacity ? ring : [...ring.slice(next), ...ring.slice(0, next)]);
  return {
    record(entry) {
      if (ring.length < capacity) ring.push(entry);
      else {
        ring[next] = entry;
        next = (next + 1) % capacity;
      }
    },
    read: async (query) => selectEntries(ordered(), query),
    clear: async () => {
      ring = [];
      next = 0;
    },
    size: async () => ring.length,
  };
}

/** The journal entry of an API request the mock answered. */
export function entryOf(
  api: ApiDefinition,
  method: string,
  path: string,
  requestId: string,
  started: number,
  startedAt: number,
  outcome: Outcome,
  rule: Rule,
): JournalEntry {
  const user = outcome.user;
  return {
    id: requestId,
    time: new Date(startedAt).toISOString(),
    method,
    path,
    api: api.name,
    user: user ? { id: String(user.record.id), role: user.record[api.operation.access!.roleProperty] ?? null } : null,
    status: outcome.status,
    rule,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
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
