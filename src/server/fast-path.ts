/** Adapter speed-up: plain GETs of an API route answered straight on node:http, the same bytes as the Hono app. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockApp } from '../mock/app.js';
import { journalAnswer } from '../mock/journal.js';
import { SESSION_COOKIE, sessionIdOf } from '../mock/sessions.js';

/** A served route: the path itself when it has no parameters (compared, not matched), else a pattern. */
type Route = { literal: string | null; pattern: RegExp; names: string[]; index: number };
/** The match of a route without parameters: nothing to read from it. */
const LITERAL_MATCH = [''] as unknown as RegExpExecArray;

/**
 * The plain request, answered straight on node:http: a GET to an API route with nothing to decode
 * or normalise,
 * no `Prefer`, and no injected faults. It calls the same `answer()` as the Hono route and sends the
 * same status, headers and body (a test holds the two paths equal), and journals it the same way; a
 * request naming a session is answered from that session's world when the store has it at hand
 * (in memory) and it injects no faults. Anything else returns false and goes to the Hono app. This skips building a Fetch Request and Response per request, which
 * is most of the mock's cost under load.
 */
export function fastPath(
  mock: MockApp,
  /** Where a request goes once the fast path has waited for a shared session store and cannot answer it itself. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void,
): ((req: IncomingMessage, res: ServerResponse, head?: boolean) => boolean) | null {
  if (mock.faulty) return null;
  const routes: Route[] = mock.served.map(({ route }, index) => {
    const names: string[] = [];
    const source = route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { literal: names.length === 0 ? route : null, pattern: new RegExp(`^${source}$`), names, index };
  });
  /** Bodies as bytes with their Content-Length, by the answer's text (the same string object each time it is cached). */
  const bodies = new Map<string, { bytes: Buffer; length: string }>();
  const bytes = (text: string) => {
    let body = bodies.get(text);
    if (!body) {
      const buffer = Buffer.from(text);
      body = { bytes: buffer, length: String(buffer.length) };
      if (bodies.size < 10_000) bodies.set(text, body);
    }
    return body;
  };
  /** Declared header names as Hono writes them (lower case), by the spelling the definition gave. */
  const lowerNames = new Map<string, string>();
  const lower = (name: string) => {
    let lowered = lowerNames.get(name);
    if (lowered === undefined) {
      lowered = name.toLowerCase();
      if (lowerNames.size < 1000) lowerNames.set(name, lowered);
    }
    return lowered;
  };

  /** The fixed headers' entries as node:http's header table holds them ([name, value]), made once. */
  const exposeHeaders = ['access-control-expose-headers', mock.exposedHeaders] as const;
  /** node:http's header table key (headerTableOf), looked up on the first answer. */
  let headerTable: symbol | null | undefined;

  /** Answers a plain request from a world (the default one or a session's) and journals it there. */
  function serve(
    world: MockApp,
    route: Route,
    match: RegExpExecArray,
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    query: number,
    head: boolean,
  ): void {
    const started = performance.now();
    const startedAt = Date.now();
    const { handler, api } = world.served[route.index]!;
    const params: Record<string, string> = {};
    for (let i = 0; i < route.names.length; i++) params[route.names[i]!] = match[i + 1]!;
    const requestId = mock.requestId();
    const key = handler.apiKeyHeader === null ? undefined : req.headers[lower(handler.apiKeyHeader)];
    const apiKey = Array.isArray(key) ? key.join(', ') : key;
    const search = query === -1 ? '' : url.slice(query + 1);
    const outcome = handler.answer({ params, search, requestId, authorization: req.headers.authorization, apiKey });
    const body = 'chunks' in outcome ? null : 'raw' in outcome ? bytes(outcome.raw) : null;
    const json = body === null && 'body' in outcome ? Buffer.from(JSON.stringify(outcome.body)) : null;
    const allowed = mock.corsOrigin(req.headers.origin);
    const length = body ? body.length : json ? String(json.length) : null;
    const declared = outcome.headers;
    if (headerTable === undefined) headerTable = headerTableOf(res);
    // What writeHead checks: the allowed Origin first, the spec's declared headers (X-Total, Link...) last.
    const checked = allowed === null ? [] : ['access-control-allow-origin', allowed];
    if (headerTable !== null && (res as unknown as Record<symbol, unknown>)[headerTable] === null) {
      // node:http's own header table, filled here with the mock's fixed headers (their names and values are the mock's
      // own: a ULID, a length, constants, the spec's header names, which the spec reader holds to HTTP tokens), so
      // node:http does not check each one again. The bytes are the same as the list form's.
      const table: Record<string, readonly [string, string]> = {};
      // The allowed Origin keeps this first place; writeHead checks and writes its value.
      if (allowed !== null) table['access-control-allow-origin'] = ORIGIN_PLACE;
      table['access-control-expose-headers'] = exposeHeaders;
      table['content-type'] = CONTENT_TYPE;
      table.vary = VARY;
      table['x-request-id'] = ['x-request-id', requestId];
      if (length !== null) table['content-length'] = ['content-length', length];
      (res as unknown as Record<symbol, unknown>)[headerTable] = table;
    } else {
      // The list form, every header checked: the cheapest form node:http takes with its public API.
      checked.push('access-control-expose-headers', mock.exposedHeaders, 'content-type', 'application/json', 'vary', 'Origin');
      checked.push('x-request-id', requestId);
      // A streamed body has no length up front: it goes out chunked.
      if (length !== null) checked.push('content-length', length);
    }
    // Declared headers lower-cased, as Hono writes them.
    if (declared) for (const name in declared) checked.push(lower(name), declared[name]!);
    res.writeHead(outcome.status, checked);
    if (body) res.end(body.bytes);
    else if (json) res.end(json);
    // HEAD: the headers a GET gets, and no body made (node:http would drop it anyway).
    else if (head) res.end();
    else pump(res, (outcome as { chunks: () => Iterable<string> }).chunks()[Symbol.iterator]());
    journalAnswer(world.journal, {
      api,
      method: 'GET',
      path: url,
      requestId,
      started,
      startedAt,
      status: outcome.status,
      user: outcome.user,
      rule: outcome.rule ?? 'ok',
    });
  }

  return (req, res, head = false) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    // Percent-escapes and dot segments are the URL parser's business (Hono sees `/a/../b` as `/b`).
    if (path.includes('%') || path.includes('/.') || req.headers.prefer !== undefined || repeatsAuthorization(req.rawHeaders)) return false;
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of routes) {
      match = candidate.literal === null ? candidate.pattern.exec(path) : path === candidate.literal ? LITERAL_MATCH : null;
      if (match) {
        route = candidate;
        break;
      }
    }
    if (!route || !match) return false;
    const { cookie } = req.headers;
    const header = req.headers['x-orgmock-session'];
    if (header === undefined && !cookie?.includes(SESSION_COOKIE)) {
      if (mock.sessions?.required) return false;
      serve(mock, route, match, req, res, url, query, head);
      return true;
    }
    const named = Array.isArray(header) ? undefined : sessionIdOf(header, cookie);
    if (!named || !mock.sessions) return false;
    const world = mock.sessions.worldNow(named.id);
    if (world) {
      if (world.faulty) return false;
      serve(world, route, match, req, res, url, query, head);
      return true;
    }
    // A store that answers later (Redis): wait for it here; whatever is not plain (an unknown session, faults, the
    // store away) goes to the app, which says so.
    if (!mock.sessions.shared || !fallback) return false;
    const found = route;
    const matched = match;
    mock.sessions
      .world(named.id, named.from)
      .then(
        (w) => (w.faulty ? fallback(req, res) : serve(w, found, matched, req, res, url, query, head)),
        () => fallback(req, res),
      )
      .catch(() => (res.headersSent ? res.destroy() : fallback(req, res)));
    return true;
  };
}

