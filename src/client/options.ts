import type { ClientOptions } from 'openapi-fetch';

/** What both client factories take. */
export interface OrgClientOptions {
  /** The API's base URL: production by default; see `mockBaseUrls` for a running orgmock. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer <token>` on every request (or pass `headers: bearer(token)` per call). */
  token?: string;
  /**
   * The fetch to call. By default `globalThis.fetch`, looked up on every request rather than once,
   * so MSW (which replaces it when its server starts listening) intercepts clients made earlier.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
}

/** The `Authorization` header for a bearer token. */
export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

/** openapi-fetch's options from ours. */
export function toClientOptions(defaultBaseUrl: string, options: OrgClientOptions): ClientOptions {
  const { baseUrl = defaultBaseUrl, token, headers = {} } = options;
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetch,
    headers: token === undefined ? headers : { ...headers, ...bearer(token) },
  };
}
