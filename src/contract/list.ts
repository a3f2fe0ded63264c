/**
 * The listed items of a 2xx body, and the check factories an API's own checks instantiate
 * (`uniqueItemValues`, `sameItemValue`).
 */
import { isObject } from '../openapi/load.js';
import { valueAt } from '../openapi/query.js';
import type { Json, JsonObject } from '../openapi/types.js';
import { fail, preview } from './failure.js';
import type { CheckContext, CheckDef, Source } from './types.js';

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

/** True when the response has a list to judge. */
export const hasItems = (ctx: CheckContext) => itemsOf(ctx) !== null;

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
