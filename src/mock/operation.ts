/**
 * One API's operation as the mock answers it: sign-in, the spec's role rules, the organization asked for, the
 * list or the API's error body.
 */
import { organizationOfUser } from '../apis/define.js';
import type { ApiDefinition, FixtureUser, Organization, RequestInfo } from '../apis/types.js';
import { apiKeyScheme, canSignIn, mayList } from '../openapi/extensions.js';
import type { AccessControl, Json, OperationInfo, ResponseInfo } from '../openapi/types.js';
import type { Chunks, IndexedDataset } from './dataset.js';
import { ApiError, DEFAULT_MESSAGES } from './errors.js';
import { parameterReader } from './parameters.js';
import type { JwtVerdict } from './jwt.js';

/** Which step of the pipeline decided an answer (the journal's `rule`): `forced` is `Prefer`, `fault` an injected 500. */
export type Rule = 'auth' | 'parameter' | 'access' | 'organization' | 'ok' | 'forced' | 'fault';

/**
 * What the operation answers: a status; a JSON value, a pre-serialised body or a body streamed in chunks; and the
 * spec's declared headers. `answer()` adds the step that decided it and the caller, when one signed in (for the journal).
 */
export type Outcome = ({ status: number; body: Json } | { status: number; raw: string } | { status: number; chunks: Chunks }) & {
  headers?: Readonly<Record<string, string>>;
  rule?: Rule;
  user?: FixtureUser;
};

/** A request as an adapter hands it over. */
export interface OperationRequest {
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** The query string as sent, without the `?` (absent or '' for none). */
  search?: string;
  requestId: string;
  authorization: string | undefined;
  /** The value of the API-key header (`OperationHandler.apiKeyHeader`), when sent. */
  apiKey?: string | undefined;
}

/** One API as the mock serves it: its definition, route, data and request pipeline. */
export interface ServedApi {
  api: ApiDefinition;
  /** The Hono route, `:name` parameters. */
  route: string;
  dataset: IndexedDataset;
  handler: OperationHandler;
}

export interface OperationHandler {
  /** The header of the spec's API-key scheme (`X-API-Key`), null when the operation takes bearer tokens only. */
  apiKeyHeader: string | null;
  /** What the operation answers to a request, errors included (as the API's own error bodies). */
  answer(request: OperationRequest): Outcome;
  errorOutcome(status: number, request: Pick<OperationRequest, 'params' | 'search' | 'requestId'>, message?: string): Outcome;
}

