/**
 * The verify engine: plans each API, probes the base URLs, sends the cases, judges every response with the
 * checks.
 */
import type { ApiDefinition } from '../apis/types.js';
import { createBodyValidator } from '../openapi/validate.js';
import { ACCESS_CHECKS } from './checks/access.js';
import { LIST_CHECKS } from './checks/list.js';
import { ACROSS_CHECKS, judgeAcross } from './checks/across.js';
import { responseHeadersConformance } from './checks/headers.js';
import { RESPONSE_CHECKS } from './checks/response.js';
import { TENANT_CHECKS } from './checks/tenant.js';
import { tenantOverrideCases } from './tenant.js';
import { Pacer } from './pacing.js';
import { ConfigError, type OrgmockConfig } from '../config/config.js';
import { assertReachable, PROBE_TIMEOUT_MS } from '../config/reachability.js';
import { curlLine } from './curl.js';
import { CheckFailure } from '../contract/failure.js';
import { DEFAULT_MAX_BYTES, send } from './http.js';
import { caseId, documentedStatuses, hintsFor, sentCase, skippedCase } from './case-report.js';
import { planApi, type Plan } from './plan.js';
import { mintedProbes } from './mint.js';
import { randomSeed, seededUuids } from './seed.js';
import { secretRules, Withholder } from './withheld.js';
import { CheckRegistry, info } from './registry.js';
import type { ApiReport, ApiTarget, Case, CaseReport, CheckResult, Exchange, RunReport } from './types.js';

export interface RunOptions {
  config: OrgmockConfig;
  /** The APIs to check (the command passes the registry). */
  apis: readonly ApiDefinition[];
  /** Only this API (`--api`). */
  only?: string;
  /** Inferred departures fail instead of warning. */
  strict?: boolean;
  timeoutMs: number;
  maxBytes?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Retries of a request answered 429 or 503 (Retry-After honoured); default DEFAULT_RETRIES. */
  retries?: number;
  /**
   * Most milliseconds the run may spend paused for 429/503 answers, all pauses together (`--max-wait`);
   * a case still refused when it is spent is inconclusive.
   */
  maxRetryWaitMs?: number;
  /** Waits between retries; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Random UUIDs (the organization that does not exist); injectable for reproducible reports. */
  uuid?: () => string;
  /** Every generated value comes from it (`--seed`); a random one when not given. Recorded in the report. */
  seed?: number;
  /** Only these cases (`--only`): `<api>/<key>`, or a bare key for every selected API. */
  cases?: readonly string[];
  /** Skipped planned cases fail the run (`--fail-on-skip`). */
  failOnSkip?: boolean;
  /** Milliseconds clock; injectable for reproducible reports. */
  now?: () => number;
  /** Masks secrets in what backends answer, before any check reads it; past `deadline` (the request's `--timeout`) it may throw (http.ts). */
  mask?: (text: string, deadline?: number) => string;
  /** Told the tokens the run minted (a section's jwt block) before any is sent: they are masked like the config's. */
  onSecrets?: (values: string[]) => void;
}

/** Every check the engine and the APIs know, by id. */
export function buildRegistry(apis: readonly Pick<ApiDefinition, 'name' | 'verify'>[]): CheckRegistry {
  const registry = new CheckRegistry().register(
    ...RESPONSE_CHECKS,
    responseHeadersConformance,
    ...ACCESS_CHECKS,
    ...LIST_CHECKS,
    ...ACROSS_CHECKS,
    ...TENANT_CHECKS,
  );
  for (const api of apis) {
    for (const check of api.verify.checks) {
      if (!check.id.startsWith(`${api.name}.`)) throw new Error(`${api.name}: check "${check.id}" must be named ${api.name}.<name>`);
    }
    registry.register(...api.verify.checks);
  }
  return registry;
}

/** One API resolved for checking: its definition with a body validator of its spec. */
export const targetOf = (api: ApiDefinition): ApiTarget => ({
  api,
  spec: api.spec,
  operation: api.operation,
  validator: createBodyValidator(api.spec),
});

/**
 * Runs the suite: plans every selected API from its spec and config section (config mistakes are
 * thrown before any request), checks each base URL answers TCP, sends the cases, judges the answers.
 */
