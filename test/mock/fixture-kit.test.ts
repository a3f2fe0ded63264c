// Proves: the helpers every API's fixture factory shares do what their contracts say: mail domains
// from organization names (`Initech Analytics` → `initech-analytics.example`), e-mails from people's
// names and unique in a dataset, distinct organization names, and stable tokens
// `<prefix>_<role>_<12 hex>` derived from the seed and the user id (fixtures/README.md), stable API keys
// `saf_` and 32 hex digits (README.md) that a token does not give away, and picking a value by shares.
import { describe, expect, it } from 'vitest';
import {
  domainOf,
  emailMaker,
  organizationNames,
  pickShare,
  REFERENCE_DATE,
  seededFaker,
  stableApiKey,
  stableToken,
} from '../../src/apis/fixture-kit.js';

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

describe('emailMaker', () => {
  it("derives the address from the person's names and makes it unique in the dataset", () => {
    const email = emailMaker();
    expect(email('Ada', 'Lovelace', 'acme.example')).toBe('ada.lovelace@acme.example');
    expect(email('Ada', 'Lovelace', 'acme.example')).toBe('ada.lovelace2@acme.example');
    expect(email('Ada', 'Lovelace', 'acme.example')).toBe('ada.lovelace3@acme.example');
    expect(email('Ada', 'Lovelace', 'globex.example')).toBe('ada.lovelace@globex.example');
    expect(email('Renée', "O'Brien", 'acme.example')).toBe('renee.o-brien@acme.example');
    expect(email('', '!!', 'acme.example')).toBe('user@acme.example');
    expect(email('Cher', '', 'acme.example')).toBe('cher@acme.example');
  });

  it('each maker has its own set: a new dataset starts over', () => {
    emailMaker()('Ada', 'Lovelace', 'acme.example');
    expect(emailMaker()('Ada', 'Lovelace', 'acme.example')).toBe('ada.lovelace@acme.example');
  });
});

describe('organizationNames', () => {
  it('gives the count asked for, all distinct, even past what faker has without repeating', () => {
    for (const count of [0, 1, 3, 2000]) {
      const names = organizationNames(seededFaker(1, 2), count);
      expect(names).toHaveLength(count);
      expect(new Set(names).size).toBe(count);
      for (const name of names) expect(name.trim(), 'an organization name is a name').not.toBe('');
    }
  });
});

describe('seededFaker', () => {
  it('the same seed and salt draw the same values; another seed or salt does not', () => {
    const draw = (seed: number, salt: number) => seededFaker(seed, salt).string.uuid();
    expect(draw(7, 1)).toBe(draw(7, 1));
    expect(draw(7, 1)).not.toBe(draw(8, 1));
    expect(draw(7, 1)).not.toBe(draw(7, 2));
  });

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
