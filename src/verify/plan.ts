// Turns a spec's operation and one config section into the cases to send. Role rules, statuses,
// parameters and markers all come from the spec, so a spec change changes the plan.
import { ConfigError, type SectionConfig } from '../config/config.js';
import type { AccessRule, ParameterInfo } from '../openapi/types.js';
import { AUTH_PROBES, badApiKey, jwtForgeries, malformedUuids } from './probes.js';
import { ACROSS_CHECK_IDS } from './checks/across.js';
import type { CheckRegistry } from './registry.js';
import { successResponse } from '../openapi/query.js';
import { apiKeyScheme, organizationParameter, roleCatalog, ruleFor, type ApiKeyScheme } from '../openapi/extensions.js';
import type { ApiTarget, Case, CaseKind, Expectation, HttpRequest, SkippedCase } from './types.js';
import { MINTED_INFERRED, type MintedProbe } from './mint.js';

const USER_AGENT = 'orgmock-verify (contract suite; GET only)';

/** Checks every response gets, in report order. */
export const RESPONSE_CHECK_IDS = [
  'response_received',
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'pinned_body_fields',
  'response_headers_conformance',
];
const LIST_CHECK_IDS = ['tenant_isolation', 'list_ordering', 'no_secret_fields', ...ACROSS_CHECK_IDS];

export interface Plan {
  cases: Case[];
  skipped: SkippedCase[];
  /** Every case key, sent or skipped, in the order the plan made them (reports list cases so). */
  order?: string[];
}

/** A credential header to send: its name, value, and the shell word curl lines show for it. */
interface Credential {
  header: string;
  value: string;
  display?: string;
}

/** Organizations a role case can ask for, by the config key that names them. */
type OrgTarget = 'organizationId' | 'otherOrganizationId' | 'unknownOrganization';

interface RoleCaseSpec {
  key: string;
  label: string;
  role: string;
  target: OrgTarget | null;
  expectation: Expectation | null;
}

/**
 * The cases of one API for its config section (an API without a section is not planned: the run reports it as not
 * configured); `minted`: the tokens verify signed for it (src/verify/mint.ts), sent as refused-credential cases.
 */
export function planApi(
  target: ApiTarget,
  section: SectionConfig,
  registry: CheckRegistry,
  uuid: () => string,
  minted: readonly MintedProbe[] = [],
): Plan {
  return new Planner(target, section, registry, uuid, minted).build();
}

/** A refused credential's case label, by its config label: "an expired token (flashback.refusedTokens.expired)". */
function refusedWording(label: string, kind: string, at: string): string {
  const state = /^(expired|revoked|(?:soft-?)?deleted|inactive|disabled|suspended|pending|locked|banned|deactivated)/i.exec(label)?.[1];
  if (state === undefined) return `the refused ${kind} "${label}" (${at})`;
  const word = state.toLowerCase();
  const article = /^[aeiou]/.test(word) ? 'an' : 'a';
  const text = word === 'expired' || word === 'revoked' ? `${article} ${word} ${kind}` : `${article} ${word} user's ${kind}`;
  return `${text} (${at})`;
}

class Planner {
  readonly cases: Case[] = [];
  readonly skipped: SkippedCase[] = [];
  readonly order: string[] = [];
  readonly roles;
  readonly orgParam: ParameterInfo | null;
  readonly unknownOrg: string;
  readonly success: number;
  readonly keyScheme: ApiKeyScheme | null;
  /** The documented query parameters every request sends: each one the spec gives an example (`?per_page=20`), else ''. */
  readonly query: string;

  constructor(
    readonly target: ApiTarget,
    readonly section: SectionConfig,
    readonly registry: CheckRegistry,
    uuid: () => string,
    readonly minted: readonly MintedProbe[],
  ) {
    const { operation } = target;
    this.roles = roleCatalog(target.spec, operation);
    this.orgParam = organizationParameter(operation);
    this.unknownOrg = uuid();
    this.success = successResponse(operation)?.status ?? 200;
    this.keyScheme = apiKeyScheme(target.spec, operation);
    const documented = operation.parameters.flatMap((p) =>
      p.in === 'query' && p.example !== undefined && p.example !== null ? [[p.name, String(p.example)]] : [],
    );
    this.query = documented.length === 0 ? '' : `?${new URLSearchParams(documented)}`;
  }

