import { createFlashbackClient, FLASHBACK_BASE_URL, type FlashbackClient } from './flashback.js';
import type { OrgClientOptions } from './options.js';
import { createSuperAIClient, SUPERAI_BASE_URL, type SuperAIClient } from './superai.js';

export * from './flashback.js';
export * from './options.js';
export * from './superai.js';

export interface BaseUrls {
  flashback: string;
  superai: string;
}

/** The path of a production base URL (`https://flows.super.ai/api` → `/api`): the mock serves each API under it. */
const prefixOf = (url: string) => new URL(url).pathname.replace(/\/+$/, '');

/** Each API's base URL on a running orgmock (`http://localhost:4010` → Flashback at the root, SuperAI at `/api`). */
export function mockBaseUrls(mockUrl: string): BaseUrls {
  const root = mockUrl.replace(/\/+$/, '');
  return { flashback: root + prefixOf(FLASHBACK_BASE_URL), superai: root + prefixOf(SUPERAI_BASE_URL) };
}

export interface OrgClients {
  flashback: FlashbackClient;
  superai: SuperAIClient;
}

/** Both typed clients against a running orgmock, e.g. `createMockClients(server.url, { token })`. */
export function createMockClients(mockUrl: string, options: Omit<OrgClientOptions, 'baseUrl'> = {}): OrgClients {
  const urls = mockBaseUrls(mockUrl);
  return {
    flashback: createFlashbackClient({ ...options, baseUrl: urls.flashback }),
    superai: createSuperAIClient({ ...options, baseUrl: urls.superai }),
  };
}
