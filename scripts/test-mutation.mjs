// `npm run test:mutation`: one `stryker run` per group of stryker.config.mjs, one after the other, so
// each group keeps its own options (the config group tests its static mutants) and prints its own
// score table; STRYKER_SCOPE=<group> runs that group only. Extra arguments go to every run
// (`npm run test:mutation -- --mutate src/mock/faults.ts`). Exits 1 when a run fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const stryker = fileURLToPath(new URL('../node_modules/@stryker-mutator/core/bin/stryker.js', import.meta.url));
// The config names the groups and refuses an unknown STRYKER_SCOPE: say so in one line, no stack.
const { GROUP_NAMES } = await import('../stryker.config.mjs').catch((error) => {
  console.error(`test:mutation: ${error.message}`);
  process.exit(2);
});
const scope = process.env.STRYKER_SCOPE;
const groups = scope ? [scope] : GROUP_NAMES;
let failed = false;
for (const [i, group] of groups.entries()) {
  const started = Date.now();
  console.log(`\n== test:mutation group ${group} (${i + 1}/${groups.length}) ==`);
  const run = spawnSync('nice', ['-n', '10', process.execPath, stryker, 'run', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, STRYKER_SCOPE: group },
  });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    `== group ${group}: ${run.status === 0 ? 'done' : `failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`} in ${minutes} min ==`,
  );
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
