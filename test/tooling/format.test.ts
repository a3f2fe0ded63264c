/**
 * Proves the tree is formatted by Biome (biome.json): `biome format` exits non-zero on any file that
 * differs from its formatted form, so style is never reviewed by hand.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('every source file is formatted as biome.json says (run `npm run format` to fix)', () => {
  const run = spawnSync(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'format', '.'], { cwd: root, encoding: 'utf8' });
  expect(run.stderr + run.stdout).not.toMatch(/would have printed|Formatter would/i);
  expect(run.status).toBe(0);
});
