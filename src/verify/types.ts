/** The verify engine's own types: transport, targets, results and reports (the check vocabulary is src/contract/types.ts). */
import type { ApiDefinition } from '../apis/types.js';
import type { CaseKind, CheckTarget, Expectation, HttpRequest, HttpResponse, Source } from '../contract/types.js';

export type { Case, CaseKind, CheckContext, CheckDef, Expectation, HttpRequest, HttpResponse, Source } from '../contract/types.js';

/** The verdict on a check or a case (the mock's answer to a request is another thing). `inconclusive`: the backend kept refusing the request (429/503) after every retry; judged neither way. */
export type Verdict = 'passed' | 'failed' | 'warned' | 'skipped' | 'inconclusive';

/** A request the backend did not answer with a complete response. */
export interface TransportError {
  kind: 'timeout' | 'reset' | 'too-large' | 'unreachable' | 'other';
  message: string;
}

export type Exchange = { request: HttpRequest; response: HttpResponse } | { request: HttpRequest; error: TransportError };

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
export interface ApiTarget extends CheckTarget {
  api: ApiDefinition;
}

export interface CheckResult {
  check: string;
  /** What happened, when the check's fixed title does not say it (a 403 to bad credentials is no "not rejected"). */
  title?: string;
  caseKey: string;
  caseLabel: string;
  outcome: Verdict;
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
  outcome: Verdict;
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
  /** Notes on what was not checked and why (missing tokens, missing organizations). */
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
  /**
   * Registered APIs (of those selected) the config has no section for: not planned, so neither skipped
   * nor counted by --fail-on-skip; every reporter names them once.
   */
  notConfigured?: string[];
  apis: ApiReport[];
  requests: number;
  durationMs: number;
  /** The run could not start (bad config, unreachable base URL): nothing was checked. */
  error?: { code: string; message: string };
}
