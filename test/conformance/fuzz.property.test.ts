// Property-based fuzzing of the live mock over real HTTP: random tokens, headers, Prefer values and
// path segments (unicode, 8 KB, ../, percent-encoding, SQL-like). Never a 5xx unless forced, every
// response JSON, every API response valid against the spec, a random token never gets 200, CORS
// answers same-machine origins (and none) only. Requests go out byte for byte through Node's http client.
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSameMachineOrigin } from '../../src/mock/cors.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { createBodyValidator, type BodyValidator } from '../../src/openapi/validate.js';
import {
  describeExchange,
  forcedStatus,
  isMockUtility,
  loadApis,
  matchOperation,
  mediaType,
  parserRejectsTarget,
  problemViolations,
  routesOf,
  send,
  utf8Bytes,
  type Api,
  type Exchange,
  type Received,
  type SentRequest,
} from './support.js';

const SEED = 20260101;
const RUNS = 400;

let apis: Map<string, Api>;
let server: RunningServer;
let faultServer: RunningServer;
let ownValidators: Map<string, BodyValidator>;
let fixtureTokens: string[];
let superaiOrganizations: string[];
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** How every property's requests fared: the HTTP stack's own refusals are counted, not checked as the mock's. */
const tally = new Map<string, Record<'sent' | 'clientRejected' | 'parserRejected' | 'utility' | 'api' | 'problem', number>>();

beforeAll(async () => {
  apis = await loadApis();
  ownValidators = new Map([...apis.values()].map((a) => [a.module.name, createBodyValidator(a.module.spec)]));
  server = await startMockServer({ port: 0 });
  faultServer = await startMockServer({ port: 0, errorRate: 0.3 });
  fixtureTokens = server.served.flatMap((s) => s.dataset.data.users.map((u) => u.token));
  superaiOrganizations = server.served.find((s) => s.api.name === 'superai')!.dataset.data.organizations.map((o) => o.id);
});

afterAll(async () => {
  agent.destroy();
  await Promise.all([server?.close(), faultServer?.close()]);
  for (const [name, t] of tally) {
    console.info(
      `[fuzz] ${name}: ${t.sent} sent, ${t.clientRejected} refused by Node's client, ${t.parserRejected} refused by Node's parser, ${t.api} API responses, ${t.problem} mock-usage errors, ${t.utility} mock pages`,
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Arbitraries

const KB8 = 'A'.repeat(8192);
/** Inputs that have broken servers before. */
const NASTY = [
  '../',
  '..',
  '.',
  '..%2f',
  '%2e%2e%2f',
  '%2e%2e/',
  '..\\',
  '%00',
  '\u0000',
  '%c0%af',
  '%e0%80%af',
  '%ZZ',
  '%',
  '%2',
  '%25',
  "' OR 1=1--",
  '"; DROP TABLE users; --',
  '1 UNION SELECT * FROM users',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '😀',
  '👩‍👩‍👧',
  '\u202e',
  '\u200b',
  '\ufeff',
  'é',
  'ﬁ',
  '𝕏',
  '\ud83d',
  '\t',
  ' ',
  '\r\n',
  '?',
  '#',
  ';',
  '&',
  '=',
  '//',
  '\\',
  'null',
  'undefined',
  '-1',
  '0x00',
  '00000000-0000-0000-0000-000000000000',
  KB8,
];

const nasty = fc.constantFrom(...NASTY);
/** A text: printable or raw unicode, ASCII with controls, the nasty list, or pieces of them glued. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 3, arbitrary: nasty },
  {
    weight: 2,
    arbitrary: fc.array(fc.oneof(nasty, fc.string({ maxLength: 6 })), { minLength: 2, maxLength: 5 }).map((parts) => parts.join('')),
  },
);

/** Percent-encodes every UTF-8 byte outside the unreserved set (what a careful client sends). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
/** Printable ASCII as is (so `../`, `\`, `%ZZ` reach the server raw), everything else percent-encoded. */
const mixed = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (b >= 0x21 && b <= 0x7e ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

/** A path segment in one of three encodings; `raw` may be refused by the client or the parser (counted). */
const segment = fc.oneof(
  { weight: 2, arbitrary: text.map(pct) },
  { weight: 3, arbitrary: text.map(mixed) },
  { weight: 1, arbitrary: text.map(utf8Bytes) },
  { weight: 1, arbitrary: fc.uuid().map(String) },
  { weight: 1, arbitrary: fc.constant('known-org') },
);
const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.array(segment, { maxLength: 3 }).map((parts) => `?${parts.join('&')}`) },
);

/** A request-target: either API's route with fuzzed pieces, or junk. */
const target = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '', '', '/', '//', '/.', '/..', '/x', '%2F', ';x'), query)
    .map(([suffix, q]) => `/organization/users${suffix}${q}`),
  fc.tuple(segment, query).map(([seg, q]) => `/api/admin/organizations/${seg}/users${q}`),
  fc
    .tuple(
      fc.constantFrom(
        '/api/admin/organizations/',
        '/organization/',
        '/api/',
        '/',
        '//',
        '/api/admin/organizations/x/',
        '/__mock/',
        '/docs/',
        '/openapi/',
      ),
      fc.array(segment, { minLength: 1, maxLength: 4 }),
      query,
    )
    .map(([prefix, parts, q]) => `${prefix}${parts.join('/')}${q}`),
);

