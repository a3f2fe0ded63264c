// Issue 9: an edge runtime. Deno (installed from npm, the `deno` package) serves the installed package's
// app.fetch with the README's snippet; it answers exactly as the same package's app.fetch does in Node.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerProject, packedPackage, type Packed, ROOT, snippetsIn } from './support/packed.js';
import { startUntil } from './support/process.js';
import { ask, EXPECTED_STATUSES, probes } from './support/probes.js';

let packed: Packed;
let deno: ChildProcess | undefined;
let denoUrl: string;
let denoOutput: () => string = () => '';

/** Starts `deno run serve.mjs` on a free port; resolves with the URL it prints once listening. */
function startDeno(dir: string): Promise<string> {
  const started = startUntil(
    join(ROOT, 'node_modules/.bin/deno'),
    ['run', '--allow-net', '--allow-env', '--allow-read', 'serve.mjs'],
    { cwd: dir, env: { ...process.env, PORT: '0', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, '.deno'), NO_COLOR: '1' } },
    /Listening on (http:\/\/127\.0\.0\.1:\d+)\//,
    'Deno',
  );
  deno = started.child;
  denoOutput = started.output;
  return started.match;
}

beforeAll(async () => {
  packed = await packedPackage();
  const dir = consumerProject(packed, 'deno', snippetsIn('deno'));
  denoUrl = await startDeno(dir);
}, 300_000);

afterAll(() => {
  deno?.kill('SIGTERM');
});

describe('Deno serving the installed package (README snippet)', () => {
  it('answers both APIs with the same statuses, bodies and identities as app.fetch in Node', async () => {
    const { createMockApp } = (await import(join(packed.installed, 'dist/index.js'))) as typeof import('../../src/index.js');
    const { app } = createMockApp();
    const viaNode = (request: Request) => {
      const url = new URL(request.url);
      return app.fetch(new Request(`http://node.test${url.pathname}${url.search}`, request));
    };
    const idsDeno = await (await fetch(`${denoUrl}/__mock/identities`)).json();
    const idsNode = await (await viaNode(new Request('http://node.test/__mock/identities'))).json();
    expect(idsDeno).toEqual(idsNode);

    const list = probes(idsDeno, { flashback: denoUrl, superai: `${denoUrl}/api` });
    const fromDeno = await ask((r) => fetch(r), list);
    const fromNode = await ask(viaNode, list);
    expect(fromDeno.map((a) => a.status)).toEqual(EXPECTED_STATUSES);
    expect(fromDeno).toEqual(fromNode);
    expect(denoOutput()).not.toMatch(/error/i);
  });
});
