// Instructions per request of the hot path, counted by valgrind's callgrind: a load-independent figure for
// issue 19's "CPU per request within 1.25x of bare node:http", for judging a change on a busy machine where
// `npm run bench`'s CPU times are noise. `npx tsx bench/instructions.ts [--requests N] [--warmup N]
// [--connections N] [--before COMMIT] [--only orgmock] [--perf-map] [--no-build]` (docs/benchmarks.md).
//
// Each server runs alone under `valgrind --tool=callgrind --instr-atstart=no`: orgmock built from this checkout
// (`npm run build`, then `node dist/bin.js serve` with defaults), bare node:http (bench/baseline.ts answering
// orgmock's own list bytes) and, with --before, orgmock built at that commit (bench/before.ts). A raw-socket client
// here sends the same `GET /organization/users` with a Flashback WORKSPACES token over keep-alive connections, one
// request in flight per connection: a warm-up, then callgrind_control switches counting on, the measured requests,
// counting off. The figure is the server's user-space instructions (every thread: JIT code, GC, libuv) over the
// measured requests divided by their number; kernel time is not in it. Writes bench-output/instructions/results.json
// and keeps callgrind's files there (`callgrind_annotate` them for a profile).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildBefore } from './before.js';
import {
  firstResponse,
  freePort,
  get,
  getJson,
  HOST,
  installCleanupHandlers,
  OPERATION_PATH,
  ROOT,
  spawnTracked,
  stopProcess,
} from './mock.js';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '30000' },
    warmup: { type: 'string', default: '15000' },
    connections: { type: 'string', default: '8' },
    before: { type: 'string', default: 'none' },
    only: { type: 'string', default: '' },
    'perf-map': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (flags.help) {
  process.stdout.write(
    'npx tsx bench/instructions.ts [--requests 30000] [--warmup 15000] [--connections 8] [--before COMMIT|none] [--only orgmock] [--perf-map] [--no-build]\n',
  );
  process.exit(0);
}
const REQUESTS = Number(flags.requests);
const WARMUP = Number(flags.warmup);
const CONNECTIONS = Number(flags.connections);
const OUT = path.join(ROOT, 'bench-output/instructions');
const say = (text: string) => process.stdout.write(`${text}\n`);

interface Measured {
  server: string;
  command: string;
  requests: number;
  instructions: number;
  perRequest: number;
  /** The callgrind file and the server's pid (for --perf-map). */
  outFile: string;
  pid: number;
}

/** Starts `node ARGS` under callgrind, counting nothing until told; resolves once it answers HTTP. */
async function startCounted(name: string, nodeArgs: string[], port: number) {
  const outFile = path.join(OUT, `${name.replace(/[^a-z0-9@.-]+/gi, '_')}.callgrind`);
  rmSync(outFile, { force: true });
  const child = spawnTracked(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${outFile}`,
      '--dump-instr=no',
      process.execPath,
      // Under valgrind the server runs ~50 times slower, so V8's memory reducer takes it for idle and runs full
      // collections that a server under load never runs (they made the figures jump by thousands).
      '--no-memory-reducer',
      ...(flags['perf-map'] ? ['--perf-basic-prof'] : []),
      ...nodeArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const server = {
    name,
    url: `http://${HOST}:${port}`,
    spawnedAt: process.hrtime.bigint(),
    exited,
    stderrTail: () => tail,
  };
  await firstResponse(server as Parameters<typeof firstResponse>[0], { timeoutMs: 600_000, intervalMs: 500 });
  return { ...server, child, outFile, command: `node ${nodeArgs.map((a) => path.relative(ROOT, a) || a).join(' ')}` };
}

/**
 * Sends `count` copies of `request` over `connections` keep-alive sockets, one in flight on each, and resolves when
 * every answer has fully arrived; any status but 200 fails. Bodies are framed by Content-Length (never chunked here).
 */
