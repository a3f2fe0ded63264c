import { describe, expect, it } from 'vitest';
import { flashback } from '../apis/flashback/index.js';
import { superai } from '../apis/superai/index.js';
import type { FixtureUser } from '../apis/types.js';
import { type AnsweredRequest, entryOf, type Journal, type JournalEntry, journalAnswer, memoryJournal } from './journal.js';

const owner: FixtureUser = { token: 'tok_owner', record: { id: 'u-1', orgRole: 255, orgId: 'o-1' } };
const admin: FixtureUser = { token: 'tok_admin', record: { id: 7, role: 'ADMIN', organization_id: 'o-2' } };

/** The n-th answered request: APIs, users, statuses and rules in turn; arrival times a second apart. */
const answer = (n: number): AnsweredRequest => ({
  api: n % 2 === 0 ? flashback : superai,
  method: n % 3 === 0 ? 'HEAD' : 'GET',
  path: `/organization/users?page=${n}`,
  requestId: `REQ${String(n).padStart(23, '0')}`,
  started: performance.now(),
  startedAt: Date.UTC(2026, 0, 1) + n * 1000,
  status: [200, 401, 403, 404, 500][n % 5]!,
  user: n % 4 === 0 ? undefined : n % 2 === 0 ? owner : admin,
  rule: (['ok', 'auth', 'access', 'organization', 'fault', 'forced', 'parameter'] as const)[n % 7]!,
});
/** An entry without its duration (measured when recorded). */
const timeless = ({ durationMs: _d, ...rest }: JournalEntry) => rest;

describe('memoryJournal', () => {
  it('reads back an answered request as entryOf formats it', async () => {
    const journal = memoryJournal();
    const answers = Array.from({ length: 12 }, (_v, n) => answer(n));
    for (const a of answers) journal.recordAnswer!(a);
    const read = await journal.read();
    expect(read.map(timeless)).toEqual(answers.map((a) => timeless(entryOf(a))));
    expect(read[1]).toMatchObject({ time: '2026-01-01T00:00:01.000Z', api: 'superai', user: { id: '7', role: 'ADMIN' }, rule: 'auth' });
    expect(read[2]).toMatchObject({ api: 'flashback', user: { id: 'u-1', role: 255 }, status: 403 });
    expect(read[0]!.user).toBeNull();
    for (const e of read) expect(e.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(read)).not.toContain('tok_');
  });

  it('keeps the last `capacity` entries, oldest first, whole entries and answered requests alike', async () => {
    const journal = memoryJournal(4);
    for (let n = 0; n < 11; n++) {
      if (n % 2 === 0) journal.recordAnswer!(answer(n));
      else journal.record(entryOf(answer(n)));
    }
    expect(await journal.size()).toBe(4);
    const read = await journal.read();
    expect(read.map((e) => e.id)).toEqual([7, 8, 9, 10].map((n) => answer(n).requestId));
    expect(read.map(timeless)).toEqual([7, 8, 9, 10].map((n) => timeless(entryOf(answer(n)))));
  });

  it('since and limit select by arrival time and count, on a ring that has wrapped', async () => {
    const journal = memoryJournal(5);
    for (let n = 0; n < 8; n++) journal.recordAnswer!(answer(n));
    const ids = async (query: Parameters<Journal['read']>[0]) => (await journal.read(query)).map((e) => e.id);
    const at = (n: number) => answer(n).startedAt;
    expect(await ids({ since: at(5) })).toEqual([5, 6, 7].map((n) => answer(n).requestId));
    expect(await ids({ since: at(5) - 1 })).toEqual([5, 6, 7].map((n) => answer(n).requestId));
    expect(await ids({ since: at(0) })).toHaveLength(5);
    expect(await ids({ since: at(7) + 1 })).toEqual([]);
    expect(await ids({ limit: 2 })).toEqual([6, 7].map((n) => answer(n).requestId));
    expect(await ids({ since: at(4), limit: 10 })).toEqual([4, 5, 6, 7].map((n) => answer(n).requestId));
  });

  it('clear empties it, and it fills again from the start', async () => {
    const journal = memoryJournal(3);
    for (let n = 0; n < 5; n++) journal.recordAnswer!(answer(n));
    await journal.clear();
    expect(await journal.size()).toBe(0);
    expect(await journal.read()).toEqual([]);
    journal.recordAnswer!(answer(9));
    expect((await journal.read()).map((e) => e.id)).toEqual([answer(9).requestId]);
  });
});

describe('journalAnswer', () => {
  it('gives a journal without recordAnswer (a shared store) the formatted entry', () => {
    const got: JournalEntry[] = [];
    const plain: Journal = {
      record: (entry) => void got.push(entry),
      read: async () => got,
      clear: async () => {},
      size: async () => got.length,
    };
    journalAnswer(plain, answer(1));
    expect(got.map(timeless)).toEqual([timeless(entryOf(answer(1)))]);
  });
});
