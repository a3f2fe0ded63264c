/**
 * `orgmock/testing`: a session of a running mock for one test (its own data, faults and request journal), from
 * Node or a browser: `createSession(mockUrl, options)`. Uses `fetch` only.
 */

/** The options of `POST /__mock/sessions`. */
export interface SessionOptions {
  /** Fixture seed of the session's generated data. */
  seed?: number;
  /** Users in every generated organization (10 to 1000). */
  usersPerOrg?: number;
  /** Fixtures by API name, the content of a `--fixtures` file each (`{ organizations, users }`). */
  fixtures?: Record<string, { organizations: unknown[]; users: unknown[] }>;
  /** Added latency, `"MIN-MAX"` milliseconds. */
  latency?: string;
  /** Share of requests (0 to 1) answered with the documented 500. */
  errorRate?: number;
  /** Time to live in seconds, renewed on every use (default 1800). */
  ttlSeconds?: number;
}

/** One row of `GET /__mock/identities`: the user's token, id and role fields as that API names them. */
export type IdentityRow = { token: string } & Record<string, unknown>;

/** An API request as the journal keeps it (tokens and keys never). */
export interface RecordedRequest {
  id: string;
  time: string;
  method: string;
  path: string;
  api: string;
  user: { id: string; role: unknown } | null;
  status: number;
  rule: 'auth' | 'parameter' | 'access' | 'organization' | 'ok' | 'forced' | 'fault';
  durationMs: number;
}

export interface MockSession {
  id: string;
  /** Headers that put a request in this session (`X-Orgmock-Session`). */
  headers: { 'X-Orgmock-Session': string };
  /** The cookie that does the same, for pages a browser navigates (Playwright's `context.addCookies`). */
  cookie: { name: 'orgmock_session'; value: string };
  /** The session's identities by API name, as `GET /__mock/identities` answers them within the session. */
  identities: Record<string, IdentityRow[]>;
  expiresAt: string;
  /**
   * The token of a user of `api` whose role is `role` (the raw value of the API's role field, e.g. `"org_admin"` or
   * `255`), preferring one that can sign in. Throws when the session has none.
   */
  tokenFor(api: string, role: string | number): string;
  /** The session's journal, oldest first. */
  requests(query?: { since?: string | number; limit?: number }): Promise<RecordedRequest[]>;
  /** Deletes the session (it also expires on its own). */
  close(): Promise<void>;
}

/** A refusal of the mock's, with its problem+json detail. */
export class MockSessionError extends Error {
  override name = 'MockSessionError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function ok(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  let detail = '';
  try {
    detail = ((await response.json()) as { detail?: string }).detail ?? '';
  } catch {}
  throw new MockSessionError(response.status, `${what}: ${response.status}${detail ? ` ${detail}` : ''}`);
}

/** A user that can sign in: not deleted, and active when the API has a status. */
const canSignIn = (row: IdentityRow) => row.deleted !== true && (row.status === undefined || row.status === 'active');
const roleOf = (row: IdentityRow) => Object.entries(row).find(([key]) => /role$/i.test(key))?.[1];

/** Creates a session on the mock at `mockUrl` (`http://127.0.0.1:4010`). */
export async function createSession(mockUrl: string, options: SessionOptions = {}): Promise<MockSession> {
  const base = mockUrl.replace(/\/+$/, '');
  const created = (await (
    await ok(
      await fetch(`${base}/__mock/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options),
      }),
      'creating a session',
    )
  ).json()) as { id: string; identities: Record<string, IdentityRow[]>; expiresAt: string };
  const { id, identities, expiresAt } = created;
  const at = `${base}/__mock/sessions/${encodeURIComponent(id)}`;
  return {
    id,
    headers: { 'X-Orgmock-Session': id },
    cookie: { name: 'orgmock_session', value: id },
    identities,
    expiresAt,
    tokenFor(api, role) {
      const rows = identities[api];
      if (!rows) throw new Error(`the session has no API named ${api} (${Object.keys(identities).join(', ')})`);
      const matching = rows.filter((row) => String(roleOf(row)) === String(role));
      const row = matching.find(canSignIn) ?? matching[0];
      if (!row)
        throw new Error(`${api}: no user with role ${role} (roles: ${[...new Set(rows.map((r) => String(roleOf(r))))].join(', ')})`);
      return row.token;
    },
    async requests(query = {}) {
      const search = new URLSearchParams();
      if (query.since !== undefined) search.set('since', String(query.since));
      if (query.limit !== undefined) search.set('limit', String(query.limit));
      const text = search.toString() === '' ? '' : `?${search}`;
      const body = (await (await ok(await fetch(`${at}/requests${text}`), 'reading the journal')).json()) as {
        requests: RecordedRequest[];
      };
      return body.requests;
    },
    async close() {
      const response = await fetch(at, { method: 'DELETE' });
      // Already gone (expired, or closed twice) is fine.
      if (response.status !== 404) await ok(response, 'deleting the session');
    },
  };
}