/** The declared headers of a response from their examples (what a `Prefer: example=` answer sends with the example body). */
export function exampleHeaders(response: ResponseInfo | undefined): Record<string, string> | undefined {
  const entries = (response?.headers ?? []).flatMap((h) => (h.example === null ? [] : [[h.name, String(h.example)] as const]));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * The spec-driven request pipeline of one API operation, in the order the specs imply:
 * authenticate (401: a bearer token, or without an Authorization header the API key of the spec's
 * API-key scheme, same sign-in rule), validate path and query parameters (400, or 422 where that is the documented
 * one), apply x-access-control (403), find the organization (404), answer the list (200, with its declared headers).
 */
export function operationHandler(api: ApiDefinition, dataset: IndexedDataset, jwt?: (token: string) => JwtVerdict): OperationHandler {
  const { operation } = api;
  if (!operation.access) throw new Error(`${api.name}: ${operation.operationId} has no x-access-control in its spec`);
  const access: AccessControl = operation.access;
  const documented = new Set(operation.responses.map((r) => r.status));
  const readParameters = parameterReaderOf(operation);
  const info = (request: Pick<OperationRequest, 'params' | 'search' | 'requestId'>): RequestInfo => ({
    params: request.params,
    query: readParameters(request.params, request.search ?? '').query,
    requestId: request.requestId,
  });
  const apiKeyHeader = apiKeyScheme(api.spec, operation)?.header ?? null;
  const fail = (status: number, message = DEFAULT_MESSAGES[status] ?? 'Error'): never => {
    throw new ApiError(status, message);
  };

  /** The API's own error answer for a status. */
  const errorOutcome = (
    status: number,
    request: Pick<OperationRequest, 'params' | 'search' | 'requestId'>,
    message = DEFAULT_MESSAGES[status] ?? 'Error',
  ): Outcome => ({
    status,
    body: api.mock.errorBody(status, message, info(request)),
  });

  // The last Authorization header read and its token, and the last caller and its organization (lower case): a
  // client sends the same header again and again, and the hot path then neither matches nor lower-cases anything.
  let lastHeader: string | undefined;
  let lastToken: string | null = null;
  const tokenOf = (header: string): string | null => {
    if (header !== lastHeader) {
      lastToken = BEARER.exec(header)?.[1] ?? null;
      lastHeader = header;
    }
    return lastToken;
  };
  let lastCaller: FixtureUser | undefined;
  let lastCallerOrg: string | null = null;
  const callerOrgOf = (caller: FixtureUser): string | null => {
    if (caller !== lastCaller) {
      lastCallerOrg = organizationOfUser(api, caller)?.toLowerCase() ?? null;
      lastCaller = caller;
    }
    return lastCallerOrg;
  };

  function answer(request: OperationRequest): Outcome {
    let rule: Rule = 'auth';
    let caller: FixtureUser | undefined;
    try {
      caller =
        request.authorization === undefined && apiKeyHeader !== null && request.apiKey !== undefined
          ? authenticateKey(request.apiKey, dataset, access, fail)
          : authenticate(request.authorization, tokenOf, dataset, access, fail, jwt);
      rule = 'parameter';
      const { query, invalid } = readParameters(request.params, request.search ?? '');
      if (invalid) fail(documented.has(400) ? 400 : documented.has(422) ? 422 : 400, invalid);
      rule = 'access';
      const organization = authorize(access, caller, callerOrgOf(caller), request, dataset, fail, () => {
        rule = 'organization';
        // An organization named in the path that does not exist: 404 where documented. The caller's own
        // organization missing means the caller is "not in organization": the denied status.
        return fail(access.organizationParameter && documented.has(404) ? 404 : access.deniedStatus);
      });
      return { status: 200, ...dataset.listBody(organization, { params: request.params, query }), rule: 'ok', user: caller };
    } catch (error) {
      if (error instanceof ApiError)
        return { ...errorOutcome(error.status, request, error.message), rule, ...(caller ? { user: caller } : {}) };
      throw error;
    }
  }
  return { apiKeyHeader, answer, errorOutcome };
}

/** Each operation's parameter reader, compiled once: every world (the default one and each session's) shares it. */
const readers = new WeakMap<OperationInfo, ReturnType<typeof parameterReader>>();
function parameterReaderOf(operation: OperationInfo): ReturnType<typeof parameterReader> {
  let read = readers.get(operation);
  if (!read) readers.set(operation, (read = parameterReader(operation)));
  return read;
}

/** `Bearer <token>`, the scheme in any case, the token without white space. */
const BEARER = /^Bearer +([^\s]+)\s*$/i;

function authenticate(
  header: string | undefined,
  tokenOf: (header: string) => string | null,
  dataset: IndexedDataset,
  access: AccessControl,
  fail: (status: number, message?: string) => never,
  jwt?: (token: string) => JwtVerdict,
): FixtureUser {
  const status = access.unauthenticatedStatus;
  if (header === undefined) return fail(status, 'Authentication required');
  const token = tokenOf(header);
  if (token === null) return fail(status, header.trim() === '' ? 'Authentication required' : 'Authorization must be "Bearer <token>"');
  // With JWT sign-in on, a JWT signed with its secret names its user by id; anything else is an opaque fixture token.
  const verdict = jwt?.(token) ?? null;
  if (verdict !== null && 'refused' in verdict) return fail(status, verdict.refused);
  const user = verdict === null ? dataset.userByToken(token) : dataset.userById(verdict.subject);
  if (!user) return fail(status, 'Invalid authentication token');
  if (!canSignIn(access, user.record)) return fail(status, 'User account is not active');
  return user;
}

/** The caller of an API key: the key's user, by the same sign-in rule as a token's. */
function authenticateKey(
  key: string,
  dataset: IndexedDataset,
  access: AccessControl,
  fail: (status: number, message?: string) => never,
): FixtureUser {
  const status = access.unauthenticatedStatus;
  if (key.trim() === '') return fail(status, 'Authentication required');
  const user = dataset.userByApiKey(key.trim());
  if (!user) return fail(status, 'Invalid API key');
  if (!canSignIn(access, user.record)) return fail(status, 'User account is not active');
  return user;
}

/** The organization the caller may list (`callerOrg`: the caller's own, lower case), or the failure that says why not. */
function authorize(
  access: AccessControl,
  caller: FixtureUser,
  callerOrg: string | null,
  request: OperationRequest,
  dataset: IndexedDataset,
  fail: (status: number, message?: string) => never,
  missing: () => never,
): Organization {
  const role = caller.record[access.roleProperty];
  // The organization named in the path, by its id or another reference its definition gives it (a group's path).
  const reference = access.organizationParameter ? (request.params[access.organizationParameter] ?? '') : null;
  const named = reference === null ? undefined : dataset.organization(reference);
  const asked = reference === null ? callerOrg : (named?.id ?? reference).toLowerCase();
  if (!mayList(access, role, callerOrg, asked)) fail(access.deniedStatus);
  return named ?? dataset.organization(asked!) ?? missing();
}
