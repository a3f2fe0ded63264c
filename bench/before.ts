// The A/B reference of `npm run bench`'s throughput section: orgmock as it was at a named commit, built from this
// clone's git history, so "req/s and CPU per request within noise of before" is measured side by side in one run.
//
// The default is de5dc9f (2026-11-30), the last commit on main before the wave of issues 18 to 23 (lazy worlds,
// sessions, the request journal, the CORS policy, the Host guard's second check), that is the hot path as it was
// when issue 19 asked to keep it. Its sources (src, bin, openapi, package.json, tsconfig*.json) are extracted with
// `git archive` into bench-output/before-<commit>/ and compiled with this checkout's TypeScript against this
// checkout's node_modules (a symlink): the same dependency versions as the code under test, so the A/B compares
// orgmock's own code. The build is kept and reused while the commit is the same. A shallow clone that lacks the
// commit gets a clear note and the section runs without the A/B.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './mock.js';

/** de5dc9f: the last commit on main before issues 18 to 23 changed the hot path. */
export const BEFORE_COMMIT = 'de5dc9f35516b969a67266a3c0aee3fd85992dcb';

export interface BeforeBuild {
  /** The commit, full. */
  commit: string;
  short: string;
  /** Its author date (ISO) and subject, for the report. */
  date: string;
  subject: string;
  /** dist/bin.js of the build: `node <bin> serve …`. */
  bin: string;
  /** True when an earlier run's build was reused. */
  reused: boolean;
}

const git = (args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Builds (or reuses) orgmock at `commit`; a string says why it cannot (the commit is not in this clone, the build failed). */
export function buildBefore(commit: string = BEFORE_COMMIT): BeforeBuild | string {
  const resolved = git(['rev-parse', '--verify', '--quiet', `${commit}^{commit}`]);
  if (resolved.status !== 0) {
    return `commit ${commit} is not in this clone (a shallow clone? \`git fetch --unshallow\` brings it)`;
  }
  const full = resolved.stdout.trim();
  const short = full.slice(0, 7);
  const shown = git(['show', '-s', '--format=%aI%n%s', full]).stdout.trim().split('\n');
  const dir = path.join(ROOT, 'bench-output', `before-${short}`);
  const bin = path.join(dir, 'dist/bin.js');
  const stamp = path.join(dir, '.built');
  const result = (reused: boolean): BeforeBuild => ({
    commit: full,
    short,
    date: shown[0] ?? '',
    subject: shown[1] ?? '',
    bin,
    reused,
  });
  if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === full) return result(true);

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, 'sources.tar');
  const archived = git([
    'archive',
    '--format=tar',
    '-o',
    tarball,
    full,
    'src',
    'bin',
    'openapi',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
  ]);
  if (archived.status !== 0) return `git archive ${short} failed: ${archived.stderr.trim()}`;
  const extracted = spawnSync('tar', ['-xf', tarball, '-C', dir], { encoding: 'utf8' });
  rmSync(tarball, { force: true });
  if (extracted.status !== 0) return `extracting ${short}'s sources failed: ${extracted.stderr.trim()}`;
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // Type errors from newer dependency types do not stop the emit; only a missing bin.js is a failed build.
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!existsSync(bin)) return `compiling ${short} failed (tsc exit ${tsc.status}): ${`${tsc.stdout}${tsc.stderr}`.trim().slice(0, 2000)}`;
  writeFileSync(stamp, `${full}\n`);
  return result(false);
}
