// Proves: the config reader does what README ("The contract suite") and the reader's contract say,
// case by case: in a secret field (tokens, API keys, refused ones) "$NAME" (the whole value) and "${NAME}"
// (anywhere) come from the environment, and anywhere else such a reference is an error, every
// section and token is optional, a base URL with credentials, a query or a fragment is refused,
// organization ids are checked against the spec's parameter, refused tokens and expect statuses are
// read, and every mistake is a ConfigError naming the place in the file, never a value.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { superai as superaiApi } from '../../src/apis/superai/index.js';
import type { ApiDefinition } from '../../src/apis/types.js';
import { ConfigError, parseConfig, readConfig } from '../../src/config/config.js';
import { scratchDir } from '../verify/support/run.js';

const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER = '4fa85f64-5717-4562-b3fc-2c963f66afa7';

const parse = (raw: unknown, env: Record<string, string> = {}) =>
  parseConfig(typeof raw === 'string' ? raw : JSON.stringify(raw), env, APIS, 'c.json');
const flashback = (fields: Record<string, unknown>, env: Record<string, string> = {}) =>
  parse({ flashback: { baseUrl: 'http://x', ...fields } }, env).sections.get('flashback')!;
const superai = (fields: Record<string, unknown>, env: Record<string, string> = {}) =>
  parse({ superai: { baseUrl: 'http://x/api', ...fields } }, env).sections.get('superai')!;
/** The message of the ConfigError `run` throws (fails the test when it throws anything else). */
function configError(run: () => unknown, code = 'E_CONFIG'): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ name: 'ConfigError', code });
    return (error as Error).message;
  }
  throw new Error('no ConfigError');
}

