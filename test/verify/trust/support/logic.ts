// What a correct backend of both APIs answers, with switches for one realistic bug each. The servers
// (node:http, Hono) around it differ in style; this is the deployment's own code.
import { jwtSubject, type World } from './world.js';

export interface Bugs {
  /** Every caller gets 403, allowed roles included. */
  forbidEveryone?: boolean;
  /** Inactive / soft-deleted users' tokens sign in. */
  letInactiveIn?: boolean;
  /** The JWT signature is never checked. */
  skipSignature?: boolean;
  /** `alg: none` tokens are accepted. */
  acceptAlgNone?: boolean;
  /** A token with `%` is URL-decoded and throws: 500. */
  decodePercent?: boolean;
  /** Users are listed with their password hash. */
  leakPasswordHash?: boolean;
  /** SuperAI: the other organization's list repeats the first one's users, organization fields rewritten. */
  sameUsersInBothOrganizations?: boolean;
  /** Flashback lists a fixed other organization whoever asks. */
  fixedOtherOrganization?: string;
  /** Every allowed list is empty. */
  emptyLists?: boolean;
  /** SuperAI error bodies carry request_id 42. */
  numericRequestId?: boolean;
  /** SuperAI's 200 is wrapped as {data:[...]}. */
  wrapSuperaiList?: boolean;
  /** A garbage token gets 403 instead of 401. */
  forbidGarbage?: boolean;
  /** SuperAI: any X-API-Key starting saf_ that is no user's is taken as the platform's service key (a backoffice). */
  anySafKey?: boolean;
  /** SuperAI: a caller by API key is never role-checked (the role check sits in the JWT path only). */
  keyIgnoresRole?: boolean;
  /** SuperAI: a request with an X-API-Key breaks (500), echoing the key in its message. */
  echoKeyIn500?: boolean;
}

export interface Answer {
  status: number;
  body: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fbFail = { success: false, data: [], total: 0 };
let requestCounter = 0;
const saError = (bugs: Bugs, status: number, code: string, message: string): Answer => ({
  status,
  body: {
    error: { message, code, details: null },
    request_id: bugs.numericRequestId ? 42 : `01K8KABR6S16YETA2SZPVBS9${String(++requestCounter % 100).padStart(2, '0')}`,
  },
});

function caller(authorization: string | undefined, bugs: Bugs): string | null | 'garbage' {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match) return null;
  const token = match[1]!;
  if (bugs.decodePercent) decodeURIComponent(token); // throws on a lone %
  const sub = jwtSubject(token, { checkSignature: !bugs.skipSignature, acceptAlgNone: bugs.acceptAlgNone === true });
  return sub ?? 'garbage';
}

/** The credentials of a request: its Authorization header and (SuperAI) its X-API-Key. */
export interface Credentials {
  authorization: string | undefined;
  apiKey?: string | undefined;
}

export function handle(world: World, path: string, credentials: Credentials, bugs: Bugs = {}): Answer {
  const { authorization } = credentials;
  try {
    if (path === '/organization/users') return flashback(world, authorization, bugs);
    const sa = /^\/api\/admin\/organizations\/([^/]+)\/users$/.exec(path);
    if (sa) return superai(world, decodeURIComponent(sa[1]!), credentials, bugs);
    return { status: 404, body: { message: 'Not found' } };
  } catch {
    return path.startsWith('/api/') ? saError(bugs, 500, 'internal_error', 'An unexpected error occurred') : { status: 500, body: fbFail };
  }
}

function flashback(world: World, authorization: string | undefined, bugs: Bugs): Answer {
  const sub = caller(authorization, bugs);
  if (sub === 'garbage' && bugs.forbidGarbage) return { status: 403, body: fbFail };
  const user = world.fb.find((u) => u.id === sub);
  if (!user || (user.deletedAt && !bugs.letInactiveIn)) return { status: 401, body: fbFail };
  if (user.orgRole < 2 || bugs.forbidEveryone) return { status: 403, body: fbFail };
  const org = bugs.fixedOtherOrganization ?? user.orgId;
  const data = bugs.emptyLists
    ? []
    : world.fb
        .filter((u) => u.orgId === org)
        .map((u) => (bugs.leakPasswordHash ? { ...u, passwordHash: '$2b$10$abcdefghijklmnopqrstuv' } : u));
  return { status: 200, body: { success: true, data, total: data.length } };
}

/** SuperAI's caller: by bearer token, else (no Authorization header) by API key. */
function superaiCaller(
  world: World,
  { authorization, apiKey }: Credentials,
  bugs: Bugs,
): { sub: string | null | 'garbage'; byKey: boolean } {
  if (authorization !== undefined || apiKey === undefined) return { sub: caller(authorization, bugs), byKey: false };
  const known = world.keys.get(apiKey);
  if (known) return { sub: known, byKey: true };
  if (bugs.anySafKey && apiKey.startsWith('saf_')) return { sub: world.sa.find((u) => u.role === 'backoffice')!.id, byKey: true };
  return { sub: 'garbage', byKey: true };
}

function superai(world: World, orgId: string, credentials: Credentials, bugs: Bugs): Answer {
  if (bugs.echoKeyIn500 && credentials.apiKey !== undefined) {
    return saError(bugs, 500, 'internal_error', `key lookup failed for ${JSON.stringify(credentials.apiKey)}`);
  }
  const { sub, byKey } = superaiCaller(world, credentials, bugs);
  if (sub === 'garbage' && bugs.forbidGarbage) return saError(bugs, 403, 'forbidden', 'Forbidden');
  const user = world.sa.find((u) => u.id === sub);
  if (!user || (user.status !== 'active' && !bugs.letInactiveIn)) return saError(bugs, 401, 'unauthorized', 'Invalid authentication token');
  if (!UUID.test(orgId)) return saError(bugs, 400, 'bad_request', 'Invalid UUID format');
  const allowed =
    !bugs.forbidEveryone &&
    ((byKey && bugs.keyIgnoresRole) ||
      user.role === 'backoffice' ||
      (user.role === 'org_admin' && user.organization_id === orgId.toLowerCase()));
  if (!allowed) return saError(bugs, 403, 'forbidden', 'Insufficient permissions to access this resource');
  const members = world.sa.filter((u) => u.organization_id === orgId.toLowerCase());
  if (members.length === 0) return saError(bugs, 404, 'not_found', 'Organization not found');
  let list: object[] = bugs.emptyLists ? [] : members;
  if (bugs.sameUsersInBothOrganizations && orgId !== world.sa[0]!.organization_id) {
    const first = world.sa.filter((u) => u.organization_id === world.sa[0]!.organization_id);
    list = first.map((u) => ({ ...u, organization_id: orgId, organization_name: members[0]!.organization_name }));
  }
  if (bugs.leakPasswordHash) list = list.map((u) => ({ ...u, password_hash: 'pbkdf2_sha256$600000$salt$hash' }));
  return { status: 200, body: bugs.wrapSuperaiList ? { data: list } : list };
}