function fire(port: number, request: Buffer, count: number, connections: number): Promise<void> {
  let sent = 0;
  let answered = 0;
  return new Promise((resolve, reject) => {
    const sockets: net.Socket[] = [];
    const done = (error?: Error) => {
      for (const socket of sockets) socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    for (let c = 0; c < Math.min(connections, count); c++) {
      const socket = net.connect(port, HOST);
      sockets.push(socket);
      let pending: Buffer = Buffer.alloc(0);
      const send = () => {
        if (sent >= count) return;
        sent++;
        socket.write(request);
      };
      socket.once('connect', send);
      socket.on('error', done);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        for (;;) {
          const end = pending.indexOf('\r\n\r\n');
          if (end === -1) return;
          const head = pending.subarray(0, end).toString('latin1');
          const length = /\r\ncontent-length: *(\d+)/i.exec(head);
          if (!head.startsWith('HTTP/1.1 200 ') || !length) return done(new Error(`unexpected answer:\n${head}`));
          const total = end + 4 + Number(length[1]);
          if (pending.length < total) return;
          pending = pending.subarray(total);
          if (++answered === count) return done();
          send();
        }
      });
    }
  });
}

/** `callgrind_control -i on|off` for the server, nudging it with requests until valgrind has taken the command. */
async function switchCounting(pid: number, on: boolean, port: number, nudge: Buffer): Promise<void> {
  const control = new Promise<void>((resolve, reject) => {
    const child = spawnTracked('callgrind_control', ['-i', on ? 'on' : 'off', String(pid)], { stdio: 'pipe' });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`callgrind_control -i ${on ? 'on' : 'off'} ${pid}: exit ${code}\n${output}`)),
    );
  });
  let settled = false;
  void control.finally(() => {
    settled = true;
  });
  // A process blocked in epoll_wait takes the command at its next wake-up: keep waking it, a request at a time.
  while (!settled)
    await Promise.race([control.catch(() => {}), fire(port, nudge, 1, 1).then(() => new Promise((r) => setTimeout(r, 200)))]);
  await control;
}

/**
 * The top functions of a measured run by their own instructions per request: callgrind_annotate's list, JIT code
 * (which valgrind knows only by address) named from the perf map node wrote for `--perf-basic-prof`.
 */
function profileOf(r: Measured, top = 40): string {
  const annotated = spawnSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', r.outFile], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  }).stdout;
  const map: { start: number; end: number; name: string }[] = [];
  const mapFile = `/tmp/perf-${r.pid}.map`;
  if (existsSync(mapFile)) {
    const text = readFileSync(mapFile, 'utf8');
    // Kept beside the callgrind file for a closer look.
    writeFileSync(r.outFile.replace(/\.callgrind$/, '.perf-map'), text);
    rmSync(mapFile, { force: true });
    for (const line of text.split('\n')) {
      const [start, size, ...name] = line.split(' ');
      if (start && size)
        map.push({ start: Number.parseInt(start, 16), end: Number.parseInt(start, 16) + Number.parseInt(size, 16), name: name.join(' ') });
    }
  }
  map.sort((a, b) => a.start - b.start);
  const nameAt = (address: number): string => {
    let lo = 0;
    let hi = map.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const entry = map[mid]!;
      if (address < entry.start) hi = mid - 1;
      else if (address >= entry.end) lo = mid + 1;
      else return entry.name;
    }
    return 'JIT code (unnamed)';
  };
  const costs = new Map<string, number>();
  for (const line of annotated.split('\n')) {
    const m = /^\s*([\d,]+) \([^)]*\)\s+[^:]*:(.*?) \[[^\]]*\]\s*$/.exec(line);
    if (!m) continue;
    const name = m[2]!.startsWith('0x') ? nameAt(Number.parseInt(m[2]!, 16)) : m[2]!;
    costs.set(name, (costs.get(name) ?? 0) + Number(m[1]!.replaceAll(',', '')));
  }
  return [...costs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, cost]) => `${String(Math.round(cost / r.requests)).padStart(8)}  ${name.slice(0, 140)}`)
    .join('\n');
}

/** Total instructions (Ir) in a callgrind output file. */
function instructionsIn(file: string): number {
  const text = readFileSync(file, 'utf8');
  // `summary:` is written before the counts and stays 0 when counting starts switched off; `totals:` closes the file.
  const total = /^totals: *(\d+)/m.exec(text);
  if (!total) throw new Error(`no totals in ${file}`);
  return Number(total[1]);
}

