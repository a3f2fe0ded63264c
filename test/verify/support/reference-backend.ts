// A small, correct implementation of both APIs for `orgmock verify`'s tests. Each broken backend
// is this server plus one Mutation: a function that may change the reply of some requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Api = 'flashback' | 'superai';

/** What the reference answers, before a mutation sees it. */
export interface Reply {
  status: number;
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** What the server does instead: a reply, or a transport-level misbehaviour. */
export type Action = Reply | { misbehave: 'reset' } | { misbehave: 'endless' } | { misbehave: 'slow'; ms: number; reply: Reply };

/** One request, as the reference understood it. */
export interface Call {
  api: Api;
  authorization: string | undefined;
  /** The caller's role name, null when no known token was sent. */
  role: string | null;
  /** SuperAI's organization_id, decoded. */
  orgId?: string;
}

export interface Reference {
  /** The correct 200 list of an organization (SuperAI) or of the caller's organization (Flashback). */
  list(call: Call): Reply;
  users: { flashback: Record<string, unknown>[]; superai: Record<string, unknown>[] };
}

export type Mutation = (call: Call, reply: Reply, ref: Reference) => Action;

export const ORG = {
  flashback: '11111111-1111-4111-8111-111111111111',
  flashbackOther: '22222222-2222-4222-8222-222222222222',
  superai: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  superaiOther: '4fa85f64-5717-4562-b3fc-2c963f66afa7',
  platform: '5fa85f64-5717-4562-b3fc-2c963f66afa8',
} as const;

export const UNKNOWN_ORG = '9d3a7c1e-0b6f-4d2e-9a8b-7c6d5e4f3a2b';

const FB_ROLES: [string, number][] = [
  ['USER', 0],
  ['BILLING', 1],
  ['WORKSPACES', 2],
  ['ADMINISTRATOR', 254],
  ['OWNER', 255],
];

export const fbToken = (role: string) => `fb_${role.toLowerCase()}_token_0123456789abcdef`;
export const saToken = (role: string) => `sa_${role}_token_0123456789abcdef`;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function flashbackUsers(): Record<string, unknown>[] {
  const user = (n: number, orgId: string, role: string, value: number) => ({
    id: uuid(n),
    email: `${role.toLowerCase()}${n}@example.com`,
    name: role[0] + role.slice(1).toLowerCase(),
    lastName: 'Example',
    orgId,
    orgRole: value,
    validated: true,
    deletedAt: null,
    orgRoleDescription: role,
    orgRoles: FB_ROLES.filter(([, v]) => v <= value).map(([, v]) => v),
  });
  return [...FB_ROLES.map(([role, value], i) => user(i + 1, ORG.flashback, role, value)), user(90, ORG.flashbackOther, 'OWNER', 255)];
}

const NAMES: Record<string, string> = { [ORG.superai]: 'Acme Analytics', [ORG.superaiOther]: 'Globex', [ORG.platform]: 'SuperAI Platform' };

function superaiUsers(): Record<string, unknown>[] {
  const rows: [string, string, string][] = [
    [ORG.superai, 'org_admin', 'active'],
    [ORG.superai, 'app_user', 'active'],
    [ORG.superai, 'integration', 'active'],
    [ORG.superai, 'app_user', 'inactive'],
    [ORG.superaiOther, 'org_admin', 'active'],
    [ORG.superaiOther, 'app_user', 'active'],
    [ORG.platform, 'backoffice', 'active'],
  ];
  return rows.map(([org, role, status], i) => ({
    id: uuid(100 + i),
    email: `${role}${i}@${NAMES[org]!.toLowerCase().replace(/\s+/g, '')}.example`,
    first_name: 'Ada',
    last_name: `Example${i}`,
    organization_id: org,
    organization_name: NAMES[org],
    role,
    status,
    modified_by: 'system',
    created_at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
    updated_at: new Date(Date.UTC(2025, 1, 1 + i)).toISOString(),
  }));
}

const json = (status: number, body: unknown): Reply => ({ status, body });
const fbFailure = (status: number) => json(status, { success: false, data: [], total: 0 });
const saError = (status: number, message: string, code: string) =>
  json(status, { error: { message, code, details: null }, request_id: '01K8KABR6S16YETA2SZPVBS9SP' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function createReference(): Reference & { handle(call: Call): Reply } {
  const users = { flashback: flashbackUsers(), superai: superaiUsers() };
  const tokenOf = new Map<string, { api: Api; user: Record<string, unknown>; role: string }>();
  for (const [role, value] of FB_ROLES) {
    tokenOf.set(fbToken(role), {
      api: 'flashback',
      role,
      user: users.flashback.find((u) => u.orgId === ORG.flashback && u.orgRole === value)!,
    });
  }
  for (const user of users.superai) {
    const token = saToken(String(user.role));
    if (user.status === 'active' && !tokenOf.has(token)) tokenOf.set(token, { api: 'superai', role: String(user.role), user });
  }
  const caller = (call: Call) => {
    const token = /^Bearer +(\S+)$/.exec(call.authorization ?? '')?.[1];
    const found = token ? tokenOf.get(token) : undefined;
    return found?.api === call.api ? found : undefined;
  };
  const list = (call: Call): Reply => {
    if (call.api === 'flashback') {
      const org = caller(call)?.user.orgId ?? ORG.flashback;
      const data = users.flashback.filter((u) => u.orgId === org);
      return json(200, { success: true, data, total: data.length });
    }
    const data = users.superai
      .filter((u) => u.organization_id === call.orgId?.toLowerCase())
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    return json(200, data);
  };
  return {
    users,
    list,
    handle(call) {
      const who = caller(call);
      if (call.api === 'flashback') {
        if (!who) return fbFailure(401);
        return (who.user.orgRole as number) >= 2 ? list(call) : fbFailure(403);
      }
      if (!who) return saError(401, 'Invalid authentication token', 'unauthorized');
      if (!UUID.test(call.orgId ?? '')) return saError(400, 'Invalid UUID format', 'bad_request');
      const org = call.orgId!.toLowerCase();
      const allowed = who.role === 'backoffice' || (who.role === 'org_admin' && who.user.organization_id === org);
      if (!allowed) return saError(403, 'Insufficient permissions to access this resource', 'forbidden');
      if (!NAMES[org]) return saError(404, 'Organization not found', 'not_found');
      return list(call);
    },
  };
}

export interface RunningBackend {
  url: string;
  /** Requests received so far. */
  requests: { method: string; url: string }[];
  close(): Promise<void>;
}

/** Starts the reference (with a mutation, a broken backend) on an ephemeral loopback port. */
export async function startBackend(mutation?: Mutation): Promise<RunningBackend> {
  const reference = createReference();
  const requests: RunningBackend['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const call = toCall(req);
    if (!call) return send(res, json(404, { message: 'not found' }));
    const reply = reference.handle(call);
    const action = mutation ? mutation(call, reply, reference) : reply;
    if ('misbehave' in action) {
      if (action.misbehave === 'reset') return void req.socket.destroy();
      if (action.misbehave === 'slow') {
        const timer = setTimeout(() => send(res, action.reply), action.ms);
        timers.add(timer);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"success":true,"data":[');
      const timer = setInterval(() => res.write('{"id":"x"},'), 20);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
      return;
    }
    send(res, action);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function toCall(req: IncomingMessage): Call | null {
  const path = (req.url ?? '').split('?')[0]!;
  const authorization = req.headers.authorization;
  if (path === '/organization/users') return { api: 'flashback', authorization, role: roleOf(authorization) };
  const m = /^\/api\/admin\/organizations\/([^/]*)\/users$/.exec(path);
  if (!m) return null;
  let orgId: string;
  try {
    orgId = decodeURIComponent(m[1]!);
  } catch {
    orgId = m[1]!;
  }
  return { api: 'superai', authorization, role: roleOf(authorization), orgId };
}

function roleOf(authorization: string | undefined): string | null {
  const token = /^Bearer +(\S+)$/.exec(authorization ?? '')?.[1] ?? '';
  return (
    /^(?:fb|sa)_(.+)_token_0123456789abcdef$/
      .exec(token)?.[1]
      ?.replace(/^(user|billing|workspaces|administrator|owner)$/, (r) => r.toUpperCase()) ?? null
  );
}

function send(res: ServerResponse, reply: Reply): void {
  const body = reply.raw ?? JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(body);
}

/** The config that points `orgmock verify` at a running reference backend. */
export function referenceConfig(url: string): Record<string, unknown> {
  return {
    flashback: { baseUrl: url, tokens: Object.fromEntries(FB_ROLES.map(([role]) => [role, fbToken(role)])) },
    superai: {
      baseUrl: `${url}/api`,
      organizationId: ORG.superai,
      otherOrganizationId: ORG.superaiOther,
      tokens: {
        backoffice: saToken('backoffice'),
        org_admin: saToken('org_admin'),
        app_user: saToken('app_user'),
        integration: saToken('integration'),
      },
    },
  };
}

/** Every token of the reference config, for "no secret in any output" assertions. */
export const ALL_TOKENS = [
  ...FB_ROLES.map(([role]) => fbToken(role)),
  ...['backoffice', 'org_admin', 'app_user', 'integration'].map(saToken),
];
