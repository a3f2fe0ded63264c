// Round 3's deployments, written the way their frameworks are used: Flashback on Koa 3 (middleware
// chain: a limiter, authentication with jose, the route) and SuperAI on hapi 21 (an auth scheme for
// bearer tokens and API keys, a route with a path check, onPreResponse for errors). Each has switches
// for the bugs issue 21 found in real implementations.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Hapi from '@hapi/hapi';
import { jwtVerify, SignJWT } from 'jose';
import Koa from 'koa';
import type { Running } from './servers.js';
import { jwtSubject, type SaUser, type World } from './world.js';

export const JWT_SECRET = 'koa-backend-hs256-secret-for-tests-only';
export const ISSUER = 'https://auth.orgmock.test';
export const AUDIENCE = 'orgmock-tests';
const key = new TextEncoder().encode(JWT_SECRET);

/** An HS256 token as the Koa deployment's identity provider issues it: sub, iss, aud, an hour's life. */
export const issueToken = (sub: string, over: { exp?: number; nbf?: number; iss?: string } = {}) => {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(over.iss ?? ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(over.exp ?? now + 3600);
  if (over.nbf !== undefined) jwt = jwt.setNotBefore(over.nbf);
  return jwt.sign(key);
};

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

export interface KoaBugs {
  /** The organization comes from `?orgId=` when the client sends one (BOLA). */
  orgFromQuery?: boolean;
  /** Expired tokens are accepted (a clock tolerance of years). */
  acceptExpired?: boolean;
  /** Bad credentials get 403 (the gateway's habit) instead of 401. */
  forbidBadCredentials?: boolean;
  /** Users are listed with `mfaEnabled` (boolean) and `passwordUpdatedAt` (a date-time): correct. */
  securityFlags?: boolean;
  /** Users are listed with their bcrypt hash under an innocent name. */
  leakHashAsNotes?: boolean;
  /** A strict limiter in front: burst `burst`, one token back every `refillMs`; 429 with Retry-After in seconds. */
  limiter?: { burst: number; refillMs: number };
  /** Behind the limiter, the WORKSPACES role is let into every organization's list: USER gets 200. */
  userGets200?: boolean;
}

const fbFail = { success: false, data: [], total: 0 };
const WORKSPACES = 2;

/** Flashback `GET /organization/users` on Koa 3, bearer JWTs checked with jose (HS256, iss, aud, exp, nbf). */
export async function koaFlashback(world: World, bugs: KoaBugs = {}): Promise<Running> {
  const app = new Koa();
  if (bugs.limiter) {
    const { burst, refillMs } = bugs.limiter;
    let tokens = burst;
    let last = Date.now();
    app.use(async (ctx, next) => {
      const now = Date.now();
      tokens = Math.min(burst, tokens + (now - last) / refillMs);
      last = now;
      if (tokens < 1) {
        ctx.status = 429;
        ctx.set('Retry-After', String(Math.max(1, Math.ceil(((1 - tokens) * refillMs) / 1000))));
        ctx.body = { message: 'Too Many Requests' };
        return;
      }
      tokens -= 1;
      await next();
    });
  }
  app.use(async (ctx, next) => {
    if (ctx.path !== '/organization/users') {
      ctx.status = 404;
      ctx.body = { success: false, message: 'Not found' };
      return;
    }
    const token = /^Bearer (\S+)$/.exec(ctx.get('authorization'))?.[1];
    let sub: string | undefined;
    if (token) {
      try {
        const verified = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          ...(bugs.acceptExpired ? { clockTolerance: 10 * 365 * 86400 } : {}),
        });
        sub = verified.payload.sub;
      } catch {
        sub = undefined;
      }
    }
    const user = world.fb.find((u) => u.id === sub && u.deletedAt === null);
    if (!user) {
      ctx.status = bugs.forbidBadCredentials ? 403 : 401;
      ctx.body = fbFail;
      return;
    }
    ctx.state.user = user;
    await next();
  });
  app.use((ctx) => {
    const user = ctx.state.user as World['fb'][number];
    if (user.orgRole < WORKSPACES && !bugs.userGets200) {
      ctx.status = 403;
      ctx.body = fbFail;
      return;
    }
    const asked = bugs.orgFromQuery && typeof ctx.query.orgId === 'string' ? ctx.query.orgId : user.orgId;
    const data = world.fb
      .filter((u) => u.orgId === asked)
      .map((u) => ({
        ...u,
        ...(bugs.securityFlags
          ? { mfaEnabled: true, passwordUpdatedAt: '2025-03-01T10:00:00.000Z', lastLoginAt: '2025-06-01T08:00:00Z' }
          : {}),
        ...(bugs.leakHashAsNotes ? { notes: '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW' } : {}),
      }));
    ctx.body = { success: true, data, total: data.length };
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

export interface HapiBugs {
  /** An inactive user's API key still gets in (the key table is checked, the user's status is not). */
  inactiveKeyAccepted?: boolean;
  /** A gateway header `X-Tenant-Id` replaces the organization of the path (BOLA). */
  tenantFromHeader?: boolean;
}

const saError = (code: string, message: string) => ({ error: { message, code, details: null }, request_id: null });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SuperAI `GET /api/admin/organizations/{organization_id}/users` on hapi 21: an auth scheme for JWTs and X-API-Key. */
export async function hapiSuperai(world: World, bugs: HapiBugs = {}): Promise<Running> {
  const server = Hapi.server({ port: 0, host: '127.0.0.1', routes: { timeout: { server: false } } });
  const reply = (h: Hapi.ResponseToolkit, status: number, code: string, message: string) =>
    h.response(saError(code, message)).code(status).takeover();
  server.auth.scheme('superai', () => ({
    authenticate(request, h) {
      const authorization = request.headers.authorization as string | undefined;
      const apiKey = request.headers['x-api-key'];
      let user: SaUser | undefined;
      if (authorization !== undefined) {
        const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
        const sub = token === undefined ? null : jwtSubject(token);
        user = world.sa.find((u) => u.id === sub && u.status === 'active');
      } else if (typeof apiKey === 'string') {
        const id = world.keys.get(apiKey);
        user = world.sa.find((u) => u.id === id && (bugs.inactiveKeyAccepted || u.status === 'active'));
      }
      if (!user) return reply(h, 401, 'unauthorized', 'Invalid authentication token');
      return h.authenticated({ credentials: { user } });
    },
  }));
  server.auth.strategy('default', 'superai');
  server.auth.default('default');
  server.route({
    method: 'GET',
    path: '/api/admin/organizations/{organization_id}/users',
    handler(request, h) {
      const caller = request.auth.credentials.user as SaUser;
      const header = request.headers['x-tenant-id'];
      const path = request.params.organization_id as string;
      if (!UUID.test(path)) return reply(h, 400, 'bad_request', 'Invalid UUID format');
      const asked = (bugs.tenantFromHeader && typeof header === 'string' ? header : path).toLowerCase();
      const allowed = caller.role === 'backoffice' || (caller.role === 'org_admin' && caller.organization_id === path.toLowerCase());
      if (!allowed) return reply(h, 403, 'forbidden', 'Insufficient permissions to access this resource');
      const members = world.sa.filter((u) => u.organization_id === asked);
      if (members.length === 0) return reply(h, 404, 'not_found', 'Organization not found');
      return members;
    },
  });
  server.ext('onPreResponse', (request, h) => {
    const response = request.response;
    if (!('isBoom' in response) || !response.isBoom) return h.continue;
    const status = response.output.statusCode;
    const code = status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : status < 500 ? 'bad_request' : 'internal_error';
    return h.response(saError(code, response.message)).code(status);
  });
  await server.start();
  return { url: `http://127.0.0.1:${server.info.port}`, close: () => server.stop({ timeout: 1 }).then(() => undefined) };
}
