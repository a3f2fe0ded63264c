// Issue 9: the runtime-neutral entries (root, client, msw, testing) reach no Node built-in and no file system:
// esbuild bundles each one for the browser, where node:* cannot resolve.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/packed.js';

const NEUTRAL = [
  'src/index.ts',
  'src/client/index.ts',
  'src/msw/handlers.ts',
  'src/testing.ts',
  'src/generated/flashback.ts',
  'src/generated/superai.ts',
];

describe('runtime-neutral entries', () => {
  it.each(NEUTRAL)('%s bundles for the browser with no node:* module', async (entry) => {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: ROOT,
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => /(^|:)node:|\/(openapi\/load-file|server\/node|package-info)\.ts$/.test(f))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/from ?["']node:/);
  });

  it('the Node entry does reach node:http (so the test above can fail)', async () => {
    const bundle = build({
      entryPoints: ['src/node.ts'],
      absWorkingDir: ROOT,
      bundle: true,
      write: false,
      platform: 'browser',
      logLevel: 'silent',
    });
    await expect(bundle).rejects.toThrow(/node:http/);
  });
});
