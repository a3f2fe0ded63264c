// Shared plumbing of the conformance tests: a raw HTTP client that sends exact bytes, Prism's
// response validator wired to the two specs, and the checks every response of the mock must pass.
import http from 'node:http';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
// prism-http 5.12 exports the response validator only from its validator module (no package
// "exports" map, so the deep path is the public way in; it is what Prism's own proxy mode calls).
import { validateOutput } from '@stoplight/prism-http/dist/validator/index.js';
import { getPath } from 'hono/utils/url';
import { APIS } from '../../src/apis/index.js';
import type { ApiDefinition } from '../../src/apis/types.js';
import type { OperationInfo } from '../../src/openapi/types.js';
import { specFilePath } from '../../src/openapi/load-file.js';

/** An operation as Prism sees it (http-spec's IHttpOperation, dereferenced and bundled). */
export type PrismOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];
type PrismResponse = Parameters<typeof validateOutput>[0]['element'];

export interface SentRequest {
  method: string;
  /** The request-target exactly as written on the request line. */
  path: string;
  headers: Record<string, string>;
}

export interface Received {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** What came of one request: a response, or Node's client refused to write it (with the error code). */
export type Exchange =
  | { kind: 'response'; request: SentRequest; response: Received }
  | { kind: 'client-rejected'; request: SentRequest; code: string };

/** Node's client-side refusals: invalid header name/value bytes, a request-target with spaces or controls. */
const CLIENT_REJECTIONS = new Set([
  'ERR_INVALID_CHAR',
  'ERR_UNESCAPED_CHARACTERS',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
]);

/**
 * Sends one request with Node's http client, the request-target and header values byte for byte
 * (header strings are written as latin1: use {@link utf8Bytes} to put UTF-8 on the wire).
 */
export function send(port: number, request: SentRequest, agent: http.Agent): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request(
        { host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({
              kind: 'response',
              request,
              response: { status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') },
            });
          });
        },
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (CLIENT_REJECTIONS.has(code)) resolve({ kind: 'client-rejected', request, code });
      else reject(error);
      return;
    }
    req.on('error', reject);
    req.end();
  });
}

/** A string whose latin1 bytes are the UTF-8 encoding of `text`: how to send real UTF-8 in a header or path. */
export const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** Node's HTTP parser (llhttp) answers a bare 400 itself to a request-target with a byte outside 0x21-0x7e. */
export const parserRejectsTarget = (path: string) => /[^\x21-\x7e]/.test(path);

export const mediaType = (headers: Record<string, string>) => (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

export interface Api {
  module: ApiDefinition;
  operation: OperationInfo;
  prism: PrismOperation;
}

/** Both APIs with the operation Prism reads from the same spec file the mock serves. */
export async function loadApis(): Promise<Map<string, Api>> {
  const apis = new Map<string, Api>();
  for (const module of APIS) {
    const operations = await getHttpOperationsFromSpec(specFilePath(module.spec));
    const prism = operations.find((o) => o.method.toLowerCase() === module.operation.method && o.path === module.operation.path);
    if (!prism) throw new Error(`Prism found no ${module.operation.method} ${module.operation.path} in ${module.spec.file}`);
    apis.set(module.name, { module, operation: module.operation, prism });
  }
  return apis;
}

/** Prism's verdict on one response: every diagnostic, of any severity, as a line of text. */
export function prismDiagnostics(prism: PrismOperation, status: number, headers: Record<string, string>, body: unknown): string[] {
  const element: PrismResponse = { statusCode: status, headers, body };
  const result = validateOutput({ resource: prism, element });
  if (result._tag === 'Right') return [];
  return result.left.map(
    (d) =>
      `prism[${d.severity === 0 ? 'error' : d.severity === 1 ? 'warning' : `severity ${d.severity}`}]${d.path ? ` ${d.path.join('.')}` : ''}: ${d.message}`,
  );
}

/**
 * Everything wrong with a response the mock gave as the API: the exact media type (Prism matches
 * `application/problem+json` to a documented `application/json`, so this is checked here), JSON
 * that parses, then Prism's status, header and body validation against the operation.
 */
export function apiViolations(api: Api, response: Received): string[] {
  const problems: string[] = [];
  if (mediaType(response.headers) !== 'application/json')
    problems.push(`Content-Type is ${JSON.stringify(response.headers['content-type'] ?? null)}, not application/json`);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return [...problems, `body is not JSON: ${JSON.stringify(response.body.slice(0, 200))}`];
  }
  return [...problems, ...prismDiagnostics(api.prism, response.status, response.headers, body)];
}

/** The statuses a mock-usage error (RFC 9457 problem+json) may carry: bad Prefer, unknown path, wrong method. */
export const MOCK_USAGE_STATUSES = [400, 404, 405];

