import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Runs the whole suite of a copy of the repository with a made-up API added (test/apis/third-api.test.ts): it
 * gets a project of its own, run after every other test file has finished (`sequence.groupOrder`), so that its
 * inner `vitest run --project suite` has the machine to itself and never runs itself.
 */
const THIRD_API = 'test/apis/third-api.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // The made-up API's folder, as a contributor would add it to src/apis/: its test runs in the copy.
          exclude: [...configDefaults.exclude, 'test/apis/acme/src/**', THIRD_API],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'third-api', include: [THIRD_API], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
