// Issue 23: the starter config `orgmock init` writes, built from the registry: every API gets a section,
// every role of its spec a token variable, API keys where its spec has an API-key scheme, organizations
// where its rules name one, a refused user from its sign-in rule; the config reader accepts it; a made-up
// third API gets its section with no change here (test/apis/third-api.test.ts runs this file with one added).
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { parseConfig } from '../../src/config/config.js';
import { starterConfig } from '../../src/config/starter.js';
import { rolesByScope } from '../../src/openapi/extensions.js';

const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER = '4fa85f64-5717-4562-b3fc-2c963f66afa7';

/** Every `$NAME` / `${NAME}` the config reads. */
const referenced = ({ $comment: _, ...config }: Record<string, unknown>) => [
  ...new Set([...JSON.stringify(config).matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)),
];

describe('starterConfig(APIS)', () => {
  const { config, variables } = starterConfig(APIS);

  const { values } = starterConfig(APIS);

  it('has a section per API, every secret a "$NAME" it lists once, every plain value listed with its path; each with what to set it to', () => {
    expect(Object.keys(config)).toEqual(['$comment', ...APIS.map((a) => a.name)]);
    const names = variables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(referenced(config).sort()).toEqual([...names].sort());
    for (const v of [...variables, ...values]) expect(v.meaning.length).toBeGreaterThan(10);
    // A variable fills a secret field only; the plain values are written as they are.
    for (const v of variables) expect(v.path).toMatch(/^\w+\.(tokens\.|apiKeys\.|refusedTokens\.|refusedApiKeys\.|jwt\.secret$)/);
    for (const v of values) {
      const [api, key] = v.path.split('.') as [string, string];
      expect(String((config[api] as Record<string, unknown>)[key])).not.toMatch(/\$/);
    }
  });

  it("a token variable for every role of each spec, API keys only where the spec has a key scheme, SuperAI's /api kept", () => {
    for (const api of APIS) {
      const section = config[api.name] as Record<string, Record<string, string>>;
      const roles = Object.values(rolesByScope(api.spec, api.operation)).flat();
      expect(Object.keys(section.tokens!).sort()).toEqual([...roles].sort());
      expect(section.baseUrl).toBe(`http://localhost:4010${api.spec.basePath}`);
    }
    const superai = config.superai as Record<string, Record<string, string>>;
    expect(superai.apiKeys?.org_admin).toBe('$SUPERAI_ORG_ADMIN_API_KEY');
    expect(superai.otherOrganizationId).toBeNull();
    expect(values.map((v) => v.path).filter((path) => /^(flashback|superai)\./.test(path))).toEqual([
      'flashback.baseUrl',
      'flashback.organizationId',
      'superai.baseUrl',
      'superai.organizationId',
      'superai.otherOrganizationId',
    ]);
    expect(superai.refusedTokens).toEqual({ inactive: '$SUPERAI_INACTIVE_USER_TOKEN' });
    const flashback = config.flashback as Record<string, unknown>;
    expect(flashback.apiKeys).toBeUndefined();
    expect(flashback.otherOrganizationId).toBeUndefined();
    expect(flashback.organizationId).toBeNull();
    expect(flashback.refusedTokens).toEqual({ deleted: '$FLASHBACK_DELETED_USER_TOKEN' });
    // A refused user's API key only where the spec has a key scheme; a jwt block for minted tokens in every API.
    expect(superai.refusedApiKeys).toEqual({ inactive: '$SUPERAI_INACTIVE_USER_API_KEY' });
    expect(flashback.refusedApiKeys).toBeUndefined();
    expect(flashback.jwt).toEqual({ alg: 'HS256', secret: '$FLASHBACK_JWT_SECRET', claims: { subject: 'sub' } });
    expect(superai.jwt).toEqual({ alg: 'HS256', secret: '$SUPERAI_JWT_SECRET', claims: { subject: 'sub' } });
  });

  it('the config reader takes it: with every variable set, each role has its token; with none, each token is missing; --set fills the organizations', () => {
    const env: Record<string, string> = {};
    for (const v of variables) env[v.name] = `tok_${v.name.toLowerCase()}`;
    const settings = [
      { section: 'superai', key: 'organizationId', value: ORG },
      { section: 'superai', key: 'otherOrganizationId', value: OTHER },
      { section: 'flashback', key: 'baseUrl', value: 'https://staging.example.com' },
    ] as const;
    const parsed = parseConfig(JSON.stringify(config), env, APIS, 'verify.json', undefined, settings);
    expect(parsed.sections.get('superai')).toMatchObject({
      baseUrl: 'http://localhost:4010/api',
      organizationId: ORG,
      otherOrganizationId: OTHER,
    });
    expect(parsed.sections.get('flashback')).toMatchObject({ baseUrl: 'https://staging.example.com', organizationId: null });
    expect(parsed.sections.get('flashback')!.tokens.get('OWNER')).toBe('tok_flashback_owner_token');
    expect(parsed.sections.get('superai')!.jwt!.secret).toEqual({ value: 'tok_superai_jwt_secret', variable: 'SUPERAI_JWT_SECRET' });
    const partial = parseConfig(JSON.stringify(config), {}, APIS, 'verify.json');
    expect(partial.sections.get('flashback')!.tokens.size).toBe(0);
    expect(partial.sections.get('superai')!.organizationId).toBeNull();
  });

  it('origin sets the base URLs (a staging example)', () => {
    const staging = starterConfig(APIS, { origin: (api) => `https://${api}.staging.example.com` });
    expect((staging.config.superai as { baseUrl: string }).baseUrl).toBe('https://superai.staging.example.com/api');
    expect(staging.variables).toEqual(variables);
  });
});
