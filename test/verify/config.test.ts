// The verify config: env references, optional sections and tokens, errors that never echo a value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { parseConfig } from '../../src/config/config.js';
import { jsonSyntaxError } from '../../src/config/json-locate.js';
import { planApi } from '../../src/verify/plan.js';
import { buildRegistry, targetOf } from '../../src/verify/run.js';

const parse = (raw: unknown, env: Record<string, string> = {}) =>
  parseConfig(typeof raw === 'string' ? raw : JSON.stringify(raw), env, APIS, 'c.json');

describe('parseConfig', () => {
  const cases: [string, { given: () => unknown; want: unknown }][] = [
    [
      'a whole-value $VAR and an embedded ${VAR} are read from the environment in a secret field; base URL and organization literal',
      {
        given: () => {
          const c = parse(
            {
              superai: {
                baseUrl: 'https://staging.example.com/api/',
                organizationId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
                tokens: { backoffice: '$BO', org_admin: 'sa_${ADMIN}_x' },
              },
            },
            { BO: 'bo-token-value', ADMIN: 'admin-part-value' },
          );
          const s = c.sections.get('superai')!;
          return [s.baseUrl, s.organizationId, [...s.tokens], c.secrets];
        },
        want: [
          'https://staging.example.com/api',
          '3fa85f64-5717-4562-b3fc-2c963f66afa6',
          [
            ['backoffice', 'bo-token-value'],
            ['org_admin', 'sa_admin-part-value_x'],
          ],
          // What was read from the environment is a secret too, not only the token it made up.
          ['bo-token-value', 'admin-part-value', 'sa_admin-part-value_x'],
        ],
      },
    ],
    [
      'an unset token variable or an empty token is missing, with why, not an error',
      {
        given: () => {
          const s = parse({ flashback: { baseUrl: 'http://x', tokens: { OWNER: '$NOPE', USER: '  ', BILLING: null } } }).sections.get(
            'flashback',
          )!;
          return [[...s.tokens], [...s.missingTokens]];
        },
        want: [
          [],
          [
            ['OWNER', 'flashback.tokens.OWNER refers to $NOPE, which is not set'],
            ['USER', 'flashback.tokens.USER is empty'],
          ],
        ],
      },
    ],
    [
      'a token from a variable set to nothing is missing, naming the variable',
      {
        given: () => [
          ...parse({ flashback: { baseUrl: 'http://x', tokens: { OWNER: '$EMPTY' } } }, { EMPTY: '' }).sections.get('flashback')!
            .missingTokens,
        ],
        want: [['OWNER', 'flashback.tokens.OWNER refers to $EMPTY, which is empty']],
      },
    ],
    [
      'a "Bearer " prefix on a token is dropped',
      {
        given: () => [
          ...parse({ flashback: { baseUrl: 'http://x', tokens: { OWNER: 'Bearer abc.def' } } }).sections.get('flashback')!.tokens,
        ],
        want: [['OWNER', 'abc.def']],
      },
    ],
    [
      'a section without tokens is fine',
      { given: () => parse({ flashback: { baseUrl: 'http://x' } }).sections.get('flashback')!.tokens.size, want: 0 },
    ],
    [
      'expect statuses are read',
      {
        given: () => [...parse({ flashback: { baseUrl: 'http://x', expect: { BILLING: 200 } } }).sections.get('flashback')!.expect],
        want: [['BILLING', 200]],
      },
    ],
    [
      'superai.apiKeys: role → API key, $VAR read, a "Bearer " prefix dropped, each a secret; an unset variable is missing',
      {
        given: () => {
          const c = parse(
            {
              superai: {
                baseUrl: 'http://x',
                tokens: { backoffice: 'bo-token-value' },
                apiKeys: { org_admin: '$KEY', app_user: 'saf_literal-key-value', integration: '$UNSET' },
              },
            },
            { KEY: 'saf_from-the-environment' },
          );
          const s = c.sections.get('superai')!;
          return [[...s.apiKeys!], [...s.missingApiKeys!], [...(s.apiKeyVars ?? [])], c.secrets, [...s.tokens]];
        },
        want: [
          [
            ['org_admin', 'saf_from-the-environment'],
            ['app_user', 'saf_literal-key-value'],
          ],
          [['integration', 'superai.apiKeys.integration refers to $UNSET, which is not set']],
          [['org_admin', 'KEY']],
          ['bo-token-value', 'saf_from-the-environment', 'saf_literal-key-value'],
          [['backoffice', 'bo-token-value']],
        ],
      },
    ],
    [
      'a section without apiKeys has none',
      { given: () => parse({ superai: { baseUrl: 'http://x' } }).sections.get('superai')!.apiKeys, want: undefined },
    ],
    [
      '$schema and a byte-order mark are allowed',
      { given: () => parse('\uFEFF{"$schema": "x", "flashback": {"baseUrl": "http://x"}}').sections.size, want: 1 },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => expect(given()).toEqual(want));

  it('allowFields: names and pointers, trimmed', () => {
    expect(
      parse({ flashback: { baseUrl: 'http://x', allowFields: [' mfaMethod', '/profile/totpLabel'] } }).sections.get('flashback')!
        .allowFields,
    ).toEqual(['mfaMethod', '/profile/totpLabel']);
  });

  const errors: [string, { given: unknown; want: RegExp }][] = [
    [
      'a token with a non-Latin-1 character',
      {
        given: { flashback: { baseUrl: 'http://x', tokens: { OWNER: 'tok€n' } } },
        want: /flashback\.tokens\.OWNER contains whitespace, control or non-Latin-1 characters/,
      },
    ],
    [
      'an API key role the spec does not have',
      {
        given: { superai: { baseUrl: 'http://x', apiKeys: { admin: 'saf_x' } } },
        want: /^c\.json: superai\.apiKeys\.admin: "admin" is not a role of the spec; the roles are org_admin, backoffice, app_user, integration, worker, publisher$/,
      },
    ],
    [
      'apiKeys that are a string',
      {
        given: { superai: { baseUrl: 'http://x', apiKeys: 'saf_x' } },
        want: /^c\.json: superai\.apiKeys must be an object of role → API key$/,
      },
    ],
    [
      'an API key with a space',
      {
        given: { superai: { baseUrl: 'http://x', apiKeys: { org_admin: 'saf_a b' } } },
        want: /^c\.json: superai\.apiKeys\.org_admin contains whitespace, control or non-Latin-1 characters, which an HTTP header cannot carry$/,
      },
    ],
    [
      'apiKeys for an API whose spec has no API-key scheme',
      {
        given: { flashback: { baseUrl: 'http://x', apiKeys: { OWNER: 'k' } } },
        want: /^c\.json: flashback\.apiKeys: this API's spec declares no API-key security scheme; use tokens$/,
      },
    ],
    [
      'an unknown key, named',
      {
        given: { superai: { baseUrl: 'http://x', apiKey: { org_admin: 'saf_x' } } },
        want: /^c\.json: unknown key superai\.apiKey; the keys are baseUrl, organizationId, otherOrganizationId, tokens, apiKeys, refusedTokens, refusedApiKeys, expect, allowFields, jwt$/,
      },
    ],
    ['a base URL with a query', { given: { flashback: { baseUrl: 'http://x/?a=1' } }, want: /must not have a query or a fragment/ }],
    [
      'allowFields that is a string',
      {
        given: { flashback: { baseUrl: 'http://x', allowFields: 'mfaMethod' } },
        want: /^c\.json: flashback\.allowFields must be an array/,
      },
    ],
    [
      'allowFields with a number in it',
      {
        given: { flashback: { baseUrl: 'http://x', allowFields: ['a', 3] } },
        want: /^c\.json: flashback\.allowFields\[1\] must be a property name/,
      },
    ],
    [
      'tokens that are a list',
      { given: { flashback: { baseUrl: 'http://x', tokens: ['a'] } }, want: /flashback\.tokens must be an object of role → token/ },
    ],
    [
      'an expect status that is text',
      { given: { flashback: { baseUrl: 'http://x', expect: { USER: '403' } } }, want: /flashback\.expect\.USER must be an HTTP status/ },
    ],
    ['a section that is a string', { given: { superai: 'https://x' }, want: /"superai" must be an object/ }],
    [
      'a role the spec does not have',
      {
        given: { flashback: { baseUrl: 'http://x', tokens: { ADMIN: null } } },
        want: /^c\.json: flashback\.tokens\.ADMIN: "ADMIN" is not a role of the spec; the roles are USER, BILLING, WORKSPACES, ADMINISTRATOR, OWNER$/,
      },
    ],
    [
      'an organizationId that is not a UUID',
      {
        given: { superai: { baseUrl: 'http://x', organizationId: 'acme' } },
        want: /^c\.json: superai\.organizationId is not a valid organization_id \(string, format uuid\)$/,
      },
    ],
    [
      'Flashback: otherOrganizationId (for the tenant-override probes) the same as organizationId',
      {
        given: { flashback: { baseUrl: 'http://x', organizationId: 'acme', otherOrganizationId: 'ACME' } },
        want: /^c\.json: flashback\.otherOrganizationId must differ from flashback\.organizationId$/,
      },
    ],
    [
      'the same organization twice',
      {
        given: {
          superai: {
            baseUrl: 'http://x',
            organizationId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
            otherOrganizationId: '3FA85F64-5717-4562-B3FC-2C963F66AFA6',
          },
        },
        want: /^c\.json: superai\.otherOrganizationId must differ from superai\.organizationId$/,
      },
    ],
  ];
  it.each(errors)('rejects %s', (_name, { given, want }) => expect(() => parse(given)).toThrow(want));

  it('never echoes a value in an error, even from text that is not JSON', () => {
    const secret = 'eyJhbGciOi.super-secret-token-value';
    const text = `{"flashback": {"baseUrl": "http://x", "tokens": {"OWNER": "${secret}" oops}}}`;
    let message = '';
    try {
      parse(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`c.json is not valid JSON: unexpected "o" at line 1, column ${text.indexOf('oops') + 1}`);
    expect(message).not.toContain('secret');
  });
});

describe('jsonSyntaxError', () => {
  const cases: [string, string][] = [
    ['{"a": 1,}', 'unexpected "}" at line 1, column 9'],
    ['{"a": 1', 'unexpected the end of the file at line 1, column 8'],
    ["{'a': 1}", `unexpected "'" at line 1, column 2`],
    ['[1, 2]\n]', 'unexpected "]" at line 2, column 1'],
    ['{"a": tru}', 'unexpected "t" at line 1, column 7'],
    ['{"a": "line\nbreak"}', 'unexpected "\\n" at line 1, column 12'],
    ['', 'unexpected the end of the file at line 1, column 1'],
  ];
  it.each(cases)('%j → %s', (text, want) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonSyntaxError(text)).toBe(want);
  });
});

