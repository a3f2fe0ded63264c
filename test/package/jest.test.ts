// Issue 23: the README's Jest recipes on Jest 29 and Jest 30, JavaScript (.mjs, no transform) and
// TypeScript (ts-jest in ESM mode), in the node and jest-fixed-jsdom environments, each in a project with
// the packed tarball and that Jest, run with the README's command.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extraConsumer, writeFiles } from './support/extra.js';
import { lockedVersion, packedPackage, type Packed, readmeSnippets, runIn, snippetsIn } from './support/packed.js';

let packed: Packed;
beforeAll(async () => {
  packed = await packedPackage();
}, 300_000);

const JEST = { 29: '29.7.0', 30: lockedVersion('jest') };
const TS_JEST = '29.4.15';

/** The recipe's files with the environment swapped, and a test that proves which environment ran. */
function recipe(kind: 'js' | 'ts', environment: string): Record<string, string> {
  const files = snippetsIn(kind === 'js' ? 'jest' : 'jest-ts');
  const config = Object.keys(files).find((f) => f.startsWith('jest.config'))!;
  files[config] = files[config]!.replace(/testEnvironment: '[^']+'/, `testEnvironment: '${environment}'`);
  expect(files[config]).toContain(`testEnvironment: '${environment}'`);
  const document = `expect(typeof document).toBe('${environment === 'node' ? 'undefined' : 'object'}')`;
  if (kind === 'js') files['environment.test.mjs'] = `test('environment', () => ${document});\n`;
  else
    files['environment.test.ts'] =
      `import { expect, test } from '@jest/globals';\ntest('environment', () => ${document.replace('document', 'globalThis.document')});\n`;
  return files;
}

describe.each([29, 30] as const)('Jest %i', (major) => {
  let project: string;
  beforeAll(async () => {
    const v = JEST[major];
    project = await extraConsumer(packed, `jest-${v}`, [
      `jest@${v}`,
      `jest-environment-jsdom@${v}`,
      `jest-fixed-jsdom@${lockedVersion('jest-fixed-jsdom')}`,
      `ts-jest@${TS_JEST}`,
      `typescript@${lockedVersion('typescript')}`,
      `msw@${lockedVersion('msw')}`,
    ]);
  }, 300_000);

  it.each([
    ['js', 'node'],
    ['js', 'jest-fixed-jsdom'],
    ['ts', 'node'],
    ['ts', 'jest-fixed-jsdom'],
  ] as const)(
    'the %s recipe in the %s environment',
    async (kind, environment) => {
      const dir = writeFiles(join(project, `${kind}-${environment}`), recipe(kind, environment));
      // The README's command: NODE_OPTIONS=--experimental-vm-modules npx jest
      expect(readmeSnippets().commands.jest).toBe('NODE_OPTIONS=--experimental-vm-modules npx jest');
      const r = await runIn(dir, join(project, 'node_modules/.bin/jest'), ['--ci', '--verbose', '--rootDir', dir], {
        NODE_OPTIONS: '--experimental-vm-modules',
      });
      const output = r.stdout + r.stderr;
      expect(output).toContain(kind === 'js' ? 'an org_admin lists its organization' : 'an OWNER lists the organization');
      expect(output).toMatch(/Tests:\s+2 passed, 2 total/);
      expect(r.code, output).toBe(0);
    },
    240_000,
  );
});
