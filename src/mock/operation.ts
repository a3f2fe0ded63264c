/**
 * One API's operation as the mock answers it: sign-in, the spec's role rules, the organization asked for, the
 * list or the API's error body.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ApiDefinition, FixtureUser, RequestInfo } from '../apis/types.js';
import { apiKeyScheme, canSignIn, mayList } from '../openapi/extensions.js';
import type { AccessControl, Json } from '../openapi/types.js';
import { toJsonSchema } from '../openapi/validate.js';
import type { IndexedDataset } from './dataset.js';
import { ApiError, DEFAULT_MESSAGES } from './errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Which step of the pipeline decided an answer (the journal's `rule`): `forced` is `Prefer`, `fault` an injected 500. */
export type Rule = 'auth' | 'parameter' | 'access' | 'organization' | 'ok' | 'forced' | 'fault';

/**
 * What the operation answers: a status and either a pre-serialised body or a JSON value; `answer()` adds the step
 * that decided it and the caller, when one signed in.
 */
export type Outcome = ({ status: number; body: Json } | { status: number; raw: string }) & { rule?: Rule; user?: FixtureUser };

export interface OperationRequest extends RequestInfo {
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
  errorOutcome(status: number, request: RequestInfo, message?: string): Outcome;
}

/**
 * The spec-driven request pipeline of one API operation, in the order the specs imply:
 * authenticate (401: a bearer token, or without an Authorization header the API key of the spec's
 * API-key scheme, same sign-in rule), validate path parameters (400), apply x-access-control (403), find the
 * organization (404), answer the list (200).
 */
export function operationHandler(api: ApiDefinition, dataset: IndexedDataset): OperationHandler {
  const { operation } = api;
  if (!operation.access) throw new Error(`${api.name}: ${operation.operationId} has no x-access-control in its spec`);
  const access: AccessControl = operation.access;
  const documented = new Set(operation.responses.map((r) => r.status));
  const paramCheck = parameterCheckerOf(api);
  const apiKeyHeader = apiKeyScheme(api.spec, operation)?.header ?? null;
  const fail = (status: number, message = DEFAULT_MESSAGES[status] ?? 'Error'): never => {
    throw new ApiError(status, message);
  };

  /** The API's own error answer for a status. */
  const errorOutcome = (status: number, request: RequestInfo, message = DEFAULT_MESSAGES[status] ?? 'Error'): Outcome => ({
    status,
    body: api.mock.errorBody(status, message, request),
  });

  function answer(request: OperationRequest): Outcome {
    let rule: Rule = 'auth';
    let caller: FixtureUser | undefined;
    try {
      caller =
        request.authorization === undefined && apiKeyHeader !== null && request.apiKey !== undefined
          ? authenticateKey(request.apiKey, dataset, access, fail)
          : authenticate(request.authorization, dataset, access, fail);
      rule = 'parameter';
      const invalid = paramCheck(request.params);
      if (invalid) fail(documented.has(400) ? 400 : 422, invalid);
      rule = 'access';
      const asked = authorize(access, caller, request, api, fail);
      rule = 'organization';
      const organization = dataset.organization(asked);
      // An organization named in the path that does not exist: 404 where documented. The caller's own
      // organization missing means the caller is "not in organization": the denied status.
      if (!organization) return fail(access.organizationParameter && documented.has(404) ? 404 : access.deniedStatus);
      return { status: 200, raw: dataset.listBody(organization), rule: 'ok', user: caller };
    } catch (error) {
      if (error instanceof ApiError)
        return { ...errorOutcome(error.status, request, error.message), rule, ...(caller ? { user: caller } : {}) };
      throw error;
    }
  }
  return { apiKeyHeader, answer, errorOutcome };
}

function authenticate(
  header: string | undefined,
  dataset: IndexedDataset,
  access: AccessControl,
  fail: (status: number, message?: string) => never,
): FixtureUser {
  const status = access.unauthenticatedStatus;
  if (header === undefined || header.trim() === '') return fail(status, 'Authentication required');
  const match = /^Bearer +([^\s]+)\s*$/i.exec(header);
  if (!match) return fail(status, 'Authorization must be "Bearer <token>"');
  const user = dataset.byToken.get(match[1]!);
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
  const user = dataset.byApiKey.get(key.trim());
  if (!user) return fail(status, 'Invalid API key');
  if (!canSignIn(access, user.record)) return fail(status, 'User account is not active');
  return user;
}

/** The organization the caller may list (the one asked for, or the caller's own), lower-cased; fails when the role may not. */
function authorize(
  access: AccessControl,
  caller: FixtureUser,
  request: OperationRequest,
  api: ApiDefinition,
  fail: (status: number, message?: string) => never,
): string {
  const role = caller.record[access.roleProperty];
  const callerOrg = api.mock.organizationOf(caller.record)?.toLowerCase() ?? null;
  const asked = access.organizationParameter ? (request.params[access.organizationParameter] ?? '').toLowerCase() : callerOrg;
  if (!mayList(access, role, callerOrg, asked)) fail(access.deniedStatus);
  return asked!;
}

/** Each API's parameter checker, compiled once: every world (the default one and each session's) shares it. */
const checkers = new WeakMap<ApiDefinition, (params: Record<string, string>) => string | null>();
const parameterCheckerOf = (api: ApiDefinition) => {
  let check = checkers.get(api);
  if (!check) checkers.set(api, (check = parameterChecker(api)));
  return check;
};

/** Checks path parameters against their spec schemas; returns a message for the first invalid one. */
function parameterChecker(api: ApiDefinition): (params: Record<string, string>) => string | null {
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  const checks = api.operation.parameters
    .filter((p) => p.in === 'path')
    .map((p) => ({ name: p.name, validate: ajv.compile(toJsonSchema(p.schema) as object), format: p.schema.format }));
  return (params) => {
    for (const { name, validate, format } of checks) {
      if (!validate(params[name] ?? '')) return format === 'uuid' ? 'Invalid UUID format' : `Invalid ${name}`;
    }
    return null;
  };
}