  build(): Plan {
    const roleCases = this.roleCases();
    this.validateConfig(roleCases);
    this.authCases();
    for (const spec of roleCases) this.roleCase(spec);
    // The same role rules through the API-key scheme, for the roles the config gives a key (or names one).
    if (this.keyScheme && (this.section.apiKeys?.size || this.section.missingApiKeys?.size)) {
      for (const spec of roleCases) this.roleCase(spec, this.keyScheme);
    }
    this.parameterCases();
    return { cases: this.cases, skipped: this.skipped, order: this.order };
  }

  private get api() {
    return this.target.api.name;
  }

  private orgId(target: OrgTarget | null): string | null {
    if (target === null) return null;
    return target === 'unknownOrganization' ? this.unknownOrg : this.section[target];
  }

  /** Every role of the spec's enum, on every organization its rule makes worth asking for. */
  private roleCases(): RoleCaseSpec[] {
    const access = this.target.operation.access;
    if (!access) return [];
    return this.roles.names.flatMap((role) => {
      const value = this.roles.valueOf(role)!;
      const rule = ruleFor(access, value);
      const targets: (OrgTarget | null)[] = !this.orgParam
        ? [null]
        : rule
          ? ['organizationId', 'otherOrganizationId', 'unknownOrganization']
          : ['organizationId'];
      return targets.map((target) => {
        const key = target === null || target === 'organizationId' ? role : `${role}@${target}`;
        const label = target === null ? `role ${role}` : `role ${role} on ${target}`;
        return { key, label, role, target, expectation: this.expectationFor(key, role, rule, target) };
      });
    });
  }

  private expectationFor(key: string, role: string, rule: AccessRule | undefined, target: OrgTarget | null): Expectation | null {
    const override = this.section.expect.get(key);
    if (override !== undefined) {
      return {
        statuses: [override],
        denied: override < 200 || override >= 300,
        because: `${this.api}.expect.${key} in the config`,
        inferred: null,
      };
    }
    const access = this.target.operation.access!;
    const denied = (because: string, inferred = rule?.inferred ?? null): Expectation => ({
      statuses: [access.deniedStatus],
      denied: true,
      because,
      inferred,
    });
    const allowed = (because: string): Expectation => ({ statuses: [this.success], denied: false, because, inferred: rule!.inferred });
    if (!rule) return denied(`${role} is in no x-access-control rule`);
    const allowedRoles = rule.roles.map((v) => this.roles.nameOf(v)).join(', ');
    if (rule.scope === 'caller-organization') return allowed(`x-access-control allows ${allowedRoles} to list their organization`);
    if (target === 'organizationId') return allowed(`x-access-control allows ${allowedRoles} (${rule.scope})`);
    if (rule.scope === 'own-organization') return denied(`${role} may list its own organization only (own-organization)`);
    if (target === 'otherOrganizationId') return allowed(`x-access-control allows ${allowedRoles} on any organization`);
    // The page documents the 404; only that this role may ask at all is the rule's (maybe inferred) part.
    if (!this.target.operation.responses.some((r) => r.status === 404)) return null;
    const warnStatuses = rule.inferred ? { [access.deniedStatus]: `${role} may not be allowed at all: ${rule.inferred.reason}` } : {};
    return { statuses: [404], warnStatuses, denied: false, because: 'the organization does not exist', inferred: null };
  }

  /** The config reader checked roles and organization ids against the spec; `expect` keys need the cases. */
  private validateConfig(roleCases: RoleCaseSpec[]): void {
    const keys = roleCases.map((c) => c.key);
    for (const key of this.section.expect.keys()) {
      if (!keys.includes(key)) throw new ConfigError(`${this.api}.expect.${key}: no such case; the cases are ${keys.join(', ')}`);
    }
  }

