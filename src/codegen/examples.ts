/**
 * Generator of what shows users every registered API (`npm run generate`): the shipped example configs
 * `contracts/verify.example.json` (the starter config of `orgmock init`, with a staging deployment's plain values
 * written in and `fixedClaims` in each `jwt` block) and `contracts/verify.expect.example.json` (an `expect` block per
 * API, for a deployment whose role rules differ from the spec), and two marked regions of the README: the table of
 * each API's documented statuses ("Forcing states") and the CI recipe ("In CI": the GitHub workflow and the GitLab
 * job, every variable the example reads from the CI's secrets, every plain value through `ORGMOCK_SET` from the
 * CI's variables). Pure: it takes the APIs.
 */
import { type StarterConfig, starterConfig } from '../config/starter.js';
import { organizationParameter, rolesByScope } from '../openapi/extensions.js';
import { type GeneratedFile, replaceRegion } from './registry-files.js';

type ExampleApi = Parameters<typeof starterConfig>[0][number];

/** The example's organizations: valid values of a UUID path parameter and of the made-up APIs' id patterns. */
const ORGANIZATION = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER_ORGANIZATION = '4fa85f64-5717-4562-b3fc-2c963f66afa7';
/** Claims every token of the example deployment carries: verify then also mints wrong-issuer and wrong-audience tokens. */
const FIXED_CLAIMS = { iss: 'https://auth.staging.example.com', aud: 'orgmock-example' };
const stagingOrigin = (api: string) => `https://${api}.staging.example.com`;

const EXAMPLE_COMMENT =
  'orgmock verify --config contracts/verify.example.json. Written by `npm run generate` from the registry: the starter config of `orgmock init` for every API, with a staging deployment\'s plain values. Every section and token is optional: a missing secret skips its checks and says so, a missing section is "not configured". In tokens, apiKeys, refusedTokens, refusedApiKeys and jwt.secret (the secrets, masked in every report), "$NAME" and "${NAME}" read environment variables, so secrets stay out of files; nowhere else: baseUrl and the organization ids are written as they are (they are printed in reports), or given with --set API.KEY=VALUE. Role names are the specs\' own. organizationId: the organization of the roles when the path names one, else the callers\' own organization (every listed user must belong to it); otherOrganizationId: another existing organization. refusedTokens: label → token of an existing user who must not sign in: never 2xx. apiKeys (APIs whose spec has an API-key scheme; here one role of each kind: any organization, own organization, denied): role → API key, sent in the scheme\'s header with the same role rules as tokens. refusedApiKeys: label → API key of a user who must not get in. allowFields (not used here): properties of a listed user no_secret_fields must not call secrets. jwt: how the backend signs its tokens (alg; secret for HS*, or privateKeyFile for RS*/PS*/ES*; claims.subject; fixedClaims such as iss and aud), so that verify mints tokens it must refuse; delete it for a backend whose tokens are not JWTs.';

const EXPECT_COMMENT =
  'A deployment whose role rules differ from the specs: `expect` overrides the status a case gets. Keys are a role (its request on organizationId) or role@otherOrganizationId / role@unknownOrganization; `orgmock verify` lists the valid keys when one is wrong. Written by `npm run generate` from the registry: here a role the spec denies is let in (200), and where the path names an organization, a role of its own organization gets 404 instead of the denied status for another or an unknown one.';

type Section = Record<string, unknown>;

/** Only `keep`'s roles in a role → value map (and in the variables that fill it). */
function keepRoles(starter: StarterConfig, api: string, field: string, keep: Set<string>): void {
  const section = starter.config[api] as Section;
  const map = section[field] as Record<string, string> | undefined;
  if (!map) return;
  section[field] = Object.fromEntries(Object.entries(map).filter(([role]) => keep.has(role)));
  starter.variables = starter.variables.filter((v) => !v.path.startsWith(`${api}.${field}.`) || keep.has(v.path.split('.')[2]!));
}

/** `contracts/verify.example.json`: the starter config with staging base URLs, organizations and fixed JWT claims. */
function exampleConfig(apis: readonly ExampleApi[]): StarterConfig {
  const starter = starterConfig(apis, { origin: stagingOrigin });
  starter.config.$comment = EXAMPLE_COMMENT;
  for (const api of apis) {
    const section = starter.config[api.name] as Section;
    if ('organizationId' in section) section.organizationId = ORGANIZATION;
    if ('otherOrganizationId' in section) section.otherOrganizationId = OTHER_ORGANIZATION;
    if (section.jwt) (section.jwt as Section).fixedClaims = FIXED_CLAIMS;
    // API keys of one role of each kind (any organization, own organization, denied): a sample, as a team keys a few.
    const scopes = rolesByScope(api.spec, api.operation);
    const sample = [scopes['any-organization'], [...scopes['own-organization'], ...scopes['caller-organization']], scopes.denied];
    keepRoles(starter, api.name, 'apiKeys', new Set(sample.flatMap((roles) => roles.slice(0, 1))));
  }
  return starter;
}

