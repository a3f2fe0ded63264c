// Regenerates src/generated/*.ts from openapi/*.yaml: the types, and the specs as data.
import { writeFile } from 'node:fs/promises';
import { generateSpecsModule, SPECS_MODULE } from '../src/codegen/specs.js';
import { TYPE_TARGETS, generateTypes } from '../src/codegen/types.js';

const root = new URL('../', import.meta.url);
for (const { spec, out } of TYPE_TARGETS) {
  await writeFile(new URL(out, root), await generateTypes(spec, root));
  console.log(`${spec} -> ${out}`);
}
await writeFile(new URL(SPECS_MODULE, root), await generateSpecsModule(root));
console.log(`openapi/*.yaml -> ${SPECS_MODULE}`);