type Scheme = 'Bearer ' | 'bearer ' | 'BEARER  ' | 'Basic ' | 'Token ' | '';
type TokenChoice =
  | { kind: 'fixture'; index: number }
  | { kind: 'mutated'; index: number; how: number; extra: string }
  | { kind: 'random'; value: string };
const tokenChoice: fc.Arbitrary<TokenChoice> = fc.oneof(
  fc.record({ kind: fc.constant('fixture' as const), index: fc.nat() }),
  fc.record({
    kind: fc.constant('mutated' as const),
    index: fc.nat(),
    how: fc.integer({ min: 0, max: 4 }),
    extra: fc.string({ minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('random' as const), value: text }),
);
const scheme = fc.constantFrom<Scheme>('Bearer ', 'Bearer ', 'bearer ', 'BEARER  ', 'Basic ', 'Token ', '');

/** The token text of a choice (fixture tokens are only known once the server runs). */
function tokenText(choice: TokenChoice): string {
  if (choice.kind === 'random') return choice.value;
  const token = fixtureTokens[choice.index % fixtureTokens.length]!;
  if (choice.kind === 'fixture') return token;
  switch (choice.how) {
    case 0:
      return token + choice.extra;
    case 1:
      return choice.extra + token;
    case 2:
      return token.toUpperCase();
    case 3:
      return token.slice(0, -1);
    default:
      return `${token.slice(0, 4)}${choice.extra}${token.slice(4)}`;
  }
}

const exampleNames = [
  'documented',
  'unauthenticated',
  'twoUsers',
  'invalidUuid',
  'unauthorized',
  'forbidden',
  'notFound',
  'validationError',
  'internalError',
];
/** Prefer values: mostly well-formed preferences, sometimes junk, sometimes several at once. */
const preferPart = fc.oneof(
  fc.constantFrom(200, 400, 401, 403, 404, 422, 500).map((c) => `code=${c}`),
  fc.integer({ min: 0, max: 999 }).map((c) => `code=${c}`),
  fc.constantFrom(...exampleNames).map((n) => `example=${n}`),
  text.map((t) => `example=${t}`),
  text.map((t) => `code=${t}`),
  fc.constantFrom(
    'code=500abc',
    'code=',
    'example=',
    'code="500"',
    'CODE=403',
    'code = 401',
    'respond-async',
    'wait=5',
    'return=minimal',
    'x'.repeat(9000),
  ),
  text,
);
const prefer = fc.option(
  fc
    .array(preferPart, { minLength: 1, maxLength: 3 })
    .chain((parts) => fc.constantFrom(', ', ';', ',', ' ; ').map((sep) => parts.join(sep))),
  { nil: undefined, freq: 2 },
);

const origin = fc.option(
  fc.oneof(fc.constantFrom('http://localhost:3000', 'https://app.example', 'null', '*', 'file://', 'http://[::1]:8080'), fc.webUrl(), text),
  { nil: undefined, freq: 3 },
);

const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'proxy-connection',
  'http2-settings',
]);
/** Extra headers with valid names (framing headers left out: they test Node, not the mock) and any values. */
const extraHeaders = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
        fc.constantFrom('Accept', 'Accept-Language', 'Cookie', 'X-Forwarded-For', 'X-Request-Id', 'Content-Type', 'If-None-Match', 'Range'),
      ),
      text,
    ),
    { maxLength: 3 },
  )
  .map((pairs) =>
    pairs.filter(
      ([name]) => !RESERVED_HEADERS.has(name.toLowerCase()) && !['authorization', 'prefer', 'origin'].includes(name.toLowerCase()),
    ),
  );

