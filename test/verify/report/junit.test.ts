// The JUnit XML reporter on hand-built reports, read back with a strict XML reader. Expected values:
// XML 1.0 (markup characters `<`, `&` escaped in text, quotes in attribute values; control
// characters other than TAB, LF, CR are not allowed at all), JUnit's schema (testsuites/testsuite
// counts `tests`, `failures`, `errors`, `skipped`; `time` in seconds), README ("junit (a testcase per
// request, with its time)"; "when the run cannot start ... the file still gets a well-formed report
// recording the error"; every report records the seed).
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/verify/report/junit.js';
import { parseXml, type XmlElement } from '../support/xml.js';
import { apiOf, caseOf, checkInfo, errorRun, finding, inferredWarning, judged, runOf } from '../support/hand-report.js';

const all = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];
const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);
/** Characters XML 1.0 forbids (no escape makes them legal). */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

const read = (xml: string) => {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(xml.endsWith('</testsuites>\n')).toBe(true);
  expect(xml).not.toMatch(FORBIDDEN);
  const root = parseXml(xml); // throws on a raw < or &, an unknown entity, an unclosed element, text beside the root
  expect(root.name).toBe('testsuites');
  return root;
};

const HOSTILE = `<b a="1">&amp; 'q'</b>\u0001\u001b`;
const CHECKS = [
  checkInfo('status_documented', 'Undocumented status'),
  checkInfo('body_schema', 'Body does not match the schema', 'security'),
];

describe('a run that could not start', () => {
  it('is a well-formed report with one errored testcase carrying the message and code', () => {
    const suites = read(renderJunit(errorRun('E_CONFIG', `bad "config" <here> & \u0002there`)));
    expect(suites.attributes).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    const [suite] = all(suites, 'testsuite');
    expect(suite!.attributes).toMatchObject({ tests: '1', failures: '0', errors: '1', skipped: '0' });
    const cases = all(suites, 'testcase');
    expect(cases).toHaveLength(1);
    const error = child(cases[0]!, 'error')!;
    expect(error.attributes.type).toBe('E_CONFIG');
    expect(error.attributes.message).toContain('bad "config" <here> & ');
    expect(error.attributes.message).toContain('E_CONFIG');
    expect(error.text).toContain('bad "config" <here> & ');
    // the control character is gone, its place marked
    expect(error.attributes.message).toMatch(/& .there/u);
  });
});

describe('characters XML 1.0 does not allow (its Char production: TAB, LF, CR, U+0020 and up, minus U+FFFE, U+FFFF)', () => {
  // Every C0 control but TAB, LF and CR: U+000B (vertical tab) and U+000C (form feed) among them.
  const forbidden = [
    ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)),
    '\ufffe',
    '\uffff',
  ];

  it.each(forbidden.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    '%s in a label, a finding, a skip reason and an error: replaced by U+FFFD everywhere, the report well-formed',
    (_name, c) => {
      const hostile = `a${c}b`;
      const run = runOf([
        judged(
          apiOf('x', {
            cases: [
              caseOf('x/role:A', 'failed', {
                label: hostile,
                failed: [finding('status_documented', 'failed', { expected: hostile, received: hostile })],
              }),
              caseOf('x/role:S', 'skipped', { skipReason: hostile }),
            ],
          }),
        ),
      ]);
      const root = read(renderJunit(run));
      const cases = all(root, 'testcase');
      expect(cases[0]!.attributes.name).toContain('a\ufffdb');
      expect(child(cases[0]!, 'failure')!.text).toContain('Expected: a\ufffdb');
      expect(child(cases[0]!, 'failure')!.text).toContain('Received: a\ufffdb');
      expect(child(cases[1]!, 'skipped')!.attributes.message).toBe('a\ufffdb');
      const error = read(renderJunit(errorRun('E_CONFIG', hostile)));
      expect(child(all(error, 'testcase')[0]!, 'error')!.attributes.message).toContain('a\ufffdb');
    },
  );

  it('TAB, LF and CR are allowed characters and stay', () => {
    const run = runOf([
      judged(
        apiOf('x', {
          cases: [caseOf('x/role:A', 'failed', { failed: [finding('status_documented', 'failed', { received: 'a\tb\nc' })] })],
        }),
      ),
    ]);
    expect(child(all(read(renderJunit(run)), 'testcase')[0]!, 'failure')!.text).toContain('Received: a\tb\nc');
  });
});

