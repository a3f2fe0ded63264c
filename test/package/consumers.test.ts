// Issue 9: the consumer matrix. The packed tarball installed in a fresh project (test/package/support/packed.ts),
// then the README's own snippets run as written: plain Node, Vitest (node and jsdom) with msw/node, Jest (ESM mode,
// node and jest-fixed-jsdom), and strict TypeScript consumers under NodeNext and Bundler resolution.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerProject, packedPackage, type Packed, readmeSnippets, runIn, snippetsIn } from './support/packed.js';

let packed: Packed;
const bin = (name: string) => join(packed.consumer, 'node_modules/.bin', name);

beforeAll(async () => {
  packed = await packedPackage();
}, 300_000);

describe('the README snippets, run as written in a fresh project', () => {
  it('has the snippets these tests run', () => {
    const { files, commands } = readmeSnippets();
    expect(Object.keys(files).sort()).toEqual([
      'browser/main.js',
      'deno/serve.mjs',
      'jest-ts/jest.config.mjs',
      'jest-ts/org-users.test.ts',
      'jest/jest.config.mjs',
      'jest/org-users.test.mjs',
      'node/mock.mjs',
      'vitest/org-users.test.ts',
      'vitest/vitest.config.mjs',
    ]);
    expect(commands).toEqual({ jest: 'NODE_OPTIONS=--experimental-vm-modules npx jest', 'msw-init': 'npx msw init public/ --save' });
  });

  it('Node: createMockApp in-process and startMockServer over HTTP', async () => {
    const dir = consumerProject(packed, 'node', snippetsIn('node'));
    const r = await runIn(dir, process.execPath, ['mock.mjs']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^200 \d+\n$/);
  });

  it.each(['jsdom', 'node'])('Vitest in the %s environment with msw/node', async (environment) => {
    const files = snippetsIn('vitest');
    files['vitest.config.mjs'] = files['vitest.config.mjs']!.replace("environment: 'jsdom'", `environment: '${environment}'`);
    files['environment.test.ts'] =
      `import { expect, test } from 'vitest';\ntest('environment', () => expect(typeof document).toBe('${environment === 'jsdom' ? 'object' : 'undefined'}'));\n`;
    const dir = consumerProject(packed, `vitest-${environment}`, files);
    const r = await runIn(dir, bin('vitest'), ['run', '--reporter=verbose'], { CI: '1' });
    expect(r.stdout + r.stderr).toContain('a WORKSPACES user lists the organization, a USER may not');
    expect(r.stdout + r.stderr).toMatch(/Tests\s+2 passed \(2\)/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it.each(['jest-fixed-jsdom', 'node'])('Jest (ESM mode, the documented config) in the %s environment', async (environment) => {
    const files = snippetsIn('jest');
    files['jest.config.mjs'] = files['jest.config.mjs']!.replace(
      "testEnvironment: 'jest-fixed-jsdom'",
      `testEnvironment: '${environment}'`,
    );
    files['environment.test.mjs'] =
      `test('environment', () => expect(typeof document).toBe('${environment === 'node' ? 'undefined' : 'object'}'));\n`;
    const dir = consumerProject(packed, `jest-${environment}`, files);
    // The README's command: NODE_OPTIONS=--experimental-vm-modules npx jest
    const r = await runIn(dir, bin('jest'), ['--ci', '--verbose'], { NODE_OPTIONS: '--experimental-vm-modules' });
    expect(r.stdout + r.stderr).toContain('an org_admin lists its organization');
    expect(r.stdout + r.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

const STRICT = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUncheckedIndexedAccess: true,
  types: [],
  noEmit: true,
};

const CLIENT_TS = `import { createMockApp, orgmockHandlers } from 'orgmock';
import { bearer, createFlashbackClient, createSuperAIClient, type FlashbackOrgRole, mockBaseUrls } from 'orgmock/client';
import { orgmockHandlers as handlers } from 'orgmock/msw';
import type { components as Flashback } from 'orgmock/types/flashback';
import type { components as SuperAI, paths } from 'orgmock/types/superai';

type OrgRole = Flashback['schemas']['OrgRole'];
const role: OrgRole = 254;
const roles: FlashbackOrgRole[] = [role];
type User = SuperAI['schemas']['OrganizationUserResponse'];

export async function names(token: string, organizationId: string): Promise<string[]> {
  const superai = createSuperAIClient({ baseUrl: mockBaseUrls('http://localhost:4010').superai });
  const { data, error } = await superai.GET('/admin/organizations/{organization_id}/users', {
    params: { path: { organization_id: organizationId } },
    headers: bearer(token),
  });
  if (error && 'error' in error) return [String(error.error.code)];
  return (data ?? []).map((u: User) => u.first_name ?? '');
}

export async function flashbackTotal(token: string): Promise<number> {
  const { data } = await createFlashbackClient({ token }).GET('/organization/users');
  return data?.success ? (data.total ?? 0) : 0;
}

export const handle: (request: Request) => Response | Promise<Response> = createMockApp({ seed: 1 }).app.fetch;
export const count = [...orgmockHandlers(), ...handlers({ mockUrl: 'http://localhost:4010' })].length + roles.length;
export const path: keyof paths = '/admin/organizations/{organization_id}/users';
`;

/** Type errors a consumer must get: the types are real, not any. */
const WRONG_TS = `import { createFlashbackClient } from 'orgmock/client';
import type { components } from 'orgmock/types/flashback';
export const role: components['schemas']['OrgRole'] = 3;
export const users = createFlashbackClient().GET('/organization/user');
`;

describe('TypeScript consumers (strict, exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature, noUncheckedIndexedAccess, types: [])', () => {
  it.each([
    ['NodeNext', 'NodeNext'],
    ['Bundler', 'ESNext'],
  ])('moduleResolution %s: the client, the MSW handlers and the types check clean, and wrong code fails', async (resolution, module) => {
    const dir = consumerProject(packed, `ts-${resolution}`, {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { ...STRICT, module, moduleResolution: resolution },
        files: ['client.ts', 'wrong.ts'],
      }),
      'client.ts': CLIENT_TS,
      'wrong.ts': WRONG_TS,
    });
    // One run over both files: client.ts clean (nothing in orgmock's declarations either), wrong.ts its two errors.
    const r = await runIn(dir, bin('tsc'), ['-p', 'tsconfig.json']);
    const errors = r.stdout.split('\n').filter((l) => l.includes('error TS'));
    expect(errors, r.stdout + r.stderr).toHaveLength(2);
    expect(errors[0]).toContain("wrong.ts(3,14): error TS2322: Type '3' is not assignable");
    expect(errors[1]).toMatch(/^wrong\.ts\(4,/);
    expect(r.code).toBe(2);
  });
});
