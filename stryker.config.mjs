// Mutation testing (issue 13): `npm run test:mutation`, not part of `npm test`.
// Scope: the engines and the API definitions. Narrow a run with
// `npm run test:mutation -- --mutate 'src/mock/faults.ts'`; incremental mode re-tests only what
// changed since the last run (reports/stryker-incremental.json).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    // mock: request pipeline, Prefer, fixtures and fixture files, faults
    'src/mock/operation.ts',
    'src/mock/prefer.ts',
    'src/mock/faults.ts',
    'src/mock/fixture-files.ts',
    'src/apis/fixture-kit.ts',
    'src/apis/flashback/{index,fixtures,checks}.ts',
    'src/apis/superai/{index,fixtures,checks}.ts',
    // verify: plan, checks, reporters
    'src/verify/plan.ts',
    'src/verify/probes.ts',
    'src/verify/checks/*.ts',
    'src/verify/report/*.ts',
    // config reader and masker
    'src/config/config.ts',
    'src/config/mask.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
