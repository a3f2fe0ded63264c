/**
 * The package as its users get it: built (`npm run build`), packed (`npm pack`) and installed from
 * the tarball into a fresh consumer project outside this repository (under the OS temp dir, so
 * nothing resolves from the repo's node_modules). One build and one install serve every test file
 * of a run: the work is keyed by a hash of the package's inputs and guarded by a lock directory.
 * The consumer's tools (vitest, jest, typescript, jsdom, msw) are installed at the exact versions
 * this repo locks, so an offline-first install takes them from npm's cache; a stale cache (an older packument) makes
 * `npmInstall` (./install.ts) try again online.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { npmInstall } from './install.js';

export const ROOT = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');
const exec = promisify(execFile);

/** Tools the consumer projects install next to the tarball, at the repo's locked versions. */
export const CONSUMER_TOOLS = ['msw', 'vitest', 'jsdom', 'jest', 'jest-environment-jsdom', 'jest-fixed-jsdom', 'typescript'] as const;

export interface PackFile {
  path: string;
  size: number;
}

export interface Packed {
  /** The tarball. */
  tarball: string;
  /** What `npm pack --json` says it holds. */
  files: PackFile[];
  size: number;
  unpackedSize: number;
  /** The consumer project with the tarball and the tools installed. */
  consumer: string;
  /** The installed package (`<consumer>/node_modules/orgmock`). */
  installed: string;
}

const INPUTS = [
  'src',
  'openapi',
  'contracts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'README.md',
  'LICENSE',
  'fixtures/README.md',
];

function walk(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => walk(join(path, name)));
}

/** A hash of everything that goes into the tarball. */
function inputHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => walk(join(ROOT, p)))) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

const run = async (cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
  try {
    return await exec(cmd, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 50_000_000, timeout: 300_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
};

export const lockedVersion = (name: string) =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** Takes a lock directory (the owner's pid inside; a dead owner's lock is broken) and runs `work` under it. */
export async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.lock');
  mkdirSync(dir, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {}
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let memo: Promise<Packed> | undefined;

/** Builds, packs and installs the package once per input hash; later callers get the same result. */
export function packedPackage(): Promise<Packed> {
  memo ??= prepare();
  return memo;
}

async function prepare(): Promise<Packed> {
  const base = join(tmpdir(), 'orgmock-package-tests');
  return withLock(base, async () => {
    const dir = join(base, inputHash());
    const done = join(dir, 'packed.json');
    if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as Packed;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await run('npm', ['run', 'build'], ROOT);
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT);
    const [info] = JSON.parse(stdout) as { filename: string; files: PackFile[]; size: number; unpackedSize: number }[];
    if (!info) throw new Error('npm pack said nothing');
    const tarball = join(dir, info.filename);
    const consumer = join(dir, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
    const tools = CONSUMER_TOOLS.map((name) => `${name}@${lockedVersion(name)}`);
    await npmInstall(['--save-dev', tarball, ...tools], consumer);
    const packed: Packed = {
      tarball,
      files: info.files,
      size: info.size,
      unpackedSize: info.unpackedSize,
      consumer,
      installed: join(consumer, 'node_modules', 'orgmock'),
    };
    writeFileSync(done, JSON.stringify(packed));
    return packed;
  });
}

/** Output without terminal colours. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs a command in a directory and returns its exit code and output (never throws on a non-zero exit). */
export async function runIn(cwd: string, cmd: string, args: string[], env: Record<string, string> = {}, timeout = 240_000) {
  return exec(cmd, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 50_000_000, timeout }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout: plain(stdout), stderr: plain(stderr) }),
    (e: { code?: number; stdout?: string; stderr?: string; message: string }) => ({
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: plain(e.stdout ?? ''),
      stderr: plain(`${e.stderr ?? ''}${typeof e.code === 'number' ? '' : e.message}`),
    }),
  );
}

/** Writes a consumer sub-project (files by relative path) under the shared install and returns its path. */
export function consumerProject(packed: Packed, name: string, files: Record<string, string>): string {
  const dir = join(packed.consumer, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The README's consumer snippets: each fenced block after `<!-- consumer: PATH -->`, by PATH (and `consumer-command: NAME` blocks by NAME). */
export function readmeSnippets(): { files: Record<string, string>; commands: Record<string, string> } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const files: Record<string, string> = {};
  const commands: Record<string, string> = {};
  for (const m of readme.matchAll(/<!-- consumer(-command)?: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)) {
    if (m[1]) commands[m[2]!] = m[3]!.trim();
    else files[m[2]!] = m[3]!;
  }
  return { files, commands };
}

/** The README snippets under one folder (`vitest/`), keyed by their path inside it. */
export function snippetsIn(folder: string): Record<string, string> {
  const { files } = readmeSnippets();
  return Object.fromEntries(
    Object.entries(files)
      .filter(([path]) => path.startsWith(`${folder}/`))
      .map(([path, text]) => [path.slice(folder.length + 1), text]),
  );
}
