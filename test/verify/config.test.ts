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

describe('the example configs in contracts/ (written by `npm run generate` from APIS)', () => {
  const read = (file: string) => readFileSync(join(import.meta.dirname, '../../contracts', file), 'utf8');
  /** Every `$NAME` the example reads, set to a value of its own (a key where it fills an API key). */
  const env: Record<string, string> = Object.fromEntries(
    [...read('verify.example.json').matchAll(/"\$\{?([A-Z][A-Z0-9_]*)\}?"/g)].map(([, name]) => [
      name!,
      `${name!.toLowerCase().replace(/_/g, '-')}-for-the-example`,
    ]),
  );
  const registry = buildRegistry(APIS);
  const configured = APIS.filter((a) => a.operation.access);

  it.each([['verify.example.json'], ['verify.expect.example.json']])('%s parses and plans for every API of the registry', (file) => {
    const config = parseConfig(read(file), env, APIS, file);
    expect([...config.sections.keys()]).toEqual(configured.map((a) => a.name));
    expect(config.sections.get('superai')!.baseUrl).toBe('https://superai.staging.example.com/api');
    for (const api of configured) {
      const target = targetOf(api);
      const section = config.sections.get(api.name)!;
      expect(section.baseUrl).toBe(`https://${api.name}.staging.example.com${api.spec.basePath}`);
      const plan = planApi(target, section, registry, () => '9d3a7c1e-0b6f-4d2e-9a8b-7c6d5e4f3a2b');
      expect(plan.cases.filter((c) => c.kind === 'role').length, api.name).toBeGreaterThanOrEqual(2);
      if (file === 'verify.expect.example.json') {
        // Every expect key is a case of the plan (a wrong one would exit 2), and a role the spec denies is let in.
        const expectKeys = Object.keys(JSON.parse(read(file))[api.name].expect);
        expect(expectKeys.length, api.name).toBeGreaterThan(0);
        for (const key of expectKeys) expect(plan.cases.map((c) => c.key)).toContain(`role:${key}`);
      }
    }
  });

  it('verify.example.json documents every config key: organizationId, refusedTokens, apiKeys, jwt (as secrets)', () => {
    const text = read('verify.example.json');
    const config = parseConfig(text, env, APIS, 'verify.example.json');
    const fb = config.sections.get('flashback')!;
    const sa = config.sections.get('superai')!;
    expect(fb.organizationId).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect([...fb.refusedTokens!.keys()]).toEqual(['deleted']);
    expect([...sa.refusedTokens!.keys()]).toEqual(['inactive']);
    expect([...sa.apiKeys!.keys()]).toEqual(['org_admin', 'backoffice', 'app_user']);
    expect(config.secrets).toEqual(expect.arrayContaining([env.SUPERAI_ORG_ADMIN_API_KEY, env.FLASHBACK_DELETED_USER_TOKEN]));
    const plan = planApi(targetOf(APIS[1]!), sa, buildRegistry(APIS), () => '9d3a7c1e-0b6f-4d2e-9a8b-7c6d5e4f3a2b');
    expect(plan.cases.filter((c) => c.key.startsWith('apikey:')).length).toBe(7);
    expect(plan.cases.some((c) => c.key === 'auth:refused:inactive')).toBe(true);
    // refusedApiKeys (SuperAI's key scheme): an inactive user's key, a secret.
    expect(plan.cases.some((c) => c.key === 'auth:refused-api-key:inactive')).toBe(true);
    expect(config.secrets).toEqual(expect.arrayContaining([env.SUPERAI_INACTIVE_USER_API_KEY]));
    // A jwt block per API (minted tokens) with the deployment's fixed claims, its secret a secret.
    for (const api of configured) {
      const section = config.sections.get(api.name)!;
      expect(section.jwt, api.name).toMatchObject({
        alg: 'HS256',
        subjectClaim: 'sub',
        fixedClaims: { iss: 'https://auth.staging.example.com', aud: 'orgmock-example' },
      });
      expect(config.secrets).toContain(env[`${api.name.toUpperCase()}_JWT_SECRET`]);
    }
    // Every key the example uses is one the reader knows; an unknown one still exits 2 naming it.
    const raw = JSON.parse(text);
    raw.superai.apiKey = raw.superai.apiKeys;
    expect(() => parseConfig(JSON.stringify(raw), env, APIS, 'verify.example.json')).toThrow(/unknown key superai\.apiKey;/);
  });

  it('without its variables, the example still parses: each unset secret skips its case and names its variable', () => {
    const config = parseConfig(read('verify.example.json'), {}, APIS, 'verify.example.json');
    expect(config.secrets).toEqual([]);
    expect(config.sections.get('flashback')!.missingTokens.get('OWNER')).toBe(
      'flashback.tokens.OWNER refers to $FLASHBACK_OWNER_TOKEN, which is not set',
    );
  });

  it.each([['verify.example.json'], ['verify.expect.example.json']])(
    '%s reads the environment in secret fields only (every other value is literal)',
    (file) => {
      const { $comment: _, ...sections } = JSON.parse(read(file));
      for (const section of Object.values(sections) as Record<string, unknown>[])
        for (const [key, value] of Object.entries(section))
          if (typeof value === 'string') expect(value, `${file}: ${key}`).not.toMatch(/\$/);
    },
  );
});
