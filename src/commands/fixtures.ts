/** `orgmock fixtures --out DIR`: the generated data as editable fixture files. */
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APIS } from '../apis/index.js';
import { defineCommand, UsageError } from '../cli/args.js';
import { fixtureChunks } from '../mock/fixture-files.js';
import { EXIT } from '../util/errors.js';
import { fixtureFlags } from './fixture-flags.js';

/** The files the command writes, in words: `flashback.json and superai.json`, `a.json, b.json and c.json`. */
const FILES = APIS.map((a) => `${a.name}.json`).reduce(
  (text, file, i, all) => (i === 0 ? file : `${text}${i === all.length - 1 ? ' and ' : ', '}${file}`),
  '',
);

const FIXTURES = {
  name: 'fixtures',
  description: 'Writes the generated data as editable fixture files (<api>.json) for `serve --fixtures DIR`.',
  flags: {
    out: { type: 'string', description: `Directory to write ${FILES} into`, required: true },
    ...fixtureFlags(10_000),
  },
} as const;

/** `orgmock fixtures --out DIR`: a starting point for a team's own data. */
export const fixtures = defineCommand(FIXTURES, async (flags, io) => {
  const dir = resolve(io.cwd, flags.out);
  const outError = (error: unknown, what: string): never => {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'a file is in the way (--out names the directory to write into)'
        : code === 'EISDIR'
          ? 'a directory is in the way'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? 'not allowed to write there'
            : 'cannot write there';
    if (!code) throw error;
    throw new UsageError(`--out ${flags.out}: ${what}: ${why} (${code})`, 'E_OUTPUT');
  };
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError(`--out ${flags.out} is a file; give the directory to write ${FILES} into`, 'E_OUTPUT');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    outError(error, 'cannot create the directory');
  }
  for (const api of APIS) {
    const file = join(dir, `${api.name}.json`);
    try {
      // Written one organization's users at a time: the whole dataset is never held.
      const fd = openSync(file, 'w');
      try {
        for (const chunk of fixtureChunks(api, { seed: flags.seed, usersPerOrg: flags['users-per-org'] })) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      outError(error, `cannot write ${api.name}.json`);
    }
    io.stdout(`wrote ${file}`);
  }
  return EXIT.ok;
});
