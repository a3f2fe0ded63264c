// One report entry per planned case: the response it got and every check it failed or warned on,
// with a curl line and a preview of the body to reproduce it; and the hints a whole API's answers give.
import { curlLine } from './curl.js';
import type { ApiReport, ApiTarget, Case, CaseReport, CheckResult, Exchange, SkippedCase } from './types.js';

/** How much of a failing response's body a report shows. */
export const PREVIEW_BYTES = 300;

/** The start of a body (already masked when it was received), cut at a character boundary. */
export function bodyPreview(text: string, max = PREVIEW_BYTES): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= max) return text;
  let cut = text.slice(0, max);
  while (Buffer.byteLength(cut) > max) cut = cut.slice(0, -1);
  return `${cut}…(${bytes} bytes)`;
}

export const caseId = (api: string, key: string) => `${api}/${key}`;

/** The report entry of a case that was sent. */
/** `withheld`: why the body is not shown (it holds secrets; src/verify/withheld.ts), or null. */
export function sentCase(
  api: string,
  c: Case,
  exchange: Exchange,
  results: CheckResult[],
  durationMs: number,
  withheld: string | null = null,
): CaseReport {
  const failed = results.filter((r) => r.outcome === 'failed');
  const warned = results.filter((r) => r.outcome === 'warned');
  const refused = results.find((r) => r.outcome === 'inconclusive');
  const outcome = refused ? 'inconclusive' : failed.length ? 'failed' : warned.length ? 'warned' : 'passed';
  const response = 'response' in exchange ? exchange.response : null;
  const judged = outcome !== 'passed';
  return {
    id: caseId(api, c.key),
    key: c.key,
    label: c.label,
    kind: c.kind,
    role: c.role ?? null,
    organization: c.organization ?? null,
    outcome,
    expected: { statuses: c.expectation.statuses, because: c.expectation.because },
    status: response?.status ?? null,
    durationMs: Math.max(0, Math.round(durationMs)),
    failed,
    warned,
    passed: results.filter((r) => r.outcome === 'passed').map((r) => r.check),
    skipReason: refused?.reason ?? null,
    curl: judged ? curlLine(c.request) : null,
    response:
      judged && response
        ? {
            contentType: response.headers['content-type'] ?? null,
            bytes: response.bytes,
            // A body with secrets in it is never shown, not even its start.
            preview:
              withheld ??
              (failed.some((r) => r.check === 'no_secret_fields') ? '(not shown: the body carries secrets)' : bodyPreview(response.text)),
          }
        : null,
  };
}

/** The report entry of a case the config gave no means to send. */
export function skippedCase(api: string, s: SkippedCase): CaseReport {
  return {
    id: caseId(api, s.key),
    key: s.key,
    label: s.label,
    kind: s.kind ?? (s.key.startsWith('auth:') ? 'auth' : s.key.startsWith('param:') ? 'parameter' : 'role'),
    role: s.role ?? null,
    organization: s.organization ?? null,
    outcome: 'skipped',
    expected: s.expectation ? { statuses: s.expectation.statuses, because: s.expectation.because } : null,
    status: null,
    durationMs: null,
    failed: [],
    warned: [],
    passed: [],
    skipReason: s.reason,
    curl: null,
    response: null,
  };
}

/** Hints about an API's answers as a whole: when every one is a 404, the base URL probably misses the spec's server path. */
export function hintsFor(target: ApiTarget, baseUrl: string | null, cases: CaseReport[]): string[] {
  const sent = cases.filter((c) => c.outcome !== 'skipped');
  if (sent.length === 0 || !sent.every((c) => c.status === 404)) return [];
  const api = target.api.name;
  const { basePath } = target.spec;
  const path = target.operation.path;
  const head = `every request to ${api} answered 404: ${api}.baseUrl is probably wrong.`;
  if (basePath === '')
    return [`${head} The spec's server has no path: ${path} must answer directly under the base URL (${baseUrl}${path}).`];
  const where = baseUrl && !new URL(baseUrl).pathname.replace(/\/+$/, '').endsWith(basePath) ? ` (e.g. ${baseUrl}${basePath})` : '';
  return [
    `${head} The spec's server path is ${basePath}: the API lives under ${basePath}, so the base URL should end in ${basePath}${where}.`,
  ];
}

/** The operation's documented statuses, for coverage. */
export const documentedStatuses = (target: ApiTarget): ApiReport['documentedStatuses'] =>
  target.operation.responses.map((r) => ({ status: r.status, inferred: r.inferred !== null }));
