/** `orgmock serve`: the mock of every API on one port, until SIGINT/SIGTERM. */
import { defineCommand, UsageError, usage } from '../cli/args.js';
import { APIS } from '../apis/index.js';
import { MAX_USERS_PER_ORG } from '../mock/app.js';
import { banner, printable } from '../mock/banner.js';
import { parseLatency } from '../mock/faults.js';
import { parseCorsOrigins } from '../mock/cors.js';
import { SESSION_LIMITS } from '../mock/sessions.js';
import { isLoopback } from '../server/host-guard.js';
import { type RunningServer, startMockServer } from '../server/node.js';
import type { RedisSessionStore } from '../server/redis-store.js';
import { EXIT, OrgmockError } from '../util/errors.js';
import { fixtureFlags } from './fixture-flags.js';
import type { JwtSignIn } from '../mock/jwt.js';

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
    'allowed-hosts': {
      type: 'string',
      description:
        'Comma-separated Host names to answer besides localhost and IP addresses when bound to loopback (.example.com allows subdomains)',
    },
    'cors-origins': {
      type: 'string',
      description:
        'Comma-separated origins (https://app.example.com) whose pages may read the mock besides those on this machine (localhost, *.localhost, 127.0.0.0/8, [::1]); * for every origin',
    },
    ...fixtureFlags(MAX_USERS_PER_ORG),
    fixtures: { type: 'string', description: `Directory with ${APIS.map((a) => `${a.name}.json`).join(' and/or ')} to serve instead` },
    latency: { type: 'string', description: 'Added latency MIN-MAX in ms, e.g. 50-300' },
    'error-rate': {
      type: 'number',
      description: 'Share of requests (0 to 1) answered with the documented 500',
      default: 0,
      min: 0,
      max: 1,
    },
    'max-sessions': {
      type: 'number',
      description: 'Live sessions at most (POST /__mock/sessions past it is a 429)',
      default: SESSION_LIMITS.maxSessions,
      min: 1,
      max: 100_000,
      integer: true,
    },
    'require-session': { type: 'boolean', description: 'Refuse API requests that name no session (400)' },
    store: {
      type: 'string',
      description: 'Where sessions and their journals live: memory, or redis://host:port[/db] shared by replicas',
      default: 'memory',
    },
    'jwt-secret': {
      type: 'string',
      description:
        'Also sign in with HS256 JWTs signed with this secret whose sub is a userId of /__mock/identities (never printed; prefer the env variable)',
      env: 'ORGMOCK_JWT_SECRET',
    },
    'jwt-issuer': { type: 'string', description: "With --jwt-secret: a JWT's iss must equal this" },
    'jwt-audience': { type: 'string', description: "With --jwt-secret: a JWT's aud must equal (or hold) this" },
  },
} as const;

/** How long requests in flight get to finish after SIGINT/SIGTERM. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Listen errors that are the user's (a name that does not resolve, a port taken or not allowed). */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'the port is in use',
  EACCES: 'not allowed to listen there',
  EADDRNOTAVAIL: 'the address is not one of this machine',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved',
  EAI_FAIL: 'the host name could not be resolved',
  EAFNOSUPPORT: 'the address family is not supported',
  EINVAL: 'not a valid address to listen on',
};

/** `--jwt-secret` (or ORGMOCK_JWT_SECRET) with `--jwt-issuer`/`--jwt-audience`, checked; never echoed. */
function jwtSignIn(flags: {
  'jwt-secret'?: string | undefined;
  'jwt-issuer'?: string | undefined;
  'jwt-audience'?: string | undefined;
}): JwtSignIn | undefined {
  const secret = flags['jwt-secret'];
  const issuer = flags['jwt-issuer'];
  const audience = flags['jwt-audience'];
  if (secret === undefined || secret === '') {
    if (secret === '') throw new UsageError('--jwt-secret (or ORGMOCK_JWT_SECRET) is empty', 'E_FLAG_VALUE', usage(SERVE));
    if (issuer !== undefined || audience !== undefined)
      throw new UsageError('--jwt-issuer and --jwt-audience need --jwt-secret (or ORGMOCK_JWT_SECRET)', 'E_FLAG_VALUE', usage(SERVE));
    return undefined;
  }
  return { secret, ...(issuer !== undefined ? { issuer } : {}), ...(audience !== undefined ? { audience } : {}) };
}

