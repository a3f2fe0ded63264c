// README: "No token ever appears in a report or log ... Reports are masked as data before they are
// rendered, so they stay valid JSON and XML whatever the tokens are." The command masks the report
// with its Masker, then renders it (src/commands/verify.ts); here the same two steps, in-process, on a
// hand-built report carrying a token everywhere a backend's answer or the config can put text.
import { describe, expect, it } from 'vitest';
import { Masker } from '../../../src/config/mask.js';
import { REPORTERS, renderGithubSummary, renderSummaryLine } from '../../../src/verify/report/index.js';
import type { RunReport } from '../../../src/verify/types.js';
import { apiOf, caseOf, checkInfo, errorRun, finding, judged, runOf } from '../support/hand-report.js';
import { parseXml } from '../support/xml.js';

// Characters every format must escape, in a token long enough to be masked wherever it appears.
const TOKEN = `tok<en>&"q'/%:,\\x_0123456789abcdef`;
const PLAIN = 'sa_backoffice_token_0123456789abcdef';

const leaky = (t: string): RunReport =>
  runOf(
    [
      judged(
        apiOf('x', {
          checks: [checkInfo('status_documented', `title ${t}`)],
          notes: [`no token for S ${t}`],
          hints: [`every answer was 404 for ${t}`],
          cases: [
            caseOf(`x/role:${t}`, 'failed', {
              label: `role ${t}`,
              role: t,
              kind: 'role',
              status: 200,
              failed: [finding('status_documented', 'failed', { expected: `not ${t}`, received: `echoed ${t}`, path: `/${t}`, value: t })],
              response: { contentType: `text/${t}`, bytes: 99, preview: `{"token":"${t}"}` },
              curl: `curl -H 'Authorization: Bearer ${t}'`,
            }),
            caseOf('x/role:W', 'warned', { warned: [finding('status_documented', 'warned', { received: t, warnReason: t })] }),
            caseOf('x/role:S', 'skipped', { skipReason: `no ${t}` }),
            caseOf('x/role:I', 'inconclusive', { skipReason: `503 for ${t}` }),
          ],
        }),
      ),
    ],
    { seed: 1 },
  );

/** Every rendering of a report: the four reporters, the job summary, the one-line summary. */
const renderings = (report: RunReport): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(REPORTERS).map(([name, render]) => [name, render(report)])),
  githubSummary: renderGithubSummary(report),
  summaryLine: renderSummaryLine(report),
});

describe('no report carries a token', () => {
  it.each([
    ['a token with markup, quotes, %, : and ,', TOKEN],
    ['a plain token', PLAIN],
  ])('%s: masked before rendering, every report still well-formed', (_, token) => {
    const masker = new Masker([token]);
    for (const report of [leaky(token), errorRun('E_CONFIG', `bad token ${token}`)]) {
      const shown = renderings(masker.maskDeep(report));
      for (const [name, text] of Object.entries(shown)) {
        expect(text, name).not.toContain(token);
        // nor as a format escapes it (JSON, XML, a workflow command)
        expect(text, name).not.toContain(JSON.stringify(token).slice(1, -1));
        expect(text, name).not.toContain(token.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
        expect(text, name).not.toContain(token.replace(/%/g, '%25').replace(/:/g, '%3A'));
        expect(text, name).not.toContain(token.slice(4, 20));
      }
      expect(() => JSON.parse(shown.json!)).not.toThrow();
      expect(() => parseXml(shown.junit!)).not.toThrow();
    }
  });

  it('the check itself: unmasked, the same reports do carry it', () => {
    const shown = renderings(leaky(PLAIN));
    for (const name of ['pretty', 'json', 'junit', 'github', 'githubSummary']) expect(shown[name], name).toContain(PLAIN);
  });
});
