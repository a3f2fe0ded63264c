// orgmock dredd's config reader: JSON, "$VAR" references, types, and errors that never show a value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, FLASHBACK_ROLES, loadDreddConfig, parseDreddConfig, secretsOf, SUPERAI_ROLES } from '../../src/dredd/config.js';
import { createMasker } from '../../src/dredd/mask.js';
import { isObject, loadBundledSpec } from '../../src/spec/load.js';

const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER = '11111111-1111-4111-8111-111111111111';
const valid = () => ({
  flashback: { baseUrl: 'https://backend.flashback.tech/', tokens: { USER: '$FB_USER', WORKSPACES: 'ws-literal' } },
  superai: { baseUrl: 'https://flows.super.ai/api', organizationId: ORG, otherOrganizationId: OTHER, tokens: { backoffice: '${SA_BO}' } },
});
const ENV = { FB_USER: 'secret-user-token', SA_BO: 'secret-bo-token' };
const parse = (raw: unknown, env: Record<string, string> = ENV) => parseDreddConfig(raw, env, 'cfg.json');
const error = (raw: unknown, env: Record<string, string> = ENV) => {
  try {
    parse(raw, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parseDreddConfig', () => {
  it('resolves $VAR and ${VAR}, trims the trailing slash of base URLs', () => {
    expect(parse(valid())).toEqual({
      flashback: { baseUrl: 'https://backend.flashback.tech', tokens: { USER: 'secret-user-token', WORKSPACES: 'ws-literal' } },
      superai: { baseUrl: 'https://flows.super.ai/api', organizationId: ORG, otherOrganizationId: OTHER, tokens: { backoffice: 'secret-bo-token' } },
    });
  });

  it('accepts one API alone and ignores keys it does not know (the verify command may use them)', () => {
    const { superai: _s, ...onlyFlashback } = valid();
    expect(Object.keys(parse({ ...onlyFlashback, verify: { anything: 1 } }))).toEqual(['flashback']);
  });

  it('names the unset variable and the place, never a value', () => {
    const message = error(valid(), { SA_BO: 'secret-bo-token' });
    expect(message).toBe('cfg.json: flashback.tokens.USER refers to $FB_USER, which is not set');
    expect(error(valid(), { FB_USER: '', SA_BO: 'x' })).toMatch(/\$FB_USER, which is not set/);
  });

  it.each([
    [[], /must be a JSON object/],
    [{}, /neither a "flashback" nor a "superai" section/],
    [{ flashback: 'x' }, /flashback must be an object/],
    [{ flashback: { baseUrl: 'ftp://x', tokens: {} } }, /flashback.baseUrl must be an http or https URL/],
    [{ flashback: { baseUrl: 'not a url', tokens: {} } }, /flashback.baseUrl is not a URL/],
    [{ flashback: { baseUrl: 'http://x?a=1', tokens: {} } }, /no query or fragment/],
    [{ flashback: { baseUrl: 'http://x', tokens: [] } }, /flashback.tokens must be an object/],
    [{ flashback: { baseUrl: 'http://x', tokens: { WORKSPACE: 't' } } }, /flashback.tokens.WORKSPACE is not a role; roles are USER, BILLING/],
    [{ flashback: { baseUrl: 'http://x', tokens: { USER: 42 } } }, /flashback.tokens.USER must be a string/],
    [{ flashback: { baseUrl: 'http://x', tokens: { USER: '' } } }, /flashback.tokens.USER is empty/],
    [{ flashback: { baseUrl: 'http://x', tokens: { USER: 'a b' } } }, /contains whitespace/],
    [{ superai: { baseUrl: 'http://x', tokens: {} } }, /superai.organizationId must be a string/],
    [{ superai: { baseUrl: 'http://x', organizationId: 'acme', tokens: {} } }, /superai.organizationId must be a UUID/],
    [{ superai: { baseUrl: 'http://x', organizationId: ORG, otherOrganizationId: ORG, tokens: {} } }, /must differ/],
  ])('rejects %j', (raw, pattern) => {
    expect(error(raw)).toMatch(pattern);
  });

  it('knows every role the specs define', () => {
    const schemas = (name: string) => (loadBundledSpec(name).doc.components as { schemas: Record<string, unknown> }).schemas;
    const orgRole = schemas('flashback').OrgRole;
    const userRole = schemas('superai').UserRole;
    expect(isObject(orgRole) && orgRole['x-enum-varnames']).toEqual([...FLASHBACK_ROLES]);
    expect(isObject(userRole) && userRole.enum).toEqual([...SUPERAI_ROLES]);
  });

  it('lists the tokens as secrets', () => {
    expect(secretsOf(parse(valid())).sort()).toEqual(['secret-bo-token', 'secret-user-token', 'ws-literal']);
  });
});

describe('loadDreddConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-dredd-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(valid()));
    expect(loadDreddConfig(file, ENV).superai?.tokens.backoffice).toBe('secret-bo-token');
  });

  it('says a missing file is missing', () => {
    expect(() => loadDreddConfig(join(dir, 'nope.json'), ENV)).toThrow(/cannot read the config file .*nope\.json: no such file/);
  });

  it('gives the place of a JSON mistake without quoting the text around it', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "flashback": { "tokens": { "USER": "tok-very-secret" oops } }\n}');
    let message = '';
    try {
      loadDreddConfig(file, ENV);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/is not valid JSON at line 2, column \d+/);
    expect(message).not.toContain('secret');
  });
});

describe('createMasker', () => {
  it('hides every token, longest first, and any Authorization header value', () => {
    const mask = createMasker(['abc', 'abcdef']);
    expect(mask('x abcdef y abc z')).toBe('x *** y *** z');
    expect(mask('    Authorization: Bearer unknown-token\n')).toBe('    Authorization: Bearer ***\n');
    expect(mask('{"authorization":"Basic dXNlcjpwYXNz"}')).toBe('{"authorization":"Basic ***"}');
    expect(mask('nothing to hide')).toBe('nothing to hide');
  });
});
