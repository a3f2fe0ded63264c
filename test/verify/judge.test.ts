// What judge() (src/verify/run.ts) records for one case, field by field: a passed check, a failed one with
// what the check said (path, title, value only when given), a check that is not a CheckFailure, severity
// (documented, inferred, security, a security check's harmless departure) with and without --strict and the
// warning's reason, a response still refused after the retries (every check inconclusive), and a transport
// error. Checks are made up per test; each result is compared whole (toStrictEqual: no extra keys).
import { describe, expect, it } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import { fail, type FailureDetails } from '../../src/contract/failure.js';
import { CheckRegistry } from '../../src/verify/registry.js';
import { judge, targetOf } from '../../src/verify/run.js';
import type { Source } from '../../src/verify/types.js';
import { aCase, answered, check, request } from './support/one-case.js';

const CURL = `curl -sS -i 'http://h/organization/users' -H "Authorization: Bearer $FB_OWNER_TOKEN"`;
const BASE = { caseKey: 'role:OWNER', caseLabel: 'role OWNER' };

/** judge() of one check of `source` that fails (expected e, received r) with `more` said about the departure. */
function departing(source: Source, more: Partial<FailureDetails> = {}, strict = false) {
  const registry = new CheckRegistry().register(check('probe', source, () => fail({ expected: 'e', received: 'r', ...more })));
  const results = judge(targetOf(flashback), aCase(['probe']), answered(), registry, strict);
  expect(results).toHaveLength(1);
  return results[0];
}
/** The whole result of such a departure: judged `outcome` as `source`, with the reason it warns when there is one. */
const judged = (outcome: 'failed' | 'warned', source: Source, warnReason?: string) => ({
  ...BASE,
  check: 'probe',
  status: 200,
  expected: 'e',
  received: 'r',
  curl: CURL,
  outcome,
  source,
  ...(warnReason === undefined ? {} : { warnReason }),
});
const DEFAULT_REASON = 'probe checks an x-inferred part of the spec';

describe('judge: what a result records', () => {
  it('a passed check: its id, the case, the status and its source, nothing else', () => {
    const registry = new CheckRegistry().register(check('fine', 'inferred', () => {}));
    expect(judge(targetOf(flashback), aCase(['fine']), answered(201), registry, false)).toStrictEqual([
      { ...BASE, check: 'fine', outcome: 'passed', source: 'inferred', status: 201 },
    ]);
  });

  it('a documented failure: expected, received and the curl line; path, title and value only when the check gave them', () => {
    expect(departing('documented')).toStrictEqual(judged('failed', 'documented'));
    expect(departing('documented', { path: '/0/id', title: 'What happened', value: 0 })).toStrictEqual({
      ...judged('failed', 'documented'),
      path: '/0/id',
      title: 'What happened',
      value: 0,
    });
    // null is a value (the offending value was null); undefined is none
    expect(departing('documented', { value: null })).toMatchObject({ value: null });
    expect(departing('documented', { value: undefined })).not.toHaveProperty('value');
    // an empty path is the body itself: kept
    expect(departing('documented', { path: '' })).toHaveProperty('path', '');
  });

  it('a check that throws something else fails saying the check itself failed, an Error or not', () => {
    const registry = new CheckRegistry().register(
      check('throws_error', 'inferred', () => {
        throw new RangeError('bad index');
      }),
      check('throws_string', 'documented', () => {
        throw 'a bare string';
      }),
    );
    expect(judge(targetOf(flashback), aCase(['throws_error', 'throws_string']), answered(), registry, false)).toStrictEqual([
      {
        ...BASE,
        check: 'throws_error',
        // an inferred check's own failure warns like any of its departures
        outcome: 'warned',
        source: 'inferred',
        status: 200,
        expected: 'the check to run',
        received: 'the check itself failed: bad index',
        curl: CURL,
        warnReason: 'throws_error checks an x-inferred part of the spec',
      },
      {
        ...BASE,
        check: 'throws_string',
        outcome: 'failed',
        source: 'documented',
        status: 200,
        expected: 'the check to run',
        received: 'the check itself failed: a bare string',
        curl: CURL,
      },
    ]);
  });
});

