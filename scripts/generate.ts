// Regenerates src/generated/specs.ts (the specs as data) from openapi/*.yaml, then src/generated/<api>.ts for every
// API of the registry, then the files that list the registry's APIs (src/apis/clients.ts, the public entries'
// re-exports, package.json's exports and lint:specs, the example verify configs in contracts/ and the README's
// CI recipe). The registry and the examples' generator are imported after the specs module is written: they
// load the specs from it.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { registryFiles } from '../src/codegen/registry-files.js';
import { generateSpecsModule, SPECS_MODULE } from '../src/codegen/specs.js';
import { generateTypes, typeTargets } from '../src/codegen/type-generator.js';

const root = new URL('../', import.meta.url);
await writeFile(new URL(SPECS_MODULE, root), await generateSpecsModule(root));
console.log(`openapi/*.yaml -> ${SPECS_MODULE}`);
const { APIS } = await import('../src/apis/index.js');
// Imported after the specs module too: the starter config reads specs through modules that load it.
const { exampleFiles } = await import('../src/codegen/examples.js');
for (const { spec, out } of typeTargets(APIS, root)) {
  await writeFile(new URL(out, root), await generateTypes(spec, root));
  console.log(`${spec} -> ${out}`);
}
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
for (const { file, text } of [...registryFiles(APIS, read), ...exampleFiles(APIS, read)]) {
  await writeFile(new URL(file, root), text);
  console.log(`APIS -> ${file}`);
}
