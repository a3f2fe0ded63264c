/**
 * Proves an API is its folder, its spec and one registry line, then `npm run generate`, as CONTRIBUTING.md's
 * "Adding an API" says: on a copy of the repository (its files as git lists them, node_modules linked, never
 * this checkout), a made-up API (test/apis/acme/: a paginated list with X-Total and Link headers, a
 * PRIVATE-TOKEN header, groups named by integer id or by path, integer member ids, no group field on the
 * members) is added by those steps in that order: copying test/apis/acme/src/apis/acme/ to src/apis/acme/,
 * test/apis/acme/openapi/acme.yaml to openapi/, adding `acme` to APIS, and running `npm run generate`.
 *
 * "No other file changed": the copy is made a git repository and committed before the steps; afterwards
 * `git status --porcelain` must list exactly the API's folder and spec, the registry file and the files the
 * generator writes (types, the entries and package.json, the example configs and the README's CI recipe).
 *
 * "The whole suite passes": then the copy's whole suite runs there (`vitest run --project suite`: every test file
 * but this one, the API's own src/apis/acme/acme.test.ts included, the architecture rules, the type check, the
 * packed tarball in consumer projects), with no engine and no test changed. It must report every test file the
 * copy has (listed here from its disk, as vitest.config.ts's `suite` project includes them), every test passed,
 * none failed or skipped. This file is vitest.config.ts's `third-api` project, whose `sequence.groupOrder` runs
 * it after every other test file has finished, so that the inner run has the machine to itself, and the inner
 * run's project leaves it out, so it never runs itself. The outer run's counts (.ci/run's line) are this file's
 * own tests; the inner run's figures are printed (`third-api: in the copy: N test files, N tests passed, ...`)
 * and annotated on the test.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
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
  // The outer run's own VITEST_* variables (its worker and pool ids) and npm's for this checkout's `npm test`
  // (npm_package_json, npm_lifecycle_*, INIT_CWD) are not the copy's.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|npm_package_|npm_lifecycle_|INIT_CWD$)/.test(name)),
  );
  return run(command, args, { cwd: copy, maxBuffer: 256 * 1024 * 1024, env: { ...env, CI: 'true', NO_COLOR: '1' } }).then(
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

  it('the whole suite passes in the copy: every test file of its suite project, none failed, skipped or left out', async (context) => {
    const results = join(copy, 'test-output', 'copy-results.json');
    const started = Date.now();
    const vitest = await inCopy('node_modules/.bin/vitest', [
      'run',
      '--project',
      'suite',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${results}`,
    ]);
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    const report = JSON.parse(readFileSync(results, 'utf8')) as {
      success: boolean;
      numTotalTests: number;
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults: { name: string; status: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
    };
    const ran = report.testResults.map((r) => relative(copy, r.name)).sort();
    const summary = `in the copy: ${ran.length} test files, ${report.numPassedTests} tests passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped (${minutes} min)`;
    // What a reader of the outer run sees: the inner run's figures (the outer JSON report counts this file's own tests).
    console.log(`third-api: ${summary}`);
    context.annotate(summary);
    const failures = report.testResults
      .flatMap((file) => [
        ...(file.status === 'failed' && file.assertionResults.length === 0 ? [`${relative(copy, file.name)}: the file failed`] : []),
        ...file.assertionResults
          .filter((t) => t.status !== 'passed')
          .map((t) => `${relative(copy, file.name)} > ${t.fullName}: ${t.status}\n${t.failureMessages.join('\n').slice(0, 2000)}`),
      ])
      .join('\n\n');
    expect(failures, `${summary}\n\n${failures}\n\n${vitest.out.slice(-4000)}`).toBe('');
    expect(vitest.code, vitest.out.slice(-4000)).toBe(0);
    expect(report.success).toBe(true);
    expect(report.numFailedTests + report.numPendingTests + report.numTodoTests).toBe(0);
    expect(report.numPassedTests).toBe(report.numTotalTests);
    // "The whole suite": every test file of the copy (its suite project's include, as listed here from the disk), the
    // added API's own test among them, and none but this file, which runs last, alone, in the outer run.
    expect(ran).toEqual(testFiles(copy));
    expect(ran).toContain('src/apis/acme/acme.test.ts');
    expect(ran).not.toContain('test/apis/third-api.test.ts');
  }, 3_600_000);
});

/** Every test file of `dir`'s suite: `*.test.ts` under src/ and test/, the made-up API's source and this file aside. */
function testFiles(dir: string): string[] {
  const walk = (at: string): string[] =>
    readdirSync(join(dir, at), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(at, e.name)) : e.name.endsWith('.test.ts') ? [join(at, e.name)] : [],
    );
  return [...walk('src'), ...walk('test')]
    .filter((file) => !file.startsWith('test/apis/acme/src/') && file !== 'test/apis/third-api.test.ts')
    .sort();
}
