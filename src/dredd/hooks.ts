/**
 * The Dredd hook file (contracts/dredd-hooks.cjs), the environment it reads and the context it is
 * handed. The file is plain CommonJS so Dredd can load it with no build step; all it knows of an API
 * (its path, which roles its x-access-control rules let in, its statuses) comes in the context, read
 * here from the spec, and the tokens and ids come from the config reader both commands share.
 * Loaded outside Dredd, the file exports its pure parts, typed here for the tests.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ApiDefinition } from '../apis/types.js';
import type { OrgmockConfig, SectionConfig } from '../config/config.js';
import { organizationParameter, roleCatalog, rolesByScope } from '../openapi/extensions.js';

export const HOOKFILE = fileURLToPath(new URL('../../contracts/dredd-hooks.cjs', import.meta.url));

/** Environment variables the hooks read. */
export const HOOK_ENV = {
  /** The hooks' context as JSON (set by orgmock dredd; tokens travel in the environment, not argv). */
  config: 'ORGMOCK_DREDD_CONFIG',
  /** `1`: statuses a real backend cannot be made to return are forced with `Prefer: code=NNN`. */
  prefer: 'ORGMOCK_DREDD_PREFER',
  /** A file the hooks append one JSON line per transaction to (what they did, or why they skipped). */
  report: 'ORGMOCK_DREDD_REPORT',
  /** For Dredd run by hand: the config file, read by orgmock's reader in a child process (src/commands/dredd-hooks-config.ts). */
  configFile: 'ORGMOCK_CONFIG',
} as const;

/** One API's section as the hooks read it. */
export interface HookSection {
  baseUrl: string;
  organizationId?: string;
  otherOrganizationId?: string;
  /** Bearer token by role name. */
  tokens: Record<string, string>;
}

/** What the hooks know of one API's operation, all of it from the spec. */
export interface HookApi {
  /** The path template, which Dredd keeps as the transaction's resource name. */
  path: string;
  /** The path parameter naming the organization, and a malformed value of it (null when its schema has no format to break). */
  organizationParameter: { name: string; malformed: string | null } | null;
  unauthenticatedStatus: number | null;
  deniedStatus: number | null;
  /** Role names by the scope of the x-access-control rule that allows them; `denied`: in no rule. Enum order within each. */
  roles: { anyOrganization: string[]; callerOrganization: string[]; ownOrganization: string[]; denied: string[] };
  /** The lowest allowed role when the roles are ranked (numeric values, like Flashback's orgRole) and every denied one ranks below it; else null. */
  deniedBelow: string | null;
}

/** What ORGMOCK_DREDD_CONFIG holds. */
export interface HookConfig {
  config: Record<string, HookSection>;
  apis: Record<string, HookApi>;
}

export interface HookContext extends HookConfig {
  prefer: boolean;
  randomUUID?: () => string;
}

export function hookApi(api: ApiDefinition): HookApi {
  const access = api.operation.access;
  const catalog = roleCatalog(api.spec, api.operation);
  const { names } = catalog;
  const byScope = rolesByScope(api.spec, api.operation);
  const roles = {
    anyOrganization: byScope['any-organization'],
    callerOrganization: byScope['caller-organization'],
    ownOrganization: byScope['own-organization'],
    denied: byScope.denied,
  };
  const allowed = [...roles.anyOrganization, ...roles.callerOrganization, ...roles.ownOrganization];
  // Numeric role values rank the roles (orgRole: 0 USER ... 255 OWNER); names do not.
  const rank = (role: string) => catalog.valueOf(role);
  const ranked = names.every((r) => typeof rank(r) === 'number');
  const lowest = ranked ? [...allowed].sort((a, b) => (rank(a) as number) - (rank(b) as number))[0] : undefined;
  const below =
    lowest !== undefined && roles.denied.length > 0 && roles.denied.every((r) => (rank(r) as number) < (rank(lowest) as number));
  const param = organizationParameter(api.operation);
  return {
    path: api.operation.path,
    organizationParameter: param && { name: param.name, malformed: param.schema.format === 'uuid' ? 'not-a-uuid' : null },
    unauthenticatedStatus: access?.unauthenticatedStatus ?? null,
    deniedStatus: access?.deniedStatus ?? null,
    roles,
    deniedBelow: below ? lowest! : null,
  };
}

export function hookSection(section: SectionConfig): HookSection {
  const out: HookSection = { baseUrl: section.baseUrl, tokens: Object.fromEntries(section.tokens) };
  if (section.organizationId !== null) out.organizationId = section.organizationId;
  if (section.otherOrganizationId !== null) out.otherOrganizationId = section.otherOrganizationId;
  return out;
}

/** The hooks' context for these APIs, each that has a section in the config. */
export function hookConfig(config: OrgmockConfig, apis: readonly ApiDefinition[]): HookConfig {
  const out: HookConfig = { config: {}, apis: {} };
  for (const api of apis) {
    const section = config.sections.get(api.name);
    if (!section) continue;
    out.config[api.name] = hookSection(section);
    out.apis[api.name] = hookApi(api);
  }
  return out;
}

/** How the hooks run one Dredd transaction (or why it is skipped); verify's plan of an API is another thing. */
export type TransactionPlan =
  | { run: true; role: string | null; organizationId?: string; prefer?: number; how: string }
  | { run: false; reason: string };

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
  api: string | null;
  status: number;
  run: boolean;
  how?: string;
  reason?: string;
  error?: string;
}

export interface HooksModule {
  planFor(api: string, status: number, ctx: HookContext): TransactionPlan;
  apiOf(transaction: Pick<DreddTransaction, 'origin'>, ctx: HookConfig): string | null;
  applyPlan(transaction: DreddTransaction, plan: TransactionPlan, api: string, ctx: HookConfig): void;
  loadContext(env: Record<string, string | undefined>): HookContext;
  relaxContentType(transaction: DreddTransaction): void;
}

export function loadHooksModule(): HooksModule {
  return createRequire(import.meta.url)(HOOKFILE) as HooksModule;
}
