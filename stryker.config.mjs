// Mutation testing (issue 13): `npm run test:mutation`, not part of `npm test`.
// Scope: the engines and the API definitions, in groups that each run only the tests that
// exercise them (the machine this was measured on has 2 shared cores):
//   npm run test:mutation                      every group, one Stryker run after the other
//                                              (scripts/test-mutation.mjs)
//   STRYKER_SCOPE=mock npm run test:mutation   one group: mock | verify | checks | spec | run | server | app | msw | config
// `npx stryker run` without STRYKER_SCOPE is one run over every group's files and tests, with
// static mutants ignored in all of them.
// Incremental mode (reports/stryker-incremental-<group>.json) re-tests only mutants whose code or
// covering tests changed since the last run of that group.
const GROUPS = {
  // the mock: request pipeline, Prefer, faults, fixtures and fixture files, the data index (members, list
  // bodies, lazy worlds), the API definitions
  mock: {
    mutate: [
      'src/mock/operation.ts',
      'src/mock/dataset.ts',
      'src/mock/prefer.ts',
      'src/mock/faults.ts',
      'src/mock/fixture-files.ts',
      'src/apis/fixture-kit.ts',
      'src/apis/flashback/{index,fixtures}.ts',
      'src/apis/superai/{index,fixtures}.ts',
    ],
    tests: [
      'src/mock/*.test.ts',
      'test/mock/{engine,faults,fixtures,fixture-kit,flashback,superai,definitions,world,small-organizations}.test.ts',
      'src/apis/*/fixtures.test.ts',
    ],
  },
  // verify: the plan, the probes and the reporters. Not broken-backends (42 whole verify runs
  // against a server, ~1 s each: a surviving mutant re-ran all of them, an estimated 8 h for the
  // group on this machine); npm test runs it.
  verify: {
    mutate: ['src/verify/plan.ts', 'src/verify/probes.ts', 'src/verify/report/*.ts'],
    tests: [
      'test/verify/{engine,reports,report-rendering,spec-driven}.test.ts',
      'test/verify/trust/api-keys.test.ts',
      'test/verify/report/*.test.ts',
      'test/verify/{plan,probes}.test.ts',
    ],
  },
  // the checks, the engine's and each API's, and the building blocks they share (src/contract/),
  // judged case by case (test/verify/trust/judge.ts)
  checks: {
    mutate: ['src/verify/checks/*.ts', 'src/apis/*/checks.ts', 'src/contract/{list,failure}.ts'],
    tests: [
      'test/verify/engine.test.ts',
      'test/verify/trust/severity.test.ts',
      'test/verify/{checks,response-checks,across,api-checks}.test.ts',
      'src/contract/*.test.ts',
    ],
  },
  // the one reader of the specs' extensions (x-access-control, x-inferred, x-ordering, x-derived-from,
  // the API-key scheme): every engine asks it who may list what (issue 18)
  spec: {
    mutate: ['src/openapi/extensions.ts'],
    tests: ['src/openapi/extensions.test.ts'],
  },
  // the engine around the checks: the run (plan, send, retry, judge) and its HTTP client
  run: {
    mutate: ['src/verify/run.ts', 'src/verify/http.ts'],
    tests: ['test/verify/{retries,http,run,engine,judge,run-options}.test.ts'],
  },
  // the node:http adapter (the DNS-rebinding guard, the drain, the fast path) and the CLI's entry
  // (commands, signals); the tests start real servers on ephemeral ports in-process
  server: {
    mutate: ['src/server/*.ts', 'src/cli.ts'],
    tests: ['test/server/*.test.ts', 'src/cli.test.ts', 'test/mock/{fast-path,sessions}.test.ts'],
  },
  // the mock's Hono app (src/mock/app.ts): routes, Prefer, faults, CORS, identities, sessions, the 404 and 405
  // answers; the tests build the app (or a server on an ephemeral port) in-process
  app: {
    mutate: ['src/mock/app.ts'],
    tests: ['test/mock/{app,app-answers,engine,fast-path,readme-prefer,sessions,small-organizations,flashback,superai}.test.ts'],
  },
  // the MSW adapter (src/msw/handlers.ts): the handlers at the APIs' base URLs and under mockUrl, answered by the
  // mock app in-process through msw/node's setupServer
  msw: {
    mutate: ['src/msw/handlers.ts'],
    tests: ['test/frontend/{msw,msw-handlers,msw-injected,msw-options,msw-sessions,dual-mode}.test.ts'],
  },
  // the config reader and the masker. Its static mutants (the masker's entity and escape tables, the
  // Authorization pattern) are tested: the whole group runs in about 10 s.
  config: {
    staticMutants: true,
    mutate: ['src/config/config.ts', 'src/config/mask.ts'],
    tests: ['test/config/*.test.ts', 'test/verify/{config,secrets}.test.ts', 'test/dredd/config.test.ts', 'test/hardening/masking.test.ts'],
  },
};

/** The groups, in the order `npm run test:mutation` runs them. */
export const GROUP_NAMES = Object.keys(GROUPS);

const scope = process.env.STRYKER_SCOPE;
if (scope !== undefined && !(scope in GROUPS)) throw new Error(`STRYKER_SCOPE must be one of ${Object.keys(GROUPS).join(', ')}`);
const group = scope
  ? GROUPS[scope]
  : { mutate: Object.values(GROUPS).flatMap((g) => g.mutate), tests: Object.values(GROUPS).flatMap((g) => g.tests) };
process.env.ORGMOCK_MUTATION_TESTS = JSON.stringify(group.tests);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: group.mutate,
  coverageAnalysis: 'perTest',
  // Static mutants (code run once, when a module loads: the API definitions' and checks' object
  // literals) need every test of the group re-run with the module reloaded, about 80% of a group's
  // time on this machine; they are reported as Ignored, outside the score (docs/mutation-testing.md).
  ignoreStatic: !group.staticMutants,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${scope ?? 'all'}.json`,
  concurrency: 2,
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${scope ?? 'all'}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
