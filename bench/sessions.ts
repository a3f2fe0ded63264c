// `npx tsx bench/sessions.ts`: what sessions cost (issue 20). Side by side in one run, rounds interleaved:
//   - CPU per request of the mock without a session, with a session in memory, and with a session kept in Redis
//     (`serve --store redis://…`, a redis-server of its own on a free loopback port; its CPU is given apart);
//   - the time to create a session of 50 users per organization (POST /__mock/sessions, client wall time), in
//     memory and in Redis.
// Goals: a session request costs at most 1.15x the CPU of a default one (in memory); creating a 50-users/org
// session takes under 50 ms. Also called by bench/run.ts (runSessionsBench).
//
// Flags: --rounds N (3)  --duration S (5)  --connections N (50)  --creates N (20)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  cpuSecondsOf,
  freePort,
  getJson,
  HOST,
  installCleanupHandlers,
  OPERATION_PATH,
  runLoad,
  spawnTracked,
  startOrgmock,
  stopAll,
  stopProcess,
  type ServerProcess,
} from './mock.js';
import { median } from './stats.js';

const SESSION_GOAL = 1.15;
const CREATE_GOAL_MS = 50;

export interface SessionsBenchResult {
  rounds: { mode: string; rps: number; cpuUsPerRequest: number; redisCpuUsPerRequest?: number; non2xx: number }[];
  median: Record<string, { rps: number; cpuUsPerRequest: number; redisCpuUsPerRequest?: number }>;
  /** Session (memory) CPU per request over default CPU per request, medians. */
  ratioMemory: number;
  ratioRedis: number;
  createMs: { memory: number; redis: number; samples: number };
  goals: { sessionRatio: number; sessionRatioMet: boolean; createMs: number; createMet: boolean };
}

/** A redis-server of its own (no persistence, a temporary directory), as a ServerProcess for CPU readings. */
async function startRedis(dir: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawnTracked(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`exited ${signal ?? code}`)));
  return {
    name: 'redis',
    command: 'redis-server',
    child,
    pid: child.pid!,
    port,
    url: `redis://${HOST}:${port}`,
    spawnedAt: process.hrtime.bigint(),
    exited,
    stderrTail: () => '',
    stop: () => stopProcess(child),
  };
}

async function waitReady(server: ServerProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await getJson(`${server.url}/__mock/health`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${server.name} did not start: ${server.stderrTail()}`);
}

interface Created {
  id: string;
  identities: Identities;
}
type Identities = { flashback: { token: string; orgRole: number; deleted: boolean }[] };

async function post(url: string, body: unknown): Promise<{ ms: number; json: Created }> {
  const started = performance.now();
  const res = await fetch(`${url}/__mock/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Created;
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`POST /__mock/sessions: ${res.status} ${JSON.stringify(json)}`);
  return { ms, json };
}

const ownerToken = (identities: Identities) => identities.flashback.find((u) => u.orgRole === 255 && !u.deleted)!.token;

