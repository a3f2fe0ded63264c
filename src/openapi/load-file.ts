/** Specs on disk (Node only): reading a spec file, and the path of a bundled spec's file in the package. */
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type Spec, toSpec } from './load.js';

/** Reads and parses a spec file. `name` defaults to the file's base name. */
export function loadSpec(file: string, name = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '')): Spec {
  const text = readFileSync(file, 'utf8');
  return toSpec(name, file, text, parse(text) as unknown);
}

/** The spec's file as an absolute path: a bundled spec's `openapi/<name>.yaml` ships in the package (one level above src/ and dist/). */
export function specFilePath(spec: Spec): string {
  return isAbsolute(spec.file) ? spec.file : fileURLToPath(new URL(`../../${spec.file}`, import.meta.url));
}
