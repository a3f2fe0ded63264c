import type { ApiDefinition } from '../apis/types.js';
import type { Spec } from '../openapi/load.js';
import type { Inferred, OperationInfo } from '../openapi/types.js';
import type { BodyValidator } from '../openapi/validate.js';

/** Where a check's rule comes from: the vendor's page, an `x-inferred` part of a spec, or plain security. */
export type Source = 'documented' | 'inferred' | 'security';
/** `inconclusive`: the backend kept refusing the request (429/503) after every retry; judged neither way. */
export type Outcome = 'passed' | 'failed' | 'warned' | 'skipped' | 'inconclusive';

export interface HttpRequest {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
  /** The shell word a curl line passes to -H for the Authorization header; never the secret itself. */
  authDisplay?: string;
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

/** A request the backend did not answer with a complete response. */
export interface TransportError {
  kind: 'timeout' | 'reset' | 'too-large' | 'unreachable' | 'other';
  message: string;
}

export type Exchange = { request: HttpRequest; response: HttpResponse } | { request: HttpRequest; error: TransportError };

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

export type CaseKind = 'auth' | 'role' | 'parameter';

/** One request the suite sends, with what it expects and the checks that judge the answer. */
export interface Case {
  /** Stable key within its API, e.g. `role:USER`, `role:org_admin@otherOrganizationId`, `auth:basic`; `<api>/<key>` for --only. */
  key: string;
  label: string;
  kind: CaseKind;
  /** The role whose token the case sends (role and parameter cases). */
  role?: string;
  /** The organization a role case asks for, by its config key; null when the operation takes none. */
  organization?: string | null;
  request: HttpRequest;
  expectation: Expectation;
  /** Path parameters sent, by name. */
  params: Record<string, string>;
  /** Ids of the checks that judge the response, in report order. */
  checks: string[];
}

/** A case that could not be built from the config (a token or organization id is missing). */
export interface SkippedCase {
  key: string;
  label: string;
  kind?: CaseKind;
  role?: string;
  organization?: string | null;
  /** What the case would have expected, when the plan knows it. */
  expectation?: Expectation;
  checks: string[];
  reason: string;
}

/** One API under test, resolved: its definition, spec, operation and validator. */
export interface ApiTarget {
  api: ApiDefinition;
  spec: Spec;
  operation: OperationInfo;
  validator: BodyValidator;
}

export interface CheckContext {
  target: ApiTarget;
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
  relevant?(target: ApiTarget): boolean;
  /** False when the check has nothing to judge in this response (it is then not counted). */
  applies?(ctx: CheckContext): boolean;
  run(ctx: CheckContext): void;
}

export interface CheckResult {
  check: string;
  caseKey: string;
  caseLabel: string;
  outcome: Outcome;
  /** The source this result was judged by (a documented check's failure can be an inferred departure). */
  source: Source;
  status?: number;
  expected?: string;
  received?: string;
  path?: string;
  value?: unknown;
  /** Why a departure only warns (an `x-inferred-reason`, or the 422 note); it fails with --strict. */
  warnReason?: string;
  /** Why a result was skipped. */
  reason?: string;
  curl?: string;
}

export interface CheckInfo {
  id: string;
  title: string;
  meaning: string;
  source: Source;
}

/** One planned case and what came of it: one entry per response, with every check it failed or warned on. */
export interface CaseReport {
  /** `<api>/<case key>`: what --only takes. */
  id: string;
  key: string;
  label: string;
  kind: CaseKind;
  role: string | null;
  organization: string | null;
  /** Worst outcome of its checks; skipped when the case was not sent. */
  outcome: Outcome;
  expected: { statuses: number[]; because: string } | null;
  status: number | null;
  durationMs: number | null;
  failed: CheckResult[];
  warned: CheckResult[];
  passed: string[];
  skipReason: string | null;
  /** Set when the case failed or warned: a shell line that sends the same request. */
  curl: string | null;
  /** Set when the case failed or warned: the response's start, secrets masked. */
  response: { contentType: string | null; bytes: number; preview: string } | null;
}

export interface ApiReport {
  api: string;
  baseUrl: string | null;
  operation: { operationId: string; method: string; path: string };
  /** Checks this API ran, in report order. */
  checks: CheckInfo[];
  results: CheckResult[];
  /** Every planned case, sent or skipped, in plan order. */
  cases: CaseReport[];
  /** Notes on what was not checked and why (missing tokens, missing section). */
  notes: string[];
  /** What probably went wrong beyond single checks (every answer a 404: a wrong base URL). */
  hints: string[];
  /** The operation's documented statuses (an inferred one marked). */
  documentedStatuses: { status: number; inferred: boolean }[];
}

export interface RunReport {
  strict: boolean;
  /** Skipped planned cases fail the run (--fail-on-skip). */
  failOnSkip?: boolean;
  /** The seed every generated value came from (--seed, else a random one): rerun with it to send the same requests. */
  seed?: number;
  /** Case ids the run was restricted to (--only). */
  only?: string[];
  apis: ApiReport[];
  requests: number;
  durationMs: number;
  /** The run could not start (bad config, unreachable base URL): nothing was checked. */
  error?: { code: string; message: string };
}
