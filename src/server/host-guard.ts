/** Adapter: the DNS-rebinding guard of a mock bound to a loopback address (allowed Host names). */
import { isIP } from 'node:net';

/**
 * DNS-rebinding guard for a mock bound to a loopback address. A web page on any site can point its
 * own host name at 127.0.0.1 and then read the mock as same-origin; the Host header still carries
 * that foreign name. So a loopback-bound server answers only Host names that are loopback names
 * (`localhost`, `*.localhost`), IP addresses, or names the user allowed (`--allowed-hosts`).
 * In-process use (createMockApp, MSW) has no Host to forge and no guard: it lives in the adapter.
 */
export interface HostGuard {
  /** True when a request with this Host header may be answered (no Host, as in HTTP/1.0, may). */
  allows(host: string | undefined): boolean;
}

/** True for an address that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** The guard for a server listening on `bindHost`; null when it is not loopback-bound (no guard then). */
export function hostGuard(bindHost: string, allowedHosts: readonly string[] = []): HostGuard | null {
  if (!isLoopback(bindHost)) return null;
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const name of allowedHosts) {
    const n = name.trim().toLowerCase();
    if (n.startsWith('.')) suffixes.push(n);
    else if (n !== '') exact.add(n);
  }
  const allowedName = (name: string): boolean =>
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    isIP(name.replace(/^\[|\]$/g, '')) !== 0 ||
    exact.has(name) ||
    suffixes.some((s) => name.endsWith(s) || name === s.slice(1));
  // Header values already allowed: a client sends the same Host on every request.
  const seen = new Set<string>();
  /** The last one allowed, compared before the set is (no hash of a new string per request). */
  let last: string | undefined;
  return {
    allows(header) {
      if (header === undefined || header === '' || header === last) return true;
      if (seen.has(header)) {
        last = header;
        return true;
      }
      const name = hostName(header);
      if (name === null || !allowedName(name)) return false;
      if (seen.size < 256) seen.add(header);
      last = header;
      return true;
    },
  };
}

/** The host name of a Host header value (port and IPv6 brackets handled), lower-cased; null when malformed. */
function hostName(header: string): string | null {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? null : value.slice(0, end + 1);
  }
  const colon = value.indexOf(':');
  const name = colon === -1 ? value : value.slice(0, colon);
  return name.replace(/\.$/, '');
}

/** The 403 body for a refused Host. */
export function refusedHostBody(): string {
  return JSON.stringify({
    type: 'about:blank',
    title: 'Forbidden Host',
    status: 403,
    detail:
      'This mock listens on a loopback address and answers only Host names that are loopback names or IP addresses ' +
      '(DNS-rebinding guard). Start it with --allowed-hosts NAME to allow another name.',
  });
}

/** True when a request carries more than one Host header (node keeps the first; RFC 9112 3.2 says answer 400). */
export function repeatsHost(raw: readonly string[]): boolean {
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // The usual spellings first: no lower-cased copy per request.
    if (name.length === 4 && (name === 'Host' || name === 'host' || name.toLowerCase() === 'host') && ++seen > 1) return true;
  }
  return false;
}

/** The 400 body for a request with two Host headers. */
export function repeatedHostBody(): string {
  return JSON.stringify({
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'The request has more than one Host header (RFC 9112, section 3.2).',
  });
}
