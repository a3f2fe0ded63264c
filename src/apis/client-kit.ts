/**
 * What a typed client of an API is: openapi-fetch over the spec's generated `paths`, with the
 * production base URL (the spec's first server) by default. Runs in any runtime, browsers included:
 * nothing here loads a spec.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';

/** What every client factory takes. */
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
function toClientOptions(defaultBaseUrl: string, options: OrgClientOptions): ClientOptions {
  const { baseUrl = defaultBaseUrl, token, headers = {} } = options;
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetch,
    headers: token === undefined ? headers : { ...headers, ...bearer(token) },
  };
}

/** One API's typed client: its name, production base URL and factory. */
export interface ApiClient<Name extends string = string, C = unknown> {
  name: Name;
  /** The production base URL: the spec's first server (checked against the spec when the API is defined). */
  baseUrl: string;
  create(options?: OrgClientOptions): C;
}

/** The typed client of an API whose generated types are `Paths`: `defineClient<paths>()('name', 'https://...')`. */
export const defineClient =
  <Paths extends {}>() =>
  <Name extends string>(name: Name, baseUrl: string): ApiClient<Name, Client<Paths>> => ({
    name,
    baseUrl,
    create: (options = {}) => createClient<Paths>(toClientOptions(baseUrl, options)),
  });