/** Everything wrong with a mock-usage error: media type, the problem fields, a status it may use. */
export function problemViolations(response: Received): string[] {
  const problems: string[] = [];
  if (mediaType(response.headers) !== 'application/problem+json')
    problems.push(`Content-Type is ${JSON.stringify(response.headers['content-type'] ?? null)}, not application/problem+json`);
  if (!MOCK_USAGE_STATUSES.includes(response.status))
    problems.push(`status ${response.status} is not a mock-usage status (${MOCK_USAGE_STATUSES.join(', ')})`);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return [...problems, `body is not JSON: ${JSON.stringify(response.body.slice(0, 200))}`];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [...problems, 'problem body is not a JSON object'];
  const p = body as Record<string, unknown>;
  for (const key of ['type', 'title', 'detail']) if (typeof p[key] !== 'string') problems.push(`problem.${key} is not a string`);
  if (p.status !== response.status)
    problems.push(`problem.status ${JSON.stringify(p.status)} differs from the HTTP status ${response.status}`);
  if (response.status === 405 && !response.headers.allow) problems.push('405 without an Allow header');
  return problems;
}

/** A readable account of one exchange, for assertion messages. */
export function describeExchange(exchange: Exchange, violations: string[] = []): string {
  const { request } = exchange;
  const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const lines = [`${request.method} ${JSON.stringify(clip(request.path, 200))}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`  ${name}: ${JSON.stringify(clip(value, 120))}`);
  if (exchange.kind === 'client-rejected') lines.push(`→ refused by Node's http client (${exchange.code})`);
  else {
    const { response } = exchange;
    lines.push(
      `→ ${response.status} ${response.headers['content-type'] ?? '(no Content-Type)'}${response.headers['preference-applied'] ? ` Preference-Applied: ${response.headers['preference-applied']}` : ''}`,
    );
    lines.push(`  ${clip(response.body) || '(empty body)'}`);
  }
  for (const v of violations) lines.push(`  ✗ ${v}`);
  return lines.join('\n');
}

/**
 * The path the app routes on, by the same steps as the server stack: the adapter builds the URL
 * (WHATWG-normalised when it holds dot segments or characters outside its fast path), then Hono
 * takes the path with its own getPath. Null when no URL can be built.
 */
function appPath(target: string): string | null {
  const absolute = /^https?:\/\//.test(target);
  const raw = absolute ? target : `http://127.0.0.1${target}`;
  const fastPath = !absolute && /^\/[!#$&-;=?-[\]_a-z~]*$/.test(target) && !/\/\.\.?(?:[/?#]|$)/.test(target);
  try {
    return getPath(new Request(fastPath ? raw : new URL(raw).href));
  } catch {
    return null;
  }
}

/** The API whose route a request-target reaches. */
function routeOf(apis: Map<string, Api>, target: string): Api | null {
  const path = appPath(target);
  if (path === null) return null;
  for (const api of apis.values()) {
    const pattern = `^${escapeRegExp(api.module.spec.basePath)}${api.operation.path
      .split(/\{[^}]+\}/)
      .map(escapeRegExp)
      .join('[^/]+')}$`;
    if (new RegExp(pattern).test(path)) return api;
  }
  return null;
}

/** The mock's own pages, neither an API nor a usage error: `/__mock/*`, the docs page and the raw specs. */
export const isMockUtility = (target: string) => /^\/(?:__mock\/.*|docs\/?|openapi\/[^/]+\.ya?ml)$/.test(appPath(target) ?? '');

/**
 * The operations a response to this request-target may come from. A backslash in the path is not
 * URL syntax (RFC 3986): WHATWG reads it as `/`, a server may as well keep it as data (`%5C`), so
 * both readings are candidates there.
 */
export function routesOf(apis: Map<string, Api>, target: string): Api[] {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  const readings = path.includes('\\') ? [target, path.replace(/\\/g, '%5C') + target.slice(path.length)] : [target];
  return [...new Set(readings.map((t) => routeOf(apis, t)).filter((a): a is Api => a !== null))];
}

/** Validates an application/json response against its candidate operations: the one it conforms to, or the first one's violations. */
export function matchOperation(candidates: Api[], response: Received): { api: Api | null; violations: string[] } {
  if (candidates.length === 0) return { api: null, violations: ['an application/json response at a path no operation serves'] };
  const verdicts = candidates.map((api) => ({ api, violations: apiViolations(api, response) }));
  return verdicts.find((v) => v.violations.length === 0) ?? verdicts[0]!;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Statuses named by a Preference-Applied header: `code=NNN`, or the status of the example it names. */
export function forcedStatus(api: Api, applied: string | undefined): number | null {
  if (!applied) return null;
  const code = /(?:^|[\s,;])code=(\d{3})/.exec(applied);
  if (code) return Number(code[1]);
  const example = /(?:^|[\s,;])example=([^,;]+)/.exec(applied)?.[1]?.trim();
  const owner = api.operation.responses.find((r) => r.examples.some((e) => e.name === example));
  return owner ? owner.status : null;
}
