/**
 * Example of a frontend's data module: lists organization users through the typed clients and
 * turns every documented answer into something a screen can show. Tested against the HTTP mock,
 * the MSW handlers and in a real browser (examples/browser).
 */
import {
  bearer,
  createFlashbackClient,
  createSuperAIClient,
  type FlashbackUser,
  type SuperAIError,
  type SuperAIUser,
  type SuperAIValidationError,
} from '../src/client/index.js';

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: string;
}

export type Failure = 'unauthorized' | 'invalid-request' | 'forbidden' | 'not-found' | 'server-error' | 'unexpected';

export type UsersResult = { ok: true; rows: UserRow[]; total: number } | { ok: false; status: number; reason: Failure; message: string };

export interface OrgUsersOptions {
  /** Default: production. */
  flashbackBaseUrl?: string;
  superaiBaseUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
}

const REASONS: Record<number, Failure> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  422: 'invalid-request',
  500: 'server-error',
};
const MESSAGES: Record<Failure, string> = {
  unauthorized: 'Your session is missing or has expired. Sign in again.',
  'invalid-request': 'That organization id is not valid.',
  forbidden: 'You are not allowed to see the users of this organization.',
  'not-found': 'Organization not found.',
  'server-error': 'The server failed. Try again later.',
  unexpected: 'Unexpected answer from the server.',
};

function failure(status: number, detail?: string): UsersResult {
  const reason = REASONS[status] ?? 'unexpected';
  return { ok: false, status, reason, message: `${detail ?? MESSAGES[reason]} (${status})` };
}

const fromFlashback = (u: FlashbackUser): UserRow => ({
  id: u.id ?? '',
  name: [u.name, u.lastName].filter(Boolean).join(' '),
  email: u.email ?? '',
  role: u.orgRoleDescription ?? String(u.orgRole ?? ''),
});

const fromSuperAI = (u: SuperAIUser): UserRow => ({ id: u.id, name: `${u.first_name} ${u.last_name}`, email: u.email, role: u.role });

/** SuperAI's own message where its error structure has one (not for 422). */
const superaiMessage = (error: SuperAIError | SuperAIValidationError | undefined, status: number): string | undefined =>
  error && 'error' in error && status === 404 ? `${error.error.message}.` : undefined;

export function createOrgUsers(options: OrgUsersOptions = {}) {
  const fetch = options.fetch;
  const flashback = createFlashbackClient({ baseUrl: options.flashbackBaseUrl, ...(fetch ? { fetch } : {}) });
  const superai = createSuperAIClient({ baseUrl: options.superaiBaseUrl, ...(fetch ? { fetch } : {}) });
  return {
    /** The caller's own organization (Flashback has no organization parameter). */
    async flashback(token: string): Promise<UsersResult> {
      const { data, response } = await flashback.GET('/organization/users', { headers: bearer(token) });
      if (!data) return failure(response.status);
      const rows = (data.data ?? []).map(fromFlashback);
      return { ok: true, rows, total: data.total ?? rows.length };
    },
    async superai(token: string, organizationId: string): Promise<UsersResult> {
      const { data, error, response } = await superai.GET('/admin/organizations/{organization_id}/users', {
        params: { path: { organization_id: organizationId } },
        headers: bearer(token),
      });
      if (!data) return failure(response.status, superaiMessage(error, response.status));
      return { ok: true, rows: data.map(fromSuperAI), total: data.length };
    },
  };
}

export type OrgUsers = ReturnType<typeof createOrgUsers>;
