// Secrets never appear in any report or log: tokens from the config are masked (credentials in a base URL are refused)
// in every reporter, in --output files, in error messages, even when the backend echoes them back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedForm, Masker } from '../../src/config/mask.js';
import { fbToken, referenceConfig, saToken, startBackend, type RunningBackend } from './support/reference-backend.js';
import { runCli, scratchDir } from './support/run.js';

const scratch = scratchDir();
let backend: RunningBackend;

// Tokens with characters that JSON, URLs and XML all escape differently.
const FB_OWNER = `${fbToken('OWNER')}&<'">`;

beforeAll(async () => {
  // A backend that echoes the caller's Authorization everywhere: in error bodies, and as the orgId of listed users.
  backend = await startBackend((c, r) => {
    if (c.api === 'flashback' && c.authorization === `Bearer ${FB_OWNER}`) {
      return {
        status: 200,
        body: {
          success: true,
          data: [
            { id: 'u1', orgId: FB_OWNER },
            { id: 'u2', orgId: 'other' },
          ],
          total: 2,
          echo: c.authorization,
        },
      };
    }
    if (r.status >= 400)
      return { status: r.status, body: { error: { message: `bad token ${c.authorization}` }, echo: c.authorization, url: c.orgId } };
    return r;
  });
});
afterAll(async () => {
  await backend?.close();
  scratch.cleanup();
});

const env = () => ({ FB_OWNER, SA_ADMIN: saToken('org_admin') });
function config() {
  const c = referenceConfig(backend.url) as any;
  c.flashback.tokens.OWNER = '$FB_OWNER';
  c.superai.tokens.org_admin = '${SA_ADMIN}';
  return c;
}
const secrets = () => [
  FB_OWNER,
  fbToken('USER'),
  fbToken('BILLING'),
  fbToken('WORKSPACES'),
  fbToken('ADMINISTRATOR'),
  saToken('org_admin'),
  saToken('backoffice'),
  saToken('app_user'),
  saToken('integration'),
];
const variants = (s: string) => [
  s,
  JSON.stringify(s).slice(1, -1),
  encodeURIComponent(s),
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;'),
];

describe('no secret in any output', () => {
  it.each([['pretty'], ['json'], ['junit']])('--reporter %s, to stdout and to --output', async (reporter) => {
    const file = scratch.write('secrets.json', config());
    const toStdout = await runCli(['--config', file, '--reporter', reporter], { cwd: scratch.dir, env: env() });
    const toFile = await runCli(['--config', file, '--reporter', reporter, '--output', `out.${reporter}`], {
      cwd: scratch.dir,
      env: env(),
    });
    const written = readFileSync(join(scratch.dir, `out.${reporter}`), 'utf8');
    const everything = [toStdout.stdout, toStdout.stderr, toFile.stdout, toFile.stderr, written].join('\n');
    // The echo made checks fail and put the values in the report...
    expect(toStdout.code).toBe(1);
    expect(everything).toContain('(masked)');
    // ...but never a secret, in any encoding.
    for (const secret of secrets()) for (const v of variants(secret)) expect(everything).not.toContain(v);
    expect(everything).not.toMatch(/token_0123456789abcdef/);
  });

  it('credentials in a base URL are a config error (exit 2) naming the key, never printed', async () => {
    for (const baseUrl of [
      'http://ci:hunter2-secret-pw@127.0.0.1:1',
      'http://ghp_userpartsecret@127.0.0.1:1',
      'http://ci:test@127.0.0.1:1',
    ]) {
      const file = scratch.write('creds.json', { flashback: { baseUrl, tokens: { OWNER: fbToken('OWNER') } } });
      const run = await runCli(['--config', file, '--reporter', 'json'], { cwd: scratch.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/flashback\.baseUrl must not contain credentials .*\[E_CONFIG\]/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      for (const part of ['hunter2', 'ghp_userpartsecret', 'ci:', ':test@']) expect(run.stdout + run.stderr).not.toContain(part);
    }
  });
});

describe('Masker', () => {
  const cases: [string, { given: [string[], string]; want: string }][] = [
    [
      'a long token keeps its first 4 characters',
      { given: [['eyJhbGciOiJIUzI1NiJ9.payload.sig'], 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig'], want: 'Bearer eyJh…(masked)' },
    ],
    ['a short token is masked whole', { given: [['short-tok'], 'x short-tok y'], want: 'x …(masked) y' }],
    [
      'a token under 8 characters is not masked as a substring',
      { given: [['t', '1', 'test'], '{"test":"t","port":1}'], want: '{"test":"t","port":1}' },
    ],
    [
      'a token that contains another is masked whole',
      { given: [['abcdefghijklmnop', 'abcdefghijklmnop-longer-token'], 'abcdefghijklmnop-longer-token'], want: 'abcd…(masked)' },
    ],
    [
      'JSON-escaped',
      { given: [['quote"token-value-1234'], JSON.stringify({ t: 'quote"token-value-1234' })], want: '{"t":"quot…(masked)"}' },
    ],
    ['URL-encoded', { given: [['a b/c+d=e-token-value'], `?t=${encodeURIComponent('a b/c+d=e-token-value')}`], want: '?t=…(masked)' }],
    ['nothing to mask', { given: [[], 'plain'], want: 'plain' }],
  ];
  it.each(cases)('%s', (_name, { given: [list, text], want }) => expect(new Masker(list).mask(text)).toBe(want));

  it('the masked form never holds more than 4 characters of a secret', () => {
    expect(maskedForm('0123456789abcdefXYZ')).toBe('0123…(masked)');
    expect(maskedForm('0123456789abcde')).toBe('…(masked)');
  });
});
