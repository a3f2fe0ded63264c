/**
 * The vocabulary of a contract check: what a case sends and expects, what a check sees and how it
 * is declared. API definitions declare their own checks with it; the verify engine runs them.
 */
import type { Spec } from '../openapi/load.js';
import type { Inferred, OperationInfo } from '../openapi/types.js';
import type { BodyValidator } from '../openapi/validate.js';

/** Where a check's rule comes from: the vendor's page, an `x-inferred` part of a spec, or plain security. */
export type Source = 'documented' | 'inferred' | 'security';
export interface HttpRequest {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
  /** The shell word a curl line passes to -H for the credential header; never the secret itself. */
  authDisplay?: string;
  /** The header `authDisplay` stands for, when not `Authorization` (an API key's `X-API-Key`). */
  authHeader?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  bytes: number;
  /** The body parsed as JSON, or why it is not JSON. */
  json: { ok: true; value: unknown } | { ok: false; error: string };
}

/** What a case expects, read from the spec's rules (or the config's `expect` block). */
export interface Expectation {
  /** Statuses that pass; the first is the one reports name. */
  statuses: number[];
  /** Statuses that only warn, each with why. */
  warnStatuses?: Record<number, string>;
  /** The caller must not get data: a 2xx is a security failure. */
  denied: boolean;
  /** Why these statuses, for reports (`WORKSPACES is allowed by x-access-control`). */
  because: string;
  /** The rule behind the expectation is `x-inferred`: a departure only warns. */
  inferred: Inferred | null;
}

/** `tenant`: a role case sent again with another organization's id in a query parameter or header (a tenant-override probe). */
export type CaseKind = 'auth' | 'role' | 'parameter' | 'tenant';

/** One request the suite sends, with what it expects and the checks that judge the answer. */
export interface Case {
  /**
   * Stable key within its API, e.g. `role:USER`, `role:org_admin@otherOrganizationId`, `apikey:org_admin`
   * (the role's API key), `auth:basic`; `<api>/<key>` for --only.
   */
  key: string;
  label: string;
  kind: CaseKind;
  /** The role whose token (or API key) the case sends (role and parameter cases). */
  role?: string;
  /** The organization a role case asks for, by its config key; null when the operation takes none. */
  organization?: string | null;
  request: HttpRequest;
  expectation: Expectation;
  /** Path parameters sent, by name. */
  params: Record<string, string>;
  /** Ids of the checks that judge the response, in report order. */
  checks: string[];
  /** The organization every listed user must belong to (the path's, or the config's organizationId for the caller's). */
  owner?: string;
  /** Fields the config says are not secrets (`allowFields`: names, or JSON pointers within a listed user). */
  allowFields?: readonly string[];
  /** A tenant-override probe's first answer: its case, its listed ids (JSON) and organizations (lower case). */
  baseline?: { key: string; ids: string[]; organizations: string[] };
}

/** The API a check judges: its name and list pointer, spec, operation and body validator. */
export interface CheckTarget {
  api: { name: string; verify: { listPointer: string } };
  spec: Spec;
  operation: OperationInfo;
  validator: BodyValidator;
}

export interface CheckContext {
  target: CheckTarget;
  case: Case;
  response: HttpResponse;
}

/** A named check: returns nothing on success, throws a CheckFailure otherwise. */
export interface CheckDef {
  id: string;
  /** Fixed title of its failure; reports group failures by it. */
  title: string;
  /** One line: what the check makes sure of. */
  meaning: string;
  source: Source;
  /** False when the operation gives the check nothing to judge at all (it is then left out of the API's report). */
  relevant?(target: CheckTarget): boolean;
  /** False when the check has nothing to judge in this response (it is then not counted). */
  applies?(ctx: CheckContext): boolean;
  run(ctx: CheckContext): void;
}
