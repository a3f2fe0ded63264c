/**
 * Proves an API is its folder, its spec and one registry line, then `npm run generate`, as CONTRIBUTING.md's
 * "Adding an API" says: on a copy of the repository (its files as git lists them, node_modules linked, never
 * this checkout), a made-up API (test/apis/acme/: a paginated list with X-Total and Link headers, a
 * PRIVATE-TOKEN header, groups named by integer id or by path, integer member ids, no group field on the
 * members) is added by copying test/apis/acme/openapi/acme.yaml to openapi/, test/apis/acme/src/apis/acme/ to
 * src/apis/acme/, adding `acme` to APIS, and running `npm run generate`.
 *
 * "No other file changed": the copy is made a git repository and committed before the steps; afterwards
 * `git status --porcelain` must list exactly the API's folder and spec, the registry file and the files the
 * generator writes. Then the copy type-checks (tsc, in test/generated-types.test.ts), passes the architecture rules (dependency-cruiser, knip, Biome,
 * the vendor-name scan), and runs the API's own test (src/apis/acme/acme.test.ts: the mock, MSW, fixture
 * files, `orgmock verify` and Dredd against the mock) and the registry-driven tests, with no engine changed.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const acme = join(root, 'test/apis/acme');
let copy: string;

/** Output without terminal colours. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** A command in the copy: its exit code and output (never thrown). */
async function inCopy(command: string, args: string[]): Promise<{ code: number; out: string }> {
  return run(command, args, { cwd: copy, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true', NO_COLOR: '1' } }).then(
    ({ stdout, stderr }) => ({ code: 0, out: plain(stdout + stderr) }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: typeof e.code === 'number' ? e.code : 1,
      out: plain(`${e.stdout}${e.stderr}`),
    }),
  );
}
const git = (...args: string[]) => inCopy('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args]);

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'orgmock-third-api-'));
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(copy, file));
    } catch (error) {
      // A file git still lists but the working tree deleted is not part of the repository as it stands.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  writeFileSync(join(copy, '.gitignore'), `${readFileSync(join(copy, '.gitignore'), 'utf8')}\nnode_modules\n`);
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'before');

  // The documented steps, in their order: the folder, the spec, one registry line, `npm run generate`.
  cpSync(join(acme, 'src/apis/acme'), join(copy, 'src/apis/acme'), { recursive: true });
  cpSync(join(acme, 'openapi/acme.yaml'), join(copy, 'openapi/acme.yaml'));
  const registry = join(copy, 'src/apis/index.ts');
  const text = readFileSync(registry, 'utf8');
  const line = /^export const APIS = \[(.*)\] as const;$/m;
  expect(text).toMatch(line);
  writeFileSync(
    registry,
    text.replace(line, (_m, list: string) => `import { acme } from './acme/index.js';\n\nexport const APIS = [${list}, acme] as const;`),
  );
  const generated = await inCopy('npm', ['run', 'generate']);
  expect(generated.out).toContain('APIS -> package.json');
  expect(generated.code).toBe(0);
}, 300_000);
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('a third API by its folder, its spec, one registry line and `npm run generate`', () => {
  it('changes no other file: git status lists the folder, the spec, the registry and the generated files only', async () => {
    const status = await git('status', '--porcelain', '--untracked-files=all');
    const changed = status.out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3))
      .sort();
    expect(changed).toEqual(
      [
        'openapi/acme.yaml',
        'src/apis/acme/acme.test.ts',
        'src/apis/acme/client.ts',
        'src/apis/acme/index.ts',
        'src/apis/index.ts',
        // written by `npm run generate`:
        'README.md',
        'contracts/verify.example.json',
        'contracts/verify.expect.example.json',
        'package.json',
        'src/apis/clients.ts',
        'src/client/index.ts',
        'src/generated/acme.ts',
        'src/generated/specs.ts',
        'src/index.ts',
      ].sort(),
    );
    const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
    expect(pkg.exports['./types/acme']).toEqual({ types: './dist/generated/acme.d.ts', default: './dist/generated/acme.js' });
    expect(pkg.scripts['lint:specs']).toContain('openapi/acme.yaml');
    expect(readFileSync(join(copy, 'src/client/index.ts'), 'utf8')).toContain("export * from '../apis/acme/client.js';");
    expect(readFileSync(join(copy, 'src/index.ts'), 'utf8')).toContain("export type * as AcmeTypes from './generated/acme.js';");
  });

  it("the API's own test and the registry-driven tests pass in the copy, the architecture rules included", async () => {
    const files = [
      'src/apis/acme/acme.test.ts',
      'test/apis/registry.test.ts',
      'test/generated-specs.test.ts',
      // the generated types are fresh, and the whole copy type-checks with tsc --noEmit
      'test/generated-types.test.ts',
      // the starter config (`orgmock init`) has a section for every API of the registry
      'test/config/starter.test.ts',
      // the example configs and the README's CI recipe (generated) cover it, and the recipe passes against the mock
      'test/verify/config.test.ts',
      'test/verify/ci-recipe.test.ts',
      'test/tooling/architecture.test.ts',
      'test/tooling/headers.test.ts',
    ];
    const vitest = await inCopy('node_modules/.bin/vitest', ['run', ...files]);
    expect(vitest.out).toMatch(/Test Files +\d+ passed \(\d+\)/);
    expect(vitest.out).not.toMatch(/\d+ failed/);
    expect(vitest.code, vitest.out.slice(-4000)).toBe(0);
    expect(vitest.out).toContain('src/apis/acme/acme.test.ts');
  }, 600_000);
});
