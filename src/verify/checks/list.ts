// Checks of the list in a 2xx body: generic ones read from the spec (tenant isolation from
// x-access-control, order from x-ordering) and factories an API's checks.ts instantiates.
import { isObject } from '../../openapi/load.js';
import { valueAt } from '../../openapi/query.js';
import type { Json, JsonObject } from '../../openapi/types.js';
import { fail, preview } from '../failure.js';
import type { CheckContext, CheckDef, Source } from '../types.js';

/** The listed items of a body, with their JSON pointers; null when the body has no list there. */
function listedItems(body: unknown, listPointer: string): { pointer: string; item: JsonObject }[] | null {
  const list = valueAt(body, listPointer);
  if (!Array.isArray(list)) return null;
  return list.flatMap((item, i) => (isObject(item as Json) ? [{ pointer: `${listPointer}/${i}`, item: item as JsonObject }] : []));
}

/** The listed items of a 2xx JSON body, or null when there is nothing to judge. */
export function itemsOf(ctx: CheckContext): { pointer: string; item: JsonObject }[] | null {
  const { status, json } = ctx.response;
  if (status < 200 || status >= 300 || !json.ok) return null;
  return listedItems(json.value, ctx.target.api.verify.listPointer);
}

const hasItems = (ctx: CheckContext) => itemsOf(ctx) !== null;

/** Fails when two listed items share a value of `property` (absent values are the schema's business). */
export function uniqueItemValues(o: { id: string; property: string; source?: Source; meaning?: string }): CheckDef {
  return {
    id: o.id,
    title: `Duplicate ${o.property} values`,
    meaning: o.meaning ?? `Every listed item has its own ${o.property}.`,
    source: o.source ?? 'documented',
    applies: hasItems,
    run(ctx) {
      const seen = new Map<string, string>();
      for (const { pointer, item } of itemsOf(ctx)!) {
        if (!(o.property in item)) continue;
        const key = JSON.stringify(item[o.property]);
        const first = seen.get(key);
        if (first !== undefined) {
          fail({
            expected: `unique ${o.property} values`,
            received: `${key} at ${first}/${o.property} and again at ${pointer}/${o.property}`,
            path: `${pointer}/${o.property}`,
            value: item[o.property],
          });
        }
        seen.set(key, pointer);
      }
    },
  };
}

/** Fails when listed items disagree on `property`. */
export function sameItemValue(o: { id: string; property: string; title: string; meaning: string; source: Source }): CheckDef {
  return {
    id: o.id,
    title: o.title,
    meaning: o.meaning,
    source: o.source,
    applies: hasItems,
    run(ctx) {
      const items = itemsOf(ctx)!.filter(({ item }) => o.property in item);
      const first = items[0];
      const odd = items.find(({ item }) => JSON.stringify(item[o.property]) !== JSON.stringify(first?.item[o.property]));
      if (first && odd) {
        fail({
          expected: `one ${o.property} for every listed item (the first has ${preview(first.item[o.property])})`,
          received: `${preview(odd.item[o.property])} at ${odd.pointer}/${o.property}`,
          path: `${odd.pointer}/${o.property}`,
          value: odd.item[o.property],
        });
      }
    },
  };
}

/** x-access-control names the organization parameter and the listed property that must match it. */
function tenantFields(ctx: CheckContext): { parameter: string; property: string; asked: string } | null {
  const access = ctx.target.operation.access;
  const parameter = access?.organizationParameter;
  const property = access?.organizationProperty;
  const asked = parameter ? ctx.case.params[parameter] : undefined;
  return parameter && property && asked !== undefined ? { parameter, property, asked } : null;
}

export const tenantIsolation: CheckDef = {
  id: 'tenant_isolation',
  title: "Another organization's users listed",
  meaning: 'Every listed user belongs to the organization the path asks for (no cross-tenant leak).',
  source: 'security',
  relevant: ({ operation }) => Boolean(operation.access?.organizationParameter && operation.access.organizationProperty),
  applies: (ctx) => hasItems(ctx) && tenantFields(ctx) !== null,
  run(ctx) {
    const { parameter, property, asked } = tenantFields(ctx)!;
    for (const { pointer, item } of itemsOf(ctx)!) {
      const value = item[property];
      if (typeof value !== 'string' || value.toLowerCase() !== asked.toLowerCase()) {
        fail({
          expected: `${property} = ${asked} (the ${parameter} asked for) on every user`,
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

export const LIST_CHECKS = [tenantIsolation, listOrdering];