interface FuzzInput {
  target: string;
  auth: { scheme: Scheme; token: TokenChoice } | null;
  prefer: string | undefined;
  origin: string | undefined;
  extra: [string, string][];
  /** Picks the SuperAI organization a `known-org` segment stands for. */
  org: number;
}

/** Anything goes: every part of the request fuzzed at once. */
const wildInput: fc.Arbitrary<FuzzInput> = fc.record({
  target,
  auth: fc.option(fc.record({ scheme, token: tokenChoice }), { nil: null, freq: 4 }),
  prefer,
  origin,
  extra: extraHeaders,
  org: fc.nat(),
});

/** A well-formed call by a fixture user with one or two parts fuzzed, so live 200s and 403s/404s are in the mix. */
const nearlyValidInput: fc.Arbitrary<FuzzInput> = fc.record({
  target: fc.oneof(
    fc.tuple(fc.constant('/organization/users'), query).map(([p, q]) => p + q),
    fc
      .tuple(fc.oneof({ weight: 3, arbitrary: fc.constant('known-org') }, { weight: 1, arbitrary: segment }), query)
      .map(([seg, q]) => `/api/admin/organizations/${seg}/users${q}`),
  ),
  auth: fc.record({
    scheme: fc.constant<Scheme>('Bearer '),
    token: fc.record({ kind: fc.constant('fixture' as const), index: fc.nat() }) as fc.Arbitrary<TokenChoice>,
  }),
  prefer: fc.option(preferPart, { nil: undefined, freq: 4 }),
  origin,
  extra: fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: extraHeaders }),
  org: fc.nat(),
});

const fuzzInput = fc.oneof(wildInput, nearlyValidInput);

/** The exact request of an input; header values go out as UTF-8 bytes. */
function toRequest(input: FuzzInput, method = 'GET'): SentRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of input.extra) headers[name] = utf8Bytes(value);
  if (input.auth) headers.authorization = utf8Bytes(input.auth.scheme + tokenText(input.auth.token));
  if (input.prefer !== undefined) headers.prefer = utf8Bytes(input.prefer);
  if (input.origin !== undefined) headers.origin = utf8Bytes(input.origin);
  const path = input.target.replace('known-org', superaiOrganizations[input.org % superaiOrganizations.length]!);
  return { method, path, headers };
}

// ---------------------------------------------------------------------------------------------
// Invariants

/** Sends a request and sorts the outcome: refused by the HTTP stack (counted) or answered by the mock. */
async function exchange(
  property: string,
  request: SentRequest,
  target = server,
): Promise<{ exchange: Exchange; response: Received | null }> {
  const t = tally.get(property) ?? { sent: 0, clientRejected: 0, parserRejected: 0, utility: 0, api: 0, problem: 0 };
  tally.set(property, t);
  t.sent++;
  const ex = await send(target.port, request, agent);
  if (ex.kind === 'client-rejected') {
    t.clientRejected++;
    return { exchange: ex, response: null };
  }
  // Node's parser (llhttp) refuses some requests itself, writing a bare `400` or `431` to the socket
  // without a Date header; the mock never sees them. Every response the server stack writes has one.
  const fromParser = ex.response.headers.date === undefined;
  if (parserRejectsTarget(request.path) && !fromParser)
    throw new Error(`expected Node's parser to refuse the request-target\n${describeExchange(ex)}`);
  if (fromParser) {
    t.parserRejected++;
    if (![400, 431].includes(ex.response.status) || ex.response.body !== '')
      throw new Error(`an answer without a Date header that is not Node's parser refusal\n${describeExchange(ex)}`);
    return { exchange: ex, response: null };
  }
  if (isMockUtility(request.path)) {
    // The mock's own pages (/docs HTML, /openapi/*.yaml, /__mock/* JSON) are out of the API's contract.
    t.utility++;
    return { exchange: ex, response: null };
  }
  if (mediaType(ex.response.headers) === 'application/json') t.api++;
  else t.problem++;
  return { exchange: ex, response: ex.response };
}