export async function runVerify(options: RunOptions): Promise<RunReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const registry = buildRegistry(options.apis);
  const { sections } = options.config;
  if (options.only !== undefined && !options.apis.some((a) => a.name === options.only))
    throw new ConfigError(`--api ${options.only}: no such API; the APIs are ${options.apis.map((a) => a.name).join(', ')}`);
  if (options.only !== undefined && !sections.has(options.only))
    throw new ConfigError(`--api ${options.only} given, but the config has no "${options.only}" section`);
  const selected = options.apis.filter((a) => options.only === undefined || a.name === options.only);
  // A registered API the config has no section for is not configured: not planned, not skipped, named once in the report.
  const notConfigured = selected.filter((a) => !sections.has(a.name)).map((a) => a.name);
  const seed = options.seed ?? randomSeed();
  const all = await Promise.all(
    selected.flatMap((api) => {
      const section = sections.get(api.name);
      if (!section) return [];
      const target = targetOf(api);
      return [
        (async () => {
          const jwtUuid = options.uuid ?? seededUuids(seed, `${api.name}/jwt`);
          const minted = await mintedProbes(target, section, jwtUuid, Math.floor(Date.now() / 1000));
          options.onSecrets?.(minted.flatMap((m) => ('token' in m ? [m.token] : [])));
          return { target, section, plan: planApi(target, section, registry, options.uuid ?? seededUuids(seed, api.name), minted) };
        })(),
      ];
    }),
  );
  const planned = options.cases ? onlyCases(all, options.cases) : all;

  await assertReachable(
    planned.filter((p) => p.plan.cases.length > 0).map(({ target, section }) => ({ api: target.api.name, baseUrl: section.baseUrl })),
    Math.min(options.timeoutMs, PROBE_TIMEOUT_MS),
  );

  const jobs = planned.flatMap(({ target, plan }) => plan.cases.map((c) => ({ target, c })));
  const sendOptions = {
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    ...(options.mask ? { mask: options.mask } : {}),
  };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxWaitMs = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // One pacer for the whole run: after the first 429/503, one request at a time, paced by Retry-After.
  const pacer = new Pacer({ concurrency, budgetMs: maxWaitMs, sleep, now: () => Date.now() });
  const retry = { retries: options.retries ?? DEFAULT_RETRIES, maxWaitMs, sleep, pacer };
  const durations = new Map<Case, number>();
  const byCase = new Map<Case, SentExchange>();
  // Secrets a backend put in any body are withheld from the whole report (src/verify/withheld.ts).
  const withholder = new Withholder();
  const sendAll = async (cases: Case[]) => {
    const exchanges = await pool(cases, concurrency, async (c) => {
      const sentAt = now();
      const exchange = await sendWithRetries(c.request, sendOptions, retry);
      durations.set(c, now() - sentAt);
      return exchange;
    });
    for (const [i, c] of cases.entries()) byCase.set(c, exchanges[i]!);
  };
  await sendAll(jobs.map((j) => j.c));
  const answeredOf = (plan: Plan) =>
    plan.cases.flatMap((c) => {
      const exchange = byCase.get(c)!;
      return 'response' in exchange && !exchange.refused ? [{ c, response: exchange.response }] : [];
    });
  // Tenant-override probes: the answered role cases sent again with another organization's id (not with --only).
  const overrides = options.cases
    ? []
    : planned.map(({ target, section, plan }) =>
        tenantOverrideCases(target, section, answeredOf(plan), registry, seededUuids(seed, `${target.api.name}/tenant`)),
      );
  await sendAll(overrides.flatMap((o) => o.cases));
  const apis = planned.map(({ target, section, plan: first }, i) => {
    const override = overrides[i];
    const answered = answeredOf(first);
    const plan = override
      ? { ...first, cases: [...first.cases, ...override.cases], order: [...(first.order ?? []), ...override.cases.map((c) => c.key)] }
      : first;
    const across = judgeAcross(target, answered, options.strict ?? false);
    const note = override?.note ? [override.note] : [];
    return apiReport(target, section.baseUrl, plan, registry, note, (c) => {
      const exchange = byCase.get(c)!;
      const results = [...judge(target, c, exchange, registry, options.strict ?? false), ...(across.get(c) ?? [])];
      const withheld = 'response' in exchange ? withholder.previewWithheld(exchange.response, secretRules(target, c)) : null;
      return { results, report: sentCase(target.api.name, c, exchange, results, durations.get(c) ?? 0, withheld) };
    });
  });
  return {
    strict: options.strict ?? false,
    failOnSkip: options.failOnSkip ?? false,
    seed,
    ...(options.cases ? { only: [...options.cases] } : {}),
    notConfigured,
    apis: withholder.apply(apis),
    requests: byCase.size,
    durationMs: Math.round(now() - started),
  };
}

