/**
 * Proves the registry is one list: every API's definition carries the client that the browser-safe
 * client list holds, in the same order, with the spec's first server as its base URL, and names agree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstServer } from '../../src/apis/define.js';
import { exampleFiles } from '../../src/codegen/examples.js';
import { registryFiles } from '../../src/codegen/registry-files.js';
import { API_CLIENTS } from '../../src/apis/clients.js';
import { APIS } from '../../src/apis/index.js';

describe('the API registry', () => {
  it('lists the same APIs, in the same order, as the browser-safe client list', () => {
    expect(APIS.map((a) => a.client)).toEqual([...API_CLIENTS]);
  });

  it.each(APIS.map((a) => [a.name, a] as const))(
    '%s: the spec is openapi/<name>.yaml and its first server is the client base URL',
    (name, api) => {
      expect(api.spec.name).toBe(name);
      expect(api.spec.file.endsWith(`openapi/${name}.yaml`)).toBe(true);
      expect(firstServer(api.spec)).toBe(api.client.baseUrl);
    },
  );

  it('the files that list every API are as `npm run generate` writes them from APIS (run it if this fails)', () => {
    const root = new URL('../../', import.meta.url);
    const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
    const files = registryFiles(APIS, read);
    expect(files.map((f) => f.file)).toEqual(['src/apis/clients.ts', 'src/client/index.ts', 'src/index.ts', 'package.json']);
    for (const { file, text } of files) expect(read(file), file).toBe(text);
    expect(() => registryFiles(APIS, (file) => (file === 'src/index.ts' ? '' : read(file)))).toThrow('src/index.ts: no generated region');
  });

  it("the example verify configs and the README's CI recipe are as `npm run generate` writes them from APIS (run it if this fails)", () => {
    const root = new URL('../../', import.meta.url);
    const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
    const files = exampleFiles(APIS, read);
    expect(files.map((f) => f.file)).toEqual(['contracts/verify.example.json', 'contracts/verify.expect.example.json', 'README.md']);
    for (const { file, text } of files) expect(read(file), file).toBe(text);
    // Every API has its section in both examples and its variables in the recipe (test/verify/ci-recipe.test.ts runs it).
    const example = JSON.parse(read('contracts/verify.example.json'));
    for (const api of APIS) {
      expect(Object.keys(example), api.name).toContain(api.name);
      expect(Object.keys(JSON.parse(read('contracts/verify.expect.example.json'))), api.name).toContain(api.name);
      expect(read('README.md'), api.name).toContain(`${api.name}.baseUrl=\${{ vars.STAGING_${api.name.toUpperCase()}_URL }}`);
      for (const [, name] of JSON.stringify(example[api.name]).matchAll(/"\$([A-Z][A-Z0-9_]*)"/g))
        expect(read('README.md')).toContain(`      ${name}: \${{ secrets.${name} }}`);
    }
    expect(() => exampleFiles(APIS, (file) => (file === 'README.md' ? '' : read(file)))).toThrow('README.md: no generated region');
  });

  it('names each API once', () => {
    expect(new Set(APIS.map((a) => a.name)).size).toBe(APIS.length);
  });
});
