import { startMockServer, type RunningServer, type ServerOptions } from '../../src/server/node.js';

export interface FlashbackIdentity {
  token: string;
  userId: string;
  orgId: string;
  orgRole: number;
  deleted: boolean;
}
export interface SuperAIIdentity {
  token: string;
  userId: string;
  organizationId: string;
  role: string;
  status: string;
  /** The user's API key (X-API-Key), or null. */
  apiKey: string | null;
}
export interface Identities {
  flashback: FlashbackIdentity[];
  superai: SuperAIIdentity[];
}

export interface MockUnderTest {
  server: RunningServer;
  url: string;
  ids: Identities;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any; text: string }>;
}

/** Starts the real mock on an ephemeral port and reads its identities. */
export async function startMock(options: ServerOptions = {}): Promise<MockUnderTest> {
  const server = await startMockServer({ port: 0, ...options });
  const ids = (await (await fetch(`${server.url}/__mock/identities`)).json()) as Identities;
  return {
    server,
    url: server.url,
    ids,
    async get(path, headers = {}) {
      const res = await fetch(server.url + path, { headers });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: res.status, headers: res.headers, body, text };
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
