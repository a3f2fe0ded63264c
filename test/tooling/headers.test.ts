/**
 * Proves every source module (src/generated aside) opens with a header comment saying what it is
 * for: a comment that stands alone (followed by a blank line, an import or another comment), not
 * the doc comment of its first declaration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** True when the text opens (after a shebang) with a comment that is not attached to a declaration. */
function hasHeader(text: string): boolean {
  const lines = text.split('\n');
  let i = lines[0]?.startsWith('#!') ? 1 : 0;
  if (lines[i]?.startsWith('//')) while (lines[i]?.startsWith('//')) i++;
  else if (lines[i]?.startsWith('/*')) {
    while (i < lines.length && !lines[i]!.trimEnd().endsWith('*/')) i++;
    i++;
  } else return false;
  const next = lines[i] ?? '';
  return next.trim() === '' || /^(import |export \*|export \{|\/\/|\/\*)/.test(next);
}

test('the check itself: a doc comment of the first declaration is no header', () => {
  expect(hasHeader('/** The mock. */\nimport { x } from "y";\n')).toBe(true);
  expect(hasHeader('// The mock.\n\nconst x = 1;\n')).toBe(true);
  expect(hasHeader('/** A thing. */\nexport const x = 1;\n')).toBe(false);
  expect(hasHeader('import { x } from "y";\n')).toBe(false);
});

test('every module in src/ opens with a header comment saying what it is for', () => {
  const missing = sources(join(root, 'src'))
    .filter((file) => !hasHeader(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file));
  expect(missing).toEqual([]);
});
