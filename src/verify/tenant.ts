/**
 * Tenant-override probes (BOLA): a role case that got its list is sent again with another
 * organization's id where backends are known to take one from the client (query parameters and
 * headers). The answer must not change tenant: a 4xx is fine, a 2xx must list the same users of the
 * same organization as the first answer.
 */
import type { SectionConfig } from '../config/config.js';
import { itemsOf } from '../contract/list.js';
import type { Json } from '../openapi/types.js';
import type { CheckRegistry } from './registry.js';
import type { ApiTarget, Case, HttpResponse } from './types.js';

/** Query parameters real backends take a tenant from. */
const OVERRIDE_QUERY = ['orgId', 'organizationId', 'organization_id', 'org_id', 'tenantId'] as const;
/** Headers real backends (and gateways) take a tenant from. */
const OVERRIDE_HEADERS = ['X-Org-Id', 'X-Organization-Id', 'X-Tenant-Id'] as const;

/** Bodies larger than this get one probe carrying every override, not one per name. */
const ONE_REQUEST_ABOVE = 1024 * 1024;

const CHECKS = ['response_received', 'not_a_server_error', 'tenant_override_ignored'];

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * The override probes of one API: on the first role case that got a 2xx list by token and the first
 * by API key (a tenant taken from the client is rarely a per-role bug, and each probe is 8 requests).
 * `other` is the organization to ask for: the config's other organization, else a fresh UUID.
 */
export function tenantOverrideCases(
  target: ApiTarget,
  section: SectionConfig | null,
  answered: { c: Case; response: HttpResponse }[],
  registry: CheckRegistry,
  fresh: () => string,
): { cases: Case[]; note: string | null } {
  if (!section) return { cases: [], note: null };
  const property = target.operation.access?.organizationProperty ?? null;
  const baselines = answered.filter(
    ({ c, response }) => c.kind === 'role' && !c.expectation.denied && is2xx(response.status) && listOf(target, c, response) !== null,
  );
  const picked = [baselines.find(({ c }) => c.key.startsWith('role:')), baselines.find(({ c }) => c.key.startsWith('apikey:'))].filter(
    (b) => b !== undefined,
  );
  if (picked.length === 0)
    return { cases: [], note: 'tenant-override probes: no role case got a 2xx list to compare with (they need one)' };
  const checks = CHECKS.filter((id) => {
    const check = registry.get(id);
    return !check.relevant || check.relevant(target);
  });
  const cases: Case[] = [];
  let random: string | undefined;
  for (const { c, response } of picked) {
    const items = listOf(target, c, response)!;
    const ids = items.flatMap(({ item }) =>
      typeof item.id === 'string' || typeof item.id === 'number' ? [JSON.stringify(item.id as Json)] : [],
    );
    const organizations = property
      ? [...new Set(items.flatMap(({ item }) => (typeof item[property] === 'string' ? [(item[property] as string).toLowerCase()] : [])))]
      : [];
    // What the first answer listed is the baseline (tenant_isolation judges whether it is right).
    const owner = organizations.length === 1 ? organizations[0] : c.owner?.toLowerCase();
    const other = otherOrganization(section, owner) ?? (random ??= fresh());
    const baseline = { key: c.key, ids, organizations };
    const because = `the organization comes from the ${target.operation.access?.organizationParameter ? 'path' : 'credentials'}, never from the client`;
    const expectation = { statuses: [response.status], denied: false, because, inferred: null };
    const shown = section.otherOrganizationId ? 'otherOrganizationId' : 'a random organization id';
    if (response.bytes > ONE_REQUEST_ABOVE) {
      // A list this large is sent once with every override at once, not eight times.
      const url = new URL(c.request.url);
      for (const name of OVERRIDE_QUERY) url.searchParams.set(name, other);
      const headers = { ...c.request.headers, ...Object.fromEntries(OVERRIDE_HEADERS.map((name) => [name, other])) };
      const label = `${c.label} with every tenant override at once (?orgId=, X-Org-Id… = <${shown}>; the list is over 1 MB)`;
      cases.push(tenantCase(c, `tenant:all@${c.key}`, label, { ...c.request, url: url.href, headers }, expectation, checks, baseline));
      continue;
    }
    for (const name of OVERRIDE_QUERY) {
      const url = new URL(c.request.url);
      url.searchParams.set(name, other);
      const request = { ...c.request, url: url.href, headers: { ...c.request.headers } };
      const label = `${c.label} with ?${name}=<${shown}>`;
      cases.push(tenantCase(c, `tenant:${name}@${c.key}`, label, request, expectation, checks, baseline));
    }
    for (const name of OVERRIDE_HEADERS) {
      const request = { ...c.request, headers: { ...c.request.headers, [name]: other } };
      const label = `${c.label} with ${name}: <${shown}>`;
      cases.push(tenantCase(c, `tenant:${name}@${c.key}`, label, request, expectation, checks, baseline));
    }
  }
  return { cases, note: null };
}

function tenantCase(
  c: Case,
  key: string,
  label: string,
  request: Case['request'],
  expectation: Case['expectation'],
  checks: string[],
  baseline: NonNullable<Case['baseline']>,
): Case {
  const who = { ...(c.role ? { role: c.role } : {}), organization: c.organization ?? null, ...(c.owner ? { owner: c.owner } : {}) };
  return { key, label, kind: 'tenant', ...who, request, params: c.params, expectation, checks, baseline };
}

/** The configured organization that is not the baseline's; null when the config names none. */
function otherOrganization(section: SectionConfig, owner: string | undefined): string | null {
  const candidates = [section.otherOrganizationId, section.organizationId].filter((o): o is string => o !== null);
  return candidates.find((o) => o.toLowerCase() !== owner?.toLowerCase()) ?? null;
}

const listOf = (target: ApiTarget, c: Case, response: HttpResponse) => itemsOf({ target, case: c, response });