describe('the example configs in contracts/', () => {
  const env: Record<string, string> = {
    FLASHBACK_DELETED_USER_TOKEN: 'fb-deleted-user-token-for-the-example',
    SUPERAI_INACTIVE_USER_TOKEN: 'sa-inactive-user-token-for-the-example',
    SUPERAI_INACTIVE_USER_API_KEY: 'saf_inactive-user-key-for-the-example',
    FLASHBACK_JWT_SECRET: 'flashback-jwt-secret-for-the-example',
    SUPERAI_JWT_SECRET: 'superai-jwt-secret-for-the-example',
  };
  for (const name of ['BACKOFFICE', 'ORG_ADMIN', 'APP_USER'])
    env[`SUPERAI_${name}_API_KEY`] = `saf_${name.toLowerCase()}-key-for-the-example`;
  for (const name of ['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATOR', 'OWNER'])
    env[`FLASHBACK_${name}_TOKEN`] = `fb-${name}-token-for-the-example`;
  for (const name of ['BACKOFFICE', 'ORG_ADMIN', 'APP_USER', 'INTEGRATION'])
    env[`SUPERAI_${name}_TOKEN`] = `sa-${name}-token-for-the-example`;
  const registry = buildRegistry(APIS);

  it.each([['verify.example.json'], ['verify.expect.example.json']])('%s parses and plans for both APIs', (file) => {
    const text = readFileSync(join(import.meta.dirname, '../../contracts', file), 'utf8');
    const config = parseConfig(text, env, APIS, file);
    expect([...config.sections.keys()]).toEqual(['flashback', 'superai']);
    expect(config.sections.get('superai')!.baseUrl).toBe('https://flows.staging.example.com/api');
    // The examples cover the seed APIs; another registered API without a section is not configured, not planned.
    for (const api of APIS.filter((a) => config.sections.has(a.name))) {
      const target = targetOf(api);
      const plan = planApi(target, config.sections.get(api.name)!, registry, () => '9d3a7c1e-0b6f-4d2e-9a8b-7c6d5e4f3a2b');
      expect(plan.cases.filter((c) => c.kind === 'role').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('verify.example.json documents every config key: organizationId, refusedTokens, apiKeys (as secrets)', () => {
    const text = readFileSync(join(import.meta.dirname, '../../contracts/verify.example.json'), 'utf8');
    const config = parseConfig(text, env, APIS, 'verify.example.json');
    const fb = config.sections.get('flashback')!;
    const sa = config.sections.get('superai')!;
    expect(fb.organizationId).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect([...fb.refusedTokens!.keys()]).toEqual(['deleted']);
    expect([...sa.refusedTokens!.keys()]).toEqual(['inactive']);
    expect([...sa.apiKeys!.keys()]).toEqual(['backoffice', 'org_admin', 'app_user']);
    expect(config.secrets).toEqual(expect.arrayContaining([env.SUPERAI_ORG_ADMIN_API_KEY, env.FLASHBACK_DELETED_USER_TOKEN]));
    const plan = planApi(targetOf(APIS[1]!), sa, buildRegistry(APIS), () => '9d3a7c1e-0b6f-4d2e-9a8b-7c6d5e4f3a2b');
    expect(plan.cases.filter((c) => c.key.startsWith('apikey:')).length).toBe(7);
    expect(plan.cases.some((c) => c.key === 'auth:refused:inactive')).toBe(true);
    // refusedApiKeys (SuperAI's key scheme): an inactive user's key, a secret.
    expect(plan.cases.some((c) => c.key === 'auth:refused-api-key:inactive')).toBe(true);
    expect(config.secrets).toEqual(expect.arrayContaining([env.SUPERAI_INACTIVE_USER_API_KEY]));
    // A jwt block per API (minted tokens), its secret a secret.
    expect(fb.jwt).toMatchObject({ alg: 'HS256', subjectClaim: 'sub', fixedClaims: { iss: expect.any(String), aud: 'orgmock-example' } });
    expect(sa.jwt).toMatchObject({ alg: 'HS256', secret: { value: env.SUPERAI_JWT_SECRET, variable: 'SUPERAI_JWT_SECRET' } });
    expect(config.secrets).toEqual(expect.arrayContaining([env.FLASHBACK_JWT_SECRET, env.SUPERAI_JWT_SECRET]));
    // Every key the example uses is one the reader knows; an unknown one still exits 2 naming it.
    const raw = JSON.parse(text);
    raw.superai.apiKey = raw.superai.apiKeys;
    expect(() => parseConfig(JSON.stringify(raw), env, APIS, 'verify.example.json')).toThrow(/unknown key superai\.apiKey;/);
  });

  it('without its variables, the example still parses: each unset secret skips its case and names its variable', () => {
    const text = readFileSync(join(import.meta.dirname, '../../contracts/verify.example.json'), 'utf8');
    const config = parseConfig(text, {}, APIS, 'verify.example.json');
    expect(config.secrets).toEqual([]);
    expect(config.sections.get('flashback')!.missingTokens.get('OWNER')).toBe(
      'flashback.tokens.OWNER refers to $FLASHBACK_OWNER_TOKEN, which is not set',
    );
  });

  it.each([['verify.example.json'], ['verify.expect.example.json']])(
    '%s reads the environment in secret fields only (every other value is literal)',
    (file) => {
      const { $comment: _, ...sections } = JSON.parse(readFileSync(join(import.meta.dirname, '../../contracts', file), 'utf8'));
      for (const section of Object.values(sections) as Record<string, unknown>[])
        for (const [key, value] of Object.entries(section))
          if (typeof value === 'string') expect(value, `${file}: ${key}`).not.toMatch(/\$/);
    },
  );
});
