/**
 * The typed clients of every API, browser-safe (no spec is loaded): the client half of the registry in
 * `src/apis/index.ts`, which a test holds equal to it. Adding an API adds its client here too.
 */
import type { ApiClient, OrgClientOptions } from './client-kit.js';
import { flashbackClient } from './flashback/client.js';
import { superaiClient } from './superai/client.js';

export const API_CLIENTS = [flashbackClient, superaiClient] as const;

type Clients = (typeof API_CLIENTS)[number];

/** Each API's base URL on a running orgmock, by API name. */
export type BaseUrls = { [C in Clients as C['name']]: string };
/** Every API's typed client, by API name. */
export type OrgClients = { [C in Clients as C['name']]: ReturnType<C['create']> };

/** The path of a production base URL (`https://flows.super.ai/api` → `/api`): the mock serves each API under it. */
const prefixOf = (url: string) => new URL(url).pathname.replace(/\/+$/, '');

/** Each API's base URL on a running orgmock (`http://localhost:4010` → Flashback at the root, SuperAI at `/api`). */
export function baseUrlsOn(mockUrl: string, clients: readonly ApiClient[]): BaseUrls {
  const root = mockUrl.replace(/\/+$/, '');
  return Object.fromEntries(clients.map((c) => [c.name, root + prefixOf(c.baseUrl)])) as BaseUrls;
}

/** Every typed client against a running orgmock. */
export function clientsOn(mockUrl: string, options: Omit<OrgClientOptions, 'baseUrl'>, clients: readonly ApiClient[]): OrgClients {
  const urls = baseUrlsOn(mockUrl, clients) as Record<string, string>;
  return Object.fromEntries(clients.map((c) => [c.name, c.create({ ...options, baseUrl: urls[c.name] })])) as OrgClients;
}
