/** Tests of the listed items of a body and the two check factories APIs instantiate (`uniqueItemValues`, `sameItemValue`). */
import { describe, expect, it } from 'vitest';
import { CheckFailure } from './failure.js';
import { hasItems, itemsOf, sameItemValue, uniqueItemValues } from './list.js';
import type { CheckContext } from './types.js';

/** A response to judge: only what these functions read (status, parsed body, the API's list pointer). */
function ctx(body: unknown, status = 200, listPointer = '/data', ok = true): CheckContext {
  return {
    target: { api: { verify: { listPointer } } },
    case: {},
    response: { status, json: ok ? { ok: true, value: body } : { ok: false, error: 'not JSON' } },
  } as unknown as CheckContext;
}

/** The CheckFailure `run` throws, or null when the check passes. */
function failureOf(run: () => void): CheckFailure | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof CheckFailure) return error;
    throw error;
  }
}

describe('itemsOf and hasItems', () => {
  it('the objects of the list at the API list pointer, each with its JSON pointer (other values left out, indices kept)', () => {
    const body = { data: [{ id: 'a' }, 'not an object', null, { id: 'b' }] };
    expect(itemsOf(ctx(body))).toEqual([
      { pointer: '/data/0', item: { id: 'a' } },
      { pointer: '/data/3', item: { id: 'b' } },
    ]);
    expect(itemsOf(ctx([{ id: 'a' }], 200, ''))).toEqual([{ pointer: '/0', item: { id: 'a' } }]);
    expect(hasItems(ctx(body))).toBe(true);
  });

  it('every 2xx is judged, nothing outside 200 to 299', () => {
    const body = { data: [{ id: 'a' }] };
    for (const status of [200, 203, 299]) expect(itemsOf(ctx(body, status))).not.toBeNull();
    for (const status of [199, 300, 403, 500]) {
      expect(itemsOf(ctx(body, status))).toBeNull();
      expect(hasItems(ctx(body, status))).toBe(false);
    }
  });

  it('nothing to judge in a body that is not JSON or has no list at the pointer', () => {
    expect(itemsOf(ctx({ data: [{ id: 'a' }] }, 200, '/data', false))).toBeNull();
    expect(itemsOf(ctx({ data: { id: 'a' } }))).toBeNull();
    expect(itemsOf(ctx({ users: [] }))).toBeNull();
    expect(itemsOf(ctx({ data: [] }))).toEqual([]);
    expect(hasItems(ctx({ data: [] }))).toBe(true);
  });
});

describe('uniqueItemValues', () => {
  const check = uniqueItemValues({ id: 'x.unique_ids', property: 'id' });

  it('its title, meaning and source default from the property; given ones are kept', () => {
    expect(check).toMatchObject({
      id: 'x.unique_ids',
      title: 'Duplicate id values',
      meaning: 'Every listed item has its own id.',
      source: 'documented',
    });
    expect(uniqueItemValues({ id: 'y', property: 'email', meaning: 'One address each.', source: 'inferred' })).toMatchObject({
      title: 'Duplicate email values',
      meaning: 'One address each.',
      source: 'inferred',
    });
    expect(check.applies).toBe(hasItems);
  });

  it('distinct values pass, and so do items without the property (absence is the schema check business)', () => {
    expect(failureOf(() => check.run(ctx({ data: [{ id: 'a' }, { id: 'b' }, { name: 'x' }, { name: 'y' }] })))).toBeNull();
    expect(failureOf(() => check.run(ctx({ data: [] })))).toBeNull();
  });

  it('a value seen twice fails at the second, naming both places', () => {
    const failure = failureOf(() => check.run(ctx({ data: [{ id: 'a' }, { id: 'b' }, { id: 'a' }] })));
    expect(failure?.details).toEqual({
      expected: 'unique id values',
      received: '"a" at /data/0/id and again at /data/2/id',
      path: '/data/2/id',
      value: 'a',
    });
  });

  it('values are compared as JSON: 1 and "1" differ, equal objects are duplicates', () => {
    expect(failureOf(() => check.run(ctx({ data: [{ id: 1 }, { id: '1' }] })))).toBeNull();
    expect(failureOf(() => check.run(ctx({ data: [{ id: { n: 1 } }, { id: { n: 1 } }] })))?.details.path).toBe('/data/1/id');
  });
});

describe('sameItemValue', () => {
  const check = sameItemValue({
    id: 'x.one_org',
    property: 'organization_name',
    title: 'Several organization names in one list',
    meaning: 'One name throughout.',
    source: 'documented',
  });

  it('keeps the definition it is given', () => {
    expect(check).toMatchObject({
      id: 'x.one_org',
      title: 'Several organization names in one list',
      meaning: 'One name throughout.',
      source: 'documented',
    });
    expect(check.applies).toBe(hasItems);
  });

  it('one value throughout passes; an empty list and items without the property pass', () => {
    expect(failureOf(() => check.run(ctx({ data: [{ organization_name: 'A' }, { organization_name: 'A' }] })))).toBeNull();
    expect(failureOf(() => check.run(ctx({ data: [] })))).toBeNull();
    expect(failureOf(() => check.run(ctx({ data: [{ id: 1 }, { organization_name: 'A' }, { organization_name: 'A' }] })))).toBeNull();
  });

  it('the first item that differs fails, with the value of the first item it differs from', () => {
    const failure = failureOf(() =>
      check.run(ctx({ data: [{ id: 1 }, { organization_name: 'A' }, { organization_name: 'B' }, { organization_name: 'C' }] })),
    );
    expect(failure?.details).toEqual({
      expected: 'one organization_name for every listed item (the first has "A")',
      received: '"B" at /data/2/organization_name',
      path: '/data/2/organization_name',
      value: 'B',
    });
  });
});
