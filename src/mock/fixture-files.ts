/**
 * Fixture files (`<api>.json`) for `serve --fixtures DIR`: read and checked against the spec, or written by
 * `orgmock fixtures`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiDefinition, Dataset, DatasetOptions, FixtureUser } from '../apis/types.js';
import { OrgmockError } from '../util/errors.js';
import { datasetFromFixture, FIXTURE_LIMITS } from './fixture-content.js';

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
 * for an API whose spec has an API-key scheme). Every user is checked
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
  return datasetFromFixture(parsed, api, seed, (where, message) => {
    throw new FixtureError(`${file}: ${where}: ${message}`);
  });
}

/** The editable fixture-file form of an API's generated data (what `--fixtures DIR` reads back). */
export function fixtureFile(api: ApiDefinition, options: DatasetOptions): string {
  return [...fixtureChunks(api, options)].join('');
}

/**
 * `fixtureFile`'s text in pieces, one organization's users at a time (the API's lazy world made member by member):
 * the same bytes as `JSON.stringify({ organizations, users }, null, 2)` and a newline, without holding every user.
 */
export function* fixtureChunks(api: ApiDefinition, options: DatasetOptions): Generator<string> {
  const world = api.mock.world?.(options);
  const data = world ? undefined : api.mock.generate(options);
  const organizations = world ? world.organizations : data!.organizations;
  /** Each organization's users (a dataset's in one piece: it is held already). */
  const groups: Iterable<Iterable<FixtureUser>> = world
    ? organizations.map((_org, n) => ({
        *[Symbol.iterator]() {
          const members = world.members(n);
          for (let i = 0; i < members.count; i++) yield members.at(i);
        },
      }))
    : [data!.users];
  // JSON.stringify(value, null, 2) nests by indenting every line of a member by the depth's spaces.
  const nested = (value: unknown, pad: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
  yield `{\n  "organizations": ${nested(organizations, '  ')},\n  "users": `;
  let first = true;
  for (const group of groups) {
    let chunk = '';
    for (const u of group) {
      const user = {
        ...u.record,
        token: u.token,
        ...(u.apiKey === undefined ? {} : { apiKey: u.apiKey }),
        ...(u.organization === undefined ? {} : { organization: u.organization }),
      };
      chunk += `${first ? '[\n' : ',\n'}    ${nested(user, '    ')}`;
      first = false;
    }
    if (chunk) yield chunk;
  }
  yield `${first ? '[]' : '\n  ]'}\n}\n`;
}
