// The engine on its own: registry rules, severity, a misbehaving check, transport errors, curl lines.
import { describe, expect, it } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import { curlLine, shellQuote } from '../../src/verify/curl.js';
import { fail } from '../../src/contract/failure.js';
import { CheckRegistry } from '../../src/verify/registry.js';
import { buildRegistry, judge, targetOf } from '../../src/verify/run.js';
import type { ApiTarget, Source } from '../../src/verify/types.js';
import { aCase, answered, check, request } from './support/one-case.js';

const target: ApiTarget = targetOf(flashback);
const ok = answered();

describe('CheckRegistry', () => {
  it.each([
    [
      'a duplicate id',
      () =>
        new CheckRegistry().register(
          check('a_check', 'documented', () => {}),
          check('a_check', 'documented', () => {}),
        ),
    ],
    ['an id that is not snake_case', () => new CheckRegistry().register(check('BadId', 'documented', () => {}))],
    ['an unknown id', () => new CheckRegistry().get('nope')],
    [
      "a plugin check without its API's prefix",
      () => buildRegistry([{ ...flashback, verify: { ...flashback.verify, checks: [check('loose_check', 'documented', () => {})] } }]),
    ],
  ])('rejects %s', (_name, given) => expect(given).toThrow());

  it('holds the engine checks and every plugin check', () => {
    const ids = buildRegistry([flashback])
      .list()
      .map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['not_a_server_error', 'auth_rejected', 'tenant_isolation', 'flashback.total_matches_count']),
    );
  });
});

describe('judge: severity', () => {
  const cases: [string, { given: { source: Source; inferred?: string; strict: boolean }; want: [string, string] }][] = [
    ['documented departure fails', { given: { source: 'documented', strict: false }, want: ['failed', 'documented'] }],
    [
      'documented check, inferred part: warns',
      { given: { source: 'documented', inferred: 'because', strict: false }, want: ['warned', 'inferred'] },
    ],
    [
      'documented check, inferred part, --strict: fails',
      { given: { source: 'documented', inferred: 'because', strict: true }, want: ['failed', 'inferred'] },
    ],
    ['inferred check warns', { given: { source: 'inferred', strict: false }, want: ['warned', 'inferred'] }],
    ['inferred check, --strict: fails', { given: { source: 'inferred', strict: true }, want: ['failed', 'inferred'] }],
    [
      'security never softens, even on an inferred part',
      { given: { source: 'security', inferred: 'because', strict: false }, want: ['failed', 'security'] },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const registry = new CheckRegistry().register(
      check('probe', given.source, () => fail({ expected: 'e', received: 'r', inferred: given.inferred ?? null })),
    );
    const [result] = judge(target, aCase(['probe']), ok, registry, given.strict);
    expect([result!.outcome, result!.source]).toEqual(want);
    expect(result!.curl).toBe(`curl -sS -i 'http://h/organization/users' -H "Authorization: Bearer $FB_OWNER_TOKEN"`);
  });
});

describe('judge: robustness', () => {
  it('a check that throws a bug fails with the reason; the next check still runs', () => {
    const registry = new CheckRegistry().register(
      check('buggy', 'documented', () => {
        throw new TypeError('cannot read x of undefined');
      }),
      check('fine', 'documented', () => {}),
    );
    const results = judge(target, aCase(['buggy', 'fine']), ok, registry, false);
    expect(results.map((r) => [r.check, r.outcome, r.received])).toEqual([
      ['buggy', 'failed', 'the check itself failed: cannot read x of undefined'],
      ['fine', 'passed', undefined],
    ]);
  });

  it('a transport error is one response_received failure, the other checks are not run', () => {
    const registry = buildRegistry([flashback]);
    const results = judge(
      target,
      aCase(['response_received', 'not_a_server_error']),
      { request, error: { kind: 'timeout', message: 'no complete response within 5 ms (--timeout)' } },
      registry,
      false,
    );
    expect(results).toEqual([
      expect.objectContaining({ check: 'response_received', outcome: 'failed', received: 'no complete response within 5 ms (--timeout)' }),
    ]);
  });

  it('a check that does not apply is not counted', () => {
    const registry = new CheckRegistry().register({
      ...check('never', 'documented', () => fail({ expected: 'e', received: 'r' })),
      applies: () => false,
    });
    expect(judge(target, aCase(['never']), ok, registry, false)).toEqual([]);
  });
});

describe('curl lines', () => {
  const cases: [string, string][] = [
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['Bearer t\u00f6k\u00e9n', "$'Bearer t\\xf6k\\xe9n'"],
    ["a'b\\c\u00ff", "$'a\\x27b\\x5cc\\xff'"],
  ];
  it.each(cases)('shellQuote(%j) = %s', (given, want) => expect(shellQuote(given)).toBe(want));

  it('sends every header verify sent and shows the Authorization as the case says', () => {
    const headers = { Accept: 'application/json', 'User-Agent': 'x', Authorization: 'Basic abc' };
    expect(curlLine({ method: 'GET', url: "http://h/a/'%20OR%201%3D1--/users", headers })).toBe(
      `curl -sS -i 'http://h/a/'\\''%20OR%201%3D1--/users' -H 'Accept: application/json' -H 'User-Agent: x' -H 'Authorization: Basic abc'`,
    );
    expect(curlLine({ method: 'GET', url: 'http://h/u', headers, authDisplay: '"Authorization: Bearer $T"' })).toBe(
      `curl -sS -i 'http://h/u' -H 'Accept: application/json' -H 'User-Agent: x' -H "Authorization: Bearer $T"`,
    );
  });
});
