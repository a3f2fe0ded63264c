// Proves: the helpers every API's fixture factory shares do what their contracts say: mail domains
// from organization names (`Initech Analytics` → `initech-analytics.example`), and stable tokens
// `<prefix>_<role>_<12 hex>` derived from the seed and the user id (fixtures/README.md), stable API keys
// `saf_` and 32 hex digits (README.md) that a token does not give away, and picking a value by shares.
import { describe, expect, it } from 'vitest';
import { domainOf, pickShare, REFERENCE_DATE, stableApiKey, stableToken } from '../../src/apis/fixture-kit.js';

describe('domainOf', () => {
  it.each([
    ['Initech Analytics', 'initech-analytics.example'],
    ['Zoë & Ça, S.A.', 'zoe-ca-s-a.example'],
    ['  --Acme--  ', 'acme.example'],
    ['Müller-Lüdenscheidt GmbH', 'muller-ludenscheidt-gmbh.example'],
    ['!!!', 'org.example'],
    ['', 'org.example'],
  ])('%j → %s', (name, domain) => {
    expect(domainOf(name)).toBe(domain);
  });
});

describe('REFERENCE_DATE', () => {
  it('dates are before the reference date, 2026-01-01, whatever the clock says', () => {
    expect(REFERENCE_DATE.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('stableToken', () => {
  it('is <prefix>_<role in lower case>_<12 hex>', () => {
    expect(stableToken('fb', 'OWNER', 42, 'user-1')).toMatch(/^fb_owner_[0-9a-f]{12}$/);
    expect(stableToken('sa', 'org_admin', 42, 'user-1')).toMatch(/^sa_org_admin_[0-9a-f]{12}$/);
  });

  it('is derived from the seed and the user id: the same pair gives the same token, another gives another', () => {
    const token = stableToken('fb', 'OWNER', 42, 'user-1');
    expect(stableToken('fb', 'OWNER', 42, 'user-1')).toBe(token);
    expect(stableToken('fb', 'OWNER', 43, 'user-1')).not.toBe(token);
    expect(stableToken('fb', 'OWNER', 42, 'user-2')).not.toBe(token);
    // 4:2 and 42: would give the same hash if seed and id were joined without a separator.
    expect(stableToken('fb', 'OWNER', 4, '2:x').slice(-12)).not.toBe(stableToken('fb', 'OWNER', 42, ':x').slice(-12));
  });
});

describe('stableApiKey', () => {
  it('is the prefix and 32 hex digits (README: `saf_` and 32 hex digits)', () => {
    expect(stableApiKey('saf_', 42, 'user-1')).toMatch(/^saf_[0-9a-f]{32}$/);
    expect(stableApiKey('key-', 42, 'user-1')).toMatch(/^key-[0-9a-f]{32}$/);
  });

  it('is derived from the seed and the user id: the same pair gives the same key, another gives another', () => {
    const key = stableApiKey('saf_', 42, 'user-1');
    expect(stableApiKey('saf_', 42, 'user-1')).toBe(key);
    expect(stableApiKey('saf_', 43, 'user-1')).not.toBe(key);
    expect(stableApiKey('saf_', 42, 'user-2')).not.toBe(key);
  });

  it("does not give away the user's token, nor the token the key", () => {
    for (const id of ['user-1', 'user-2', '7c9e6679-7425-40de-944b-e07fc1f90ae7']) {
      const tokenHex = stableToken('sa', 'org_admin', 42, id).slice(-12);
      const keyHex = stableApiKey('saf_', 42, id).slice(4);
      expect(keyHex).not.toContain(tokenHex);
    }
  });
});

describe('pickShare', () => {
  // Shares in percent, in order: a roll of 0 to 99 falls in the first share that covers it.
  const shares = [
    ['app_user', 80],
    ['integration', 10],
    ['org_admin', 6],
  ] as const;
  it.each([
    [0, 'app_user'],
    [79, 'app_user'],
    [80, 'integration'],
    [89, 'integration'],
    [90, 'org_admin'],
    [95, 'org_admin'],
  ])('roll %i → %s', (roll, value) => {
    expect(pickShare(shares, roll)).toBe(value);
  });

  it('a roll past the sum of the shares gives the last value', () => {
    expect(pickShare(shares, 96)).toBe('org_admin');
    expect(pickShare(shares, 99)).toBe('org_admin');
  });
});
