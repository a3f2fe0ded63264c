// Issue 9: an edge runtime. Deno (installed from npm, the `deno` package) serves the installed package's
// app.fetch with the README's snippet; it answers exactly as the same package's app.fetch does in Node.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerProject, packedPackage, type Packed, ROOT, snippetsIn } from './support/packed.js';
import { ask, EXPECTED_STATUSES, probes } from './support/probes.js';

let packed: Packed;
let deno: ChildProcess | undefined;
let denoUrl: string;
let denoOutput = '';

/** Starts `deno run serve.mjs` on a free port; resolves with the URL it prints once listening. */
function startDeno(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/deno'), ['run', '--allow-net', '--allow-env', '--allow-read', 'serve.mjs'], {
      cwd: dir,
      env: { ...process.env, PORT: '0', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, '.deno'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    deno = child;
    const timer = setTimeout(() => reject(new Error(`Deno did not start in 60 s:\n${denoOutput}`)), 60_000);
    const watch = (chunk: Buffer) => {
      denoOutput += chunk;
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(denoOutput);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Deno exited with ${code}:\n${denoOutput}`));
    });
  });
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
    expect(denoOutput).not.toMatch(/error/i);
  });
});