  private authCases(): void {
    const access = this.target.operation.access;
    if (!access) return;
    const statuses = [access.unauthenticatedStatus];
    const warnStatuses: Record<number, string> = {};
    if (access.deniedStatus !== access.unauthenticatedStatus) {
      const why = access.unauthenticatedInferred
        ? `${access.deniedStatus} instead of the inferred ${access.unauthenticatedStatus}: ${access.unauthenticatedInferred.reason}`
        : null;
      if (why) warnStatuses[access.deniedStatus] = why;
      else statuses.push(access.deniedStatus);
    }
    const because = `no valid credentials: the unauthenticated status of x-access-control`;
    const params = this.orgParam ? { [this.orgParam.name]: this.section.organizationId ?? this.unknownOrg } : {};
    const expectation = { statuses, warnStatuses, denied: true, because, inferred: null };
    for (const probe of AUTH_PROBES) {
      const request = this.request(
        params,
        probe.header === null ? null : { header: 'Authorization', value: probe.header, display: probe.display },
      );
      this.add('auth', probe.key, probe.label, request, params, expectation, {});
    }
    if (this.keyScheme) {
      // A key of the scheme's form that no backend issued: a backend checking only the prefix lets it in.
      const key = { header: this.keyScheme.header, value: badApiKey(this.keyScheme.prefix) };
      const text = `an API key no backend issued (${this.keyScheme.header})`;
      this.add('auth', 'auth:unknown-api-key', text, this.request(params, key), params, expectation, {});
    }
    const refusedSets = [
      { field: 'refusedTokens', entries: this.section.refusedTokens, header: 'Authorization', prefix: 'Bearer ', kind: 'token' },
      ...(this.keyScheme
        ? [{ field: 'refusedApiKeys', entries: this.section.refusedApiKeys, header: this.keyScheme.header, prefix: '', kind: 'API key' }]
        : []),
    ] as const;
    for (const { field, entries, header, prefix, kind } of refusedSets) {
      for (const [label, refused] of entries ?? []) {
        const key = field === 'refusedTokens' ? `auth:refused:${label}` : `auth:refused-api-key:${label}`;
        const text = refusedWording(label, kind, `${this.api}.${field}.${label}`);
        const because = `${text} must not get in`;
        if ('missing' in refused) {
          this.skip({ key, label: text, kind: 'auth', checks: this.checksFor('auth', expectation), reason: refused.missing, expectation });
          continue;
        }
        const fallback = `${this.api}_REFUSED_${label}_${kind === 'token' ? 'TOKEN' : 'API_KEY'}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
        const shell = refused.variable ? `$${refused.variable}` : `\${${fallback}:?the ${this.api}.${field}.${label} ${kind}}`;
        const display = `"${header}: ${prefix}${shell}"`;
        const request = this.request(params, { header, value: `${prefix}${refused.token}`, display });
        this.add('auth', key, text, request, params, { ...expectation, because }, {});
      }
    }
    // Forged copies of every allowed role's JWT: a backend that skips the signature check lets them in.
    for (const role of this.allowedRoleNames()) {
      const token = this.section.tokens.get(role);
      for (const forged of token === undefined ? [] : jwtForgeries(token)) {
        // Built in the shell from the role's token variable: the line runs as printed, the forged token never shown.
        const display = `"Authorization: Bearer ${forged.shell(this.tokenWord(role))}"`;
        const request = this.request(params, { header: 'Authorization', value: `Bearer ${forged.token}`, display });
        this.add('auth', `auth:${forged.key}:${role}`, `the ${role} token, ${forged.label}`, request, params, expectation, {});
      }
    }
    // Tokens verify signed with the backend's key (the section's jwt block), each one a backend must refuse.
    for (const probe of this.minted) {
      const minted = { ...expectation, because: probe.because, inferred: MINTED_INFERRED };
      if ('skipped' in probe) {
        const checks = this.checksFor('auth', minted);
        this.skip({ key: probe.key, label: probe.label, kind: 'auth', checks, reason: probe.skipped, expectation: minted });
        continue;
      }
      const display = `"Authorization: Bearer ${probe.shell}"`;
      const request = this.request(params, { header: 'Authorization', value: `Bearer ${probe.token}`, display });
      this.add('auth', probe.key, probe.label, request, params, minted, {});
    }
  }

  /** One role case, with the role's token, or with its API key (`apikey:` cases) when given the scheme. */
  private roleCase({ key, label, role, target, expectation }: RoleCaseSpec, keyScheme?: ApiKeyScheme): void {
    if (!expectation) return;
    const byKey = keyScheme !== undefined;
    if (byKey && !this.section.apiKeys?.has(role) && !this.section.missingApiKeys?.has(role)) return;
    const credential = this.credential(role, keyScheme ?? null);
    const orgId = this.orgId(target);
    const checks = this.checksFor('role', expectation);
    const who = { kind: 'role' as const, role, organization: target, expectation };
    const caseKey = `${byKey ? 'apikey' : 'role'}:${key}`;
    const caseLabel = byKey ? `${label} by API key` : label;
    if (credential === undefined) {
      const reason = byKey
        ? this.section.missingApiKeys!.get(role)!
        : (this.section.missingTokens.get(role) ?? `no token for ${role} (${this.api}.tokens.${role})`);
      this.skip({ key: caseKey, label: caseLabel, checks, reason, ...who });
      return;
    }
    if (target !== null && orgId === null) {
      this.skip({ key: caseKey, label: caseLabel, checks, reason: `no ${this.api}.${target} in the config`, ...who });
      return;
    }
    const params = this.orgParam && orgId !== null ? { [this.orgParam.name]: orgId } : {};
    const request = this.request(params, credential);
    const owner = this.orgParam ? orgId : this.section.organizationId;
    this.add('role', caseKey, caseLabel, request, params, expectation, { role, organization: target, ...(owner ? { owner } : {}) });
  }

  /** Malformed values of every `format: uuid` path parameter, sent by a role allowed on any (else its own) organization. */
  private parameterCases(): void {
    const { operation } = this.target;
    const documented = new Set(operation.responses.map((r) => r.status));
    const statuses = documented.has(400) ? [400] : documented.has(422) ? [422] : [400];
    const warnStatuses: Record<number, string> = {};
    if (statuses[0] === 400 && documented.has(422))
      warnStatuses[422] = "the spec gives 400 for a malformed value; 422 is FastAPI's default validation answer";
    const expectation: Expectation = {
      statuses,
      warnStatuses,
      denied: false,
      because: `a malformed path parameter is a bad request`,
      inferred: null,
    };
    const caller = this.callerForParameters();
    for (const param of operation.parameters.filter((p) => p.in === 'path' && p.schema.format === 'uuid')) {
      for (const probe of malformedUuids(this.section.organizationId ?? this.unknownOrg)) {
        const key = `param:${param.name}=${probe.key}`;
        const label = `${param.name} = ${probe.label}`;
        if (caller === undefined) {
          const reason = `needs the token of a role the rules allow (${this.allowedRoleNames().join(' or ')})`;
          this.skip({ key, label, kind: 'parameter', expectation, checks: this.checksFor('parameter', expectation), reason });
          continue;
        }
        const params = { [param.name]: probe.value };
        this.add('parameter', key, label, this.request(params, caller.credential), params, expectation, { role: caller.role });
      }
    }
  }

  private allowedRoleNames(): string[] {
    return (this.target.operation.access?.rules ?? []).flatMap((r) => r.roles.map((v) => this.roles.nameOf(v)));
  }

  /** The role and credential the parameter cases send: a token of an allowed role (any-organization first), else its API key. */
  private callerForParameters(): { role: string; credential: Credential } | undefined {
    const rules = [...(this.target.operation.access?.rules ?? [])].sort(
      (a, b) => Number(b.scope === 'any-organization') - Number(a.scope === 'any-organization'),
    );
    const roles = rules.flatMap((rule) => rule.roles.map((value) => this.roles.nameOf(value)));
    const token = roles.find((role) => this.section.tokens.has(role));
    if (token !== undefined) return { role: token, credential: this.credential(token, null)! };
    const keyed = this.keyScheme ? roles.find((role) => this.section.apiKeys?.has(role)) : undefined;
    return keyed === undefined ? undefined : { role: keyed, credential: this.credential(keyed, this.keyScheme)! };
  }

  /** A role's token as a bearer Authorization header, or (given the scheme) its API key; undefined when the config has none. */
  private credential(role: string, keyScheme: ApiKeyScheme | null): Credential | undefined {
    if (keyScheme) {
      const key = this.section.apiKeys?.get(role);
      return key === undefined ? undefined : { header: keyScheme.header, value: key, display: this.keyDisplay(role, keyScheme.header) };
    }
    const token = this.section.tokens.get(role);
    return token === undefined ? undefined : { header: 'Authorization', value: `Bearer ${token}`, display: this.authDisplay(role) };
  }

  /**
   * A role token's -H word for curl lines, never the token: `"Authorization: Bearer $NAME"` when the
   * config read it from $NAME, else a placeholder variable named after the API and role that the
   * shell refuses to run without.
   */
  private authDisplay(role: string): string {
    return `"Authorization: Bearer ${this.tokenWord(role)}"`;
  }

  /** The shell word that expands to a role's token: `$NAME` when the config read it from $NAME, else a placeholder variable. */
  private tokenWord(role: string): string {
    const variable = this.section.tokenVars?.get(role);
    if (variable) return `$${variable}`;
    const name = `${this.api}_${role}_TOKEN`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    return `\${${name}:?set it to the ${this.api} ${role} token (${this.api}.tokens.${role})}`;
  }

  /** An API key's -H word for curl lines, never the key: `"X-API-Key: $NAME"`, else a placeholder the shell refuses to run without. */
  private keyDisplay(role: string, header: string): string {
    const variable = this.section.apiKeyVars?.get(role);
    if (variable) return `"${header}: $${variable}"`;
    const name = `${this.api}_${role}_API_KEY`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    return `"${header}: \${${name}:?set it to the ${this.api} ${role} API key (${this.api}.apiKeys.${role})}"`;
  }

  private checksFor(kind: Exclude<CaseKind, 'tenant'>, expectation: Expectation): string[] {
    const specific = {
      auth: ['auth_rejected'],
      role: ['denied_role_rejected', 'role_status_conformance'],
      parameter: ['malformed_parameter_rejected'],
    }[kind];
    const ok = expectation.statuses.some((s) => s >= 200 && s < 300);
    const list = kind === 'role' && ok ? [...LIST_CHECK_IDS, ...this.target.api.verify.checks.map((c) => c.id)] : [];
    return [...RESPONSE_CHECK_IDS, ...specific.filter((id) => id !== 'denied_role_rejected' || expectation.denied), ...list].filter(
      (id) => {
        const check = this.registry.get(id);
        return !check.relevant || check.relevant(this.target);
      },
    );
  }

  private add(
    kind: Exclude<CaseKind, 'tenant'>,
    key: string,
    label: string,
    request: HttpRequest,
    params: Record<string, string>,
    expectation: Expectation,
    who: { role?: string; organization?: string | null; owner?: string },
  ): void {
    const allowFields = this.section.allowFields?.length ? { allowFields: this.section.allowFields } : {};
    this.cases.push({ key, label, kind, ...who, request, params, expectation, checks: this.checksFor(kind, expectation), ...allowFields });
    this.order.push(key);
  }

  private skip(skipped: SkippedCase): void {
    this.skipped.push(skipped);
    this.order.push(skipped.key);
  }

  private request(params: Record<string, string>, credential: Credential | null): HttpRequest {
    const path = this.target.operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT };
    if (credential !== null) headers[credential.header] = credential.value;
    const request: HttpRequest = { method: 'GET', url: `${this.section.baseUrl}${path}${this.query}`, headers };
    if (credential?.display !== undefined) request.authDisplay = credential.display;
    if (credential !== null && credential.header !== 'Authorization') request.authHeader = credential.header;
    return request;
  }
}
