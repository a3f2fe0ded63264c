// Proves: what `npm pack` ships, and the installed package in a plain Node project (ESM and
// require), its `orgmock` command (compiled, --version, Dredd optional), publint and attw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { consumerProject, packedPackage, type Packed, ROOT, runIn } from './support/packed.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, string | Record<string, unknown>>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
let packed: Packed;

beforeAll(async () => {
  packed = await packedPackage();
}, 300_000);

/** Every file path an exports entry points at, nested conditions included. */
const targets = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(targets) : [];

describe('the tarball (npm pack)', () => {
  it('ships compiled JavaScript and declarations for every entry, and no tests, benchmarks, CI files or sources', () => {
    const paths = packed.files.map((f) => f.path);
    for (const target of Object.values(pkg.exports).flatMap(targets)) expect(paths, target).toContain(target.replace(/^\.\//, ''));
    expect(paths).toContain('dist/bin.js');
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    const outside = paths.filter((p) => !p.startsWith('dist/'));
    expect(outside.sort()).toEqual(
      [
        'LICENSE',
        'README.md',
        'contracts/dredd-hooks.cjs',
        'contracts/verify.example.json',
        'contracts/verify.expect.example.json',
        'fixtures/README.md',
        // every spec of the registry (package.json's files ship openapi/)
        ...APIS.map((api) => `openapi/${api.name}.yaml`),
        'package.json',
      ].sort(),
    );
    expect(paths.filter((p) => /\.test\.|(^|\/)(test|bench|\.ci|scripts|examples|codegen)\/|^fixtures\/example/.test(p))).toEqual([]);
  });

  it('ships the MIT LICENSE its license field names, the starter files the README points at, and where the project lives', () => {
    const installed = JSON.parse(readFileSync(join(packed.installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(installed.license).toBe('MIT');
    expect(readFileSync(join(packed.installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(installed.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) });
    expect(installed.homepage).toMatch(/^https:\/\//);
    expect(installed.bugs).toEqual({ url: expect.stringMatching(/^https:\/\/.+\/issues$/) });
    const readme = readFileSync(join(packed.installed, 'README.md'), 'utf8');
    for (const starter of ['contracts/verify.example.json', 'contracts/verify.expect.example.json', 'fixtures/README.md']) {
      expect(readme, starter).toContain(starter);
      expect(readFileSync(join(packed.installed, starter), 'utf8')).toBe(readFileSync(join(ROOT, starter), 'utf8'));
    }
  });

  it('needs no TypeScript at run time and leaves Dredd to an optional peer dependency', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('dredd');
    expect(pkg.peerDependencies.dredd).toBeDefined();
    const installed = JSON.parse(readFileSync(join(packed.installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(installed.bin.orgmock).toBe('dist/bin.js');
  });

  it('is clean under publint (strict) and arethetypeswrong (ESM-only profile)', async () => {
    const publint = await runIn(ROOT, join(ROOT, 'node_modules/.bin/publint'), ['run', packed.tarball, '--strict']);
    expect(publint.stdout + publint.stderr).toContain('All good!');
    expect(publint.code).toBe(0);
    const attw = await runIn(ROOT, join(ROOT, 'node_modules/.bin/attw'), [
      packed.tarball,
      '--profile',
      'esm-only',
      '--format',
      'table-flipped',
    ]);
    // ESM only: the CommonJS and node10 columns are ignored by the profile (require(esm) works on Node 20.19+, tested below).
    const problems = (attw.stdout + attw.stderr).split('\n').filter((l) => /💀|❌|🥴|🐛|❗️|⚠️/u.test(l) && !/ignored/.test(l));
    expect(problems).toEqual([]);
    expect(attw.code, attw.stdout + attw.stderr).toBe(0);
  });
});

describe('installed in a plain Node project', () => {
  it('imports as ESM and requires as CommonJS (require(esm), Node 20.19+), and the mock answers', async () => {
    const dir = consumerProject(packed, 'node-plain', {
      'esm.mjs': `import { createMockApp, startMockServer } from 'orgmock';
import { createFlashbackClient } from 'orgmock/client';
const { app } = createMockApp();
const ids = await (await app.fetch(new Request('http://mock.test/__mock/identities'))).json();
const owner = ids.flashback.find((i) => i.orgRole === 255 && !i.deleted);
const server = await startMockServer({ port: 0 });
const { response, data } = await createFlashbackClient({ baseUrl: server.url, token: owner.token }).GET('/organization/users');
await server.close();
console.log(JSON.stringify({ status: response.status, success: data.success, startMockServer: typeof startMockServer }));
`,
      'cjs.cjs': `const { createMockApp } = require('orgmock');
createMockApp().app.fetch(new Request('http://mock.test/organization/users')).then((r) => console.log(JSON.stringify({ status: r.status })));
`,
    });
    const esm = await runIn(dir, process.execPath, ['esm.mjs']);
    expect(esm.stderr).toBe('');
    expect(JSON.parse(esm.stdout)).toEqual({ status: 200, success: true, startMockServer: 'function' });
    const cjs = await runIn(dir, process.execPath, ['cjs.cjs']);
    expect(cjs.stderr).toBe('');
    expect(JSON.parse(cjs.stdout)).toEqual({ status: 401 });
  });

  it('runs the compiled orgmock command: --version, -v, help', async () => {
    const bin = join(packed.consumer, 'node_modules/.bin/orgmock');
    for (const flag of ['--version', '-v']) {
      const r = await runIn(packed.consumer, bin, [flag]);
      expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
    const help = await runIn(packed.consumer, bin, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: orgmock <command>');
  });

  it('without Dredd installed: `orgmock dredd --help` works, running it exits 2 with the install command', async () => {
    const bin = join(packed.consumer, 'node_modules/.bin/orgmock');
    const help = await runIn(packed.consumer, bin, ['dredd', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: orgmock dredd');
    const runIt = await runIn(packed.consumer, bin, ['dredd', '--config', 'orgmock.json']);
    expect(runIt.code).toBe(2);
    expect(runIt.stderr).toBe(
      `orgmock dredd: Dredd is not installed (it is an optional peer dependency of orgmock). Install it with: npm install --save-dev dredd@${pkg.peerDependencies.dredd} [E_DREDD_MISSING]\n`,
    );
    expect(runIt.stderr).not.toContain('internal error');
  });
});
