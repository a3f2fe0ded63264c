// Issue 23: TypeScript's `moduleResolution: node` (node10), which reads no `exports`, finds every
// subpath's types through package.json's `typesVersions`, kept equal to `exports`; and what
// arethetypeswrong says under its default profile is only what the README explains.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerProject, packedPackage, type Packed, ROOT, runIn } from './support/packed.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types?: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
};

let packed: Packed;
beforeAll(async () => {
  packed = await packedPackage();
}, 300_000);

describe('typesVersions', () => {
  it('maps every subpath of exports to the same declarations', () => {
    const fromExports = Object.fromEntries(
      Object.entries(pkg.exports)
        .filter(([path, target]) => path !== '.' && typeof target === 'object' && target.types)
        .map(([path, target]) => [path.slice(2), [(target as { types: string }).types]]),
    );
    expect(pkg.typesVersions).toEqual({ '*': fromExports });
  });
});

const NODE10_TS = `import { createMockApp } from 'orgmock';
import { startMockServer } from 'orgmock/node';
import { createFlashbackClient, createSuperAIClient } from 'orgmock/client';
import { orgmockHandlers } from 'orgmock/msw';
import type { components } from 'orgmock/types/flashback';
import type { paths } from 'orgmock/types/superai';
import { createSession } from 'orgmock/testing';

export const role: components['schemas']['OrgRole'] = 255;
export const path: keyof paths = '/admin/organizations/{organization_id}/users';
export const clients = [createFlashbackClient(), createSuperAIClient()];
export const count = orgmockHandlers().length + (typeof startMockServer === 'function' ? 1 : 0);
export const app = createMockApp().app;
export const session = typeof createSession;
`;

describe('moduleResolution: node (node10)', () => {
  it('finds orgmock, /node, /client, /msw, /testing and /types/* and checks clean; a wrong role still fails', async () => {
    const dir = consumerProject(packed, 'ts-node10', {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          module: 'CommonJS',
          moduleResolution: 'node',
          strict: true,
          skipLibCheck: false,
          types: [],
          noEmit: true,
        },
        files: ['index.ts', 'wrong.ts'],
      }),
      'index.ts': NODE10_TS,
      'wrong.ts': "import type { components } from 'orgmock/types/flashback';\nexport const role: components['schemas']['OrgRole'] = 3;\n",
    });
    const r = await runIn(dir, join(packed.consumer, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json']);
    const errors = r.stdout.split('\n').filter((l) => l.includes('error TS'));
    expect(errors, r.stdout + r.stderr).toHaveLength(1);
    expect(errors[0]).toContain("wrong.ts(2,14): error TS2322: Type '3' is not assignable");
  }, 240_000);
});

describe('arethetypeswrong, default profile', () => {
  it("node10 and bundler resolve every entry; the only findings are the README's (CommonJS importers of an ESM-only package)", async () => {
    const attw = await runIn(ROOT, join(ROOT, 'node_modules/.bin/attw'), [packed.tarball, '--format', 'json']);
    const report = JSON.parse(attw.stdout) as { analysis: { problems: { kind: string; resolutionKind?: string; entrypoint?: string }[] } };
    const kinds = [...new Set(report.analysis.problems.map((p) => `${p.kind} (${p.resolutionKind ?? '-'})`))].sort();
    expect(kinds).toEqual(['CJSResolvesToESM (node16-cjs)']);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('`CJSResolvesToESM`');
  }, 240_000);
});
