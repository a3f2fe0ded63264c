/**
 * The package tests' installs do not depend on npm's cache. A stale cache is simulated: a fresh npm cache
 * directory (never the machine's) gets the real packument of a small package this repo locks (`ulid`), then
 * that cached packument is doctored, through npm's own cache library (cacache), to an older one: the locked
 * version and everything after it removed, `latest` pointed at the one before. An offline-first install of
 * the locked version then fails with ETARGET (as seen with `@babel/code-frame@^7.29.17`), and `npmInstall`,
 * which every consumer install goes through, still installs it by trying again online.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmInstall } from './support/install.js';
import { ROOT } from './support/packed.js';

const exec = promisify(execFile);
const NAME = 'ulid';
const locked = (JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> })
  .packages[`node_modules/${NAME}`]!.version;

interface Cacache {
  get(cache: string, key: string): Promise<{ data: Buffer; metadata: unknown }>;
  put(cache: string, key: string, data: Buffer | string, options: { metadata: unknown }): Promise<unknown>;
}

let dir: string;
let cache: string;
const env = () => ({ npm_config_cache: cache, npm_config_update_notifier: 'false' });
const project = (name: string) => {
  const path = join(dir, name);
  mkdirSync(path);
  writeFileSync(join(path, 'package.json'), JSON.stringify({ name, private: true }));
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgmock-stale-cache-'));
  cache = join(dir, 'npm-cache');
  // The real packument, cached by an install of the locked version.
  await npmInstall([`${NAME}@${locked}`], project('prime'), env());
  const registry = (await exec('npm', ['config', 'get', 'registry'], { env: { ...process.env, ...env() } })).stdout
    .trim()
    .replace(/\/+$/, '');
  const globalRoot = (await exec('npm', ['root', '-g'])).stdout.trim();
  const cacache = createRequire(join(globalRoot, 'npm', 'package.json'))('cacache') as Cacache;
  const store = join(cache, '_cacache');
  const key = `make-fetch-happen:request-cache:${registry}/${NAME}`;
  const { data, metadata } = await cacache.get(store, key);
  const packument = JSON.parse(data.toString('utf8')) as {
    versions: Record<string, unknown>;
    'dist-tags': Record<string, string>;
    time?: unknown;
  };
  const versions = Object.keys(packument.versions);
  const keep = versions.slice(0, versions.indexOf(locked));
  expect(keep.length).toBeGreaterThan(0);
  packument.versions = Object.fromEntries(keep.map((v) => [v, packument.versions[v]]));
  packument['dist-tags'] = { latest: keep[keep.length - 1]! };
  await cacache.put(store, key, JSON.stringify(packument), { metadata });
}, 300_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('consumer installs with a stale npm cache', () => {
  it(`an offline-first install of ${NAME}@locked fails on the doctored cache (the stale cache is real)`, async () => {
    const failed = await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `${NAME}@${locked}`], {
      cwd: project('plain'),
      env: { ...process.env, ...env() },
    }).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(failed).toMatch(/ETARGET|No matching version/);
  }, 300_000);

  it('npmInstall, which the package tests use, still installs it: it tries again online', async () => {
    const cwd = project('resilient');
    const installed = await npmInstall([`${NAME}@${locked}`], cwd, env());
    expect(installed.retriedOnline).toBe(true);
    expect(installed.offlineError).toMatch(/ETARGET|No matching version/);
    expect(JSON.parse(readFileSync(join(cwd, 'node_modules', NAME, 'package.json'), 'utf8')).version).toBe(locked);
  }, 300_000);
});
