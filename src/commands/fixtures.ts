import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APIS } from '../apis/index.js';
import { parseFlags, UsageError, usage } from '../cli/args.js';
import type { Command } from '../cli/io.js';
import { DEFAULTS, MIN_USERS_PER_ORG } from '../mock/app.js';
import { fixtureFile } from '../mock/fixture-files.js';

const FIXTURES = {
  name: 'fixtures',
  description: 'Writes the generated data as editable fixture files (<api>.json) for `serve --fixtures DIR`.',
  flags: {
    out: { type: 'string', description: `Directory to write ${APIS.map((a) => `${a.name}.json`).join(' and ')} into` },
    seed: { type: 'number', description: 'Fixture seed', default: DEFAULTS.seed, integer: true, min: 0, max: 2 ** 32 - 1 },
    'users-per-org': {
      type: 'number',
      description: 'Users in every organization',
      default: DEFAULTS.usersPerOrg,
      integer: true,
      min: MIN_USERS_PER_ORG,
      max: 10_000,
    },
  },
} as const;

/** `orgmock fixtures --out DIR`: a starting point for a team's own data. */
export const fixtures: Command = async (argv, io) => {
  const flags = parseFlags(FIXTURES, argv, io.env);
  if (flags.help) {
    io.stdout(usage(FIXTURES));
    return 0;
  }
  if (!flags.out) throw new UsageError('--out is required', 'E_MISSING_FLAG', usage(FIXTURES));
  const dir = resolve(io.cwd, flags.out);
  mkdirSync(dir, { recursive: true });
  for (const api of APIS) {
    const file = join(dir, `${api.name}.json`);
    writeFileSync(file, fixtureFile(api, { seed: flags.seed, usersPerOrg: flags['users-per-org'] }));
    io.stdout(`wrote ${file}`);
  }
  return 0;
};
