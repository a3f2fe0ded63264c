// Regenerates src/generated/<api>.ts from openapi/<api>.yaml for every API of the registry.
import { writeFile } from 'node:fs/promises';
import { APIS } from '../src/apis/index.js';
import { generateTypes, typeTargets } from '../src/codegen/type-generator.js';

const root = new URL('../', import.meta.url);
for (const { spec, out } of typeTargets(APIS, root)) {
  await writeFile(new URL(out, root), await generateTypes(spec, root));
  console.log(`${spec} -> ${out}`);
}