async function measure(name: string, nodeArgs: (port: number) => string[], token: (url: string) => Promise<string>): Promise<Measured> {
  const port = await freePort();
  say(`${name}: starting under callgrind...`);
  const server = await startCounted(name, nodeArgs(port), port);
  try {
    const request = Buffer.from(
      `GET ${OPERATION_PATH} HTTP/1.1\r\nHost: ${HOST}:${port}\r\nAuthorization: Bearer ${await token(server.url)}\r\n\r\n`,
    );
    say(`${name}: ${WARMUP} requests of warm-up...`);
    await fire(port, request, WARMUP, CONNECTIONS);
    await switchCounting(server.child.pid!, true, port, request);
    say(`${name}: ${REQUESTS} requests counted...`);
    await fire(port, request, REQUESTS, CONNECTIONS);
    await switchCounting(server.child.pid!, false, port, request);
  } finally {
    await stopProcess(server.child, 120_000);
  }
  const instructions = instructionsIn(server.outFile);
  const perRequest = Math.round(instructions / REQUESTS);
  say(`${name}: ${perRequest.toLocaleString('en-US')} instructions per request`);
  return {
    server: name,
    command: server.command,
    requests: REQUESTS,
    instructions,
    perRequest,
    outFile: server.outFile,
    pid: server.child.pid!,
  };
}

/** The token of an active Flashback WORKSPACES user, from the mock's `/__mock/identities`. */
async function workspacesTokenOf(url: string): Promise<string> {
  const ids = await getJson<{ flashback?: { token: string; orgRole?: number; deleted?: boolean }[] }>(`${url}/__mock/identities`);
  const user = ids.flashback?.find((u) => u.orgRole === 2 && u.deleted !== true);
  if (!user) throw new Error('/__mock/identities lists no active Flashback WORKSPACES user');
  return user.token;
}

async function main(): Promise<void> {
  installCleanupHandlers();
  mkdirSync(OUT, { recursive: true });
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed (apt-get install valgrind)');
  if (!flags['no-build']) {
    say('building dist/ (npm run build)...');
    const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const serve = (bin: string) => (port: number) => [bin, 'serve', '--host', HOST, '--port', String(port)];
  const results: Measured[] = [];
  let token = '';
  let body: Buffer | undefined;
  results.push(
    await measure('orgmock', serve(path.join(ROOT, 'dist/bin.js')), async (url) => {
      token = await workspacesTokenOf(url);
      body = (await get(url + OPERATION_PATH, { Authorization: `Bearer ${token}` }, true)).body;
      return token;
    }),
  );
  const bodyFile = path.join(OUT, 'baseline-body.json');
  writeFileSync(bodyFile, body ?? Buffer.alloc(0));
  if (flags.only !== 'orgmock')
    results.push(
      await measure(
        'node:http',
        (port) => ['--import', 'tsx', path.join(ROOT, 'bench/baseline.ts'), String(port), bodyFile],
        async () => token,
      ),
    );
  if (flags.before !== 'none') {
    const before = buildBefore(flags.before);
    if (typeof before === 'string') say(`--before ${flags.before}: ${before}`);
    else results.push(await measure(`orgmock@${before.short}`, serve(before.bin), workspacesTokenOf));
  }
  const base = results.find((r) => r.server === 'node:http');
  say('');
  say(`instructions per request (${REQUESTS} requests after ${WARMUP} of warm-up, ${CONNECTIONS} keep-alive connections):`);
  for (const r of results) {
    const ratio = base ? `  ${(r.perRequest / base.perRequest).toFixed(2)}x node:http` : '';
    say(`  ${r.server.padEnd(18)} ${r.perRequest.toLocaleString('en-US').padStart(10)}${ratio}`);
  }
  if (flags['perf-map']) for (const r of results) say(`\n${r.server}, where the instructions went:\n${profileOf(r)}`);
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  writeFileSync(
    path.join(OUT, 'results.json'),
    `${JSON.stringify({ commit, node: process.version, cpus: os.cpus().length, requests: REQUESTS, warmup: WARMUP, connections: CONNECTIONS, results }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/instructions: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
