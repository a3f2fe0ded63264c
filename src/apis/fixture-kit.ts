/** Helpers every API's fixture factory shares: the reference date, mail domains, stable tokens and API keys, shares. */
import { sha256Hex } from '../util/sha256.js';

/** Fixtures are dated before this instant, so the same seed gives the same bytes on any day. */
export const REFERENCE_DATE = new Date('2026-01-01T00:00:00.000Z');

/** A name as it appears in an e-mail address or a domain (`Zoë & Ça` → `zoe-ca`). */
export const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The mail domain of an organization, from its name (`Initech Analytics` → `initech-analytics.example`). */
export const domainOf = (organizationName: string) => `${slug(organizationName) || 'org'}.example`;

/** A stable, opaque token for a fixture user: `<prefix>_<role>_<12 hex>` derived from seed and id. */
export function stableToken(prefix: string, role: string, seed: number, userId: string): string {
  const hash = sha256Hex(`${seed}:${userId}`).slice(0, 12);
  return `${prefix}_${role.toLowerCase()}_${hash}`;
}

/** A stable, opaque API key for a fixture user: `<prefix><32 hex>` derived from seed and id (never equal to its token). */
export function stableApiKey(prefix: string, seed: number, userId: string): string {
  return `${prefix}${sha256Hex(`api-key:${seed}:${userId}`).slice(0, 32)}`;
}

/** The value whose share (percent, in order) covers `roll` (0 to 99); the last value past the sum. */
export function pickShare<T>(shares: readonly (readonly [T, number])[], roll: number): T {
  let upTo = 0;
  for (const [value, share] of shares) {
    upTo += share;
    if (roll < upTo) return value;
  }
  return shares[shares.length - 1]![0];
}
