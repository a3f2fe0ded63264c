/**
 * Fixture files (`<api>.json`) for `serve --fixtures DIR`: read and checked against the spec, or written by
 * `orgmock fixtures`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stableToken } from '../apis/fixture-kit.js';
import type { ApiDefinition, Dataset, DatasetOptions, FixtureUser, Organization } from '../apis/types.js';
import { apiKeyScheme } from '../openapi/extensions.js';
import { isObject } from '../openapi/load.js';
import type { Json } from '../openapi/types.js';
import { createBodyValidator } from '../openapi/validate.js';
import { OrgmockError } from '../util/errors.js';

/** A fixture file that cannot be served; the message names the file, the record and the field. */
export class FixtureError extends OrgmockError {
  override name = 'FixtureError';
  constructor(message: string) {
    super(message, 'E_FIXTURE');
  }
}

/**
 * Reads `<dir>/<api>.json` for each API that has one: `{ "organizations": [{ "id", "name" }],
 * "users": [ { ...the user as the API serves it, "token"?: "...", "apiKey"?: "..." } ] }` (`apiKey` only
 * for an API whose spec has an API-key scheme; `organization`, the user's organization id, only for an API whose
 * listed users carry none). Every user is checked
 * against the spec's user schema and against the organizations; ids, e-mails and tokens must be
 * unique. Returns the APIs' datasets by name (absent APIs keep generated data).
 */
