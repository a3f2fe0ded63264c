/**
 * The dependency rule of ARCHITECTURE.md, checked in `npm test` (test/tooling/architecture.test.ts):
 * no import cycles, and no import from a lower layer to a higher one. Layers, lowest first:
 *   util → openapi (+ generated) → contract → apis → engines (config; mock, verify, dredd, codegen)
 *   → adapters (server, msw, client) → cli kit (src/cli/) → commands → entry points (cli.ts, index.ts, node.ts, bin.ts)
 */
const LAYERS = [
  // package-info.ts reads package.json and imports nothing of the project: a util, though at the top (pkg's entry layout).
  ['util', '^src/(util/|package-info\\.ts$)'],
  ['openapi', '^src/(openapi|generated)/'],
  ['contract', '^src/contract/'],
  ['apis', '^src/apis/'],
  ['config', '^src/config/'],
  ['engines', '^src/(mock|verify|dredd|codegen)/'],
  ['adapters', '^src/(server|msw|client)/'],
  ['cli-kit', '^src/cli/'],
  ['commands', '^src/commands/'],
  ['entries', '^src/(?!package-info)[^/]+\\.ts$'],
];

/** One rule per layer: nothing in it imports any layer above it. */
const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} sits below ${LAYERS.slice(i + 1)
    .map(([n]) => n)
    .join(', ')}: it must not import them (ARCHITECTURE.md, "The dependency rule")`,
  severity: 'error',
  from: { path, pathNot: '\\.test\\.ts$' },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'engines-take-the-api-list',
      comment: 'Engines take the APIs as an argument; only adapters, commands and entry points read the registry.',
      severity: 'error',
      from: { path: '^src/(config|mock|verify|dredd|codegen)/' },
      to: { path: '^src/apis/(index|clients)\\.ts$' },
    },
    {
      name: 'engines-apart',
      comment: 'The mock, verify, dredd and codegen engines do not import one another (config is shared below them).',
      severity: 'error',
      from: { path: '^src/(mock|verify|dredd|codegen)/([^/]+)' },
      to: { path: '^src/(mock|verify|dredd|codegen)/', pathNot: '^src/$1/' },
    },
    {
      name: 'engines-know-no-api',
      comment: 'Only the registry imports an API folder; engines and adapters reach an API through its definition.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/apis/|^src/client/index\\.ts$|\\.test\\.ts$' },
      to: { path: '^src/apis/(?!index\\.ts|clients\\.ts|types\\.ts|define\\.ts|client-kit\\.ts|fixture-kit\\.ts)[^/]+/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
