// The config as orgmock dredd reads it: the one reader both commands share (JSON, "$VAR" references,
// roles from the specs, errors that never show a value), plus what Dredd needs on top of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { configRoles } from '../../src/config/apis.js';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { Masker } from '../../src/config/mask.js';
import { checkDreddConfig, readDreddConfig } from '../../src/dredd/config.js';
import { hookConfig } from '../../src/dredd/hooks.js';
import { isObject, loadBundledSpec } from '../../src/openapi/load.js';

const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER = '11111111-1111-4111-8111-111111111111';
const valid = () => ({
  flashback: { baseUrl: 'https://backend.flashback.tech/', tokens: { USER: '$FB_USER', WORKSPACES: 'ws-literal' } },
  superai: { baseUrl: 'https://flows.super.ai/api', organizationId: ORG, otherOrganizationId: OTHER, tokens: { backoffice: '${SA_BO}' } },
});
const ENV = { FB_USER: 'secret-user-token', SA_BO: 'secret-bo-token' };
const parse = (raw: unknown, env: Record<string, string> = ENV) =>
  checkDreddConfig(parseConfig(JSON.stringify(raw), env, APIS, 'cfg.json'), APIS, 'cfg.json');
const error = (raw: unknown, env: Record<string, string> = ENV) => {
  try {
    parse(raw, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('the config, read for orgmock dredd', () => {
  it('resolves $VAR and ${VAR}, trims the trailing slash of base URLs', () => {
    expect(hookConfig(parse(valid()), APIS).config).toEqual({
      flashback: { baseUrl: 'https://backend.flashback.tech', tokens: { USER: 'secret-user-token', WORKSPACES: 'ws-literal' } },
      superai: {
        baseUrl: 'https://flows.super.ai/api',
        organizationId: ORG,
        otherOrganizationId: OTHER,
        tokens: { backoffice: 'secret-bo-token' },
      },
    });
  });

  it("accepts one API alone, and verify's expect block (the same file serves both commands)", () => {
    const { superai: _s, ...onlyFlashback } = valid();
    expect([...parse(onlyFlashback).sections.keys()]).toEqual(['flashback']);
    expect(parse({ flashback: { ...onlyFlashback.flashback, expect: { BILLING: 200 } } }).sections.get('flashback')!.expect).toEqual(
      new Map([['BILLING', 200]]),
    );
  });

  it('rejects a section it does not know, with the valid list', () => {
    const { superai: _s, ...onlyFlashback } = valid();
    expect(error({ ...onlyFlashback, verify: { anything: 1 } })).toBe(
      `cfg.json: unknown section "verify"; the sections are ${APIS.map((a) => a.name).join(', ')}`,
    );
  });

  it('names the unset variable and the place, never a value', () => {
    const message = error(valid(), { SA_BO: 'secret-bo-token' });
    expect(message).toBe('cfg.json: flashback.tokens.USER refers to $FB_USER, which is not set');
    expect(error(valid(), { FB_USER: '', SA_BO: 'x' })).toBe('cfg.json: flashback.tokens.USER refers to $FB_USER, which is empty');
  });

  it.each([
    [[], `cfg.json must be a JSON object with a section per API (${APIS.map((a) => a.name).join(', ')})`],
    [{}, `cfg.json has no API section: add one of ${APIS.map((a) => a.name).join(', ')}`],
    [{ flashback: 'x' }, /"flashback" must be an object/],
    [{ flashback: { baseUrl: 'ftp://x', tokens: {} } }, /flashback.baseUrl must be an http or https URL/],
    [{ flashback: { baseUrl: 'not a url', tokens: {} } }, /flashback.baseUrl is not a URL/],
    [{ flashback: { baseUrl: 'http://x?a=1', tokens: {} } }, /flashback\.baseUrl must not have a query or a fragment/],
    [{ flashback: { baseUrl: 'http://x', tokens: [] } }, /flashback.tokens must be an object/],
    [
      { flashback: { baseUrl: 'http://x', tokens: { WORKSPACE: 't' } } },
      /flashback\.tokens\.WORKSPACE: "WORKSPACE" is not a role of the spec; the roles are USER, BILLING, WORKSPACES, ADMINISTRATOR, OWNER$/,
    ],
    [{ flashback: { baseUrl: 'http://x', tokens: { USER: 42 } } }, /flashback.tokens.USER must be a string/],
    [{ flashback: { baseUrl: 'http://x', tokens: { USER: '' } } }, /flashback.tokens.USER is empty/],
    [{ flashback: { baseUrl: 'http://x', tokens: { USER: 'a b' } } }, /flashback\.tokens\.USER contains whitespace/],
    [
      { flashback: { baseUrl: 'http://x', token: {} } },
      /unknown key flashback\.token; the keys are baseUrl, organizationId, otherOrganizationId, tokens, apiKeys, refusedTokens, refusedApiKeys, expect, allowFields, jwt$/,
    ],
    [
      { superai: { baseUrl: 'http://x', tokens: {} } },
      /superai\.organizationId is required: Dredd's requests need an existing organization for organization_id$/,
    ],
    [
      { superai: { baseUrl: 'http://x', organizationId: 'acme', tokens: {} } },
      /superai\.organizationId is not a valid organization_id \(string, format uuid\)$/,
    ],
    [
      { superai: { baseUrl: 'http://x', organizationId: ORG, otherOrganizationId: ORG, tokens: {} } },
      /superai\.otherOrganizationId must differ from superai\.organizationId$/,
    ],
  ])('rejects %j', (raw, pattern) => {
    expect(error(raw)).toMatch(pattern);
  });

  it('reads every role from the specs', () => {
    const schemas = (name: string) => (loadBundledSpec(name).doc.components as { schemas: Record<string, unknown> }).schemas;
    const orgRole = schemas('flashback').OrgRole;
    const userRole = schemas('superai').UserRole;
    const roles = (name: string) => configRoles(APIS.find((a) => a.name === name)!);
    expect(isObject(orgRole) && orgRole['x-enum-varnames']).toEqual(roles('flashback'));
    expect(isObject(userRole) && userRole.enum).toEqual(roles('superai'));
  });

  it('lists the tokens as secrets', () => {
    expect(parse(valid()).secrets.sort()).toEqual(['secret-bo-token', 'secret-user-token', 'ws-literal']);
  });
});

describe('readDreddConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-dredd-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(valid()));
    expect((await readDreddConfig(file, dir, ENV, APIS)).sections.get('superai')?.tokens.get('backoffice')).toBe('secret-bo-token');
  });

  it('says a missing file is missing', async () => {
    await expect(readDreddConfig('nope.json', dir, ENV, APIS)).rejects.toThrow(/^nope\.json does not exist$/);
  });

  it('gives the place of a JSON mistake without quoting the text around it', async () => {
    const file = join(dir, 'bad.json');
    const line2 = '  "flashback": { "tokens": { "USER": "tok-very-secret" oops } }';
    writeFileSync(file, `{\n${line2}\n}`);
    let message = '';
    try {
      await readDreddConfig('bad.json', dir, ENV, APIS);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`bad.json is not valid JSON: unexpected "o" at line 2, column ${line2.indexOf('oops') + 1}`);
    expect(message).not.toContain('secret');
  });
});

