// Regenerates src/generated/*.ts from openapi/*.yaml.
import { writeFile } from 'node:fs/promises';
import { TYPE_TARGETS, generateTypes } from '../src/codegen/types.js';

const root = new URL('../', import.meta.url);
for (const { spec, out } of TYPE_TARGETS) {
  await writeFile(new URL(out, root), await generateTypes(spec, root));
  console.log(`${spec} -> ${out}`);
}
