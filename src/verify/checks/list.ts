// Checks of the list in a 2xx body read from the spec: tenant isolation (x-access-control) and order
// (x-ordering). The factories an API's checks use are in src/contract/list.ts.
import { fail, preview } from '../../contract/failure.js';
import { hasItems, itemsOf } from '../../contract/list.js';
import type { CheckContext, CheckDef } from '../../contract/types.js';
import { secretsIn } from '../../contract/secrets.js';
import { apiKeyScheme } from '../../openapi/extensions.js';

/** x-access-control names the organization parameter and the listed property that must match it. */
function tenantFields(ctx: CheckContext): { why: string; property: string; asked: string } | null {
  const access = ctx.target.operation.access;
  const property = access?.organizationProperty;
  const asked = ctx.case.owner;
  if (!property || asked === undefined) return null;
  const parameter = access.organizationParameter;
  const why = parameter ? `the ${parameter} asked for` : `the callers' organization, ${ctx.target.api.name}.organizationId`;
  return { why, property, asked };
}

export const tenantIsolation: CheckDef = {
  id: 'tenant_isolation',
  title: "Another organization's users listed",
  meaning: 'Every listed user belongs to the organization the path asks for (no cross-tenant leak).',
  source: 'security',
  relevant: ({ operation }) => Boolean(operation.access?.organizationProperty),
  applies: (ctx) => hasItems(ctx) && tenantFields(ctx) !== null,
  run(ctx) {
    const { why, property, asked } = tenantFields(ctx)!;
    for (const { pointer, item } of itemsOf(ctx)!) {
      const value = item[property];
      if (typeof value !== 'string' || value.toLowerCase() !== asked.toLowerCase()) {
        fail({
          expected: `${property} = ${asked} (${why}) on every user`,
          received: `${preview(value)} at ${pointer}/${property}`,
          path: `${pointer}/${property}`,
          value,
        });
      }
    }
  },
};

/** Orders two values: numbers as numbers, date-times as instants, other strings as text; null when not comparable. */
function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const listOrdering: CheckDef = {
  id: 'list_ordering',
  title: 'List out of order',
  meaning: 'Listed items come in the order x-ordering gives (e.g. created_at, newest first).',
  source: 'documented',
  relevant: ({ operation }) => operation.ordering !== null,
  applies: (ctx) => hasItems(ctx) && ctx.target.operation.ordering !== null,
  run(ctx) {
    const { property, direction } = ctx.target.operation.ordering!;
    const items = itemsOf(ctx)!;
    for (let i = 1; i < items.length; i++) {
      const [prev, next] = [items[i - 1]!, items[i]!];
      const order = compare(prev.item[property], next.item[property]);
      if (order === null) continue;
      if (direction === 'descending' ? order < 0 : order > 0) {
        fail({
          expected: `${property} ${direction} (${ctx.target.operation.ordering!.description || 'x-ordering'})`,
          received: `${preview(prev.item[property])} at ${prev.pointer}/${property}, then ${preview(next.item[property])} at ${next.pointer}/${property}`,
          path: `${next.pointer}/${property}`,
          value: next.item[property],
        });
      }
    }
  },
};

export const noSecretFields: CheckDef = {
  id: 'no_secret_fields',
  title: 'A secret listed with a user',
  meaning:
    "No listed user carries a secret: a string under a name that says secret (password, hash, token, apiKey, mfa...; booleans, numbers and date-times pass), or a value shaped like one whatever its name (bcrypt/argon2/scrypt/pbkdf2/Django hashes, sk_live_ keys, the API's own keys, PEM private keys, JWTs); allowFields exempts fields; reports name the path and why, never the value.",
  source: 'security',
  applies: hasItems,
  run(ctx) {
    const prefix = apiKeyScheme(ctx.target.spec, ctx.target.operation)?.prefix;
    const rules = { allow: ctx.case.allowFields ?? [], keyPrefixes: prefix ? [prefix] : [] };
    const found = itemsOf(ctx)!.flatMap(({ pointer, item }) => secretsIn(item, rules, pointer));
    if (found.length === 0) return;
    const shown = found.slice(0, 3).map((f) => `${f.pointer}: ${f.why}`);
    fail({
      expected: 'no secret on a listed user (allowFields in the config exempts a field that is not one)',
      received: `${shown.join('; ')}${found.length > 3 ? `; and ${found.length - 3} more` : ''} (values not shown)`,
      path: found[0]!.pointer,
    });
  },
};

export const LIST_CHECKS = [tenantIsolation, listOrdering, noSecretFields];
