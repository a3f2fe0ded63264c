/**
 * Adapter: a `SessionStore` in Redis (`serve --store redis://host:port`), so that several mock processes serve the
 * same sessions and journals. Sessions expire in Redis itself; a lost connection makes session requests fail fast
 * (the engine answers 503) instead of queueing.
 */
import { Redis } from 'ioredis';
import { type Journal, JOURNAL_CAPACITY, type JournalEntry, selectEntries } from '../mock/journal.js';
import type { SessionRecord, SessionStore } from '../mock/sessions.js';
import { OrgmockError } from '../util/errors.js';

const PREFIX = 'orgmock:';
const LIVE = `${PREFIX}live`;
const sessionKey = (id: string) => `${PREFIX}session:${id}`;
const journalKey = (id: string) => `${PREFIX}journal:${id}`;

/** Adds a session unless `max` are live, atomically: KEYS live, session; ARGV now, max, record, ttl ms, expiry, id. */
const ADD = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[5], ARGV[6])
return 1`;
/** Renews a session and its journal: KEYS session, journal, live; ARGV ttl ms, expiry, id. 0 when the session is gone. */
const TOUCH = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], 'XX', ARGV[2], ARGV[3])
return 1`;

export interface RedisSessionStore extends SessionStore {
  close(): Promise<void>;
}

/** The URL without its password, for messages. */
export const shownStoreUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

/**
 * Connects to Redis at `url` (`redis://host:port[/db]`); rejects with one clear E_STORE error when it cannot
 * (exit 2 in `serve`).
 */
export async function connectRedisStore(
  url: string,
  options: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {},
): Promise<RedisSessionStore> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // While Redis is away, commands fail at once (503) rather than wait in a queue; reconnection goes on.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    // Commands issued in one tick go out in one write: under load, many requests' renewals and journal entries share it.
    enableAutoPipelining: true,
  });
  // The connection's errors reach callers as failed commands; the events themselves are not news.
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const why = (lastError ?? (error as Error)).message.slice(0, 200);
    throw new OrgmockError(`cannot reach the session store ${shownStoreUrl(url)} (${why})`, 'E_STORE');
  }

  /** Sessions' records by id, as read once (a record never changes; only its expiry moves). */
  const records = new Map<string, SessionRecord>();
  const remember = (record: SessionRecord) => {
    records.set(record.id, record);
    if (records.size > 10_000) records.delete(records.keys().next().value!);
  };
  const ttlMs = (record: SessionRecord) => record.spec.ttlSeconds * 1000;

  const journal = (id: string): Journal => {
    const key = journalKey(id);
    return {
      record(entry) {
        const record = records.get(id);
        // Best effort: an entry lost while Redis is away is not worth failing the answer already sent.
        const ignore = () => {};
        redis.rpush(key, JSON.stringify(entry)).catch(ignore);
        redis.ltrim(key, -JOURNAL_CAPACITY, -1).catch(ignore);
        if (record) redis.pexpire(key, ttlMs(record)).catch(ignore);
      },
      async read(query) {
        const rows = await redis.lrange(key, 0, -1);
        return selectEntries(
          rows.map((row) => JSON.parse(row) as JournalEntry),
          query,
        );
      },
      async clear() {
        await redis.del(key);
      },
      size: () => redis.llen(key),
    };
  };

  return {
    async add(record, max) {
      const ttl = ttlMs(record);
      const added = await redis.eval(
        ADD,
        2,
        LIVE,
        sessionKey(record.id),
        record.createdAt,
        max,
        JSON.stringify(record),
        ttl,
        record.expiresAt,
        record.id,
      );
      if (added === 1) remember(record);
      return added === 1;
    },
    async touch(id, now, renew = true) {
      if (!renew) {
        const [[, text] = [], [, left] = []] = (await redis.multi().get(sessionKey(id)).pttl(sessionKey(id)).exec()) ?? [];
        if (typeof text !== 'string' || typeof left !== 'number' || left < 0) return undefined;
        return { ...(JSON.parse(text) as SessionRecord), expiresAt: now + left };
      }
      let record = records.get(id);
      if (!record) {
        const text = await redis.get(sessionKey(id));
        if (text === null) return undefined;
        record = JSON.parse(text) as SessionRecord;
        remember(record);
      }
      const ttl = ttlMs(record);
      const alive = await redis.eval(TOUCH, 3, sessionKey(id), journalKey(id), LIVE, ttl, now + ttl, id);
      if (alive !== 1) {
        records.delete(id);
        return undefined;
      }
      return { ...record, expiresAt: now + ttl };
    },
    async remove(id) {
      records.delete(id);
      const [[, removed] = []] = (await redis.multi().del(sessionKey(id)).del(journalKey(id)).zrem(LIVE, id).exec()) ?? [];
      return removed === 1;
    },
    journal,
    async count(now) {
      const [, [, count] = []] = (await redis.multi().zremrangebyscore(LIVE, '-inf', now).zcard(LIVE).exec()) ?? [];
      return Number(count ?? 0);
    },
    async close() {
      // Nothing is left to write (journal entries are sent as recorded): close at once, even with Redis gone.
      redis.disconnect();
    },
  };
}
