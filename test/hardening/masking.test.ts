// Proves: masking cannot corrupt a report and does not leak. Secrets too short to be unambiguous
// are not masked as substrings (the report says so); a backend's escaped echo of a token is masked
// in every reporter; credentials in a base URL are refused (see test/verify/secrets.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Masker } from '../../src/config/mask.js';
import { fbToken, referenceConfig, saToken, startBackend, type RunningBackend } from '../verify/support/reference-backend.js';
import { runCli, scratchDir } from '../verify/support/run.js';
import { parseXml } from '../verify/support/xml.js';

const scratch = scratchDir();
let plain: RunningBackend;
let echoing: RunningBackend;

// A token with the characters backends escape: '/' (JSON \/), '+', '='.
const SECRET = 'sa/SECRET-MIDDLE+part=/0123456789abcdef';
const escapings = (s: string): string[] => [
  s.replace(/\//g, '\\/'),
  JSON.stringify(JSON.stringify({ token: s })),
  JSON.stringify(JSON.stringify({ token: s.replace(/\//g, '\\/') })),
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  s.replace(/\//g, '&#x2F;').replace(/\+/g, '&#43;').replace(/=/g, '&equals;'),
  s.replace(/\//g, '&amp;#47;'),
  encodeURIComponent(s),
  encodeURIComponent(encodeURIComponent(s)),
];

beforeAll(async () => {
  plain = await startBackend();
  // Answers every request with the caller's token echoed, escaped every way at once, as text/plain
  // and in a header.
  echoing = await startBackend((call, reply) => {
    const token = /^Bearer (.*)$/.exec(call.authorization ?? '')?.[1] ?? '';
    if (token !== SECRET) return reply;
    return {
      status: 401,
      raw: `error: bad token ${escapings(token).join(' | ')}`,
      headers: { 'content-type': 'text/plain', 'x-debug': `token=${token.replace(/\//g, '\\/')}` },
    };
  });
});
afterAll(async () => {
  await plain?.close();
  await echoing?.close();
  scratch.cleanup();
});

const REPORTERS = ['json', 'junit', 'pretty', 'github'] as const;
function wellFormed(reporter: (typeof REPORTERS)[number], text: string) {
  if (reporter === 'json') return JSON.parse(text);
  if (reporter === 'junit') return parseXml(text);
  return text;
}

describe('short secrets cannot corrupt a report', () => {
  it.each(REPORTERS)(
    'one-letter and 4-letter tokens (t, 1, test) leave a well-formed %s report, and it says they are too short',
    async (reporter) => {
      const config = referenceConfig(plain.url) as any;
      config.flashback.tokens = { OWNER: 't', USER: '1', BILLING: 'test' };
      const file = scratch.write(`short-${reporter}.json`, config);
      const run = await runCli(['--config', file, '--reporter', reporter], { cwd: scratch.dir });
      expect(run.code).toBe(1);
      const doc = wellFormed(reporter, run.stdout);
      expect(run.stdout).not.toContain('(masked)'); // nothing masked by accident
      for (const role of ['OWNER', 'USER', 'BILLING']) {
        expect(run.stderr).toMatch(
          new RegExp(`warning: masking of flashback\\.tokens\\.${role} where the backend echoes it \\(\\d characters? (is|are) too short`),
        );
      }
      if (reporter === 'json') {
        expect(doc.reportVersion).toBeTypeOf('number');
        expect(doc.summary.requests).toBeGreaterThan(0);
        const port = new URL(plain.url).port;
        expect(doc.apis.find((a: any) => a.api === 'flashback').baseUrl).toBe(`http://127.0.0.1:${port}`);
        expect(doc.apis.find((a: any) => a.api === 'flashback').notes.join('\n')).toMatch(
          /masking of flashback\.tokens\.OWNER .*1 character is too short/,
        );
      }
    },
  );

  it('Masker: JSON and XML rendered from masked data stay valid whatever the secrets are', () => {
    const masker = new Masker(['"reportVersion', '</failure>&amp;', 't', 'test']);
    const data = { reportVersion: 1, '"reportVersion': 'x "reportVersion y', text: '</failure>&amp; and t test' };
    const masked = masker.maskDeep(data);
    expect(JSON.parse(JSON.stringify(masked))).toEqual(masked);
    expect(JSON.stringify(masked)).not.toContain('"reportVersion y');
    expect(masked.text).toBe('…(masked) and t test');
    expect(masker.tooShort).toBe(2);
  });
});

describe('an echoing backend', () => {
  it.each(REPORTERS)('its escaped echo of a token appears in no %s report', async (reporter) => {
    const config = referenceConfig(echoing.url) as any;
    config.superai.tokens.org_admin = '$SA_SECRET';
    const file = scratch.write(`echo-${reporter}.json`, config);
    const run = await runCli(['--config', file, '--reporter', reporter], { cwd: scratch.dir, env: { SA_SECRET: SECRET } });
    expect([0, 1]).toContain(run.code); // SuperAI 401s for a role only warn (an inferred rule)
    wellFormed(reporter, run.stdout);
    const everything = run.stdout + run.stderr;
    expect(everything).toContain('(masked)'); // the echo was reported...
    expect(everything).not.toContain('SECRET-MIDDLE'); // ...never the token, in any escaping
    expect(everything).not.toContain('SECRET\\u002dMIDDLE');
    for (const form of escapings(SECRET)) expect(everything).not.toContain(form.slice(4, 20));
  });

  it('Masker finds each escaped form, alone and mixed', () => {
    const masker = new Masker([SECRET]);
    for (const form of escapings(SECRET)) expect(masker.mask(`a ${form} b`), form).toMatch(/^a "?.*…\(masked\).* b$/);
    for (const form of escapings(SECRET)) expect(masker.mask(form)).not.toContain('MIDDLE');
    expect(masker.mask(`x${SECRET}y`)).toBe('xsa/S…(masked)y');
    expect(masker.mask('100% &amp; \\n \\\\ &#x;')).toBe('100% &amp; \\n \\\\ &#x;');
  });
});

it('reference tokens still mask as before', () => {
  const masker = new Masker([fbToken('OWNER'), saToken('org_admin')]);
  expect(masker.mask(`Bearer ${fbToken('OWNER')}`)).toBe('Bearer fb_o…(masked)');
});
