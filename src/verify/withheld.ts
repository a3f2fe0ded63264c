/**
 * The one boundary where what a backend wrote enters a report: every response body of every case
 * kind (role, denied role, auth probe, malformed parameter) is asked which of its pointers hold
 * secrets (the secret check's own answer, `secretsIn` of src/contract/secrets.ts, on the whole body); a case whose body holds any shows no
 * preview (the report says why), and the values found there are masked wherever a check copied them
 * (a finding's value, its received text, another case's report), in every form the masker knows,
 * never even their first characters.
 */
import { Masker } from '../config/mask.js';
import { valueAt } from '../openapi/query.js';
import { type SecretRules, secretsIn } from '../contract/secrets.js';
import { apiKeyScheme } from '../openapi/extensions.js';
import type { ApiReport, ApiTarget, Case, HttpResponse } from './types.js';

/** Most secret pointers named in a withheld preview's reason. */
const NAMED = 3;
const WITHHELD = '…(withheld)';

/**
 * The secret check's rules for a case: its API's key prefix, and the config's `allowFields` names
 * (its pointers are relative to a listed user, so on a whole body they exempt nothing: more is withheld, never less).
 */
export function secretRules(target: ApiTarget, c: Case): SecretRules {
  const prefix = apiKeyScheme(target.spec, target.operation)?.prefix;
  return { allow: c.allowFields ?? [], keyPrefixes: prefix ? [prefix] : [] };
}

/** The pointers of a body that hold secrets (the secret check's own answer), on any body, not only listed users. */
function secretPointers(response: HttpResponse, rules: SecretRules): string[] {
  return response.json.ok ? secretsIn(response.json.value, rules, '', 1000).map((f) => f.pointer) : [];
}

/** Every string under a value (keys of objects under a secret too: a map of secrets by name). */
function stringsUnder(value: unknown, out: Set<string>, depth = 0): void {
  if (typeof value === 'string') out.add(value);
  else if (value !== null && typeof value === 'object' && depth < 64)
    for (const v of Object.values(value as Record<string, unknown>)) stringsUnder(v, out, depth + 1);
}

/** Collects the secrets of every response of a run, then withholds them from its report. */
export class Withholder {
  readonly #values = new Set<string>();
  readonly #pointers = new Map<HttpResponse, string[]>();

  /** The pointers of this response's body that hold secrets (remembered, with their values, for `apply`). */
  inspect(response: HttpResponse, rules: SecretRules): string[] {
    let pointers = this.#pointers.get(response);
    if (pointers) return pointers;
    pointers = secretPointers(response, rules);
    this.#pointers.set(response, pointers);
    const body = (response.json as { value?: unknown }).value;
    for (const pointer of pointers) stringsUnder(valueAt(body, pointer), this.#values);
    this.#values.delete('');
    return pointers;
  }

  /** Why a body's preview is withheld, or null when it holds no secret. */
  previewWithheld(response: HttpResponse, rules: SecretRules): string | null {
    const pointers = this.inspect(response, rules);
    if (pointers.length === 0) return null;
    const named = pointers.slice(0, NAMED).join(', ');
    return `(not shown: the body carries secrets at ${named}${pointers.length > NAMED ? ` and ${pointers.length - NAMED} more` : ''})`;
  }

  /**
   * The APIs' reports with every secret value found masked wherever it was copied: values of 8 or
   * more characters wherever they occur (escaped and encoded forms too, see Masker); shorter ones
   * where a check quoted them as JSON (`"hunter2"`); and a finding's value dropped when its path lies
   * under a secret.
   */
  apply(apis: ApiReport[]): ApiReport[] {
    if (this.#values.size === 0) return apis;
    const secretPaths = new Set([...this.#pointers.values()].flat());
    const under = (path: string | undefined) => path !== undefined && [...secretPaths].some((p) => path === p || path.startsWith(`${p}/`));
    const stripped = apis.map((api) => ({
      ...api,
      results: api.results.map((r) => (under(r.path) ? { ...r, value: undefined } : r)),
      cases: api.cases.map((c) => ({
        ...c,
        failed: c.failed.map((r) => (under(r.path) ? { ...r, value: undefined } : r)),
        warned: c.warned.map((r) => (under(r.path) ? { ...r, value: undefined } : r)),
      })),
    }));
    const values = [...this.#values];
    const masker = new Masker(values, { hideStart: true });
    const short = new Set(values.filter((v) => v.length < 8));
    const quoted = [...short].map((v) => JSON.stringify(v));
    // A string that is a short secret is withheld whole (a finding's value holding the body); quoted in a text, it is cut out.
    return replaceStrings(stripped, (s) =>
      short.has(s) ? WITHHELD : masker.mask(quoted.reduce((t, q) => (t.includes(q) ? t.split(q).join(`"${WITHHELD}"`) : t), s)),
    ) as ApiReport[];
  }
}

/** A copy of a JSON-like value with `fn` applied to every string (keys included); objects without a prototype, as Masker's. */
function replaceStrings(value: unknown, fn: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return fn(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 200) return '(nested too deep to show)';
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, fn, depth + 1));
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[fn(k)] = replaceStrings(v, fn, depth + 1);
  return out;
}