/** The place of Access-Control-Allow-Origin, first in the table, its value given to writeHead (which checks it). */
const ORIGIN_PLACE = ['access-control-allow-origin', ''] as const;
/** Entries of node:http's header table that are the same in every answer. */
const CONTENT_TYPE = ['content-type', 'application/json'] as const;
const VARY = ['vary', 'Origin'] as const;

/**
 * The key of node:http's header table on a response (`OutgoingMessage[kOutHeaders]`: lower-case name → [name, value],
 * null until a header is set), found by its description; null where this Node has none, and the fast path then gives
 * writeHead a list. Handing writeHead the table node:http itself keeps is how its own setHeader path writes headers it
 * has checked once; the mock's fixed headers need no checking.
 */
function headerTableOf(res: ServerResponse): symbol | null {
  const key = Object.getOwnPropertySymbols(res).find((symbol) => symbol.description === 'kOutHeaders');
  return key !== undefined && (res as unknown as Record<symbol, unknown>)[key] === null ? key : null;
}

/** Writes chunks as the socket takes them (waiting for 'drain'): a body of any size, never held whole. */
function pump(res: ServerResponse, chunks: Iterator<string>): void {
  for (;;) {
    if (res.destroyed) {
      chunks.return?.();
      return;
    }
    const next = chunks.next();
    if (next.done) {
      res.end();
      return;
    }
    if (!res.write(next.value)) {
      res.once('drain', () => pump(res, chunks));
      return;
    }
  }
}

/** Node keeps only the first of repeated Authorization headers; the Fetch API joins them. Leave those to Hono. */
function repeatsAuthorization(raw: string[]): boolean {
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // The usual spellings first: no lower-cased copy per request.
    if (
      name.length === 13 &&
      (name === 'Authorization' || name === 'authorization' || name.toLowerCase() === 'authorization') &&
      ++seen > 1
    )
      return true;
  }
  return false;
}
