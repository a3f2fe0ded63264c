// The servers under test, each a separate process: orgmock (`node bin/orgmock.js serve`) and Prism
// (`prism mock -m`), plus the bookkeeping that guarantees every process the benchmark starts is
// ended: each child leads its own process group (Prism -m forks its HTTP server), and the group is
// signalled on stop, on SIGINT/SIGTERM and, as a last resort, on exit.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST = '127.0.0.1';
export const OPERATION_PATH = '/organization/users';
export const FLASHBACK_SPEC = path.join(ROOT, 'openapi/flashback.yaml');
const ORGMOCK_BIN = path.join(ROOT, 'bin/orgmock.js');

/**
 * Prism's fastest documented configuration: `-m` (multiprocess, which its docs recommend for
 * speed), static examples (no `-d`), no `--errors`. run.ts's `--prism-args` appends more flags.
 */
export const PRISM_ARGS = ['mock', '-m'] as const;

// ---------------------------------------------------------------------------------------------
// Tracked processes

const live = new Map<number, ChildProcess>();

/** Spawns a child in its own process group and tracks it until it exits. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  const pid = child.pid;
  live.set(pid, child);
  child.once('exit', () => {
    live.delete(pid);
    // The leader is gone; end anything it left in its group (Prism -m's forked server).
    signalGroup(pid, 'SIGKILL');
  });
  return child;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Ends one tracked child's process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
  }
  signalGroup(pid, 'SIGKILL');
  live.delete(pid);
}

/** Ends every tracked process (awaiting each). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live.values()].map((child) => stopProcess(child, 2000)));
}

/** Synchronous last resort for `process.on('exit')`. */
export function killAllSync(): void {
  for (const pid of live.keys()) signalGroup(pid, 'SIGKILL');
  live.clear();
}

let handlersInstalled = false;
/** SIGINT/SIGTERM end every child before the benchmark exits; exit does too, synchronously. */
export function installCleanupHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping ${live.size} child process(es)\n`);
      void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Servers

export interface ServerProcess {
  name: string;
  /** The command line, for the report. */
  command: string;
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** process.hrtime.bigint() just before spawn. */
  spawnedAt: bigint;
  /** Resolves with a description once the process exits. */
  exited: Promise<string>;
  /** The last few KB of stderr, for error messages. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** A free loopback port (the OS picks it; it is released just before the server takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether servers and the load generator can each be given a core of their own: `taskset` (util-linux) present and
 * at least two cores. Null when they can, else why not.
 */
export function pinningUnavailable(): string | null {
  if (os.availableParallelism() < 2) return 'one core only';
  const probe = spawnSync('taskset', ['-c', '0', process.execPath, '-e', ''], { stdio: 'ignore' });
  return probe.status === 0 ? null : 'taskset (util-linux) is not installed or may not set CPU affinity here';
}

/** `command args` run on the given CPUs (`taskset -c LIST`, which execs it: the pid stays the command's), or as is. */
function onCpus(cpus: string | undefined, command: string, args: readonly string[]): [string, readonly string[]] {
  return cpus === undefined ? [command, args] : ['taskset', ['-c', cpus, command, ...args]];
}

function startServer(name: string, args: string[], port: number, cpus?: string): ServerProcess {
  const spawnedAt = process.hrtime.bigint();
  // stdout is discarded (Prism logs every request there; piping it into this process would put
  // the log traffic on the orchestrator); stderr is kept for error messages.
  const child = spawnTracked(...onCpus(cpus, process.execPath, args), { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`)),
  );
  const shown = args.map((a) => (path.isAbsolute(a) ? path.relative(ROOT, a) : a));
  return {
    name,
    command: `node ${shown.join(' ')}`,
    child,
    pid: child.pid!,
    port,
    url: `http://${HOST}:${port}`,
    spawnedAt,
    exited,
    stderrTail: () => tail.trim(),
    stop: () => stopProcess(child),
  };
}

export interface OrgmockOptions {
  usersPerOrg?: number;
  seed?: number;
  /** The orgmock command to run (default: the development launcher bin/orgmock.js). */
  bin?: string;
  /** More `serve` flags (`--store redis://…`). */
  extraArgs?: readonly string[];
  /** The name in the report (default orgmock). */
  name?: string;
  /** CPUs to run on (`taskset -c`), e.g. '0'; default any. */
  cpus?: string;
}

export async function startOrgmock(options: OrgmockOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const args = [options.bin ?? ORGMOCK_BIN, 'serve', '--host', HOST, '--port', String(port)];
  if (options.usersPerOrg !== undefined) args.push('--users-per-org', String(options.usersPerOrg));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  args.push(...(options.extraArgs ?? []));
  return startServer(options.name ?? 'orgmock', args, port, options.cpus);
}

/** The JS file behind node_modules/.bin/prism (run with this Node, no shell). */
export function prismEntry(): string {
  return realpathSync(path.join(ROOT, 'node_modules/.bin/prism'));
}

