/**
 * A fixture's content (`{ organizations, users }`, from a `--fixtures` file or a session's options) checked against
 * the spec and read into a dataset. No file system: sessions use it in browsers too.
 */
import { stableToken } from '../apis/fixture-kit.js';
import type { ApiDefinition, Dataset, FixtureUser, Organization } from '../apis/types.js';
import { apiKeyScheme } from '../openapi/extensions.js';
import { isObject } from '../openapi/load.js';
import type { Json } from '../openapi/types.js';
import { type BodyValidator, createBodyValidator } from '../openapi/validate.js';

/** What the engine can serve of a user record's fields: nesting depth, and one record's serialised size. */
export const FIXTURE_LIMITS = { depth: 32, recordBytes: 64 * 1024, fileBytes: 512 * 1024 * 1024 } as const;

/** Each API's user-schema validator, compiled once (sessions check fixtures at every creation). */
const validators = new WeakMap<ApiDefinition, BodyValidator>();

/**
 * Says where a fixture is wrong and throws: `where` as a fixture file's message names it (`users[3] (id u1)`),
 * `pointer` the JSON pointer of the field inside the fixture (`/users/3/email`).
 */
export type FixtureFail = (where: string, message: string, pointer: string) => never;

/**
 * The dataset of a parsed fixture (a file's content, or a session's `fixtures.<api>`), checked as `readFixtureFile`
 * describes; `fail` is called with the first mistake.
 */