/** Keeps the cases --only names (`<api>/<key>`, or a bare key in every API); an unknown key is a config mistake. */
function onlyCases<P extends { target: ApiTarget; plan: Plan }>(planned: P[], wanted: readonly string[]): P[] {
  const known = planned.flatMap(({ target, plan }) => [...plan.cases, ...plan.skipped].map((c) => [caseId(target.api.name, c.key), c.key]));
  for (const key of wanted) {
    if (!known.some((ids) => ids.includes(key))) {
      const examples = known.slice(0, 3).map(([id]) => id);
      throw new ConfigError(`--only ${key}: no such case; case keys look like ${examples.join(', ')} (every report lists them)`);
    }
  }
  const keep = (api: string, key: string) => wanted.includes(key) || wanted.includes(caseId(api, key));
  return planned
    .map((p) => {
      const api = p.target.api.name;
      const plan = { cases: p.plan.cases.filter((c) => keep(api, c.key)), skipped: p.plan.skipped.filter((c) => keep(api, c.key)) };
      return { ...p, plan };
    })
    .filter((p) => p.plan.cases.length + p.plan.skipped.length > 0);
}

function apiReport(
  target: ApiTarget,
  baseUrl: string | null,
  plan: Plan,
  registry: CheckRegistry,
  extraNotes: string[],
  judgeCase: (c: Case) => { results: CheckResult[]; report: CaseReport },
): ApiReport {
  const order = registry.list().map((c) => c.id);
  const used = new Set([...plan.cases, ...plan.skipped].flatMap((c) => c.checks));
  const judged = plan.cases.map(judgeCase);
  const api = target.api.name;
  const rank = (key: string) => plan.order?.indexOf(key) ?? 0;
  const cases = [...judged.map((j) => j.report), ...plan.skipped.map((s) => skippedCase(api, s))].sort((a, b) => rank(a.key) - rank(b.key));
  const results: CheckResult[] = [
    ...judged.flatMap((j) => j.results),
    ...plan.skipped.flatMap((s) =>
      s.checks.map(
        (check): CheckResult => ({
          check,
          caseKey: s.key,
          caseLabel: s.label,
          outcome: 'skipped',
          source: registry.get(check).source,
          reason: s.reason,
        }),
      ),
    ),
  ];
  const caseOrder = [...plan.cases, ...plan.skipped].map((c) => c.key);
  results.sort((a, b) => order.indexOf(a.check) - order.indexOf(b.check) || caseOrder.indexOf(a.caseKey) - caseOrder.indexOf(b.caseKey));
  const notes = [...new Set([...plan.skipped.map((s) => s.reason), ...extraNotes])];
  const { operationId, method, path } = target.operation;
  return {
    api: target.api.name,
    baseUrl,
    operation: { operationId, method: method.toUpperCase(), path },
    checks: order.filter((id) => used.has(id)).map((id) => info(registry.get(id))),
    results,
    cases,
    notes,
    hints: hintsFor(target, baseUrl, cases),
    documentedStatuses: documentedStatuses(target),
  };
}

