// Issue 9: the specs ship as data (src/generated/specs.ts), equal to openapi/*.yaml, so the engine reads no files.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateSpecsModule, SPECS_MODULE } from '../src/codegen/specs.js';
import { APIS } from '../src/apis/index.js';
import { BUNDLED_SPECS } from '../src/generated/specs.js';
import { loadBundledSpec } from '../src/openapi/load.js';

const root = new URL('../', import.meta.url);

describe('bundled specs (src/generated/specs.ts)', () => {
  it('is fresh (run `npm run generate` if this fails)', async () => {
    expect(await readFile(new URL(SPECS_MODULE, root), 'utf8')).toBe(await generateSpecsModule(root));
  });

  it.each(APIS.map((a) => a.name))('%s: text and document equal openapi/%s.yaml', async (name) => {
    const text = await readFile(new URL(`openapi/${name}.yaml`, root), 'utf8');
    expect(BUNDLED_SPECS[name]?.text).toBe(text);
    const spec = loadBundledSpec(name);
    expect(spec.doc).toEqual(parse(text));
    expect(spec.file).toBe(`openapi/${name}.yaml`);
  });

  it('gives every caller its own copy, and names the known specs for an unknown one', () => {
    const a = loadBundledSpec('flashback');
    (a.doc.info as { title: string }).title = 'changed';
    expect((loadBundledSpec('flashback').doc.info as { title: string }).title).not.toBe('changed');
    expect(() => loadBundledSpec('nope')).toThrow(`no bundled spec named "nope" (known: ${Object.keys(BUNDLED_SPECS).join(', ')})`);
    expect(Object.keys(BUNDLED_SPECS)).toEqual(expect.arrayContaining(APIS.map((a) => a.name)));
  });
});
