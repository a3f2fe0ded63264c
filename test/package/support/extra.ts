/**
 * Consumer projects with their own tool versions (an older msw, Jest 29, ts-jest...), next to the
 * shared one: the packed tarball and the given packages installed once per tarball hash (the work
 * sits in the hash's directory, guarded by the same lock), then reused by every test of the run.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { npmInstall } from './install.js';
import { type Packed, withLock } from './packed.js';

/**
 * A consumer project `name` (package.json `type`, the tarball and `packages` installed); installed
 * once per tarball, then returned as is. Files a test writes go in sub-directories it owns.
 */
export async function extraConsumer(
  packed: Packed,
  name: string,
  packages: string[],
  type: 'module' | 'commonjs' = 'module',
): Promise<string> {
  const base = dirname(packed.consumer);
  const dir = join(base, `extra-${name}`);
  return withLock(join(base, `extra-${name}.lock`), async () => {
    const done = join(dir, '.installed');
    if (existsSync(done)) return dir;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${name}`, private: true, type }, null, 2)}\n`);
    await npmInstall(['--save-dev', packed.tarball, ...packages], dir);
    writeFileSync(done, '');
    return dir;
  });
}

/** Writes files (by path relative to `dir`) and returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
