// The Redis session store (src/server/redis-store.ts) on its own, in-process, against a real redis-server (Debian's,
// on a free loopback port, a temporary directory, no persistence): what it keeps in Redis (the session record with
// its TTL, the live set scored by expiry, the journal list capped at JOURNAL_CAPACITY and expiring with its
// session), what each operation answers, and the one clear E_STORE error when Redis cannot be reached (the password
// never shown). Whole `serve --store` processes sharing it: test/mock/redis-replicas.test.ts. Everything a test
// checks is built inside it (keys are per test: each test uses its own session ids and empties the database).
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_CAPACITY, type JournalEntry } from '../../src/mock/journal.js';
import type { SessionRecord } from '../../src/mock/sessions.js';
import { connectRedisStore, shownStoreUrl } from '../../src/server/redis-store.js';
import { OrgmockError } from '../../src/util/errors.js';
import { freePort, type RedisUnderTest, startRedis } from '../helpers/redis.js';

let redis: RedisUnderTest;
/** A plain client, to look at what the store wrote. */
let raw: Redis;

beforeAll(async () => {
  redis = await startRedis();
  raw = new Redis(redis.port, '127.0.0.1');
}, 60_000);

afterAll(async () => {
  raw?.disconnect();
  await redis?.stop();
});

const url = () => redis.url;

/** A fresh, empty database and a store on it; closed by the caller. */
async function store() {
  await raw.flushdb();
  return connectRedisStore(url());
}

const NOW = 1_800_000_000_000;
const record = (id: string, ttlSeconds = 60, createdAt = NOW): SessionRecord => ({
  id,
  spec: { seed: 7, ttlSeconds },
  createdAt,
  expiresAt: createdAt + ttlSeconds * 1000,
});

const entry = (id: string, time = '2027-01-01T00:00:00.000Z'): JournalEntry =>
  ({ id, time, method: 'GET', path: `/users?n=${id}` }) as unknown as JournalEntry;