/** `contracts/verify.expect.example.json`: per API, a denied role let in and an own-organization role hidden elsewhere. */
function expectConfig(apis: readonly ExampleApi[], example: StarterConfig): Record<string, unknown> {
  const config: Record<string, unknown> = { $comment: EXPECT_COMMENT };
  const variable = (path: string) => `$${example.variables.find((v) => v.path === path)!.name}`;
  for (const api of apis) {
    if (!api.operation.access) continue;
    const scopes = rolesByScope(api.spec, api.operation);
    const denied = scopes.denied[0];
    const own = [...scopes['own-organization'], ...scopes['caller-organization']][0];
    const byOrganization = organizationParameter(api.operation) !== null;
    const base = example.config[api.name] as Section;
    const section: Section = { baseUrl: base.baseUrl };
    if (byOrganization) Object.assign(section, { organizationId: ORGANIZATION, otherOrganizationId: OTHER_ORGANIZATION });
    const roles = [denied, own].filter((r): r is string => r !== undefined);
    section.tokens = Object.fromEntries(roles.map((role) => [role, variable(`${api.name}.tokens.${role}`)]));
    const expect: Record<string, number> = {};
    if (denied) expect[denied] = 200;
    if (own && byOrganization) Object.assign(expect, { [`${own}@otherOrganizationId`]: 404, [`${own}@unknownOrganization`]: 404 });
    section.expect = expect;
    config[api.name] = section;
  }
  return config;
}

/** The CI variable a plain value comes from: `STAGING_<API>_URL` for a base URL, `<API>_<KEY>` for the others. */
function ciVariable(path: string): string {
  const [api, key] = path.split('.') as [string, string];
  const snake = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return key === 'baseUrl' ? `STAGING_${snake(api)}_URL` : `${snake(api)}_${snake(key)}`;
}

/** A plain value as `--set` takes it, from a CI variable (`$NAME` in GitLab, `${{ vars.NAME }}` in GitHub), base path kept. */
function setting(apis: readonly ExampleApi[], path: string, ref: (name: string) => string): string {
  const [name, key] = path.split('.') as [string, string];
  const basePath = key === 'baseUrl' ? (apis.find((a) => a.name === name)?.spec.basePath ?? '') : '';
  return `${path}=${ref(ciVariable(path))}${basePath}`;
}

/** The README's GitHub workflow and GitLab job that run `orgmock verify` in CI with the example's variables. */
function ciRecipe(apis: readonly ExampleApi[], example: StarterConfig): string[] {
  const paths = example.values.map((v) => v.path);
  return [
    '```yaml',
    '# .github/workflows/contract.yml',
    'name: contract',
    'on: [push, pull_request]',
    'jobs:',
    '  verify:',
    '    runs-on: ubuntu-latest',
    '    env:',
    "      # Plain values (not secrets) over the config's: orgmock verify --set",
    '      ORGMOCK_SET: >-',
    ...paths.map((path, i) => `        ${setting(apis, path, (n) => `\${{ vars.${n} }}`)}${i < paths.length - 1 ? ',' : ''}`),
    ...example.variables.map((v) => `      ${v.name}: \${{ secrets.${v.name} }}`),
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    '      - run: npm ci',
    '      - name: Contract suite',
    '        run: npx orgmock verify --config contracts/verify.json --fail-on-skip --reporter junit --output reports/verify.xml',
    '      - name: Annotations and job summary of the failures',
    '        if: failure()',
    '        run: npx orgmock verify --config contracts/verify.json --reporter github',
    '      - uses: actions/upload-artifact@v4',
    '        if: always()',
    '        with:',
    '          name: contract-report',
    '          path: reports/verify.xml',
    '```',
    '',
    'GitLab CI (the tokens and API keys are masked CI/CD variables of the same names; the base URLs and',
    'organizations plain ones):',
    '',
    '```yaml',
    '# .gitlab-ci.yml',
    'contract:',
    '  image: node:20',
    '  variables:',
    `    ORGMOCK_SET: ${paths.map((path) => setting(apis, path, (n) => `$${n}`)).join(',')}`,
    '  script:',
    '    - npm ci',
    '    - npx orgmock verify --config contracts/verify.json --fail-on-skip --reporter junit --output reports/verify.xml',
    '  artifacts:',
    '    when: always',
    '    reports:',
    '      junit: reports/verify.xml',
    '```',
  ];
}

/** The table of "Forcing states": each API's documented statuses and two to force (its highest 4xx but 401, and 500). */
function statusesTable(apis: readonly ExampleApi[]): string[] {
  const rows = apis.map((api) => {
    const statuses = api.operation.responses.map((r) => r.status).sort((a, b) => a - b);
    const client = statuses.filter((s) => s >= 400 && s < 500 && s !== 401).at(-1);
    const examples = [client, statuses.includes(500) ? 500 : undefined].filter((s) => s !== undefined);
    return [api.title, statuses.join(', '), examples.map((s) => `\`Prefer: code=${s}\``).join(', ')];
  });
  const table = [['API', 'documented statuses', 'e.g.'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  // Blank lines around the table: a comment line next to it must not be read as one of its rows.
  return ['', line(table[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
}

/** The markers of a README region (HTML comments: not shown). */
const readmeMarkers = (what: string) => ({
  start: `<!-- generated by \`npm run generate\` from APIS (src/apis/index.ts): ${what}; do not edit this region -->`,
  end: `<!-- end of the generated region: ${what} -->`,
});

/** The example configs and the README with its CI recipe, from `apis` (`read` gives a file's current text by its path). */
export function exampleFiles(apis: readonly ExampleApi[], read: (file: string) => string): GeneratedFile[] {
  const example = exampleConfig(apis);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    { file: 'contracts/verify.example.json', text: json(example.config) },
    { file: 'contracts/verify.expect.example.json', text: json(expectConfig(apis, example)) },
    {
      file: 'README.md',
      text: [
        { what: 'the statuses of each API', lines: statusesTable(apis) },
        { what: 'the CI recipe', lines: ciRecipe(apis, example) },
      ].reduce((text, { what, lines }) => replaceRegion('README.md', text, lines, readmeMarkers(what)), read('README.md')),
    },
  ];
}
