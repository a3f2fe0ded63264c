// One Flashback OWNER case (its request, with the curl line's auth shown as a variable), a 200 JSON answer to it,
// and a made-up check: what the in-process tests of the engine and of judge() build their runs from.
import type { Case, CheckDef, Exchange, Source } from '../../../src/verify/types.js';

export const request = {
  method: 'GET' as const,
  url: 'http://h/organization/users',
  headers: { Authorization: 'Bearer x' },
  authDisplay: '"Authorization: Bearer $FB_OWNER_TOKEN"',
};

/** The case `role:OWNER`, expecting a 200, with these checks. */
export const aCase = (checks: string[]): Case => ({
  key: 'role:OWNER',
  label: 'role OWNER',
  kind: 'role',
  request,
  params: {},
  checks,
  expectation: { statuses: [200], denied: false, because: 'test', inferred: null },
});

/** The request answered `status` with the JSON body `{}`. */
export const answered = (status = 200): Exchange => ({
  request,
  response: { status, headers: { 'content-type': 'application/json' }, text: '{}', bytes: 2, json: { ok: true, value: {} } },
});

/** A check `id` of `source` whose title and meaning are made from its id. */
export const check = (id: string, source: Source, run: CheckDef['run']): CheckDef => ({
  id,
  title: `${id} title`,
  meaning: `${id} meaning`,
  source,
  run,
});