describe('judge: severity and the reason a departure only warns', () => {
  it('an inferred check warns with the default reason, or the spec part`s own; --strict fails, the reason kept', () => {
    expect(departing('inferred')).toStrictEqual(judged('warned', 'inferred', DEFAULT_REASON));
    expect(departing('inferred', { inferred: 'the page shows no example' })).toStrictEqual(
      judged('warned', 'inferred', 'the page shows no example'),
    );
    expect(departing('inferred', {}, true)).toStrictEqual(judged('failed', 'inferred', DEFAULT_REASON));
  });

  it('a documented check departing from an inferred part warns as inferred, with that part`s reason; not without one', () => {
    expect(departing('documented', { inferred: 'why inferred' })).toStrictEqual(judged('warned', 'inferred', 'why inferred'));
    expect(departing('documented', { inferred: 'why inferred' }, true)).toStrictEqual(judged('failed', 'inferred', 'why inferred'));
    for (const inferred of [null, undefined]) {
      expect(departing('documented', { inferred })).toStrictEqual(judged('failed', 'documented'));
    }
  });

  it("a security check's harmless departure warns, still a security result, the harmless reason given; --strict fails", () => {
    expect(departing('security', { harmless: 'a 403 leaks nothing' })).toStrictEqual(judged('warned', 'security', 'a 403 leaks nothing'));
    expect(departing('security', { harmless: 'a 403 leaks nothing' }, true)).toStrictEqual(
      judged('failed', 'security', 'a 403 leaks nothing'),
    );
    // harmless wins over an inferred part: the reason is the harmless one
    expect(departing('security', { harmless: 'a 403 leaks nothing', inferred: 'part inferred' })).toMatchObject({
      outcome: 'warned',
      source: 'security',
      warnReason: 'a 403 leaks nothing',
    });
  });

  it('a security check never softens otherwise: an inferred part or a non-text harmless still fails', () => {
    for (const more of [{ inferred: 'part inferred' }, { harmless: null }, {}]) {
      expect(departing('security', more)).toStrictEqual(judged('failed', 'security'));
    }
  });

  it('only a security check may call a departure harmless: a documented or inferred one is judged as it would be without', () => {
    expect(departing('documented', { harmless: 'says harmless' })).toStrictEqual(judged('failed', 'documented'));
    expect(departing('inferred', { harmless: 'says harmless' })).toStrictEqual(judged('warned', 'inferred', DEFAULT_REASON));
  });
});

describe('judge: answers that are not judged', () => {
  it('a response still refused after the retries: every check of the case inconclusive, with the status and why', () => {
    const registry = new CheckRegistry().register(
      check('first', 'documented', () => fail({ expected: 'e', received: 'r' })),
      check('second', 'security', () => {}),
    );
    const refused = { ...answered(429), refused: 'the backend refused the request: still 429 after 3 retries (--retries)' };
    expect(judge(targetOf(flashback), aCase(['first', 'second']), refused, registry, false)).toStrictEqual(
      ['first', 'second'].map((id) => ({
        ...BASE,
        check: id,
        outcome: 'inconclusive',
        source: id === 'first' ? 'documented' : 'security',
        status: 429,
        reason: 'the backend refused the request: still 429 after 3 retries (--retries)',
        curl: CURL,
      })),
    );
    // a 429 that was not refused in the end (the last retry's answer) is judged as any answer
    expect(judge(targetOf(flashback), aCase(['second']), answered(429), registry, false)).toStrictEqual([
      { ...BASE, check: 'second', outcome: 'passed', source: 'security', status: 429 },
    ]);
  });

  it('a transport error: one documented response_received failure saying what was expected and what happened', () => {
    const registry = new CheckRegistry().register(check('first', 'documented', () => {}));
    const error = { request, error: { kind: 'timeout' as const, message: 'no complete response within 5 ms (--timeout)' } };
    expect(judge(targetOf(flashback), aCase(['first']), error, registry, false)).toStrictEqual([
      {
        ...BASE,
        check: 'response_received',
        outcome: 'failed',
        source: 'documented',
        expected: 'a complete JSON response within the timeout and size guard',
        received: 'no complete response within 5 ms (--timeout)',
        curl: CURL,
      },
    ]);
  });
});
