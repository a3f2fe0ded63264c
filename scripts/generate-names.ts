// Regenerates src/apis/names.ts: the people's names and company words the fixture generators draw from,
// taken once from faker's English locale (MIT), so that serving needs no faker at run time. Each list is
// deduplicated by the slug an e-mail address is made of, so two names never give the same address.
import { writeFile } from 'node:fs/promises';
import { en } from '@faker-js/faker';
import { slug } from '../src/apis/fixture-kit.js';

const unique = (names: readonly string[]) => {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = slug(name);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
const person = en.person!;
const first = unique([
  ...((person.first_name as { generic?: string[]; female?: string[]; male?: string[] }).generic ?? []),
  ...((person.first_name as { female?: string[] }).female ?? []),
  ...((person.first_name as { male?: string[] }).male ?? []),
]);
const last = unique((person.last_name as { generic: string[] }).generic);
const legal = [...(en.company!.legal_entity_type as string[])];
const list = (name: string, doc: string, values: string[]) =>
  `/** ${doc} (${values.length}). */\nexport const ${name}: readonly string[] = ${JSON.stringify(values.join('|'))}.split('|');\n`;
const text = [
  '/**',
  " * Names the fixture generators draw from: faker's English locale (MIT), copied by scripts/generate-names.ts so that",
  ' * generating data needs no faker at run time. Each list has distinct e-mail slugs. Do not edit by hand.',
  ' */',
  list('FIRST_NAMES', 'First names', first),
  list('LAST_NAMES', 'Last names', last),
  list('LEGAL_ENTITY_TYPES', 'Company name suffixes', legal),
].join('\n');
await writeFile(new URL('../src/apis/names.ts', import.meta.url), text);
console.log(`src/apis/names.ts: ${first.length} first names, ${last.length} last names`);
