// Issue 23: msw is an optional peer dependency (package.json's range), so a project has one msw and the
// handlers are built by it. The oldest and the newest msw 2.x in the range, each in a fresh project with
// the packed tarball: no second msw under orgmock; from ESM and CommonJS JavaScript the handlers answer
// under setupServer; strict TypeScript checks clean from an ESM file and from a CommonJS file (.cts,
// which sees msw's CommonJS declarations and so passes its own `http`, as the README says).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extraConsumer, writeFiles } from './support/extra.js';
import { lockedVersion, packedPackage, type Packed, ROOT, runIn } from './support/packed.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const RANGE: string = pkg.peerDependencies.msw;
const OLDEST = RANGE.replace(/^\^/, '');
const NEWEST = lockedVersion('msw');

let packed: Packed;
beforeAll(async () => {
  packed = await packedPackage();
}, 300_000);

const ESM = `import { setupServer } from 'msw/node';
import { orgmockHandlers } from 'orgmock/msw';

const server = setupServer(...orgmockHandlers({ mockUrl: 'http://orgmock.test' }));
server.listen({ onUnhandledRequest: 'error' });
const { flashback } = await (await fetch('http://orgmock.test/__mock/identities')).json();
const owner = flashback.find((i) => i.orgRole === 255 && !i.deleted);
const res = await fetch('https://backend.flashback.tech/organization/users', { headers: { Authorization: \`Bearer \${owner.token}\` } });
console.log(res.status, (await res.json()).total);
server.close();
`;

const CJS = `const { setupServer } = require('msw/node');
const { http } = require('msw');
const { orgmockHandlers } = require('orgmock/msw');

(async () => {
  const server = setupServer(...orgmockHandlers({ http, mockUrl: 'http://orgmock.test' }));
  server.listen({ onUnhandledRequest: 'error' });
  const { superai } = await (await fetch('http://orgmock.test/__mock/identities')).json();
  const admin = superai.find((i) => i.role === 'org_admin' && i.status === 'active');
  const res = await fetch(\`https://flows.super.ai/api/admin/organizations/\${admin.organizationId}/users\`, { headers: { Authorization: \`Bearer \${admin.token}\` } });
  console.log(res.status, (await res.json()).length > 0);
  server.close();
})();
`;

const ESM_TS = `import { setupServer } from 'msw/node';
import { orgmockHandlers } from 'orgmock/msw';
export const server = setupServer(...orgmockHandlers({ mockUrl: 'http://orgmock.test' }));
`;

const CJS_TS = `import { http } from 'msw';
import { setupServer } from 'msw/node';
import { orgmockHandlers } from 'orgmock/msw';
export const server = setupServer(...orgmockHandlers({ http, mockUrl: 'http://orgmock.test' }));
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    types: [],
    noEmit: true,
  },
  files: ['esm.ts', 'cjs.cts'],
});

describe.each([
  ['oldest', () => OLDEST],
  ['newest', () => NEWEST],
])('msw %s in the peer range', (_, version) => {
  let dir: string;
  beforeAll(async () => {
    const project = await extraConsumer(packed, `msw-${version()}`, [`msw@${version()}`, `typescript@${lockedVersion('typescript')}`]);
    dir = writeFiles(join(project, 'app'), {
      'esm.mjs': ESM,
      'cjs.cjs': CJS,
      'esm.ts': ESM_TS,
      'cjs.cts': CJS_TS,
      'tsconfig.json': TSCONFIG,
    });
  }, 300_000);

  it('is the only msw installed: orgmock brings none of its own', () => {
    const root = join(dir, '..', 'node_modules');
    expect(JSON.parse(readFileSync(join(root, 'msw/package.json'), 'utf8')).version).toBe(version());
    expect(existsSync(join(root, 'orgmock/node_modules/msw'))).toBe(false);
    expect(JSON.parse(readFileSync(join(root, 'orgmock/package.json'), 'utf8')).peerDependencies.msw).toBe(RANGE);
  });

  it('answers through setupServer from ESM and from CommonJS (require, the http passed in)', async () => {
    const esm = await runIn(dir, process.execPath, ['esm.mjs']);
    expect(esm.stderr).toBe('');
    expect(esm.stdout).toMatch(/^200 \d+\n$/);
    const cjs = await runIn(dir, process.execPath, ['cjs.cjs']);
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout).toBe('200 true\n');
  }, 240_000);

  it('strict TypeScript checks clean: ESM with the default http, CommonJS (.cts) with its own', async () => {
    const tsc = await runIn(dir, join(dir, '..', 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  }, 240_000);
});
