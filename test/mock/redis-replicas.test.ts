// Issue 20, replicas: two real `orgmock serve --store redis://…` processes on one real redis-server (Debian's, on a
// free loopback port, a temporary directory, no persistence) serve the same sessions and journals; a restarted
// replica loses nothing; an unreachable Redis at start is exit 2 with one line; Redis lost while serving is a 503 for
// session requests while the default world keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/testing.js';
import { runCli, startServeProcess } from '../helpers/cli.js';
import { freePort, type RedisUnderTest, startRedis } from '../helpers/redis.js';

const FLASHBACK_LIST = '/organization/users';

let redis: RedisUnderTest;
const replicas: { stop: () => Promise<number | null> }[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await redis?.stop();
});

const serve = async () => {
  const replica = await startServeProcess(['--port', '0', '--store', redis.url]);
  replicas.push(replica);
  return replica;
};

const ORG = '33333333-3333-4333-8333-333333333333';
const flashback = {
  organizations: [{ id: ORG, name: 'Replicated' }],
  users: ['owner', 'admin'].map((name, i) => ({
    id: `replica-${name}`,
    email: `${name}@replica.test`,
    name,
    orgId: ORG,
    orgRole: i === 0 ? 255 : 254,
    validated: true,
    deleted: false,
    token: `tok_replica_${name}`,
  })),
};

describe('replicas sharing sessions through Redis', () => {
  it('a session made on one is answered by the other, journals are shared, a restart loses nothing, Redis lost is a 503', async () => {
    let [a, b] = await Promise.all([serve(), serve()]);
    const session = await createSession(a!.url, { seed: 99, fixtures: { flashback } });
    const auth = { ...session.headers, Authorization: 'Bearer tok_replica_owner' };

    // The second replica answers with the same data.
    const fromA = await (await fetch(a!.url + FLASHBACK_LIST, { headers: auth })).text();
    const onB = await fetch(b!.url + FLASHBACK_LIST, { headers: auth });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toBe(fromA);
    expect(await (await fetch(`${b!.url}/__mock/identities`, { headers: session.headers })).json()).toEqual(session.identities);

    // A journal entry written by the second, read through the first.
    const requestId = onB.headers.get('x-request-id');
    let journal = await session.requests();
    for (let i = 0; i < 100 && !journal.some((e) => e.id === requestId); i++) {
      await new Promise((r) => setTimeout(r, 20));
      journal = await session.requests();
    }
    expect(journal.find((e) => e.id === requestId)).toMatchObject({ status: 200, rule: 'ok', user: { id: 'replica-owner', role: 255 } });

    // The first restarted: the session, its data and its journal are all still there.
    await a!.stop();
    a = await serve();
    const again = await fetch(a.url + FLASHBACK_LIST, { headers: auth });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(fromA);
    const after = (await (await fetch(`${a.url}/__mock/sessions/${session.id}/requests`)).json()) as { requests: { id: string }[] };
    expect(after.requests.map((e) => e.id)).toContain(requestId);
    const info = (await (await fetch(`${a.url}/__mock/sessions/${session.id}`)).json()) as any;
    expect(info).toMatchObject({ options: { seed: 99, fixtures: ['flashback'] }, counts: { flashback: { organizations: 1, users: 2 } } });

    // Deleted on one replica: unknown on the other.
    const other = await createSession(b!.url, {});
    await other.close();
    expect((await fetch(`${a.url}/__mock/identities`, { headers: other.headers })).status).toBe(400);

    // Redis lost: session requests are a 503 problem+json, the default world keeps serving.
    await redis.stop();
    const lost = await fetch(b!.url + FLASHBACK_LIST, { headers: auth });
    expect(lost.status).toBe(503);
    expect(lost.headers.get('content-type')).toBe('application/problem+json');
    expect(((await lost.json()) as { title: string }).title).toBe('Session store unavailable');
    expect((await fetch(`${b!.url}/__mock/sessions`, { method: 'POST', body: '{}' })).status).toBe(503);
    const ids = (await (await fetch(`${b!.url}/__mock/identities`)).json()) as {
      flashback: { token: string; orgRole: number; deleted: boolean }[];
    };
    const owner = ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;
    expect((await fetch(b!.url + FLASHBACK_LIST, { headers: { Authorization: `Bearer ${owner.token}` } })).status).toBe(200);
  }, 120_000);

  it('an unreachable Redis at start: exit 2 and one clear line', async () => {
    const closed = await freePort();
    const run = await runCli(['serve', '--port', '0', '--store', `redis://127.0.0.1:${closed}`]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^orgmock serve: cannot reach the session store redis://127\\.0\\.0\\.1:${closed} \\(.*ECONNREFUSED.*\\) \\[E_STORE\\]$`,
        ),
      ),
    ]);
  }, 60_000);

  it('--store takes memory or a redis:// URL', async () => {
    const run = await runCli(['serve', '--port', '0', '--store', 'postgres://x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--store must be memory or redis://host:port');
  }, 60_000);
});
