/**
 * Which web origins may read the mock (CORS). The HTTP server's default answers only pages on the
 * same machine (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`, any port and scheme) and never the
 * `null` origin, as Vite's dev server does since CVE-2025-24010: otherwise any site the developer
 * visits could read `/__mock/identities` (every token and key). `--cors-origins` adds exact origins,
 * or `*` for every one. In-process use (`createMockApp`, MSW) has no such default: it reflects any
 * origin, as before, unless its options give a policy.
 */

/** What a CORS answer carries for a request's Origin: the `Access-Control-Allow-Origin` value, or null (none: the browser refuses). */
export type CorsOrigin = (origin: string | undefined) => string | null;

/** The in-process default: every origin reflected, `*` without one. */
export const anyOrigin: CorsOrigin = (origin) => origin || '*';

/** True for an origin whose host is this machine: `localhost`, `*.localhost`, `127.0.0.0/8` or `[::1]`, any port. */
export function isSameMachineOrigin(origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Reads `--cors-origins`: comma-separated origins (`https://app.example.com`, scheme and host and
 * optional port, nothing else) or `*`. Returns the normalised list, or an error message naming the
 * first entry that is not an origin.
 */
export function parseCorsOrigins(text: string): { origins: string[] } | { error: string } {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return { error: 'needs at least one origin or *' };
  const origins: string[] = [];
  for (const entry of entries) {
    if (entry === '*') {
      origins.push('*');
      continue;
    }
    const url = URL.canParse(entry) ? new URL(entry) : null;
    const bare =
      url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !/[?#@]|\/\/.*\/./.test(entry);
    if (!url || !bare || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return { error: `"${entry.slice(0, 100)}" is not an origin (scheme://host[:port], e.g. https://app.example.com) or *` };
    }
    origins.push(url.origin);
  }
  return { origins };
}

/** The HTTP server's policy: same-machine origins, plus the listed ones (`*`: every origin). No Origin header (not a browser's cross-origin read): `*`. */
export function sameMachineOr(origins: readonly string[] = []): CorsOrigin {
  if (origins.includes('*')) return anyOrigin;
  const listed = new Set(origins);
  return (origin) => {
    if (!origin) return '*';
    return listed.has(origin) || isSameMachineOrigin(origin) ? origin : null;
  };
}
