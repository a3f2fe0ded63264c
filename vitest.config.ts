import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The made-up API's folder, as a contributor would add it to src/apis/: its test runs in test/apis/third-api.test.ts's copy.
    exclude: [...configDefaults.exclude, 'test/apis/acme/src/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
