/**
 * The one base-URL probe of `orgmock verify` and `orgmock dredd`: before any request is sent, every
 * configured base URL must accept a TCP connection, or the run stops with E_UNREACHABLE (exit 2) and
 * one line per unreachable API. A TCP connection only: the probe sends no HTTP request, so a backend
 * sees (and counts) only the requests of the run itself.
 */
import { connect } from 'node:net';
import { OrgmockError } from '../util/errors.js';

/** One API's base URL to probe; `api` names it in the message (`flashback.baseUrl …`). */
export interface BaseUrlTarget {
  api: string;
  baseUrl: string;
}

/** How long the probe waits for a connection at most. */
export const PROBE_TIMEOUT_MS = 10_000;

/** Probes every base URL at once; throws one E_UNREACHABLE error naming each that does not answer. */
export async function assertReachable(targets: readonly BaseUrlTarget[], timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const problems = await Promise.all(
    targets.map(async ({ api, baseUrl }) => {
      const why = await probe(baseUrl, timeoutMs);
      // The config reader refuses credentials in a base URL: it can be shown as written.
      return why && `${api}.baseUrl ${baseUrl} cannot be reached: ${why}`;
    }),
  );
  const unreachable = problems.filter((p): p is string => p !== null);
  if (unreachable.length > 0) throw new OrgmockError(unreachable.join('\n'), 'E_UNREACHABLE');
}

/** Opens (and closes) a TCP connection to a base URL's host: null when it answers, else why not. */
function probe(baseUrl: string, timeoutMs: number): Promise<string | null> {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (why: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(why);
    };
    const timer = setTimeout(() => done(`no TCP connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(describeConnectError(error)));
  });
}

const WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function describeConnectError(error: NodeJS.ErrnoException): string {
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  const code = error.code ?? (error as { errors?: NodeJS.ErrnoException[] }).errors?.[0]?.code ?? 'error';
  return `${WORDS[code] ?? error.message} (${code})`;
}
