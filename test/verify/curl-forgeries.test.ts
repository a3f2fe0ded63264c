// Issue 21: every probe whose token verify built (tampered signature, alg none) gets a curl line
// that runs as printed: the line builds the forged token in the shell from the token's variable, and
// the backend receives exactly the header verify sent. Each printed line is run here with sh and curl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { parseConfig } from '../../src/config/config.js';
import { curlLine } from '../../src/verify/curl.js';
import { planApi } from '../../src/verify/plan.js';
import { buildRegistry, targetOf } from '../../src/verify/run.js';
import { captureServer, runLine } from './support/capture.js';
import { JWT } from './trust/judge.js';

let backend: Awaited<ReturnType<typeof captureServer>>;
let url = '';
let seen: string[] = [];
beforeAll(async () => {
  backend = await captureServer();
  ({ url, seen } = backend);
});
afterAll(() => backend.close());

const flashback = APIS.find((a) => a.name === 'flashback')!;

/** The forged-token cases of a Flashback plan whose OWNER token is `owner` (a `$VAR` or a literal), with `env`. */
function forgeries(owner: string, env: Record<string, string>) {
  const config = parseConfig(JSON.stringify({ flashback: { baseUrl: url, tokens: { OWNER: owner } } }), env, APIS);
  const plan = planApi(targetOf(flashback), config.sections.get('flashback')!, buildRegistry(APIS), () => crypto.randomUUID());
  return plan.cases.filter((c) => /^auth:(tampered-signature|alg-none):/.test(c.key));
}

const shell = runLine;

describe('curl lines of forged tokens run as printed', () => {
  it.each([
    ['a token read from $FB_OWNER', '$FB_OWNER', { FB_OWNER: JWT }, { FB_OWNER: JWT }],
    ['a token written into the config (the placeholder variable)', JWT, {}, { FLASHBACK_OWNER_TOKEN: JWT }],
  ])('%s: the backend gets the very header verify sent, and the line never shows the token', async (_n, owner, configEnv, shellEnv) => {
    const cases = forgeries(owner, configEnv);
    expect(cases.map((c) => c.key)).toEqual(['auth:tampered-signature:OWNER', 'auth:alg-none:OWNER']);
    for (const c of cases) {
      const line = curlLine(c.request);
      expect(line).not.toContain(JWT.split('.')[2]!);
      expect(line).not.toContain(c.request.headers.Authorization!.slice(7));
      seen.length = 0;
      const run = await shell(line, shellEnv);
      expect(run.stderr).toBe('');
      expect(seen).toEqual([c.request.headers.Authorization]);
    }
  });

  it('without the variable set, the shell names it (and sends no token of anyone)', async () => {
    const [c] = forgeries(JWT, {});
    seen.length = 0;
    const run = await shell(curlLine(c!.request), {});
    expect(run.stderr).toMatch(/FLASHBACK_OWNER_TOKEN: set it to the flashback OWNER token/);
    expect(seen.every((h) => !h.includes(JWT.split('.')[1]!))).toBe(true);
  });

  it('a signature starting with A becomes B, as verify alters it', async () => {
    const token = `${JWT.split('.').slice(0, 2).join('.')}.AbCd`;
    const [tampered] = forgeries('$T', { T: token });
    seen.length = 0;
    await shell(curlLine(tampered!.request), { T: token });
    expect(seen).toEqual([`Bearer ${JWT.split('.').slice(0, 2).join('.')}.BbCd`]);
  });
});
