// The report file: its directory made when missing, written to a temporary file beside it and
// renamed over it, so a reader (or a crash) never sees an empty or half-written report.
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OrgmockError } from '../util/errors.js';

const outputError = (shown: string, error: unknown) =>
  new OrgmockError(`--output ${shown} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'E_OUTPUT');

/** Before any request: makes the directory and checks the file could be written there (without touching an existing report). */
export async function prepareOutput(path: string, shown: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await access(dirname(path), constants.W_OK);
    const existing = await stat(path).catch(() => null);
    if (existing?.isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
  } catch (error) {
    throw outputError(shown, error);
  }
}

/** Writes `text` to a temporary file in the same directory, then renames it over `path`. */
export async function writeAtomically(path: string, text: string, shown: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw outputError(shown, error);
  }
}