export function datasetFromFixture(parsed: unknown, api: ApiDefinition, seed: number, fail: FixtureFail): Dataset {
  if (!isObject(parsed)) fail('top level', 'must be an object with "organizations" and "users"', '');
  const root = parsed as Record<string, Json>;
  if (!Array.isArray(root.organizations)) fail('organizations', 'must be an array of { "id", "name" }', '/organizations');
  if (!Array.isArray(root.users)) fail('users', 'must be an array of user records', '/users');

  const organizations: Organization[] = (root.organizations as Json[]).map((o, i) => {
    if (!isObject(o) || typeof o.id !== 'string' || o.id === '' || typeof o.name !== 'string') {
      return fail(`organizations[${i}]`, 'must be { "id": non-empty string, "name": string }', `/organizations/${i}`);
    }
    return { id: o.id, name: o.name };
  });
  const orgById = new Map(organizations.map((o) => [o.id.toLowerCase(), o]));
  if (orgById.size !== organizations.length) fail('organizations', 'two organizations share an id', '/organizations');

  let validator = validators.get(api);
  if (!validator) validators.set(api, (validator = createBodyValidator(api.spec)));
  const pointer = `#/components/schemas/${api.mock.fixtureSchema.userSchema}`;
  const seen = { id: new Set<string>(), email: new Set<string>(), token: new Set<string>(), apiKey: new Set<string>() };
  // An API without an API-key scheme has no `apiKey` in its files: such a field is the record's own.
  const keyed = apiKeyScheme(api.spec, api.operation) !== null;
  // An API whose listed users carry no organization (x-access-control names no organizationProperty) has the
  // user's organization id in the file as `organization`, beside the record like `token`.
  const placed = api.operation.access !== null && api.operation.access.organizationProperty === null;
  const users: FixtureUser[] = (root.users as Json[]).map((raw, i) => {
    const at = `/users/${i}`;
    if (!isObject(raw)) return fail(`users[${i}]`, 'must be an object', at);
    const { token, ...rest } = raw;
    const { apiKey, ...keyless } = rest;
    const { organization: placedIn, ...unplaced } = keyed ? keyless : rest;
    const record = placed ? unplaced : keyed ? keyless : rest;
    const label = `users[${i}]${typeof record.id === 'string' ? ` (id ${record.id})` : ''}`;
    const tooBig = oversized(record);
    if (tooBig) fail(label, tooBig, at);
    const [violation] = validator.validateAt(pointer, record);
    if (violation) {
      const field = violation.path ? violation.path.slice(1).replace(/\//g, '.') : 'record';
      fail(
        label,
        `field ${field}: ${violation.message}${violation.value === undefined ? '' : ` (got ${JSON.stringify(violation.value).slice(0, 80)})`}`,
        at + violation.path,
      );
    }
    // The id's type is the user schema's business (checked above): a string or a number both identify a user.
    if ((typeof record.id !== 'string' && typeof record.id !== 'number') || record.id === '')
      fail(label, 'field id: must be a non-empty string or a number', `${at}/id`);
    for (const key of ['id', 'email'] as const) {
      const value = record[key];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const text = String(value).toLowerCase();
      if (seen[key].has(text)) fail(label, `field ${key}: ${JSON.stringify(value)} is used twice`, `${at}/${key}`);
      seen[key].add(text);
    }
    if (placed && placedIn !== undefined && (typeof placedIn !== 'string' || placedIn === ''))
      fail(label, 'field organization: must be the id of one of "organizations"', `${at}/organization`);
    const organization = placed && typeof placedIn === 'string' ? placedIn : undefined;
    const orgId = api.mock.organizationOf(record) ?? organization ?? null;
    const org = orgId === null ? undefined : orgById.get(orgId.toLowerCase());
    if (orgId !== null && !org) fail(label, `field organization: ${JSON.stringify(orgId)} is not in "organizations"`, at);
    const mismatch = org ? api.mock.consistency?.(record, org) : null;
    if (mismatch) fail(label, mismatch, at);
    if (token !== undefined && (typeof token !== 'string' || !/^[\x21-\x7e]{8,512}$/.test(token))) {
      fail(label, 'field token: must be 8 to 512 printable ASCII characters without spaces', `${at}/token`);
    }
    const finalToken =
      (token as string | undefined) ?? stableToken(api.mock.tokenPrefix, api.mock.roleName(record), seed, String(record.id));
    if (seen.token.has(finalToken)) fail(label, 'field token: used twice', `${at}/token`);
    seen.token.add(finalToken);
    const user: FixtureUser = organization === undefined ? { token: finalToken, record } : { token: finalToken, record, organization };
    if (!keyed || apiKey === undefined || apiKey === null) return user;
    if (typeof apiKey !== 'string' || !/^[\x21-\x7e]{8,512}$/.test(apiKey)) {
      fail(label, 'field apiKey: must be 8 to 512 printable ASCII characters without spaces', `${at}/apiKey`);
    }
    if (seen.apiKey.has(apiKey as string)) fail(label, 'field apiKey: used twice', `${at}/apiKey`);
    seen.apiKey.add(apiKey as string);
    return { ...user, apiKey: apiKey as string };
  });
  return { organizations, users };
}

/**
 * Why a record cannot be served (a field nested deeper than FIXTURE_LIMITS.depth, or the record
 * larger than FIXTURE_LIMITS.recordBytes once serialised), naming the field; null when it can.
 * Extra fields are not in the schema, so this is what keeps `JSON.stringify` from overflowing at
 * the first request. Iterative, so the check itself cannot overflow either.
 */
function oversized(record: Record<string, Json>): string | null {
  const stack: { value: Json; path: string; depth: number }[] = Object.entries(record).map(([k, value]) => ({ value, path: k, depth: 1 }));
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= FIXTURE_LIMITS.depth)
      return `field ${path}: nested deeper than ${FIXTURE_LIMITS.depth} levels, which the mock does not serve`;
    const entries: [string, Json][] = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v])
      : Object.entries(value).map(([k, v]) => [`.${k}`, v]);
    for (const [step, child] of entries) stack.push({ value: child, path: path + step, depth: depth + 1 });
  }
  const bytes = new TextEncoder().encode(JSON.stringify(record)).length;
  if (bytes > FIXTURE_LIMITS.recordBytes) {
    const biggest = Object.entries(record).sort((a, b) => JSON.stringify(b[1]).length - JSON.stringify(a[1]).length)[0]?.[0] ?? 'record';
    return `field ${biggest}: the record is ${bytes} bytes serialised, more than the ${FIXTURE_LIMITS.recordBytes / 1024} KB a fixture user may have`;
  }
  return null;
}
