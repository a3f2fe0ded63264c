/**
 * Proves `npm run test:mutation` (scripts/test-mutation.mjs) runs every group of stryker.config.mjs
 * and refuses an unknown STRYKER_SCOPE with one line and exit 2, before any Stryker run starts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

test('the groups docs/mutation-testing.md names, each run on its own', async () => {
  const config = new URL('../../stryker.config.mjs', import.meta.url).href;
  const { GROUP_NAMES } = (await import(config)) as { GROUP_NAMES: string[] };
  expect([...GROUP_NAMES].sort()).toEqual(['app', 'checks', 'config', 'mock', 'msw', 'run', 'server', 'spec', 'verify']);
});

test('an unknown STRYKER_SCOPE: one line naming the groups, exit 2, no stack', async () => {
  const failure = await run(process.execPath, ['scripts/test-mutation.mjs'], {
    cwd: root,
    env: { ...process.env, STRYKER_SCOPE: 'everything' },
  }).then(
    () => null,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(failure?.code).toBe(2);
  expect(failure?.stdout).toBe('');
  expect(failure?.stderr).toBe('test:mutation: STRYKER_SCOPE must be one of mock, verify, checks, spec, run, server, app, msw, config\n');
});