describe('readConfig: the file', () => {
  const scratch = scratchDir();
  afterAll(() => scratch.cleanup());
  const read = (file: string) => readConfig(file, scratch.dir, {}, APIS);
  const rejection = async (file: string) => {
    const error = await read(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  };

  it('reads a file relative to the working directory', async () => {
    scratch.write('ok.json', { flashback: { baseUrl: 'http://x' } });
    expect([...(await read('ok.json')).sections.keys()]).toEqual(['flashback']);
  });

  it('a file that does not exist, a directory, or a path through a file: errors naming the file as given', async () => {
    mkdirSync(join(scratch.dir, 'a-dir'));
    scratch.write('plain.json', '{}');
    expect(await rejection('missing.json')).toBe('missing.json does not exist');
    expect(await rejection('a-dir')).toBe('a-dir is not a file');
    expect(await rejection('plain.json/x')).toBe('plain.json/x cannot be read (ENOTDIR)');
  });

  it('a file of 1 MB (1,000,000 bytes) is read; one byte more is refused', async () => {
    const base = JSON.stringify({ flashback: { baseUrl: 'http://x' }, $comment: '' });
    const exactly = base.replace('"$comment":""', `"$comment":"${'x'.repeat(1_000_000 - base.length)}"`);
    expect(exactly).toHaveLength(1_000_000);
    writeFileSync(join(scratch.dir, 'one-mb.json'), exactly);
    writeFileSync(join(scratch.dir, 'too-big.json'), `${exactly} `);
    expect((await read('one-mb.json')).sections.size).toBe(1);
    expect(await rejection('too-big.json')).toBe('too-big.json is larger than 1 MB; is it the right file?');
  });
});

describe('parseConfig: values', () => {
  it('an error from text given without a file name says "config"', () => {
    expect(configError(() => parseConfig('[]', {}, APIS))).toMatch(/^config must be a JSON object with a section per API/);
  });

  it('a byte-order mark is dropped only at the start: one inside a token is kept (and refused as non-Latin-1)', () => {
    expect(configError(() => parse('{"flashback": {"baseUrl": "http://x", "tokens": {"OWNER": "tok\uFEFFen-value"}}}'))).toMatch(
      /flashback\.tokens\.OWNER contains whitespace, control or non-Latin-1 characters/,
    );
  });

  it('syntax errors count columns after a leading byte-order mark, and count one inside a string', () => {
    expect(configError(() => parse('\uFEFF{"a": 1,}'))).toBe('c.json is not valid JSON: unexpected "}" at line 1, column 9');
    expect(configError(() => parse('{"a": "\uFEFF",}'))).toBe('c.json is not valid JSON: unexpected "}" at line 1, column 11');
  });

  it('null values are absent values: organization ids, tokens, refusedTokens, expect', () => {
    const s = superai({ organizationId: null, otherOrganizationId: null, tokens: null, refusedTokens: null, expect: null });
    expect([s.organizationId, s.otherOrganizationId, s.tokens.size, s.refusedTokens, s.expect.size]).toEqual([null, null, 0, undefined, 0]);
  });

  it('a value that is not a string is an error naming the key', () => {
    expect(configError(() => parse({ flashback: { baseUrl: 5 } }))).toBe('c.json: flashback.baseUrl must be a string');
    expect(configError(() => superai({ organizationId: 7 }))).toBe('c.json: superai.organizationId must be a string');
  });

  it('values are trimmed; a blank one is absent', () => {
    expect(superai({ organizationId: `  ${ORG}\n` }).organizationId).toBe(ORG);
    expect(superai({ organizationId: '   ' }).organizationId).toBeNull();
  });

  it('baseUrl is required, and a blank one counts as missing', () => {
    expect(configError(() => parse({ flashback: {} }))).toBe('c.json: flashback.baseUrl is required (e.g. "https://staging.example.com")');
    expect(configError(() => parse({ flashback: { baseUrl: '  ' } }))).toBe(
      'c.json: flashback.baseUrl is required (e.g. "https://staging.example.com")',
    );
  });

  it('every trailing slash of the base URL is dropped', () => {
    expect(parse({ superai: { baseUrl: 'https://h.example/api///' } }).sections.get('superai')!.baseUrl).toBe('https://h.example/api');
  });

  it('a base URL that is not http(s), or has a fragment, is refused', () => {
    expect(configError(() => parse({ flashback: { baseUrl: 'ftp://h.example' } }))).toBe(
      'c.json: flashback.baseUrl must be an http or https URL',
    );
    expect(configError(() => parse({ flashback: { baseUrl: 'http://h.example/#x' } }))).toBe(
      'c.json: flashback.baseUrl must not have a query or a fragment',
    );
    expect(configError(() => parse({ flashback: { baseUrl: 'not a url' } }))).toBe(
      'c.json: flashback.baseUrl is not a URL (expected e.g. "https://staging.example.com")',
    );
  });

  it('an unknown section, an unknown key, or no section at all is an error; $comment is allowed', () => {
    expect(configError(() => parse({ github: {} }))).toBe(
      `c.json: unknown section "github"; the sections are ${APIS.map((a) => a.name).join(', ')}`,
    );
    expect(configError(() => parse({ flashback: { baseUrl: 'http://x', token: 'x' } }))).toMatch(/^c\.json: unknown key flashback\.token;/);
    expect(configError(() => parse({ $comment: 'only a comment' }))).toBe(
      `c.json has no API section: add one of ${APIS.map((a) => a.name).join(', ')}`,
    );
  });
});

describe('parseConfig: environment references', () => {
  it('"$NAME" is read only as the whole value: around other text it is literal', () => {
    expect([...flashback({ tokens: { USER: '$TOK-suffix', OWNER: 'abc$TOK' } }, { TOK: 'from-env-value' }).tokens]).toEqual([
      ['USER', '$TOK-suffix'],
      ['OWNER', 'abc$TOK'],
    ]);
  });

  it('"${NAME}" is read anywhere in a secret value', () => {
    expect([...flashback({ tokens: { OWNER: 'fb_${PART}_live' } }, { PART: 'from-env-value' }).tokens]).toEqual([
      ['OWNER', 'fb_from-env-value_live'],
    ]);
  });

  it.each([
    ['baseUrl', 'https://${HOST}/api', '${HOST}'],
    ['baseUrl', '$HOST', '$HOST'],
    ['organizationId', '${AWS_SECRET_ACCESS_KEY}', '${AWS_SECRET_ACCESS_KEY}'],
    ['organizationId', '$AWS_SECRET_ACCESS_KEY', '$AWS_SECRET_ACCESS_KEY'],
    ['otherOrganizationId', ' ${ORG} ', '${ORG}'],
  ])('outside a secret field, %s: %j is an error (E_CONFIG_ENV) naming the key, never reading the variable', (key, value, shown) => {
    const secret = 'AKIAsecret-value-of-the-environment';
    const env = { HOST: secret, AWS_SECRET_ACCESS_KEY: secret, ORG: secret };
    const message = configError(() => parse({ superai: { baseUrl: 'http://x/api', [key]: value } }, env), 'E_CONFIG_ENV');
    expect(message).toBe(
      `c.json: superai.${key} refers to the environment (${shown}), which only the secret fields (tokens, apiKeys, refusedTokens, refusedApiKeys and jwt.secret) may: ${key} is not a secret and is printed in reports as written. Write the value itself, or give it on the command line: --set superai.${key}=VALUE (orgmock verify, orgmock dredd) or ORGMOCK_SET`,
    );
    expect(message).not.toContain(secret);
  });

  it('any other "$" outside a secret field is literal', () => {
    expect(flashback({ baseUrl: 'http://x/$batch/a$', organizationId: 'org$1' }, { batch: 'no' })).toMatchObject({
      baseUrl: 'http://x/$batch/a$',
      organizationId: 'org$1',
    });
  });
});

describe('parseConfig: --set settings', () => {
  const set = (raw: unknown, settings: { section: string; key: 'baseUrl' | 'organizationId' | 'otherOrganizationId'; value: string }[]) =>
    parseConfig(JSON.stringify(raw), {}, APIS, 'c.json', undefined, settings);

  it('replace the plain values of the file, read as written and checked the same way', () => {
    const c = set({ superai: { baseUrl: 'http://x/api', organizationId: null } }, [
      { section: 'superai', key: 'baseUrl', value: 'https://staging.example.com/api/' },
      { section: 'superai', key: 'organizationId', value: ORG },
      { section: 'superai', key: 'otherOrganizationId', value: OTHER },
    ]);
    expect(c.sections.get('superai')).toMatchObject({
      baseUrl: 'https://staging.example.com/api',
      organizationId: ORG,
      otherOrganizationId: OTHER,
    });
    expect(
      configError(() => set({ superai: { baseUrl: 'http://x/api' } }, [{ section: 'superai', key: 'organizationId', value: 'nope' }])),
    ).toMatch(/^c\.json: superai\.organizationId is not a valid organization_id/);
  });

  it('a section the file does not have is an error naming it', () => {
    expect(
      configError(() => set({ flashback: { baseUrl: 'http://x' } }, [{ section: 'superai', key: 'baseUrl', value: 'http://y' }])),
    ).toBe('c.json: --set superai.baseUrl: the config has no "superai" section to set it in');
  });
});

describe('parseConfig: tokens', () => {
  it('only a leading "Bearer " (any spacing, any case) is dropped', () => {
    expect([...flashback({ tokens: { USER: 'bearer xyz.123', OWNER: 'Bearer   abc.def' } }).tokens]).toEqual([
      ['USER', 'xyz.123'],
      ['OWNER', 'abc.def'],
    ]);
    expect(configError(() => flashback({ tokens: { OWNER: 'abcBearer def' } }))).toMatch(/flashback\.tokens\.OWNER contains whitespace/);
  });

  it('a token that is not a string is an error', () => {
    expect(configError(() => flashback({ tokens: { OWNER: 42 } }))).toBe('c.json: flashback.tokens.OWNER must be a string');
  });

  it('a token read from a variable remembers the variable (curl lines show it); a literal one does not', () => {
    const s = flashback(
      {
        tokens: {
          USER: '$FB_USER_1',
          BILLING: '${_BILLING}',
          WORKSPACES: 'Bearer ${WS}',
          ADMINISTRATOR: '${ADMIN}-suffix',
          OWNER: 'literal-owner-token',
        },
      },
      { FB_USER_1: 'user-token-1', _BILLING: 'billing-token', WS: 'ws-token-value', ADMIN: 'admin' },
    );
    expect([...s.tokens]).toEqual([
      ['USER', 'user-token-1'],
      ['BILLING', 'billing-token'],
      ['WORKSPACES', 'ws-token-value'],
      ['ADMINISTRATOR', 'admin-suffix'],
      ['OWNER', 'literal-owner-token'],
    ]);
    expect([...(s.tokenVars ?? [])]).toEqual([
      ['USER', 'FB_USER_1'],
      ['BILLING', '_BILLING'],
      ['WORKSPACES', 'WS'],
    ]);
    expect(flashback({ tokens: { OWNER: 'literal-owner-token' } }).tokenVars).toBeUndefined();
  });

  it('"Bearer $NAME" and " $NAME " name a variable too: blanks and the prefix go before the lookup', () => {
    // A literal "$FB" token is never what a config means; the curl line names the variable it came from.
    const s = flashback(
      { tokens: { USER: 'Bearer $FB', OWNER: ' $FB ', BILLING: 'bearer  ${FB}', WORKSPACES: '$_x1' } },
      { FB: 'from-the-environment', _x1: 'x1-token' },
    );
    expect([...s.tokens]).toEqual([
      ['USER', 'from-the-environment'],
      ['OWNER', 'from-the-environment'],
      ['BILLING', 'from-the-environment'],
      ['WORKSPACES', 'x1-token'],
    ]);
    expect([...(s.tokenVars ?? [])]).toEqual([
      ['USER', 'FB'],
      ['OWNER', 'FB'],
      ['BILLING', 'FB'],
      ['WORKSPACES', '_x1'],
    ]);
  });

  it('what is not one whole variable is the token itself, with no variable for curl lines to name', () => {
    const s = flashback(
      { tokens: { USER: '$FB/x', OWNER: '${A}${B}', BILLING: '$1ABC', WORKSPACES: 'Bearer x$FB' } },
      { FB: 'from-the-environment', A: 'a', B: 'b' },
    );
    expect([...s.tokens]).toEqual([
      ['USER', '$FB/x'],
      ['OWNER', 'ab'],
      ['BILLING', '$1ABC'],
      ['WORKSPACES', 'x$FB'],
    ]);
    expect(s.tokenVars).toBeUndefined();
  });

  it('a Bearer prefix inside the variable is dropped too; "Bearer" anywhere else leaves a blank, which is refused', () => {
    expect(flashback({ tokens: { OWNER: '$T' } }, { T: ' Bearer  from-env ' }).tokens.get('OWNER')).toBe('from-env');
    expect(configError(() => flashback({ tokens: { OWNER: '$T' } }, { T: 'abcBearer defgh' }))).toMatch(
      /^c\.json: flashback\.tokens\.OWNER contains whitespace/,
    );
  });

  it('a variable that is blank is named as the one to fix', () => {
    expect([...flashback({ tokens: { OWNER: '$T' } }, { T: '  ' }).missingTokens]).toEqual([
      ['OWNER', 'flashback.tokens.OWNER refers to $T, which is empty'],
    ]);
    expect([...flashback({ tokens: { OWNER: '${A}${B}' } }, { A: '', B: ' ' }).missingTokens]).toEqual([
      ['OWNER', 'flashback.tokens.OWNER refers to $A, which is empty'],
    ]);
  });
});

describe('parseConfig: refusedTokens', () => {
  it('labels map to tokens (secrets, masked like the others) or to why they are missing', () => {
    const config = parse(
      {
        flashback: { baseUrl: 'http://x', refusedTokens: { deleted: '$DELETED', 'in.active-2_x': 'Bearer inactive-token', gone: '$GONE' } },
      },
      { DELETED: 'deleted-user-token' },
    );
    expect([...config.sections.get('flashback')!.refusedTokens!]).toEqual([
      ['deleted', { token: 'deleted-user-token', variable: 'DELETED' }],
      ['in.active-2_x', { token: 'inactive-token' }],
      ['gone', { missing: 'flashback.refusedTokens.gone refers to $GONE, which is not set' }],
    ]);
    expect(config.secrets).toEqual(['deleted-user-token', 'inactive-token']);
  });

  it('a label is letters, digits, _ . - and at most 64 characters', () => {
    expect(flashback({ refusedTokens: { ['a'.repeat(64)]: 'token-value' } }).refusedTokens!.size).toBe(1);
    for (const label of ['a'.repeat(65), 'with space', 'x/y', ''])
      expect(configError(() => flashback({ refusedTokens: { [label]: 'token-value' } }))).toBe(
        `c.json: flashback.refusedTokens.${label}: a label is letters, digits, _ . - (at most 64)`,
      );
  });

  it('refusedTokens that are not an object is an error', () => {
    expect(configError(() => flashback({ refusedTokens: ['token-value'] }))).toBe(
      'c.json: flashback.refusedTokens must be an object of label → token, e.g. { "inactive": "$INACTIVE_TOKEN" }',
    );
  });
});

describe('parseConfig: organizations', () => {
  it("flashback.organizationId (the callers' own organization; no organization in the path) is read as given", () => {
    expect(flashback({ organizationId: 'acme' }).organizationId).toBe('acme');
  });

  it('otherOrganizationId alone is fine', () => {
    expect(superai({ otherOrganizationId: OTHER })).toMatchObject({ organizationId: null, otherOrganizationId: OTHER });
  });
});

describe('parseConfig: apiKeys (README: SuperAI only, role → API key, secrets like tokens)', () => {
  it('read like tokens: from the environment (the variable remembered), missing with why; the keys are secrets', () => {
    const config = parse(
      {
        superai: {
          baseUrl: 'http://x/api',
          apiKeys: { org_admin: '$ADMIN_KEY', backoffice: 'saf_literal_key_1', app_user: '$UNSET', integration: null },
        },
      },
      { ADMIN_KEY: 'saf_admin_key_value' },
    );
    const s = config.sections.get('superai')!;
    expect([...s.apiKeys!]).toEqual([
      ['org_admin', 'saf_admin_key_value'],
      ['backoffice', 'saf_literal_key_1'],
    ]);
    expect([...s.apiKeyVars!]).toEqual([['org_admin', 'ADMIN_KEY']]);
    expect([...s.missingApiKeys!]).toEqual([['app_user', 'superai.apiKeys.app_user refers to $UNSET, which is not set']]);
    expect(s.tokens.size).toBe(0);
    expect(config.secrets).toEqual(['saf_admin_key_value', 'saf_literal_key_1']);
  });

  it('none or null is no key; literal keys name no variable', () => {
    expect(superai({}).apiKeys).toBeUndefined();
    expect(superai({ apiKeys: null }).apiKeys).toBeUndefined();
    expect(superai({ apiKeys: { org_admin: 'saf_literal_key_1' } }).apiKeyVars).toBeUndefined();
  });

  it('an API whose spec has no API-key scheme, keys that are not an object, or a role the spec does not have: errors', () => {
    expect(configError(() => flashback({ apiKeys: { OWNER: 'k' } }))).toBe(
      "c.json: flashback.apiKeys: this API's spec declares no API-key security scheme; use tokens",
    );
    expect(configError(() => superai({ apiKeys: ['k'] }))).toBe('c.json: superai.apiKeys must be an object of role → API key');
    expect(configError(() => superai({ apiKeys: { admin: 'k' } }))).toMatch(
      /^c\.json: superai\.apiKeys\.admin: "admin" is not a role of the spec; the roles are /,
    );
  });
});

describe('parseConfig: an organization parameter the spec writes its own way', () => {
  // An API whose organization parameter is a slug (no format) and whose schema carries an
  // OpenAPI-only keyword JSON Schema does not know.
  const teams: ApiDefinition = {
    ...superaiApi,
    name: 'teams',
    operation: {
      ...superaiApi.operation,
      access: { ...superaiApi.operation.access!, organizationParameter: 'tenant' },
      parameters: [
        {
          name: 'tenant',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$', externalDocs: { url: 'https://example.com/tenants' } },
        },
      ],
    },
  };
  const teamsConfig = (organizationId: string) =>
    parseConfig(JSON.stringify({ teams: { baseUrl: 'http://x', organizationId } }), {}, [teams], 'c.json');

  it('ids are checked against the schema as written; the error names its type (and no absent format)', () => {
    expect(teamsConfig('north-wind').sections.get('teams')!.organizationId).toBe('north-wind');
    expect(configError(() => teamsConfig('North_Wind'))).toBe('c.json: teams.organizationId is not a valid tenant (string)');
  });
});

describe('parseConfig: blanks around a variable reference', () => {
  it('blanks in a variable do not count: a token is read trimmed, a blank one is missing', () => {
    const s = flashback({ tokens: { OWNER: '$TOK', USER: '$BLANK' } }, { TOK: ' fb-owner-token-value ', BLANK: '  ' });
    expect([...s.tokens]).toEqual([['OWNER', 'fb-owner-token-value']]);
    expect(s.missingTokens.get('USER')).toBe('flashback.tokens.USER refers to $BLANK, which is empty');
  });

  it('" $TOK " is read from the environment', () => {
    expect([...flashback({ tokens: { OWNER: ' $TOK ' } }, { TOK: 'fb-owner-token-value' }).tokens]).toEqual([
      ['OWNER', 'fb-owner-token-value'],
    ]);
  });

  it('blanks around a plain value do not count: an organization id is read trimmed, a blank one is none', () => {
    expect(superai({ organizationId: ` ${ORG} `, otherOrganizationId: '  ' })).toMatchObject({
      organizationId: ORG,
      otherOrganizationId: null,
    });
  });
});

describe('parseConfig: refused tokens read like tokens', () => {
  it.each([
    ['$X', 'flashback.refusedTokens must be an object of label → token, e.g. { "inactive": "$INACTIVE_TOKEN" }'],
    [{ inactive: 42 }, 'flashback.refusedTokens.inactive must be a string'],
    [{ inactive: 'two words' }, 'flashback.refusedTokens.inactive contains whitespace, control or non-Latin-1 characters, which '],
  ])('refuses %j', (refusedTokens, message) => {
    expect(configError(() => flashback({ refusedTokens }))).toMatch(`c.json: ${message}`);
  });

  it('a blank one is missing, with why; an empty object is no refused token', () => {
    expect([...flashback({ refusedTokens: { blank: ' ' } }).refusedTokens!]).toEqual([
      ['blank', { missing: 'flashback.refusedTokens.blank is empty' }],
    ]);
    expect(flashback({ refusedTokens: {} }).refusedTokens).toEqual(new Map());
  });
});

describe('parseConfig: expect', () => {
  it('statuses 100 to 599 are read', () => {
    expect([...flashback({ expect: { USER: 100, BILLING: 599 } }).expect]).toEqual([
      ['USER', 100],
      ['BILLING', 599],
    ]);
  });

  it.each([[99], [600], [200.5], ['200'], [null]])('%j is not an HTTP status', (status) => {
    expect(configError(() => flashback({ expect: { USER: status } }))).toBe(
      'c.json: flashback.expect.USER must be an HTTP status from 100 to 599',
    );
  });

  it('expect that is not an object is an error', () => {
    expect(configError(() => flashback({ expect: [403] }))).toBe(
      'c.json: flashback.expect must be an object of case → status, e.g. { "BILLING": 200 }',
    );
  });
});
