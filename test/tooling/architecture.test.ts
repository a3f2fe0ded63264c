/**
 * Proves the architecture of ARCHITECTURE.md holds: dependency-cruiser finds no import cycle and no
 * import from a lower layer to a higher one; knip finds no dead file or export; Biome's linter
 * (recommended rules, the few turned off justified in ARCHITECTURE.md) reports nothing; and outside
 * src/apis/ and src/generated/ no source names a vendor, except public entry files that only re-export.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (bin: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'node_modules', bin), ...args], { cwd: root, encoding: 'utf8' });

describe('the architecture', () => {
  it('has no import cycle and no upward import (dependency-cruiser, .dependency-cruiser.cjs)', () => {
    const result = run('dependency-cruiser/bin/dependency-cruise.mjs', [
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ]);
    expect(result.stdout + result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
  });

  it('has no dead file or export (knip, knip.json)', () => {
    const result = run('knip/bin/knip.js', ['--no-progress']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('passes Biome lint with no warning (biome.json)', () => {
    const result = run('@biomejs/biome/bin/biome', ['lint', '--error-on-warnings', '.']);
    expect(result.stdout + result.stderr).not.toMatch(/lint\/\w+\/\w+/);
    expect(result.status).toBe(0);
  });

  it('names no vendor outside src/apis/ and src/generated/, but in entry files that only re-export', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
      });
    const offenders = files(join(root, 'src'))
      .map((file) => relative(root, file))
      .filter((file) => !/^src\/(apis|generated)\//.test(file))
      .filter((file) => {
        const lines = readFileSync(join(root, file), 'utf8').split('\n');
        const code = lines.filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l));
        const naming = code.filter((l) => /flashback|superai/i.test(l));
        // A public entry may name an API's module in a re-export, nothing else.
        return naming.some((l) => !/^export (\*|type \*|\{[^}]*\}) (as \w+ )?from '[^']+';$/.test(l.trim()));
      });
    expect(offenders).toEqual([]);
  });
});
