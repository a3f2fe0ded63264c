// Two more deployments, each written the way its framework is used rather than around logic.ts:
// Flashback on Express 5 (an authentication middleware, a route, an error middleware) and SuperAI on
// Fastify 5 (an onRequest hook for bearer tokens and API keys, a params schema, setErrorHandler).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Running } from './servers.js';
import { jwtSubject, type FbUser, type SaUser, type World } from './world.js';

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

export interface ExpressBugs {
  /** The authentication middleware lets a request without a valid token through as anonymous (optional auth). */
  optionalAuth?: boolean;
}

const WORKSPACES = 2;
const fbFail = { success: false, data: [], total: 0 };

/** Flashback `GET /organization/users` on Express 5. */
export async function expressFlashback(world: World, bugs: ExpressBugs = {}): Promise<Running> {
  const app = express();
  app.disable('x-powered-by');

  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    const sub = token === undefined ? null : jwtSubject(token);
    const user = world.fb.find((u) => u.id === sub && u.deletedAt === null);
    if (!user) {
      if (bugs.optionalAuth) return next();
      return res.status(401).json(fbFail);
    }
    res.locals.user = user;
    next();
  };

  app.get('/organization/users', authenticate, (_req, res) => {
    const user = res.locals.user as FbUser | undefined;
    if (user && user.orgRole < WORKSPACES) return res.status(403).json(fbFail);
    const data = world.fb.filter((u) => u.orgId === user?.orgId);
    res.json({ success: true, data, total: data.length });
  });

  app.use((_req: Request, res: Response) => res.status(404).json({ success: false, message: 'Not found' }));
  app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => res.status(500).json(fbFail));

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

export interface FastifyBugs {
  /** The error handler leaves validation errors to Fastify: its own 400 body ({statusCode, code, error, message}) for a malformed id. */
  defaultErrorBody?: boolean;
  /** Any X-API-Key starting saf_ that is no user's is taken as the platform's service key. */
  anySafKey?: boolean;
}

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: SaUser;
  }
}

/** SuperAI `GET /api/admin/organizations/{organization_id}/users` on Fastify 5: a bearer JWT or an X-API-Key. */
export async function fastifySuperai(world: World, bugs: FastifyBugs = {}): Promise<Running> {
  // Ids of 1 KB must reach the schema (and get 400), not stop at the router's 100-character default (404).
  const app = Fastify({ maxParamLength: 4096 });
  const platformKey = world.sa.find((u) => u.role === 'backoffice')!.id;

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const authorization = req.headers.authorization;
    const key = req.headers['x-api-key'];
    let sub: string | null = null;
    if (authorization !== undefined) {
      const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
      sub = token === undefined ? null : jwtSubject(token);
    } else if (typeof key === 'string') {
      sub = world.keys.get(key) ?? (bugs.anySafKey && key.startsWith('saf_') ? platformKey : null);
    }
    const user = world.sa.find((u) => u.id === sub);
    if (user?.status !== 'active') throw new HttpError(401, 'unauthorized', 'Invalid authentication token');
    req.caller = user;
  });

  app.setErrorHandler((error: Error & { validation?: unknown }, _req, reply: FastifyReply) => {
    if (error instanceof HttpError) return reply.status(error.statusCode).send(saError(error.code, error.message));
    // The bug: validation errors left to Fastify, which answers 400 in its own shape.
    if (error.validation)
      return bugs.defaultErrorBody ? reply.send(error) : reply.status(400).send(saError('bad_request', 'Invalid UUID format'));
    return reply.status(500).send(saError('internal_error', 'An unexpected error occurred'));
  });

  app.get<{ Params: { organization_id: string } }>(
    '/api/admin/organizations/:organization_id/users',
    { schema: { params: { type: 'object', properties: { organization_id: { type: 'string', format: 'uuid' } } } } },
    async (req) => {
      const caller = req.caller!;
      const asked = req.params.organization_id.toLowerCase();
      const allowed = caller.role === 'backoffice' || (caller.role === 'org_admin' && caller.organization_id === asked);
      if (!allowed) throw new HttpError(403, 'forbidden', 'Insufficient permissions to access this resource');
      const members = world.sa.filter((u) => u.organization_id === asked);
      if (members.length === 0) throw new HttpError(404, 'not_found', 'Organization not found');
      return members;
    },
  );

  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}

const saError = (code: string, message: string) => ({ error: { message, code, details: null }, request_id: null });