export async function startPrism(spec = FLASHBACK_SPEC, extraArgs: readonly string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  return startServer('prism', [prismEntry(), ...PRISM_ARGS, ...extraArgs, '-h', HOST, '-p', String(port), spec], port);
}

/** bench/baseline.ts: bare node:http serving fixed bytes, the ceiling reference. */
export async function startBaseline(bodyFile: string, cpus?: string): Promise<ServerProcess> {
  const port = await freePort();
  return startServer('node:http', ['--import', 'tsx', path.join(ROOT, 'bench/baseline.ts'), String(port), bodyFile], port, cpus);
}

// ---------------------------------------------------------------------------------------------
// HTTP probes (one request at a time, no keep-alive: these never run during a load round)

export interface Probe {
  status: number;
  bytes: number;
  ms: number;
  body?: Buffer;
}

/** One GET; resolves with the status and size (and the body if `keepBody`). */
export function get(url: string, headers: Record<string, string> = {}, keepBody = false, timeoutMs = 120_000): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keepBody) chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          ...(keepBody ? { body: Buffer.concat(chunks) } : {}),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await get(url, headers, true);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return JSON.parse(res.body!.toString('utf8')) as T;
}

/**
 * Polls `GET path` every `intervalMs` from the moment the server was spawned until it answers
 * with any HTTP status below 500; resolves with the milliseconds since spawn. Fails if the
 * process exits first or `timeoutMs` passes.
 */
export async function firstResponse(
  server: ServerProcess,
  { path: probePath = OPERATION_PATH, headers = { Authorization: 'Bearer bench-startup-probe' }, intervalMs = 5, timeoutMs = 120_000 } = {},
): Promise<{ ms: number; status: number }> {
  let exitedWith: string | null = null;
  void server.exited.then((why) => {
    exitedWith = why;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitedWith) throw new Error(`${server.name} ${exitedWith} before answering\n${server.stderrTail()}`);
    if (Date.now() > deadline) throw new Error(`${server.name} did not answer ${probePath} within ${timeoutMs} ms\n${server.stderrTail()}`);
    const attempt = Date.now();
    try {
      const res = await get(server.url + probePath, headers, false, Math.max(1000, deadline - Date.now()));
      if (res.status > 0 && res.status < 500) {
        return { ms: Number(process.hrtime.bigint() - server.spawnedAt) / 1e6, status: res.status };
      }
    } catch {
      // Not listening yet (ECONNREFUSED) or reset while starting: try again.
    }
    const wait = intervalMs - (Date.now() - attempt);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

// ---------------------------------------------------------------------------------------------
// Memory

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may contain spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

/** The process and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const ppid = parentOf(pid);
    if (ppid === null) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

const CLOCK_TICKS = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(out.stdout?.trim());
  return out.status === 0 && n > 0 ? n : 100;
})();

/** CPU seconds (user + system) used so far by the server's process tree. */
export function cpuSecondsOf(server: ServerProcess): number {
  let ticks = 0;
  for (const pid of processTree(server.pid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": utime and stime (fields 14 and 15 in proc(5)) are at indices 11 and 12.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface Memory {
  /** Resident set size now, MiB, summed over the process tree. */
  rssMiB: number;
  /** Peak resident set size, MiB, summed over the process tree. */
  peakMiB: number;
  processes: number;
  /** Each process's name (/proc/<pid>/comm) and RSS in MiB, e.g. Prism -m's two node processes, or tsx's esbuild service. */
  breakdown: { pid: number; name: string; rssMiB: number }[];
}

/** VmRSS / VmHWM from /proc/<pid>/status, summed over the server's process tree. */
export function memoryOf(server: ServerProcess): Memory {
  const pids = processTree(server.pid);
  const sum = (field: 'VmRSS' | 'VmHWM') => pids.reduce((total, pid) => total + statusKb(pid, field), 0) / 1024;
  const breakdown = pids.map((pid) => {
    let name = '?';
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // exited meanwhile
    }
    return { pid, name, rssMiB: statusKb(pid, 'VmRSS') / 1024 };
  });
  return { rssMiB: sum('VmRSS'), peakMiB: sum('VmHWM'), processes: pids.length, breakdown };
}

const LOAD_SCRIPT = path.join(ROOT, 'bench/load.ts');

/**
 * One load run: autocannon in its own process (bench/load.ts), on `cpus` when given (`taskset -c`), stopped a minute
 * past its duration; its result line.
 */
export function runLoad(spec: LoadSpec, cpus?: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(...onCpus(cpus, process.execPath, ['--import', 'tsx', LOAD_SCRIPT, JSON.stringify(spec)]), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
    const limit = setTimeout(() => void stopProcess(child), (spec.duration + 60) * 1000);
    child.once('exit', (code, signal) => {
      clearTimeout(limit);
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`load generator ${signal ? `killed by ${signal}` : `exited with ${code}`}\n${err.trim()}`));
    });
  });
}
