/** Public entry `orgmock/client`: the typed clients of every API (browser-safe), the registry's clients wired in. */
import { API_CLIENTS, type BaseUrls, baseUrlsOn, clientsOn, type OrgClients } from '../apis/clients.js';
import type { OrgClientOptions } from '../apis/client-kit.js';

export * from '../apis/flashback/client.js';
export * from '../apis/superai/client.js';
export { bearer, type OrgClientOptions } from '../apis/client-kit.js';
export type { BaseUrls, OrgClients };

/** Each API's base URL on a running orgmock (`http://localhost:4010` → Flashback at the root, SuperAI at `/api`). */
export function mockBaseUrls(mockUrl: string): BaseUrls {
  return baseUrlsOn(mockUrl, API_CLIENTS);
}

/** Every typed client against a running orgmock, e.g. `createMockClients(server.url, { token })`. */
export function createMockClients(mockUrl: string, options: Omit<OrgClientOptions, 'baseUrl'> = {}): OrgClients {
  return clientsOn(mockUrl, options, API_CLIENTS);
}