export async function runSessionsBench(options: {
  say: (line: string) => void;
  rounds?: number;
  duration?: number;
  connections?: number;
  creates?: number;
}): Promise<SessionsBenchResult> {
  const { say, rounds = 3, duration = 5, connections = 50, creates = 20 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-bench-redis-'));
  try {
    const redis = await startRedis(dir);
    const memory = await startOrgmock();
    await waitReady(memory);
    const shared = await startOrgmock({ extraArgs: ['--store', redis.url] });
    await waitReady(shared);

    const defaults = await getJson<Identities>(`${memory.url}/__mock/identities`);
    const inMemory = (await post(memory.url, {})).json;
    const inRedis = (await post(shared.url, {})).json;
    const modes: { mode: string; server: ServerProcess; headers: Record<string, string> }[] = [
      { mode: 'default', server: memory, headers: { Authorization: `Bearer ${ownerToken(defaults)}` } },
      {
        mode: 'session (memory)',
        server: memory,
        headers: { Authorization: `Bearer ${ownerToken(inMemory.identities)}`, 'X-Orgmock-Session': inMemory.id },
      },
      {
        mode: 'session (redis)',
        server: shared,
        headers: { Authorization: `Bearer ${ownerToken(inRedis.identities)}`, 'X-Orgmock-Session': inRedis.id },
      },
    ];
    // Warm-up: one short run each (JIT, caches).
    for (const { server, headers } of modes) await runLoad({ url: server.url + OPERATION_PATH, connections, duration: 2, headers });

    const results: SessionsBenchResult['rounds'] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const { mode, server, headers } of modes) {
        const cpu = cpuSecondsOf(server);
        const redisCpu = cpuSecondsOf(redis);
        const load = await runLoad({ url: server.url + OPERATION_PATH, connections, duration, headers });
        const requests = load.ok + load.non2xx;
        const row = {
          mode,
          rps: load.rps,
          cpuUsPerRequest: ((cpuSecondsOf(server) - cpu) / requests) * 1e6,
          ...(server === shared ? { redisCpuUsPerRequest: ((cpuSecondsOf(redis) - redisCpu) / requests) * 1e6 } : {}),
          non2xx: load.non2xx,
        };
        results.push(row);
        say(
          `round ${round} ${mode.padEnd(17)} ${Math.round(row.rps).toString().padStart(6)} req/s  ${row.cpuUsPerRequest.toFixed(1).padStart(6)} µs CPU/req${row.redisCpuUsPerRequest === undefined ? '' : ` (+ redis-server ${row.redisCpuUsPerRequest.toFixed(1)} µs)`}${row.non2xx ? `  ${row.non2xx} non-2xx!` : ''}`,
        );
      }
    }
    const med = Object.fromEntries(
      modes.map(({ mode }) => {
        const rows = results.filter((r) => r.mode === mode);
        const redisRows = rows.flatMap((r) => (r.redisCpuUsPerRequest === undefined ? [] : [r.redisCpuUsPerRequest]));
        return [
          mode,
          {
            rps: median(rows.map((r) => r.rps)),
            cpuUsPerRequest: median(rows.map((r) => r.cpuUsPerRequest)),
            ...(redisRows.length ? { redisCpuUsPerRequest: median(redisRows) } : {}),
          },
        ];
      }),
    );

    const createMemory: number[] = [];
    const createRedis: number[] = [];
    for (let i = 0; i < creates; i++) {
      createMemory.push((await post(memory.url, { seed: 1000 + i, usersPerOrg: 50 })).ms);
      createRedis.push((await post(shared.url, { seed: 2000 + i, usersPerOrg: 50 })).ms);
    }
    const ratioMemory = med['session (memory)']!.cpuUsPerRequest / med.default!.cpuUsPerRequest;
    const ratioRedis = med['session (redis)']!.cpuUsPerRequest / med.default!.cpuUsPerRequest;
    const createMs = { memory: median(createMemory), redis: median(createRedis), samples: creates };
    say(
      `medians: default ${med.default!.cpuUsPerRequest.toFixed(1)} µs/req; session in memory ${ratioMemory.toFixed(2)}x (goal ≤ ${SESSION_GOAL}x); session in Redis ${ratioRedis.toFixed(2)}x`,
    );
    say(
      `creating a 50-users/org session: median ${createMs.memory.toFixed(1)} ms in memory, ${createMs.redis.toFixed(1)} ms in Redis (goal < ${CREATE_GOAL_MS} ms, ${creates} each)`,
    );
    await Promise.all([memory.stop(), shared.stop()]);
    await redis.stop();
    return {
      rounds: results,
      median: med,
      ratioMemory,
      ratioRedis,
      createMs,
      goals: {
        sessionRatio: SESSION_GOAL,
        sessionRatioMet: ratioMemory <= SESSION_GOAL,
        createMs: CREATE_GOAL_MS,
        createMet: createMs.memory < CREATE_GOAL_MS,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href || fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      creates: { type: 'string', default: '20' },
    },
  });
  installCleanupHandlers();
  runSessionsBench({
    say: (line) => process.stdout.write(`${line}\n`),
    rounds: Number(values.rounds),
    duration: Number(values.duration),
    connections: Number(values.connections),
    creates: Number(values.creates),
  }).then(
    async (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      await stopAll();
      process.exit(0);
    },
    async (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      await stopAll();
      process.exit(1);
    },
  );
}