describe('connectRedisStore', () => {
  it('a store nobody listens at: one E_STORE error naming the URL without its password and the reason', async () => {
    const closed = await freePort();
    const error = await connectRedisStore(`redis://someone:s3cret-pw@127.0.0.1:${closed}/0`, { connectTimeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OrgmockError);
    expect((error as OrgmockError).code).toBe('E_STORE');
    expect((error as Error).message).toMatch(
      new RegExp(`^cannot reach the session store redis://127\\.0\\.0\\.1:${closed}/0 \\(.*ECONNREFUSED.*\\)$`),
    );
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  it('shownStoreUrl drops user and password, and leaves a URL without them as it is', () => {
    expect(shownStoreUrl('redis://someone:pw@redis.internal:6379/2')).toBe('redis://redis.internal:6379/2');
    expect(shownStoreUrl('redis://:pw@h:1')).toBe('redis://h:1');
    expect(shownStoreUrl('redis://h:1/0')).toBe('redis://h:1/0');
    // an @ after the host (in the path) is not a password's end
    expect(shownStoreUrl('redis://h:1/a@b')).toBe('redis://h:1/a@b');
  });

  it('connects once Redis answers; close() disconnects at once (a command then fails)', async () => {
    const s = await store();
    expect(await s.count(NOW)).toBe(0);
    await s.close();
    await expect(s.count(NOW)).rejects.toThrow();
  });
});

describe('sessions', () => {
  it('add: the record kept under its key with the TTL, the id in the live set scored by its expiry', async () => {
    const s = await store();
    try {
      const r = record('s1', 60);
      expect(await s.add(r, 10)).toBe(true);
      expect(JSON.parse((await raw.get('orgmock:session:s1'))!)).toEqual(r);
      const ttl = await raw.pttl('orgmock:session:s1');
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await raw.zscore('orgmock:live', 's1')).toBe(String(r.expiresAt));
      expect(await s.count(NOW)).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('add: refused (false) once max sessions are live, nothing written; sessions expired by then do not count', async () => {
    const s = await store();
    try {
      expect(await s.add(record('a', 60), 2)).toBe(true);
      expect(await s.add(record('b', 60), 2)).toBe(true);
      expect(await s.add(record('c', 60), 2)).toBe(false);
      expect(await raw.exists('orgmock:session:c')).toBe(0);
      expect(await raw.zscore('orgmock:live', 'c')).toBeNull();
      expect(await s.count(NOW)).toBe(2);
      // 61 s later a and b have expired (by their scores): a new one fits, and they are dropped from the live set
      const later = record('d', 60, NOW + 61_000);
      expect(await s.add(later, 2)).toBe(true);
      expect(await raw.zrange('orgmock:live', 0, -1)).toEqual(['d']);
      // max 0: never
      expect(await s.add(record('e', 60, NOW + 61_000), 0)).toBe(false);
      // a refused session is not one this store knows: a journal under its id gets no expiry
      s.journal('c').record(entry('1'));
      expect(await s.journal('c').size()).toBe(1);
      expect(await raw.pttl('orgmock:journal:c')).toBe(-1);
    } finally {
      await s.close();
    }
  });

  it('count: live sessions at `now`; expired ones are removed from the live set', async () => {
    const s = await store();
    try {
      await s.add(record('short', 1), 10);
      await s.add(record('long', 60), 10);
      expect(await s.count(NOW)).toBe(2);
      expect(await s.count(NOW + 999)).toBe(2);
      // an expiry exactly at `now` is over
      expect(await s.count(NOW + 1000)).toBe(1);
      expect(await raw.zrange('orgmock:live', 0, -1)).toEqual(['long']);
      expect(await s.count(NOW + 60_000)).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('touch: the record with its expiry renewed to now + ttl, in Redis too (record, journal, live set)', async () => {
    const s = await store();
    try {
      const r = record('t', 30);
      await s.add(r, 10);
      s.journal('t').record(entry('j1'));
      await raw.pexpire('orgmock:session:t', 1000);
      await raw.pexpire('orgmock:journal:t', 1000);
      const touched = await s.touch('t', NOW + 5000);
      expect(touched).toEqual({ ...r, expiresAt: NOW + 5000 + 30_000 });
      for (const key of ['orgmock:session:t', 'orgmock:journal:t']) expect(await raw.pttl(key)).toBeGreaterThan(20_000);
      expect(await raw.zscore('orgmock:live', 't')).toBe(String(NOW + 35_000));
      // renew is the default: true given explicitly is the same
      expect(await s.touch('t', NOW + 6000, true)).toEqual({ ...r, expiresAt: NOW + 36_000 });
    } finally {
      await s.close();
    }
  });

  it('touch: a session another replica created is read from Redis (and renewed)', async () => {
    const first = await store();
    const second = await connectRedisStore(url());
    try {
      const r = record('shared', 20);
      await first.add(r, 10);
      expect(await second.touch('shared', NOW + 1000)).toEqual({ ...r, expiresAt: NOW + 21_000 });
      expect(await raw.zscore('orgmock:live', 'shared')).toBe(String(NOW + 21_000));
      // and again, from what it remembered
      expect(await second.touch('shared', NOW + 2000)).toEqual({ ...r, expiresAt: NOW + 22_000 });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('touch: undefined for an unknown session and for one whose key expired, even when remembered', async () => {
    const s = await store();
    try {
      expect(await s.touch('nobody', NOW)).toBeUndefined();
      expect(await s.touch('nobody', NOW, false)).toBeUndefined();
      await s.add(record('gone', 60), 10);
      await raw.del('orgmock:session:gone');
      expect(await s.touch('gone', NOW)).toBeUndefined();
      // the live set is not renewed for a session that is gone
      expect(await raw.zscore('orgmock:live', 'gone')).toBe(String(NOW + 60_000));
      // another replica re-creates it under that id with other options: read afresh, not the forgotten record
      const other = await connectRedisStore(url());
      const again = { ...record('gone', 90), spec: { seed: 8, ttlSeconds: 90 } };
      await other.add(again, 10);
      await other.close();
      expect(await s.touch('gone', NOW)).toEqual({ ...again, expiresAt: NOW + 90_000 });
    } finally {
      await s.close();
    }
  });

  it('touch without renewing: the record with the expiry Redis has left, nothing renewed', async () => {
    const s = await store();
    try {
      const r = record('peek', 60);
      await s.add(r, 10);
      await raw.pexpire('orgmock:session:peek', 10_000);
      const seen = await s.touch('peek', NOW, false);
      expect(seen).toMatchObject({ id: 'peek', spec: r.spec, createdAt: r.createdAt });
      expect(seen!.expiresAt).toBeGreaterThan(NOW + 5000);
      expect(seen!.expiresAt).toBeLessThanOrEqual(NOW + 10_000);
      expect(await raw.pttl('orgmock:session:peek')).toBeLessThanOrEqual(10_000);
      expect(await raw.zscore('orgmock:live', 'peek')).toBe(String(r.expiresAt));
      // a key without an expiry (PTTL -1) is not a live session
      await raw.persist('orgmock:session:peek');
      expect(await s.touch('peek', NOW, false)).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('remove: the record, its journal and its live entry gone; true once, then false', async () => {
    const s = await store();
    try {
      await s.add(record('r', 60), 10);
      await s.add(record('keep', 60), 10);
      s.journal('r').record(entry('x'));
      expect(await s.journal('r').size()).toBe(1);
      expect(await s.remove('r')).toBe(true);
      expect(await raw.exists('orgmock:session:r', 'orgmock:journal:r')).toBe(0);
      expect(await raw.zrange('orgmock:live', 0, -1)).toEqual(['keep']);
      expect(await s.touch('r', NOW)).toBeUndefined();
      expect(await s.remove('r')).toBe(false);
      expect(await s.count(NOW)).toBe(1);
    } finally {
      await s.close();
    }
  });
});

describe('what the store remembers', () => {
  /** GETs Redis has answered since the last reset (INFO commandstats). */
  const gets = async () => Number(/cmdstat_get:calls=(\d+)/.exec(await raw.info('commandstats'))?.[1] ?? 0);

  it('a record is read from Redis once (records never change), at most 10,000 remembered, the oldest forgotten first', async () => {
    const s = await store();
    try {
      const ids = Array.from({ length: 10_001 }, (_, i) => `m${i}`);
      await Promise.all(ids.slice(0, 10_000).map((id) => s.add(record(id, 600), 20_000)));
      await raw.config('RESETSTAT');
      // 10,000 remembered: touching the first reads nothing
      expect(await s.touch('m0', NOW)).toMatchObject({ id: 'm0' });
      expect(await gets()).toBe(0);
      // one more: the oldest is forgotten, and read again when touched
      await s.add(record('m10000', 600), 20_000);
      expect(await s.touch('m1', NOW)).toMatchObject({ id: 'm1' });
      expect(await gets()).toBe(0);
      expect(await s.touch('m0', NOW)).toMatchObject({ id: 'm0' });
      expect(await gets()).toBe(1);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('journals', () => {
  it('entries read back in arrival order; since and limit applied; size and clear', async () => {
    const s = await store();
    try {
      await s.add(record('j', 60), 10);
      const journal = s.journal('j');
      expect(await journal.read()).toEqual([]);
      const entries = [
        entry('1', '2027-01-01T00:00:01.000Z'),
        entry('2', '2027-01-01T00:00:02.000Z'),
        entry('3', '2027-01-01T00:00:03.000Z'),
      ];
      for (const e of entries) journal.record(e);
      expect(await journal.read()).toEqual(entries);
      expect(await journal.read({ limit: 1 })).toEqual([entries[2]]);
      expect(await journal.read({ since: Date.parse('2027-01-01T00:00:02.000Z') })).toEqual(entries.slice(1));
      expect(await journal.size()).toBe(3);
      // another session's journal is its own
      expect(await s.journal('other').size()).toBe(0);
      await journal.clear();
      expect(await journal.size()).toBe(0);
      expect(await raw.exists('orgmock:journal:j')).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("a session's journal expires with it; a journal of a session this store does not know gets no expiry", async () => {
    const s = await store();
    try {
      await s.add(record('known', 30), 10);
      s.journal('known').record(entry('1'));
      s.journal('stranger').record(entry('2'));
      expect(await s.journal('known').size()).toBe(1);
      const ttl = await raw.pttl('orgmock:journal:known');
      expect(ttl).toBeGreaterThan(20_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
      expect(await raw.pttl('orgmock:journal:stranger')).toBe(-1);
    } finally {
      await s.close();
    }
  });

  it(`keeps the last ${JOURNAL_CAPACITY} entries`, async () => {
    const s = await store();
    try {
      const journal = s.journal('full');
      for (let i = 0; i < JOURNAL_CAPACITY + 2; i++) journal.record(entry(String(i)));
      expect(await journal.size()).toBe(JOURNAL_CAPACITY);
      const kept = await journal.read();
      expect(kept[0]!.id).toBe('2');
      expect(kept.at(-1)!.id).toBe(String(JOURNAL_CAPACITY + 1));
    } finally {
      await s.close();
    }
  });
});

describe('Redis away', () => {
  it('while Redis is away commands fail at once (never queued), and the store reconnects when it is back', async () => {
    let own = await startRedis();
    // a command timeout far beyond the test's: only a command that is not queued can fail in time
    const s = await connectRedisStore(own.url, { commandTimeoutMs: 3_600_000 });
    try {
      await s.add(record('x', 600), 10);
      await own.stop();
      let failed: unknown = null;
      // polled: the client learns of the lost connection when the socket closes
      for (let i = 0; i < 500 && failed === null; i++) {
        failed = await s.count(NOW).then(
          () => null,
          (e: unknown) => e,
        );
        if (failed === null) await new Promise((r) => setTimeout(r, 10));
      }
      expect(failed).toBeInstanceOf(Error);
      own = await startRedis(own.port);
      // a fresh server (no persistence): the store answers again once it has reconnected
      let count: number | null = null;
      for (let i = 0; i < 1000 && count === null; i++) {
        count = await s.count(NOW).catch(() => null);
        if (count === null) await new Promise((r) => setTimeout(r, 10));
      }
      expect(count).toBe(0);
    } finally {
      await s.close();
      await own.stop();
    }
  }, 60_000);

  it('a server that takes the connection and then never answers: a command fails after the default command timeout', async () => {
    // answers the commands of connecting (CLIENT SETINFO, INFO: the ready check, PING), then nothing
    const silent = createServer((socket) => {
      socket.on('data', (d) => {
        for (const [, name] of String(d).matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)/g)) {
          const command = name!.toLowerCase();
          const info = '# Server\r\nloading:0\r\n';
          if (command === 'client') socket.write('+OK\r\n');
          else if (command === 'info') socket.write(`$${info.length}\r\n${info}\r\n`);
          else if (command === 'ping') socket.write('+PONG\r\n');
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const s = await connectRedisStore(`redis://127.0.0.1:${(silent.address() as { port: number }).port}`);
    try {
      await expect(s.count(NOW)).rejects.toThrow(/timed out/i);
    } finally {
      await s.close();
      await new Promise((r) => silent.close(r));
    }
  }, 60_000);
});
