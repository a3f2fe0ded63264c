import { randomUUID } from 'node:crypto';
import type { ApiDefinition } from '../apis/types.js';
import { createBodyValidator } from '../openapi/validate.js';
import { ACCESS_CHECKS } from './checks/access.js';
import { LIST_CHECKS } from './checks/list.js';
import { RESPONSE_CHECKS } from './checks/response.js';
import type { OrgmockConfig } from '../config/config.js';
import { curlLine } from './curl.js';
import { configError, VerifyError } from './errors.js';
import { CheckFailure } from './failure.js';
import { DEFAULT_MAX_BYTES, reachability, send } from './http.js';
import { planApi, type Plan } from './plan.js';
import { CheckRegistry, info } from './registry.js';
import type { ApiReport, ApiTarget, Case, CheckResult, Exchange, RunReport } from './types.js';

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
  /** Random UUIDs (the organization that does not exist); injectable for reproducible reports. */
  uuid?: () => string;
  /** Milliseconds clock; injectable for reproducible reports. */
  now?: () => number;
  /** Masks secrets in what backends answer, before any check reads it. */
  mask?: (text: string) => string;
}

/** Every check the engine and the APIs know, by id. */
export function buildRegistry(apis: readonly Pick<ApiDefinition, 'name' | 'verify'>[]): CheckRegistry {
  const registry = new CheckRegistry().register(...RESPONSE_CHECKS, ...ACCESS_CHECKS, ...LIST_CHECKS);
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
  if (options.only !== undefined && !sections.has(options.only))
    throw configError(`--api ${options.only} given, but the config has no "${options.only}" section`);
  const selected = options.apis.filter((a) => options.only === undefined || a.name === options.only);
  const planned = selected.map((api) => {
    const target = targetOf(api);
    const section = sections.get(api.name) ?? null;
    return { target, section, plan: planApi(target, section, registry, options.uuid ?? randomUUID) };
  });

  const unreachable = await Promise.all(
    planned
      .filter((p) => p.section && p.plan.cases.length > 0)
      .map(async ({ target, section }) => {
        const why = await reachability(section!.baseUrl, Math.min(options.timeoutMs, 10_000));
        return why && `${target.api.name}.baseUrl ${section!.baseUrl} cannot be reached: ${why}`;
      }),
  );
  const problems = unreachable.filter((p): p is string => Boolean(p));
  if (problems.length > 0) throw new VerifyError(problems.join('\n'), 'E_UNREACHABLE');

  const jobs = planned.flatMap(({ target, plan }) => plan.cases.map((c) => ({ target, c })));
  const exchanges = await pool(jobs, options.concurrency ?? 8, ({ c }) =>
    send(c.request, {
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      ...(options.mask ? { mask: options.mask } : {}),
    }),
  );
  const byCase = new Map(jobs.map((job, i) => [job.c, exchanges[i]!]));
  const apis = planned.map(({ target, section, plan }) =>
    apiReport(target, section?.baseUrl ?? null, plan, registry, (c) => judge(target, c, byCase.get(c)!, registry, options.strict ?? false)),
  );
  return { strict: options.strict ?? false, apis, requests: jobs.length, durationMs: Math.round(now() - started) };
}

function apiReport(
  target: ApiTarget,
  baseUrl: string | null,
  plan: Plan,
  registry: CheckRegistry,
  judgeCase: (c: Case) => CheckResult[],
): ApiReport {
  const order = registry.list().map((c) => c.id);
  const used = new Set([...plan.cases, ...plan.skipped].flatMap((c) => c.checks));
  const results: CheckResult[] = [
    ...plan.cases.flatMap(judgeCase),
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
  const notes = [...new Set(plan.skipped.map((s) => s.reason))];
  const { operationId, method, path } = target.operation;
  return {
    api: target.api.name,
    baseUrl,
    operation: { operationId, method: method.toUpperCase(), path },
    checks: order.filter((id) => used.has(id)).map((id) => info(registry.get(id))),
    results,
    notes,
  };
}

/** Runs every check of a case on its exchange; a check that throws anything but a CheckFailure fails, it never crashes the run. */
export function judge(target: ApiTarget, c: Case, exchange: Exchange, registry: CheckRegistry, strict: boolean): CheckResult[] {
  const base = { caseKey: c.key, caseLabel: c.label };
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
      const soft = check.source === 'inferred' || (check.source === 'documented' && typeof details.inferred === 'string');
      result.outcome = soft && !strict ? 'warned' : 'failed';
      if (soft) result.source = 'inferred';
      Object.assign(result, { expected: details.expected, received: details.received, curl: curlLine(c.request) });
      if (details.path !== undefined) result.path = details.path;
      if ('value' in details && details.value !== undefined) result.value = details.value;
      if (soft && (details.inferred || check.source === 'inferred'))
        result.warnReason = details.inferred ?? `${id} checks an x-inferred part of the spec`;
    }
    results.push(result);
  }
  return results;
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