describe('a run', () => {
  const failed = caseOf('x/role:A', 'failed', {
    label: `role A ${HOSTILE}`,
    status: 500,
    durationMs: 1500,
    expected: { statuses: [200, 403], because: 'rule' },
    failed: [
      finding('status_documented', 'failed', { expected: '200 or 403', received: `500 ${HOSTILE}`, path: '/data/0/id' }),
      finding('body_schema', 'failed', { source: 'security', expected: 'JSON', received: 'HTML', path: '' }),
      finding('no_such_check', 'failed', { expected: 'never 5xx', received: '500' }),
    ],
    response: { contentType: null, bytes: 12, preview: `<html>\u0001` },
    curl: "curl -sS -i 'https://x.example.test/users?a=1&b=2'",
  });
  const warned = caseOf('x/role:W', 'warned', {
    status: null,
    durationMs: null,
    expected: null,
    warned: [inferredWarning()],
  });
  const skipped = caseOf('x/role:S', 'skipped', { skipReason: 'no token for S (x.tokens.S)' });
  const skippedNoReason = caseOf('x/role:T', 'skipped');
  const passed = caseOf('x/auth:none', 'passed', { status: 401, durationMs: 250, expected: { statuses: [401], because: 'no token' } });
  const api = judged(
    apiOf('x', {
      checks: CHECKS,
      hints: ['every answer was 404 <check the base URL>', 'a second hint'],
      cases: [passed, failed, warned, skipped, skippedNoReason],
    }),
  );
  const other = judged(apiOf('y', { baseUrl: null, cases: [caseOf('y/auth:none', 'passed', { durationMs: 5 })] }));

  // Rendered inside each test: Stryker attributes code run while tests are collected to none of them.
  const render = () => {
    const suites = read(renderJunit(runOf([api, other], { seed: 7, durationMs: 2000 })));
    const [x, y] = all(suites, 'testsuite');
    const byId = (id: string) => all(x!, 'testcase').find((t) => t.attributes.name!.startsWith(`${id} `))!;
    return { suites, x, y, byId };
  };

  it('counts: a testcase per case, failures and skipped per suite and in all; no errors', () => {
    const { suites, x, y } = render();
    expect(suites.attributes).toMatchObject({ tests: '6', failures: '1', errors: '0', skipped: '2', seed: '7' });
    expect(Number(suites.attributes.time)).toBe(2);
    expect(x!.attributes).toMatchObject({ name: 'x GET /users', tests: '5', failures: '1', errors: '0', skipped: '2' });
    expect(y!.attributes).toMatchObject({ tests: '1', failures: '0', skipped: '0' });
    expect(all(x!, 'testcase')).toHaveLength(5);
  });

  it('times in seconds: each case its own, a suite the sum of its cases', () => {
    const { x, y, byId } = render();
    expect(Number(byId('x/role:A').attributes.time)).toBe(1.5);
    expect(Number(byId('x/auth:none').attributes.time)).toBe(0.25);
    expect(Number(byId('x/role:W').attributes.time)).toBe(0);
    // 250 + 1500 + 10 (W: none) + the skipped ones (none)
    expect(Number(x!.attributes.time)).toBeCloseTo(1.75, 3);
    expect(Number(y!.attributes.time)).toBeCloseTo(0.005, 3);
  });

  it('the suite properties: base URL, check counts, each hint', () => {
    const { x, y } = render();
    const props = all(x!, 'property').map((p) => [p.attributes.name, p.attributes.value]);
    expect(props[0]).toEqual(['baseUrl', 'https://x.example.test']);
    expect(props[1]![0]).toBe('checks');
    expect(props[1]![1]).toMatch(/0 passed, 3 failed, 1 warned, 0 skipped/);
    expect(props.slice(2)).toEqual([
      ['hint', 'every answer was 404 <check the base URL>'],
      ['hint', 'a second hint'],
    ]);
    // properties hold property elements only
    const properties = all(x!, 'properties')[0]!;
    expect(properties.text).toBe('');
    expect(all(y!, 'property')[0]!.attributes).toEqual({ name: 'baseUrl', value: '' });
  });

  it('a failing case: one failure naming every check it failed and their sources, details read back intact', () => {
    const { byId } = render();
    const failure = child(byId('x/role:A'), 'failure')!;
    expect(failure.attributes.message).toMatch(/^3 checks failed\W+status_documented, body_schema, no_such_check$/);
    expect(failure.attributes.type!.split(',').sort()).toEqual(['documented', 'security']);
    const paragraphs = failure.text.split('\n\n');
    // one paragraph per failed check, then the response, then the curl line; no empty one
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toContain('Undocumented status');
    expect(paragraphs[0]).toContain('200 or 403');
    expect(paragraphs[0]).toContain(`500 <b a="1">&amp; 'q'</b>`);
    expect(paragraphs[0]).toContain('/data/0/id');
    expect(paragraphs[1]).toMatch(/At: \S/); // the root ('') said in words, not left blank
    expect(paragraphs[2]).toContain('no_such_check');
    // no Content-Type: said, not left blank; the preview on one line
    expect(paragraphs[3]).toMatch(/^Response: [^,\s][^,]*, 12 bytes: <html>\\x01$/);
    expect(paragraphs[4]).toBe("Reproduce: curl -sS -i 'https://x.example.test/users?a=1&b=2'");
    const out = child(byId('x/role:A'), 'system-out')!;
    expect(out.text).toMatch(/ → 500; expected 200 or 403$/);
    expect(out.text).toContain(`role A <b a="1">&amp; 'q'</b>`);
  });

  it('a warning case passes, its warning in system-out; no status and no expectation invent none', () => {
    const { byId } = render();
    const w = byId('x/role:W');
    expect(w.children.map((c) => c.name)).toEqual(['system-out']);
    const [head, warning] = w.children[0]!.text.split('\n\n');
    expect(head).not.toMatch(/→|null|undefined/);
    expect(head).toMatch(/^case x\/role:W\W+expected \?$/);
    expect(warning).toContain('WARNING body_schema');
    expect(warning).toContain('read from an example');
    expect(w.children[0]!.text.split('\n\n')).toHaveLength(2);
  });

  it('skipped cases: a skipped element with the reason, nothing else', () => {
    const { byId } = render();
    expect(byId('x/role:S').children).toEqual([
      { name: 'skipped', attributes: { message: 'no token for S (x.tokens.S)' }, children: [], text: '' },
    ]);
    expect(byId('x/role:T').children).toEqual([{ name: 'skipped', attributes: { message: '' }, children: [], text: '' }]);
    expect(byId('x/auth:none').children.map((c) => c.name)).toEqual(['system-out']);
  });

  it('no seed attribute when the run recorded none', () => {
    const root = read(renderJunit(runOf([other])));
    expect(root.attributes).not.toHaveProperty('seed');
    expect(root.attributes.results).toMatch(/responses: 1 passed/);
  });
});