export function readFixtureDir(dir: string, apis: readonly ApiDefinition[], seed: number): Map<string, Dataset> {
  if (!existsSync(dir)) throw new FixtureError(`${dir}: no such fixture directory`);
  if (!statSync(dir).isDirectory())
    throw new FixtureError(
      `${dir}: is a file; --fixtures takes the directory holding ${apis.map((a) => `${a.name}.json`).join(' and/or ')}`,
    );
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    // An unreadable directory is the user's to fix, not "no fixture file found".
    throw new FixtureError(`${dir}: the fixture directory cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const found = new Map<string, Dataset>();
  for (const api of apis) {
    if (names.includes(`${api.name}.json`)) found.set(api.name, readFixtureFile(join(dir, `${api.name}.json`), api, seed));
  }
  if (found.size === 0) {
    throw new FixtureError(`${dir}: no fixture file found (expected ${apis.map((a) => `${a.name}.json`).join(' or ')})`);
  }
  return found;
}

/** What the engine can serve of a user record's fields: nesting depth, and one record's serialised size. */
export const FIXTURE_LIMITS = { depth: 32, recordBytes: 64 * 1024, fileBytes: 512 * 1024 * 1024 } as const;

export function readFixtureFile(file: string, api: ApiDefinition, seed: number): Dataset {
  let text: string;
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw new FixtureError(`${file}: is a directory, not a fixture file`);
    if (!info.isFile()) throw new FixtureError(`${file}: is not a regular file`);
    if (info.size > FIXTURE_LIMITS.fileBytes) throw new FixtureError(`${file}: larger than ${FIXTURE_LIMITS.fileBytes / 1024 / 1024} MB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof FixtureError) throw error;
    throw new FixtureError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    // A UTF-8 BOM (as some editors write) is accepted, as the config reader accepts it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FixtureError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const fail = (where: string, message: string): never => {
    throw new FixtureError(`${file}: ${where}: ${message}`);
  };
  if (!isObject(parsed)) fail('top level', 'must be an object with "organizations" and "users"');
  const root = parsed as Record<string, Json>;
  if (!Array.isArray(root.organizations)) fail('organizations', 'must be an array of { "id", "name" }');
  if (!Array.isArray(root.users)) fail('users', 'must be an array of user records');

  const organizations: Organization[] = (root.organizations as Json[]).map((o, i) => {
    if (!isObject(o) || typeof o.id !== 'string' || o.id === '' || typeof o.name !== 'string') {
      return fail(`organizations[${i}]`, 'must be { "id": non-empty string, "name": string }');
    }
    return { id: o.id, name: o.name };
  });
  const orgById = new Map(organizations.map((o) => [o.id.toLowerCase(), o]));
  if (orgById.size !== organizations.length) fail('organizations', 'two organizations share an id');

  const validator = createBodyValidator(api.spec);
  const pointer = `#/components/schemas/${api.mock.fixtureSchema.userSchema}`;
  const seen = { id: new Set<string>(), email: new Set<string>(), token: new Set<string>(), apiKey: new Set<string>() };
  // An API without an API-key scheme has no `apiKey` in its files: such a field is the record's own.
  const keyed = apiKeyScheme(api.spec, api.operation) !== null;
  // An API whose listed users carry no organization (x-access-control names no organizationProperty) has the
  // user's organization id in the file as `organization`, beside the record like `token`.
  const placed = api.operation.access !== null && api.operation.access.organizationProperty === null;
  const users: FixtureUser[] = (root.users as Json[]).map((raw, i) => {
    if (!isObject(raw)) return fail(`users[${i}]`, 'must be an object');
    const { token, ...rest } = raw;
    const { apiKey, ...keyless } = rest;
    const { organization: placedIn, ...unplaced } = keyed ? keyless : rest;
    const record = placed ? unplaced : keyed ? keyless : rest;
    const label = `users[${i}]${typeof record.id === 'string' || typeof record.id === 'number' ? ` (id ${record.id})` : ''}`;
    const tooBig = oversized(record);
    if (tooBig) fail(label, tooBig);
    const [violation] = validator.validateAt(pointer, record);
    if (violation) {
      const field = violation.path ? violation.path.slice(1).replace(/\//g, '.') : 'record';
      fail(
        label,
        `field ${field}: ${violation.message}${violation.value === undefined ? '' : ` (got ${JSON.stringify(violation.value).slice(0, 80)})`}`,
      );
    }
    // The id's type is the user schema's business (checked above): a string or an integer both identify a user.
    if ((typeof record.id !== 'string' && typeof record.id !== 'number') || record.id === '')
      fail(label, 'field id: must be a non-empty string or a number');
    for (const key of ['id', 'email'] as const) {
      const value = record[key];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const text = String(value).toLowerCase();
      if (seen[key].has(text)) fail(label, `field ${key}: ${JSON.stringify(value)} is used twice`);
      seen[key].add(text);
    }
    if (placed && placedIn !== undefined && (typeof placedIn !== 'string' || placedIn === ''))
      fail(label, 'field organization: must be the id of one of "organizations"');
    const organization = placed && typeof placedIn === 'string' ? placedIn : undefined;
    const orgId = api.mock.organizationOf(record) ?? organization ?? null;
    const org = orgId === null ? undefined : orgById.get(orgId.toLowerCase());
    if (orgId !== null && !org) fail(label, `field organization: ${JSON.stringify(orgId)} is not in "organizations"`);
    const mismatch = org ? api.mock.consistency?.(record, org) : null;
    if (mismatch) fail(label, mismatch);
    if (token !== undefined && (typeof token !== 'string' || !/^[\x21-\x7e]{8,512}$/.test(token))) {
      fail(label, 'field token: must be 8 to 512 printable ASCII characters without spaces');
    }
    const finalToken =
      (token as string | undefined) ?? stableToken(api.mock.tokenPrefix, api.mock.roleName(record), seed, String(record.id));
    if (seen.token.has(finalToken)) fail(label, 'field token: used twice');
    seen.token.add(finalToken);
    const user: FixtureUser = organization === undefined ? { token: finalToken, record } : { token: finalToken, record, organization };
    if (!keyed || apiKey === undefined || apiKey === null) return user;
    if (typeof apiKey !== 'string' || !/^[\x21-\x7e]{8,512}$/.test(apiKey)) {
      fail(label, 'field apiKey: must be 8 to 512 printable ASCII characters without spaces');
    }
    if (seen.apiKey.has(apiKey as string)) fail(label, 'field apiKey: used twice');
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
  const bytes = Buffer.byteLength(JSON.stringify(record));
  if (bytes > FIXTURE_LIMITS.recordBytes) {
    const biggest = Object.entries(record).sort((a, b) => JSON.stringify(b[1]).length - JSON.stringify(a[1]).length)[0]?.[0] ?? 'record';
    return `field ${biggest}: the record is ${bytes} bytes serialised, more than the ${FIXTURE_LIMITS.recordBytes / 1024} KB a fixture user may have`;
  }
  return null;
}

/** The editable fixture-file form of an API's generated data (what `--fixtures DIR` reads back). */
export function fixtureFile(api: ApiDefinition, options: DatasetOptions): string {
  const data = api.mock.generate(options);
  const users = data.users.map((u) => ({
    ...u.record,
    token: u.token,
    ...(u.apiKey === undefined ? {} : { apiKey: u.apiKey }),
    ...(u.organization === undefined ? {} : { organization: u.organization }),
  }));
  return `${JSON.stringify({ organizations: data.organizations, users }, null, 2)}\n`;
}
