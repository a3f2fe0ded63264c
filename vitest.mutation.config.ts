// The fast, in-process tests that `npm run test:mutation` runs against each mutant, chosen per
// group by stryker.config.mjs (ORGMOCK_MUTATION_TESTS). Tests that start child processes (the CLI,
// Dredd, Chromium) cannot see Stryker's in-process mutants and only cost time: `npm test` runs them.
import { defineConfig } from 'vitest/config';

const include = JSON.parse(process.env.ORGMOCK_MUTATION_TESTS ?? '[]') as string[];
if (include.length === 0)
  throw new Error('vitest.mutation.config.ts is run by `npm run test:mutation` (stryker.config.mjs sets the tests)');

export default defineConfig({
  test: { include, testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' },
});
