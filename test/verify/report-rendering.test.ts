// What the reporters do with what a backend sends back: JUnit escapes <, &, quotes and never
// carries a control character; the pretty report shows 10 responses per API, then "… and N more".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceConfig, startBackend, type RunningBackend } from './support/reference-backend.js';
import { runCli, scratchDir } from './support/run.js';
import { parseXml, type XmlElement } from './support/xml.js';

const scratch = scratchDir();
let backend: RunningBackend;
let config: string;
/** Markup, an entity, quotes and control characters (U+0001, U+0002, U+001B) in a body the report quotes. */
const NASTY = 'x<b>&amp;</b> "q" \'a\' \u0001\u0002\u001b end';

beforeAll(async () => {
  // Every Flashback answer is wrong: USER's is not even JSON, the others are 500s.
  backend = await startBackend((c, r) => {
    if (c.api !== 'flashback') return r;
    if (c.role === 'USER') return { status: 403, raw: NASTY };
    return { status: 500, body: { success: false, data: [], total: 0 } };
  });
  config = scratch.write('config.json', referenceConfig(backend.url));
});
afterAll(async () => {
  await backend?.close();
  scratch.cleanup();
});

const run = async (reporter: string) => {
  const result = await runCli(['--config', config, '--reporter', reporter, '--api', 'flashback'], { cwd: scratch.dir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);
  return result.stdout;
};
const all = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];

describe('the JUnit report quotes a hostile body safely', () => {
  it('escapes < & and quotes (a strict parser reads them back), and no control character reaches the file', async () => {
    const xml = await run('junit');
    // XML 1.0 forbids these characters outright; escaped or replaced, they must not appear raw.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).not.toContain('x<b>'); // markup from the body never appears unescaped
    const root = parseXml(xml); // throws on a raw < or & or an unknown entity
    const user = all(root, 'testcase').find((t) => t.attributes.name!.startsWith('flashback/role:USER'))!;
    const failure = user.children.find((c) => c.name === 'failure')!;
    expect(failure.text).toContain('x<b>&amp;</b> "q" \'a\'');
    expect(failure.text).not.toMatch(/[\u0001\u0002\u001b]/);
  });
});

describe('the pretty report', () => {
  it('shows the first 10 failing responses of an API, then "… and N more"', async () => {
    const text = await run('pretty');
    // Flashback: README's six bad credentials and one case per OrgRole (5): 11 responses, all failing.
    expect(text).toContain('… and 1 more flashback responses');
    expect(text).not.toContain('… and 1 more superai');
  });
});
