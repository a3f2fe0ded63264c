import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stableToken } from '../apis/fixture-kit.js';
import type { ApiDefinition, Dataset, DatasetOptions, FixtureUser, Organization } from '../apis/types.js';
import { isObject } from '../openapi/load.js';
import type { Json } from '../openapi/types.js';
import { createBodyValidator } from '../openapi/validate.js';

/** A fixture file that cannot be served; the message names the file, the record and the field. */
export class FixtureError extends Error {
  override name = 'FixtureError';
}

/**
 * Reads `<dir>/<api>.json` for each API that has one: `{ "organizations": [{ "id", "name" }],
 * "users": [ { ...the user as the API serves it, "token"?: "..." } ] }`. Every user is checked
 * against the spec's user schema and against the organizations; ids, e-mails and tokens must be
 * unique. Returns the APIs' datasets by name (absent APIs keep generated data).
 */
export function readFixtureDir(dir: string, apis: readonly ApiDefinition[], seed: number): Map<string, Dataset> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FixtureError(`${dir}: no such fixture directory`);
  const found = new Map<string, Dataset>();
  for (const api of apis) {
    const file = join(dir, `${api.name}.json`);
    if (existsSync(file)) found.set(api.name, readFixtureFile(file, api, seed));
  }
  if (found.size === 0) {
    throw new FixtureError(`${dir}: no fixture file found (expected ${apis.map((a) => `${a.name}.json`).join(' or ')})`);
  }
  return found;
}

export function readFixtureFile(file: string, api: ApiDefinition, seed: number): Dataset {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
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
  const seen = { id: new Set<string>(), email: new Set<string>(), token: new Set<string>() };
  const users: FixtureUser[] = (root.users as Json[]).map((raw, i) => {
    if (!isObject(raw)) return fail(`users[${i}]`, 'must be an object');
    const { token, ...record } = raw;
    const label = `users[${i}]${typeof record.id === 'string' ? ` (id ${record.id})` : ''}`;
    const [violation] = validator.validateAt(pointer, record);
    if (violation) {
      const field = violation.path ? violation.path.slice(1).replace(/\//g, '.') : 'record';
      fail(
        label,
        `field ${field}: ${violation.message}${violation.value === undefined ? '' : ` (got ${JSON.stringify(violation.value).slice(0, 80)})`}`,
      );
    }
    if (typeof record.id !== 'string' || record.id === '') fail(label, 'field id: must be a non-empty string');
    for (const key of ['id', 'email'] as const) {
      const value = record[key];
      if (typeof value !== 'string') continue;
      if (seen[key].has(value.toLowerCase())) fail(label, `field ${key}: ${JSON.stringify(value)} is used twice`);
      seen[key].add(value.toLowerCase());
    }
    const orgId = api.mock.organizationOf(record);
    const org = orgId === null ? undefined : orgById.get(orgId.toLowerCase());
    if (orgId !== null && !org) fail(label, `field organization: ${JSON.stringify(orgId)} is not in "organizations"`);
    const mismatch = org ? api.mock.consistency?.(record, org) : null;
    if (mismatch) fail(label, mismatch);
    if (token !== undefined && (typeof token !== 'string' || !/^[\x21-\x7e]{8,512}$/.test(token))) {
      fail(label, 'field token: must be 8 to 512 printable ASCII characters without spaces');
    }
    const finalToken =
      (token as string | undefined) ?? stableToken(api.mock.tokenPrefix, api.mock.roleName(record), seed, record.id as string);
    if (seen.token.has(finalToken)) fail(label, 'field token: used twice');
    seen.token.add(finalToken);
    return { token: finalToken, record };
  });
  return { organizations, users };
}

/** The editable fixture-file form of an API's generated data (what `--fixtures DIR` reads back). */
export function fixtureFile(api: ApiDefinition, options: DatasetOptions): string {
  const data = api.mock.generate(options);
  return `${JSON.stringify({ organizations: data.organizations, users: data.users.map((u) => ({ ...u.record, token: u.token })) }, null, 2)}\n`;
}