describe("Masker, as orgmock dredd uses it on Dredd's output", () => {
  it('hides every token, longest first, and any Authorization header value', () => {
    const masker = new Masker(['abcdefgh', 'abcdefgh-ij', 'abc', 'a-known-token-0123456789'], { authorizationHeaders: true });
    const mask = (text: string) => masker.mask(text);
    expect(mask('x abcdefgh-ij y abcdefgh z')).toBe('x …(masked) y …(masked) z');
    // Under 8 characters a secret is too short to be masked as a substring without corrupting the text (issue 12).
    expect(mask('x abc z')).toBe('x abc z');
    expect(mask('    Authorization: Bearer unknown-token\n')).toBe('    Authorization: Bearer …(masked)\n');
    expect(mask('{"authorization":"Basic dXNlcjpwYXNz"}')).toBe('{"authorization":"Basic …(masked)"}');
    expect(mask('Authorization: Bearer an-unknown-token-0123456789')).toBe('Authorization: Bearer an-u…(masked)');
    expect(mask('Authorization: Bearer a-known-token-0123456789')).toBe('Authorization: Bearer a-kn…(masked)');
    expect(mask('nothing to hide')).toBe('nothing to hide');
  });

  it("leaves Authorization headers the config does not know alone without the option (verify's curl lines show its probes)", () => {
    expect(new Masker(['abc']).mask('Authorization: Basic b3JnbW9jazpvcmdtb2Nr')).toBe('Authorization: Basic b3JnbW9jazpvcmdtb2Nr');
  });
});