const fail = (ex: Exchange, ...violations: string[]): never => {
  throw new Error(`\n${describeExchange(ex, violations)}`);
};

/** The mock's own Prefer acknowledgment must echo what the request asked for. */
function forced(api: Api | null, request: SentRequest, response: Received): number | null {
  const applied = response.headers['preference-applied'];
  if (!api || !applied) return null;
  const asked = (request.headers.prefer ?? '')
    .toLowerCase()
    .replace(/"/g, '')
    .replace(/\s*=\s*/g, '=');
  return applied.split(',').every((part) => asked.includes(part.trim().toLowerCase())) ? forcedStatus(api, applied) : null;
}

/** Seeded and bounded: the same counterexamples on every run. */
const params = <T>(offset: number, numRuns = RUNS): fc.Parameters<T> => ({ seed: SEED + offset, numRuns, endOnFailure: false });

describe('fuzzing the live mock', () => {
  it('(a) never answers 5xx unless Prefer forced the documented 500', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fuzzInput, async (input) => {
        const request = toRequest(input);
        const { exchange: ex, response } = await exchange('a: no 5xx', request);
        if (!response) return;
        checked++;
        if (response.status < 500) return;
        const { api } = matchOperation(routesOf(apis, request.path), response);
        if (response.status !== 500 || forced(api, request, response) !== 500)
          fail(ex, `${response.status} without Prefer: code=500 or a 500 example`);
      }),
      params(1),
    );
    // The rest were refused by Node's HTTP stack or were the mock's own pages (counted in the tally).
    expect(checked, 'responses of the mock judged').toBeGreaterThan(RUNS / 2);
  });

  it('(a) with --error-rate 0.3 the only 5xx is the documented 500 of the operation, valid against the spec', async () => {
    let injected = 0;
    await fc.assert(
      fc.asyncProperty(fuzzInput, async (input) => {
        const request = toRequest(input);
        const { exchange: ex, response } = await exchange('a: error-rate 0.3', request, faultServer);
        if (!response || response.status < 500) return;
        const { api, violations } = matchOperation(routesOf(apis, request.path), response);
        if (response.status !== 500 || !api) fail(ex, `${response.status} is not an API operation's documented 500`, ...violations);
        if (violations.length) fail(ex, ...violations);
        if (forced(api, request, response) !== 500) injected++;
      }),
      params(2, 250),
    );
    expect(injected, 'the fault injection was exercised').toBeGreaterThan(10);
  });

  it('(b) every response the mock gives is JSON: application/json from an API, problem+json for a mock-usage error', async () => {
    const checked = { api: 0, problem: 0 };
    await fc.assert(
      fc.asyncProperty(fuzzInput, async (input) => {
        const request = toRequest(input);
        const { exchange: ex, response } = await exchange('b: JSON', request);
        if (!response) return;
        const type = mediaType(response.headers);
        if (type === 'application/json') {
          checked.api++;
          try {
            JSON.parse(response.body);
          } catch {
            fail(ex, 'application/json body does not parse');
          }
        } else if (type === 'application/problem+json') {
          checked.problem++;
          const violations = problemViolations(response);
          if (violations.length) fail(ex, ...violations);
        } else
          fail(
            ex,
            `Content-Type ${JSON.stringify(response.headers['content-type'] ?? null)}: neither an API response nor a mock-usage error`,
          );
      }),
      params(3),
    );
    expect(checked.api, 'API responses parsed').toBeGreaterThan(RUNS / 5);
    expect(checked.problem, 'mock-usage errors checked').toBeGreaterThan(RUNS / 5);
  });

  it('(c) every API response has a documented status and a body valid against the spec (Prism and the project validator)', async () => {
    let valid200 = 0;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fuzzInput, async (input) => {
        const request = toRequest(input);
        const { exchange: ex, response } = await exchange('c: spec-valid', request);
        if (!response || mediaType(response.headers) !== 'application/json') return;
        const { api, violations } = matchOperation(routesOf(apis, request.path), response);
        if (!api) return fail(ex, ...violations);
        checked++;
        const own = ownValidators.get(api.module.name)!.validate(api.operation, response.status, JSON.parse(response.body));
        if (own === null) violations.push(`status ${response.status} has no schema in the project's spec reader`);
        else violations.push(...own.map((v) => `project validator ${v.path || '/'}: ${v.message}`));
        if (violations.length) fail(ex, ...violations);
        if (response.status === 200 && response.headers['preference-applied'] === undefined) valid200++;
      }),
      params(4),
    );
    expect(valid200, 'live 200s (fixture tokens) were among the validated responses').toBeGreaterThan(5);
    expect(checked, 'API responses validated').toBeGreaterThan(RUNS / 5);
  });

  it('(d) a random or mutated token never gets 200 (only a forced Prefer does), and is answered 401 when not forced', async () => {
    const randomAuth = fc.record({
      scheme,
      token: fc.oneof(
        fc.record({
          kind: fc.constant('mutated' as const),
          index: fc.nat(),
          how: fc.integer({ min: 0, max: 4 }),
          extra: fc.string({ minLength: 1, maxLength: 3 }),
        }),
        fc.record({ kind: fc.constant('random' as const), value: fc.oneof(text, fc.constant(KB8)) }),
      ) as fc.Arbitrary<TokenChoice>,
    });
    const checked = { judged: 0, unforced401: 0 };
    await fc.assert(
      fc.asyncProperty(fc.record({ target, auth: randomAuth, prefer, origin, extra: extraHeaders, org: fc.nat() }), async (input) => {
        const token = tokenText(input.auth.token);
        fc.pre(!fixtureTokens.includes(token.trim()));
        const request = toRequest(input);
        const { exchange: ex, response } = await exchange('d: random token', request);
        if (!response || mediaType(response.headers) !== 'application/json') return;
        const { api } = matchOperation(routesOf(apis, request.path), response);
        if (!api) return; // an API body at no route: property (c)'s failure
        const status = forced(api, request, response);
        checked.judged++;
        if (response.status === 200 && status !== 200) fail(ex, 'a token that is no fixture user got 200');
        if (status === null && response.status !== api.operation.access?.unauthenticatedStatus)
          fail(ex, `unforced ${response.status}, expected ${api.operation.access?.unauthenticatedStatus}`);
        if (status === null) checked.unforced401++;
      }),
      params(5),
    );
    expect(checked.judged, 'API answers to a random token judged').toBeGreaterThan(RUNS / 10);
    expect(checked.unforced401, 'of which unforced, and so 401').toBeGreaterThan(RUNS / 20);
  });

  it('(e) CORS: a same-machine Origin (or none) is allowed, any other refused, on API responses, mock-usage errors and preflights', async () => {
    const checked = { preflight: 0, actual: 0 };
    await fc.assert(
      fc.asyncProperty(fuzzInput, fc.oneof(fc.constant(''), text), fc.boolean(), async (input, originText, preflight) => {
        const withOrigin = { ...input, origin: originText };
        const request = toRequest(withOrigin, preflight ? 'OPTIONS' : 'GET');
        if (preflight) request.headers['access-control-request-method'] = 'GET';
        const { exchange: ex, response } = await exchange('e: CORS', request);
        if (!response) return;
        checked[preflight ? 'preflight' : 'actual']++;
        const sent = request.headers.origin!.replace(/^[ \t]+|[ \t]+$/g, '');
        const allowed = response.headers['access-control-allow-origin'];
        const readable = sent === '' || isSameMachineOrigin(sent);
        if (readable && allowed === undefined) fail(ex, 'no Access-Control-Allow-Origin for a same-machine Origin');
        if (!readable && allowed !== undefined) fail(ex, `Access-Control-Allow-Origin ${JSON.stringify(allowed)} for a foreign Origin`);
        if (allowed !== undefined && allowed !== (sent === '' ? '*' : sent))
          fail(ex, `Access-Control-Allow-Origin ${JSON.stringify(allowed)} is neither * nor the Origin sent`);
        if (preflight && !/\bGET\b/.test(response.headers['access-control-allow-methods'] ?? '')) fail(ex, 'preflight does not allow GET');
      }),
      params(6),
    );
    expect(checked.preflight, 'preflights checked').toBeGreaterThan(RUNS / 10);
    expect(checked.actual, 'actual requests checked').toBeGreaterThan(RUNS / 10);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written cases: each runs every invariant above, plus what the case itself must give.

interface TableCase {
  name: string;
  path: string | (() => string);
  headers?: Record<string, string>;
  /** Expected status and kind of answer; `answered`: any answer of the mock's own (API JSON or problem+json). */
  expect: { status: number; kind: 'api' | 'problem' } | { kind: 'answered' };
}

const fbPath = '/organization/users';
const saPath = (org: string) => `/api/admin/organizations/${org}/users`;
const owner = () => fixtureTokens.find((t) => t.startsWith('fb_owner_'))!;
const backoffice = () => fixtureTokens.find((t) => t.startsWith('sa_backoffice_'))!;

const TABLE: TableCase[] = [
  { name: '8 KB token (Flashback)', path: fbPath, headers: { authorization: `Bearer ${KB8}` }, expect: { status: 401, kind: 'api' } },
  {
    name: '8 KB token (SuperAI)',
    path: () => saPath(superaiOrganizations.at(-1)!),
    headers: { authorization: `Bearer ${KB8}` },
    expect: { status: 401, kind: 'api' },
  },
  { name: '8 KB path segment', path: saPath(KB8), headers: { authorization: 'Bearer @backoffice' }, expect: { status: 400, kind: 'api' } },
  {
    name: '%00 as organization id',
    path: saPath('%00'),
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  {
    name: '%2e%2e%2f as organization id',
    path: saPath('%2e%2e%2f'),
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  {
    name: 'encoded dot segment %2e%2e/ is normalised away (no route)',
    path: '/api/admin/organizations/%2e%2e/users',
    expect: { status: 404, kind: 'problem' },
  },
  { name: 'raw ../ out of the SuperAI route', path: '/api/admin/organizations/../users', expect: { status: 404, kind: 'problem' } },
  { name: 'raw ../ back into the Flashback route', path: '/api/../organization/users', expect: { status: 401, kind: 'api' } },
  {
    name: "SQL-like organization id ' OR 1=1--",
    path: saPath(encodeURIComponent("' OR 1=1--")),
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  {
    name: "SQL-like token ' OR 1=1--",
    path: fbPath,
    headers: { authorization: "Bearer ' OR 1=1--" },
    expect: { status: 401, kind: 'api' },
  },
  {
    name: 'emoji token (UTF-8 bytes)',
    path: fbPath,
    headers: { authorization: utf8Bytes('Bearer 😀😀😀') },
    expect: { status: 401, kind: 'api' },
  },
  {
    name: 'emoji organization id',
    path: saPath(encodeURIComponent('😀')),
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  {
    name: 'U+202E in the token',
    path: fbPath,
    headers: { authorization: utf8Bytes('Bearer \u202e@owner') },
    expect: { status: 401, kind: 'api' },
  },
  {
    name: 'U+202E in the organization id',
    path: saPath(encodeURIComponent('\u202e')),
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  {
    name: 'overlong UTF-8 %c0%af',
    path: saPath('%c0%af'),
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  {
    name: 'overlong UTF-8 ..%c0%af.. out of the route',
    path: '/api/admin/organizations/..%c0%af../users',
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  {
    name: 'invalid percent-encoding %ZZ',
    path: saPath('%ZZ'),
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 400, kind: 'api' },
  },
  { name: 'double slash before the route', path: '//organization/users', expect: { status: 404, kind: 'problem' } },
  { name: 'double slash inside the route', path: '/organization//users', expect: { status: 404, kind: 'problem' } },
  { name: 'empty organization id (double slash)', path: '/api/admin/organizations//users', expect: { status: 404, kind: 'problem' } },
  { name: 'trailing slash', path: '/organization/users/', expect: { status: 404, kind: 'problem' } },
  {
    name: 'query string is ignored',
    path: `${fbPath}?page=2&organization_id=x&x=%00`,
    headers: { authorization: 'Bearer @owner' },
    expect: { status: 200, kind: 'api' },
  },
  {
    name: 'query string on SuperAI',
    path: () => `${saPath(superaiOrganizations.at(-1)!)}?limit=1&offset=-1`,
    headers: { authorization: 'Bearer @backoffice' },
    expect: { status: 200, kind: 'api' },
  },
  { name: 'absolute-form request-target', path: 'http://127.0.0.1/organization/users', expect: { status: 401, kind: 'api' } },
  { name: 'very long Prefer header of junk', path: fbPath, headers: { prefer: 'x'.repeat(12_000) }, expect: { status: 401, kind: 'api' } },
  {
    name: 'very long Prefer header repeating code=403',
    path: fbPath,
    headers: { prefer: 'code=403, '.repeat(1000) },
    expect: { status: 403, kind: 'api' },
  },
  { name: 'Prefer: code=500abc', path: fbPath, headers: { prefer: 'code=500abc' }, expect: { status: 400, kind: 'problem' } },
  { name: 'Prefer: code=', path: fbPath, headers: { prefer: 'code=' }, expect: { status: 400, kind: 'problem' } },
  { name: 'Prefer: example= (empty)', path: fbPath, headers: { prefer: 'example=' }, expect: { status: 400, kind: 'problem' } },
  {
    name: 'Prefer: example= with unicode',
    path: fbPath,
    headers: { prefer: utf8Bytes('example=dócumented😀\u202e') },
    expect: { status: 400, kind: 'problem' },
  },
  {
    name: 'Prefer: example= with SQL',
    path: () => saPath(superaiOrganizations[0]!),
    headers: { prefer: "example=' OR 1=1--" },
    expect: { status: 400, kind: 'problem' },
  },
  // @hono/node-server refuses these request-targets before the app runs, with a bare 400 (no body,
  // no Content-Type, no CORS): the mock must answer them itself, like any unknown path.
  { name: 'backslash in the path is answered by the mock (JSON, CORS)', path: '/organization\\users', expect: { kind: 'answered' } },
  {
    name: 'backslash traversal ..\\ is answered by the mock (JSON, CORS)',
    path: '/api/admin/organizations/..\\..\\organization/users',
    expect: { kind: 'answered' },
  },
  { name: 'asterisk-form request-target is answered by the mock (JSON, CORS)', path: '*', expect: { kind: 'answered' } },
];

describe('hand-written nasty requests', () => {
  it.each(TABLE)('$name', async (c) => {
    const headers: Record<string, string> = { origin: 'http://localhost:3000' };
    for (const [name, value] of Object.entries(c.headers ?? {})) {
      headers[name] = value.replace('@owner', owner()).replace('@backoffice', backoffice());
    }
    const request: SentRequest = { method: 'GET', path: typeof c.path === 'function' ? c.path() : c.path, headers };
    const ex = await send(server.port, request, agent);
    expect(ex.kind, describeExchange(ex)).toBe('response');
    if (ex.kind !== 'response') return;
    const { response } = ex;
    const type = mediaType(response.headers);
    const violations: string[] = [];
    if (type === 'application/json') violations.push(...matchOperation(routesOf(apis, request.path), response).violations);
    else if (type === 'application/problem+json') violations.push(...problemViolations(response));
    else violations.push(`Content-Type ${JSON.stringify(response.headers['content-type'] ?? null)}: not answered by the mock as JSON`);
    if (response.status >= 500) violations.push('5xx without Prefer');
    if (response.headers['access-control-allow-origin'] === undefined) violations.push('no Access-Control-Allow-Origin');
    if ('status' in c.expect) {
      if (response.status !== c.expect.status) violations.push(`status ${response.status}, expected ${c.expect.status}`);
      if ((type === 'application/json' ? 'api' : 'problem') !== c.expect.kind)
        violations.push(`expected ${c.expect.kind === 'api' ? 'an API response' : 'a mock-usage error'}`);
    }
    expect(violations, describeExchange(ex, violations)).toEqual([]);
  });
});
