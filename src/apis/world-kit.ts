/**
 * Helpers for lazy, seeded worlds (`MockDefinition.world`): every value of a member is a pure function of the seed,
 * its organization and its position, so one member is made without the others, in any order, on any runtime.
 * Tokens and API keys encode where their user is (a keyed 48-bit permutation with a check value), so a token is
 * resolved without a table of every user.
 */
import { seededRandom } from '../util/random.js';
import { FIRST_NAMES, LAST_NAMES, LEGAL_ENTITY_TYPES } from './names.js';
import { domainOf, slug } from './fixture-kit.js';
import type { Dataset, FixtureUser, MemberRef, Members, Organization, World } from './types.js';

/** Members per organization a token can address (20 bits; `--users-per-org` goes to 1,000,000). */
const MAX_MEMBERS = 1 << 20;
/** Organizations a token can address (4 bits). */
const MAX_ORGANIZATIONS = 16;
const MASK24 = 0xffffff;

/** A 32-bit hash of some 32-bit words (seeded mixing, not cryptographic). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  return mixIn(mixIn(mixIn(mixIn(0x811c9dc5, a), b), c), d) >>> 0;
}

function mixIn(hash: number, word: number): number {
  let h = Math.imul(hash ^ (word >>> 0), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  return h ^ (h >>> 15);
}

/** A 32-bit hash of a string (FNV-1a). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A member's own random stream: the same key and index always draw the same values. */
export const memberRandom = (key: number, index: number): (() => number) => seededRandom(hash32(key, index, 0x6d656d62));

/** A whole number from 0 to `below - 1`. */
export const drawInt = (random: () => number, below: number): number => Math.floor(random() * below);

const hex8 = (random: () => number) => ((random() * 0x100000000) >>> 0).toString(16).padStart(8, '0');