/** `orgmock serve`: starts the mock and runs until SIGINT/SIGTERM, then drains requests in flight. */
export const serve = defineCommand(SERVE, async (flags, io, secrets) => {
  const latency = flags.latency === undefined ? undefined : parseLatency(flags.latency);
  if (latency === null)
    throw new UsageError(`--latency must be MIN-MAX milliseconds (at most 60000), got "${flags.latency}"`, 'E_FLAG_VALUE', usage(SERVE));
  const allowedHosts = flags['allowed-hosts']
    ?.split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (allowedHosts?.some((h) => !/^\.?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(h)))
    throw new UsageError(
      '--allowed-hosts must be comma-separated host names, e.g. mock.test,.internal.example',
      'E_FLAG_VALUE',
      usage(SERVE),
    );
  const cors = flags['cors-origins'] === undefined ? undefined : parseCorsOrigins(flags['cors-origins']);
  if (cors && 'error' in cors) throw new UsageError(`--cors-origins: ${cors.error}`, 'E_FLAG_VALUE', usage(SERVE));
  // Loaded only for --fixtures: checking fixture files needs the schema validator, which a default start does not.
  const datasets =
    flags.fixtures === undefined ? undefined : (await import('../mock/fixture-files.js')).readFixtureDir(flags.fixtures, APIS, flags.seed);
  if (flags.store !== 'memory' && !/^rediss?:\/\/[^\s]+$/i.test(flags.store))
    throw new UsageError(
      `--store must be memory or redis://host:port, got "${printable(flags.store.slice(0, 100))}"`,
      'E_FLAG_VALUE',
      usage(SERVE),
    );
  const jwt = jwtSignIn(flags);
  if (jwt) secrets.add([jwt.secret]);
  // Sessions and journals shared by every process on the same Redis; an unreachable Redis is exit 2 (E_STORE).
  const store: RedisSessionStore | undefined =
    flags.store === 'memory' ? undefined : await (await import('../server/redis-store.js')).connectRedisStore(flags.store);
  let server: RunningServer;
  try {
    server = await startMockServer({
      port: flags.port,
      host: flags.host,
      seed: flags.seed,
      usersPerOrg: flags['users-per-org'],
      errorRate: flags['error-rate'],
      ...(latency ? { latency } : {}),
      ...(datasets ? { datasets } : {}),
      ...(allowedHosts ? { allowedHosts } : {}),
      sessions: { maxSessions: flags['max-sessions'], requireSession: flags['require-session'], ...(store ? { store } : {}) },
      ...(cors ? { corsOrigins: cors.origins } : {}),
      ...(jwt ? { jwt } : {}),
    });
  } catch (error) {
    await store?.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && code in LISTEN_ERRORS)
      throw new OrgmockError(`${LISTEN_ERRORS[code]}; cannot listen on ${printable(flags.host)}:${flags.port} (${code})`, 'E_LISTEN');
    throw error;
  }
  // Only now are signal handlers installed (see CliIO.stopSignal): a long start dies on a signal at
  // once. Before the banner, so that whoever waits for it can stop the mock gracefully.
  const stopped = io.stopSignal;
  if (cors?.origins.includes('*'))
    io.stderr(
      'orgmock serve: warning: --cors-origins * lets a page on any web site read the mock, every token at /__mock/identities included',
    );
  if (!isLoopback(flags.host))
    io.stderr(
      `orgmock serve: warning: listening on ${printable(flags.host)}, not loopback: every token (/__mock/identities) and the fixture data can be read from the network at ${server.addresses.join(', ')}`,
    );
  io.stdout(banner(server));
  if (jwt)
    io.stdout(
      `JWT sign-in: HS256 tokens signed with the --jwt-secret whose sub is a userId of ${server.url}/__mock/identities${jwt.issuer === undefined ? '' : ', iss as given'}${jwt.audience === undefined ? '' : ', aud as given'} (exp and nbf checked)`,
    );
  await stopped;
  await server.drain(SHUTDOWN_GRACE_MS);
  await store?.close();
  return EXIT.ok;
});
