// The fast, in-process part of the suite that `npm run test:mutation` runs against each mutant.
// Tests that start child processes (the CLI, Dredd, Chromium) cannot see Stryker's in-process
// mutants and only cost time, so they are left to `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/mock/{engine,faults,fixtures,flashback,superai,fast-path}.test.ts',
      'test/verify/{engine,reports,config,spec-driven,broken-backends,secrets,mock}.test.ts',
      'test/frontend/{msw,client}.test.ts',
      'test/specs.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