/** Runs every check of a case on its exchange; a check that throws anything but a CheckFailure fails, it never crashes the run. */
export function judge(target: ApiTarget, c: Case, exchange: SentExchange, registry: CheckRegistry, strict: boolean): CheckResult[] {
  const base = { caseKey: c.key, caseLabel: c.label };
  if ('response' in exchange && exchange.refused) {
    return c.checks.map(
      (check): CheckResult => ({
        ...base,
        check,
        outcome: 'inconclusive',
        source: registry.get(check).source,
        status: exchange.response.status,
        reason: exchange.refused,
        curl: curlLine(c.request),
      }),
    );
  }
  if ('error' in exchange) {
    return [
      {
        ...base,
        check: 'response_received',
        outcome: 'failed',
        source: 'documented',
        expected: 'a complete JSON response within the timeout and size guard',
        received: exchange.error.message,
        curl: curlLine(c.request),
      },
    ];
  }
  const { response } = exchange;
  const ctx = { target, case: c, response };
  const results: CheckResult[] = [];
  for (const id of c.checks) {
    const check = registry.get(id);
    const result: CheckResult = { ...base, check: id, outcome: 'passed', source: check.source, status: response.status };
    try {
      if (check.applies && !check.applies(ctx)) continue;
      check.run(ctx);
    } catch (error) {
      const details =
        error instanceof CheckFailure
          ? error.details
          : {
              expected: 'the check to run',
              received: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
            };
      const harmless = check.source === 'security' && typeof details.harmless === 'string' ? details.harmless : null;
      const soft =
        check.source === 'inferred' || (check.source === 'documented' && typeof details.inferred === 'string') || harmless !== null;
      result.outcome = soft && !strict ? 'warned' : 'failed';
      if (soft && !harmless) result.source = 'inferred';
      Object.assign(result, { expected: details.expected, received: details.received, curl: curlLine(c.request) });
      if (details.path !== undefined) result.path = details.path;
      if (details.title !== undefined) result.title = details.title;
      if ('value' in details && details.value !== undefined) result.value = details.value;
      if (harmless) result.warnReason = harmless;
      else if (soft && (details.inferred || check.source === 'inferred'))
        result.warnReason = details.inferred ?? `${id} checks an x-inferred part of the spec`;
    }
    results.push(result);
  }
  return results;
}

export const DEFAULT_RETRIES = 3;
export const DEFAULT_CONCURRENCY = 8;
/** The run's budget of waiting for rate limits (--max-wait): 5 minutes. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 300_000;
/** Statuses that say "not now": retried, and a case still refused is inconclusive. */
const REFUSALS = new Set([429, 503]);

/** An exchange, marked `refused` (why) when the backend still answered 429/503 after every retry. */
export type SentExchange = Exchange & { refused?: string };

/**
 * Sends a request; on 429 or 503 waits as Retry-After says (else 0.5 s, 1 s, 2 s...) and sends it
 * again, at most `retries` times and `maxWaitMs` of waiting in all.
 */
export async function sendWithRetries(
  request: Case['request'],
  options: Parameters<typeof send>[1],
  retry: { retries: number; maxWaitMs: number; sleep: (ms: number) => Promise<void>; pacer?: Pacer },
): Promise<SentExchange> {
  let waited = 0;
  const { pacer } = retry;
  for (let attempt = 0; ; attempt++) {
    await pacer?.acquire();
    const exchange = await send(request, options);
    const refused = 'response' in exchange && REFUSALS.has(exchange.response.status);
    pacer?.release(refused);
    if (!refused) return exchange;
    const { status, headers } = exchange.response;
    const wait = retryAfterMs(headers['retry-after']) ?? 500 * 2 ** attempt;
    const stop =
      attempt >= retry.retries
        ? null
        : pacer
          ? pacer.refuse(wait)
          : waited + wait > retry.maxWaitMs
            ? `waiting ${wait} ms more would pass the ${retry.maxWaitMs} ms retry budget`
            : null;
    const gaveUp =
      attempt >= retry.retries
        ? `still ${status} after ${retry.retries} ${retry.retries === 1 ? 'retry' : 'retries'} (--retries)`
        : stop
          ? `${status} with Retry-After ${headers['retry-after'] ?? '(none)'}: ${stop}`
          : null;
    if (gaveUp) return { ...exchange, refused: `the backend refused the request: ${gaveUp}` };
    waited += wait;
    // With a pacer the next acquire() waits.
    if (!pacer) await retry.sleep(wait);
  }
}

/**
 * The three HTTP-date formats a recipient must accept (RFC 9110 §5.6.7), all in GMT: IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
 * (`Sun Nov  6 08:49:37 1994`, which names no zone: read as GMT, not as the machine's local time).
 */
const HTTP_DATE = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** Retry-After as milliseconds: delay-seconds or an HTTP-date; undefined when absent or neither. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const format = HTTP_DATE.findIndex((re) => re.test(text));
  if (format === -1) return undefined;
  const date = Date.parse(format === 2 ? `${text} GMT` : text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps `items` through `fn` with at most `limit` in flight; results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