/** A random (version 4) UUID from a seeded stream. */
export function drawUuid(random: () => number): string {
  const a = hex8(random);
  const b = hex8(random);
  const c = hex8(random);
  const d = hex8(random);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[drawInt(random, 4)]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

const hex6 = (n: number) => n.toString(16).padStart(6, '0');

function feistel(hi: number, lo: number, key: number): string {
  let left = hi;
  let right = lo;
  for (let round = 0; round < 4; round++) [left, right] = [right, (left ^ hash32(right, key, round)) & MASK24];
  return hex6(left) + hex6(right);
}

function unfeistel(hex: string, key: number): [number, number] {
  let left = Number.parseInt(hex.slice(0, 6), 16);
  let right = Number.parseInt(hex.slice(6, 12), 16);
  for (let round = 3; round >= 0; round--) [left, right] = [right ^ (hash32(left, key, round) & MASK24), left];
  return [left, right];
}

/**
 * Stable, opaque tokens and API keys that say where their user is: `<prefix>_<role>_<12 hex>` and
 * `<keyPrefix><32 hex>`, from the seed, the organization number and the member's position.
 */
export function credentialCodec(prefix: string, seed: number) {
  const tokenKey = hash32(seed, hashText(prefix), 1);
  const apiKeyKey = hash32(seed, hashText(prefix), 2);
  const check = (key: number, tag: number, org: number, index: number) => hash32(key, tag, org, index) & MASK24;
  const HEX12 = /^[0-9a-f]{12}$/;
  const where = (hex: string, key: number, tag: number): MemberRef | null => {
    if (!HEX12.test(hex)) return null;
    const [hi, lo] = unfeistel(hex, key);
    const ref = { org: hi >>> 20, index: hi & (MAX_MEMBERS - 1) };
    return check(key, tag, ref.org, ref.index) === lo ? ref : null;
  };
  return {
    token(role: string, { org, index }: MemberRef): string {
      const name = role.toLowerCase();
      return `${prefix}_${name}_${feistel((org << 20) | index, check(tokenKey, hashText(name), org, index), tokenKey)}`;
    },
    apiKey(keyPrefix: string, { org, index }: MemberRef): string {
      const tail = [0, 1, 2].map((n) => hash32(apiKeyKey, org, index, n).toString(16).padStart(8, '0')).join('');
      return `${keyPrefix}${feistel((org << 20) | index, check(apiKeyKey, 0, org, index), apiKeyKey)}${tail.slice(0, 20)}`;
    },
    /** Where the user of a token would be (the caller compares the user's token); null when it cannot be one. */
    locateToken(token: string): MemberRef | null {
      const rest = token.startsWith(`${prefix}_`) ? token.slice(prefix.length + 1) : '';
      const cut = rest.lastIndexOf('_');
      return cut < 1 ? null : where(rest.slice(cut + 1), tokenKey, hashText(rest.slice(0, cut)));
    },
    locateApiKey(keyPrefix: string, key: string): MemberRef | null {
      return key.startsWith(keyPrefix) && key.length === keyPrefix.length + 32
        ? where(key.slice(keyPrefix.length, keyPrefix.length + 12), apiKeyKey, 0)
        : null;
    },
  };
}

/** A permutation of 0 … size-1 keyed by `key` (a Feistel network on the next even bit width, cycle-walking). */
function permute(value: number, size: number, key: number): number {
  const half = Math.max(1, Math.ceil(Math.log2(size) / 2));
  const mask = (1 << half) - 1;
  let x = value;
  do {
    let left = x >>> half;
    let right = x & mask;
    for (let round = 0; round < 4; round++) [left, right] = [right, (left ^ hash32(right, key, round)) & mask];
    x = left * (1 << half) + right;
  } while (x >= size);
  return x;
}

const slugs = { first: [] as string[], last: [] as string[] };

/**
 * The person at a position of an organization, and their e-mail address: each first and last name pair is used
 * once before any repeats (then with a number), so addresses are unique in the organization by construction.
 */
export function personAt(key: number, index: number, domain: string): { first: string; last: string; email: string } {
  if (slugs.first.length === 0) {
    slugs.first = FIRST_NAMES.map(slug);
    slugs.last = LAST_NAMES.map(slug);
  }
  const pairs = FIRST_NAMES.length * LAST_NAMES.length;
  const pair = permute(index % pairs, pairs, key);
  const round = Math.floor(index / pairs);
  const f = pair % FIRST_NAMES.length;
  const l = Math.floor(pair / FIRST_NAMES.length);
  const email = `${slugs.first[f]}.${slugs.last[l]}${round === 0 ? '' : round + 1}@${domain}`;
  return { first: FIRST_NAMES[f]!, last: LAST_NAMES[l]!, email };
}

/** `count` distinct company names with distinct mail domains, drawn from `random`. */
export function companyNames(random: () => number, count: number): string[] {
  const last = () => LAST_NAMES[drawInt(random, LAST_NAMES.length)]!;
  const names: string[] = [];
  const domains = new Set<string>();
  while (names.length < count) {
    const pattern = drawInt(random, 3);
    let name =
      pattern === 0
        ? `${last()} - ${last()}`
        : pattern === 1
          ? `${last()} ${LEGAL_ENTITY_TYPES[drawInt(random, LEGAL_ENTITY_TYPES.length)]}`
          : `${last()}, ${last()} and ${last()}`;
    if (domains.has(domainOf(name))) name = `${name} ${names.length + 1}`;
    if (domains.has(domainOf(name))) continue;
    domains.add(domainOf(name));
    names.push(name);
  }
  return names;
}

/** How a lazy world makes its members: the organizations, each one's size, and the member at a position. */
export interface WorldParts {
  organizations: Organization[];
  counts: number[];
  member(ref: MemberRef): FixtureUser;
  codec: ReturnType<typeof credentialCodec>;
  /** The prefix of API keys; null when the API has no API-key scheme. */
  keyPrefix: string | null;
}

/** A lazy world from its parts; throws when the sizes exceed what a token can address. */
export function lazyWorld({ organizations, counts, member, codec, keyPrefix }: WorldParts): World {
  if (organizations.length > MAX_ORGANIZATIONS || counts.some((c) => c > MAX_MEMBERS)) {
    throw new RangeError(`a generated world holds at most ${MAX_ORGANIZATIONS} organizations of ${MAX_MEMBERS} users`);
  }
  const inWorld = (ref: MemberRef | null) => (ref !== null && ref.org < organizations.length && ref.index < counts[ref.org]! ? ref : null);
  return {
    organizations,
    members: (org): Members => ({ count: counts[org] ?? 0, at: (index) => member({ org, index }) }),
    locateToken: (token) => inWorld(codec.locateToken(token)),
    locateApiKey: (key) => (keyPrefix === null ? null : inWorld(codec.locateApiKey(keyPrefix, key))),
  };
}

/** Every member of a world, organization by organization, as one dataset (small worlds: fixture files, tests). */
export function materialize(world: World): Dataset {
  const users: FixtureUser[] = [];
  world.organizations.forEach((_org, n) => {
    const members = world.members(n);
    for (let i = 0; i < members.count; i++) users.push(members.at(i));
  });
  return { organizations: [...world.organizations], users };
}
