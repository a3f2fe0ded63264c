/**
 * The Dredd hook file (contracts/dredd-hooks.cjs) and the environment it reads. The file is plain
 * CommonJS so Dredd can load it with no build step; loaded outside Dredd it exports its pure parts,
 * typed here for the tests.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ApiName, DreddConfig } from './config.js';

export const HOOKFILE = fileURLToPath(new URL('../../contracts/dredd-hooks.cjs', import.meta.url));

/** Environment variables the hooks read. */
export const HOOK_ENV = {
  /** The resolved config as JSON (set by orgmock dredd; tokens travel in the environment, not argv). */
  config: 'ORGMOCK_DREDD_CONFIG',
  /** `1`: statuses a real backend cannot be made to return are forced with `Prefer: code=NNN`. */
  prefer: 'ORGMOCK_DREDD_PREFER',
  /** A file the hooks append one JSON line per transaction to (what they did, or why they skipped). */
  report: 'ORGMOCK_DREDD_REPORT',
  /** For Dredd run by hand: the path of the config file, `$VAR` values resolved by the hooks. */
  configFile: 'ORGMOCK_CONFIG',
} as const;

export type Plan =
  | { run: true; role: string | null; organizationId?: string; prefer?: number; how: string }
  | { run: false; reason: string };

export interface HookContext {
  config: DreddConfig;
  prefer: boolean;
  randomUUID?: () => string;
}

/** The subset of a Dredd transaction the hooks read and write. */
export interface DreddTransaction {
  id: string;
  name: string;
  fullPath: string;
  skip: boolean;
  fail?: string | boolean;
  origin: { resourceName: string; [key: string]: unknown };
  request: { method: string; uri: string; headers: Record<string, string>; body?: string };
  expected: { statusCode: string; headers?: Record<string, string>; body?: string };
  real?: { statusCode: number; headers: Record<string, string>; body?: string };
}

/** One line of the hooks' report. */
export interface HookRecord {
  id: string;
  name: string;
  api: ApiName | null;
  status: number;
  run: boolean;
  how?: string;
  reason?: string;
  error?: string;
}

export interface HooksModule {
  planFor(api: ApiName, status: number, ctx: HookContext): Plan;
  apiOf(transaction: Pick<DreddTransaction, 'origin'>): ApiName | null;
  applyPlan(transaction: DreddTransaction, plan: Plan, api: ApiName, config: DreddConfig): void;
  loadContext(env: Record<string, string | undefined>): HookContext;
  resolveEnvRefs(value: unknown, env: Record<string, string | undefined>, where: string): unknown;
  relaxContentType(transaction: DreddTransaction): void;
}

export function loadHooksModule(): HooksModule {
  return createRequire(import.meta.url)(HOOKFILE) as HooksModule;
}
