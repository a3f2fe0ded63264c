// Regenerates src/generated/specs.ts (the specs as data) from openapi/*.yaml, then src/generated/<api>.ts for every
// API of the registry, then the files that list the registry's APIs (src/apis/clients.ts, the public entries'
// re-exports, package.json's exports and lint:specs). The registry is imported after the specs module is written: it
// loads the specs from it.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { registryFiles } from '../src/codegen/registry-files.js';
import { generateSpecsModule, SPECS_MODULE } from '../src/codegen/specs.js';
import { generateTypes, typeTargets } from '../src/codegen/type-generator.js';

const root = new URL('../', import.meta.url);
await writeFile(new URL(SPECS_MODULE, root), await generateSpecsModule(root));
console.log(`openapi/*.yaml -> ${SPECS_MODULE}`);
const { APIS } = await import('../src/apis/index.js');
for (const { spec, out } of typeTargets(APIS, root)) {
  await writeFile(new URL(out, root), await generateTypes(spec, root));
  console.log(`${spec} -> ${out}`);
}
for (const { file, text } of registryFiles(APIS, (path) => readFileSync(new URL(path, root), 'utf8'))) {
  await writeFile(new URL(file, root), text);
  console.log(`APIS -> ${file}`);
}
