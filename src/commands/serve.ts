import { parseFlags, UsageError, usage } from '../cli/args.js';
import type { Command } from '../cli/io.js';
import { APIS } from '../apis/index.js';
import { DEFAULTS, MAX_USERS_PER_ORG, MIN_USERS_PER_ORG } from '../mock/app.js';
import { banner } from '../mock/banner.js';
import { parseLatency } from '../mock/faults.js';
import { FixtureError, readFixtureDir } from '../mock/fixture-files.js';
import { startMockServer } from '../server/node.js';

const SERVE = {
  name: 'serve',
  description: `Runs the mock of every API (${APIS.map((a) => `${a.title} at ${a.spec.basePath}${a.operation.path}`).join(', ')}).`,
  flags: {
    port: {
      type: 'number',
      description: 'Port to listen on (0 picks a free one)',
      default: 4010,
      min: 0,
      max: 65535,
      integer: true,
      env: 'PORT',
    },
    host: { type: 'string', description: 'Address to listen on', default: '127.0.0.1' },
    seed: { type: 'number', description: 'Fixture seed', default: DEFAULTS.seed, integer: true, min: 0, max: 2 ** 32 - 1 },
    'users-per-org': {
      type: 'number',
      description: 'Users in every organization',
      default: DEFAULTS.usersPerOrg,
      integer: true,
      min: MIN_USERS_PER_ORG,
      max: MAX_USERS_PER_ORG,
    },
    fixtures: { type: 'string', description: `Directory with ${APIS.map((a) => `${a.name}.json`).join(' and/or ')} to serve instead` },
    latency: { type: 'string', description: 'Added latency MIN-MAX in ms, e.g. 50-300' },
    'error-rate': {
      type: 'number',
      description: 'Share of requests (0 to 1) answered with the documented 500',
      default: 0,
      min: 0,
      max: 1,
    },
  },
} as const;

/** `orgmock serve`: starts the mock and runs until SIGINT/SIGTERM. */
export const serve: Command = async (argv, io) => {
  const flags = parseFlags(SERVE, argv, io.env);
  if (flags.help) {
    io.stdout(usage(SERVE));
    return 0;
  }
  const latency = flags.latency === undefined ? undefined : parseLatency(flags.latency);
  if (latency === null)
    throw new UsageError(`--latency must be MIN-MAX milliseconds (at most 60000), got "${flags.latency}"`, 'E_FLAG_VALUE', usage(SERVE));
  let datasets;
  try {
    datasets = flags.fixtures === undefined ? undefined : readFixtureDir(flags.fixtures, APIS, flags.seed);
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    io.stderr(`orgmock serve: ${error.message} [E_FIXTURE]`);
    return 2;
  }
  let server;
  try {
    server = await startMockServer({
      port: flags.port,
      host: flags.host,
      seed: flags.seed,
      usersPerOrg: flags['users-per-org'],
      errorRate: flags['error-rate'],
      ...(latency ? { latency } : {}),
      ...(datasets ? { datasets } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.stderr(`orgmock serve: cannot listen on ${flags.host}:${flags.port} (${code}) [E_LISTEN]`);
      return 2;
    }
    throw error;
  }
  io.stdout(banner(server));
  await io.stopSignal;
  await server.close();
  return 0;
};
