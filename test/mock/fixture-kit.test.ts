// Proves: the helpers every API's fixture factory shares do what their contracts say: mail domains
// from organization names (`Initech Analytics` → `initech-analytics.example`), e-mails from people's
// names and unique in a dataset, distinct organization names, and stable tokens
// `<prefix>_<role>_<12 hex>` derived from the seed and the user id (fixtures/README.md).
import { describe, expect, it } from 'vitest';
import { domainOf, emailMaker, organizationNames, REFERENCE_DATE, seededFaker, stableToken } from '../../src/apis/fixture-kit.js';

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
