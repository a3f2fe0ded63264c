/**
 * Proves the README, CONTRIBUTING.md and docs/ link only to files and headings that exist: a
 * relative link names a file of this repository (the registry page resolves them against
 * `repository`), and a `#anchor` names a heading of the page it points into.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pages = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)].filter((p) => p.endsWith('.md'));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** A page's text without its fenced code blocks (links inside code are not links). */
const prose = (text: string) => text.replace(/```[\s\S]*?```/g, '');

const anchorsOf = (file: string) => [...prose(readFileSync(file, 'utf8')).matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!.trim()));

test.each(pages)('%s: every relative link and anchor resolves', (page) => {
  const text = prose(readFileSync(join(root, page), 'utf8'));
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target!)) continue;
    const [path, hash] = target!.split('#');
    const file = path ? join(root, dirname(page), path) : join(root, page);
    if (!existsSync(file)) broken.push(`${target} (no ${relative(root, file)})`);
    else if (hash && file.endsWith('.md') && !anchorsOf(file).includes(hash)) broken.push(`${target} (no heading)`);
  }
  expect(broken).toEqual([]);
});
