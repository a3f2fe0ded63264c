// Proves: `serve --fixtures DIR` refuses every broken fixture file with a FixtureError (E_FIXTURE) that
// names the file, the record and the field and says the rule (fixtures/README.md), accepts what the
// rules allow, and `orgmock fixtures` writes files that read back as the generated data. Expected values
// come from fixtures/README.md, the specs (openapi/*.yaml) and README.md, not from the code's output.
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  ftruncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flashback } from '../apis/flashback/index.js';
import { superai } from '../apis/superai/index.js';
import type { ApiDefinition } from '../apis/types.js';
import { EXIT, OrgmockError } from '../util/errors.js';
import { FixtureError, fixtureChunks, fixtureFile, readFixtureDir, readFixtureFile } from './fixture-files.js';

const APIS = [flashback, superai];
const ORG = { id: '123e4567-e89b-12d3-a456-426614174000', name: 'Initech' };
/** A Flashback user with every field of the spec's OrganizationUser (openapi/flashback.yaml). */
const FB_USER = {
  id: 'u1',
  email: 'ada@initech.example',
  name: 'Ada',
  lastName: 'Lovelace',
  orgId: ORG.id,
  orgRole: 255,
  validated: true,
  deletedAt: null,
  orgRoleDescription: 'OWNER',
  orgRoles: [0, 1, 2, 254, 255],
};
/** A SuperAI user with every required field of OrganizationUserResponse (openapi/superai.yaml). */
const SA_USER = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  email: 'grace@initech.example',
  first_name: 'Grace',
  last_name: 'Hopper',
  organization_id: ORG.id,
  organization_name: 'Initech',
  role: 'org_admin',
  status: 'active',
  modified_by: 'system',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-02T00:00:00.000Z',
};
const SA_USER_2 = { ...SA_USER, id: '9b2d5c1e-0f4a-4c8e-8d1b-6f7a2e3c4d5b', email: 'alan@initech.example', role: 'app_user' };

/** Every directory tempDir made, removed after the file's tests (one holds a sparse 512 MiB file). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-fixture-files-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

/** The error `run` throws (the test fails when it throws none, or not a FixtureError). */
function refusal(run: () => unknown): FixtureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return error as FixtureError;
  }
  throw new Error('expected a FixtureError, nothing was thrown');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Writes `<api>.json` with `content` and reads it, as `serve --fixtures DIR` does. */
function readOne(api: ApiDefinition, content: unknown, seed = 1) {
  const dir = tempDir({ [`${api.name}.json`]: content });
  return { file: join(dir, `${api.name}.json`), read: () => readFixtureFile(join(dir, `${api.name}.json`), api, seed) };
}
/** The message of refusing `content` as `<api>.json`, with the file's path checked and cut off. */
function refuse(api: ApiDefinition, content: unknown): string {
  const { file, read } = readOne(api, content);
  const { message } = refusal(read);
  expect(message.startsWith(`${file}: `), message).toBe(true);
  return message.slice(file.length + 2);
}

describe('FixtureError', () => {
  it('is an OrgmockError with the stable code E_FIXTURE and exit code 2 (the user has a file to fix)', () => {
    const error = new FixtureError('flashback.json: broken');
    expect(error).toBeInstanceOf(OrgmockError);
    expect(error.code).toBe('E_FIXTURE');
    expect(error.name).toBe('FixtureError');
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toBe('flashback.json: broken');
  });
});

describe('readFixtureDir: the directory', () => {
  it('refuses a directory that does not exist, naming it', () => {
    const dir = join(tempDir(), 'missing');
    expect(refusal(() => readFixtureDir(dir, APIS, 1)).message).toBe(`${dir}: no such fixture directory`);
  });

  it('refuses a file given as the directory, naming it and the files the directory should hold', () => {
    const dir = tempDir({ 'flashback.json': { organizations: [ORG], users: [FB_USER] } });
    const file = join(dir, 'flashback.json');
    const { message } = refusal(() => readFixtureDir(file, APIS, 1));
    expect(message).toMatch(
      new RegExp(`^${escapeRegExp(file)}: is a file; --fixtures takes the directory holding flashback\\.json and/or superai\\.json$`),
    );
  });

  it('refuses a directory without any fixture file, naming the files it looked for', () => {
    for (const files of [{}, { 'users.json': '{}', 'Flashback.txt': '{}' }]) {
      const dir = tempDir(files);
      expect(refusal(() => readFixtureDir(dir, APIS, 1)).message).toBe(
        `${dir}: no fixture file found (expected flashback.json or superai.json)`,
      );
    }
  });

  it('reads the files present and only those: an API without a file keeps its generated data', () => {
    const dir = tempDir({ 'superai.json': { organizations: [ORG], users: [SA_USER] } });
    const found = readFixtureDir(dir, APIS, 1);
    expect([...found.keys()]).toEqual(['superai']);
    expect(found.get('superai')!.users.map((u) => u.record)).toEqual([SA_USER]);
    expect(found.get('superai')!.organizations).toEqual([ORG]);
  });
});

describe('readFixtureFile: the file', () => {
  it('refuses a directory named like a fixture file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'flashback.json'));
    const { message } = refusal(() => readFixtureDir(dir, APIS, 1));
    expect(message).toBe(`${join(dir, 'flashback.json')}: is a directory, not a fixture file`);
  });

  it('refuses a fixture file that is not a regular file (a device)', () => {
    const dir = tempDir();
    symlinkSync('/dev/null', join(dir, 'flashback.json'));
    expect(refusal(() => readFixtureDir(dir, APIS, 1)).message).toBe(`${join(dir, 'flashback.json')}: is not a regular file`);
  });

  it('refuses a fixture file it cannot open (a dangling link), with the reason', () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'nowhere.json'), join(dir, 'superai.json'));
    expect(refusal(() => readFixtureDir(dir, APIS, 1)).message).toBe(`${join(dir, 'superai.json')}: cannot be read (ENOENT)`);
  });

  it('refuses a file over 512 MB before reading it', () => {
    const dir = tempDir();
    const file = join(dir, 'flashback.json');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 512 * 1024 * 1024 + 1); // sparse: no disk space, no memory
    closeSync(fd);
    expect(refusal(() => readFixtureFile(file, flashback, 1)).message).toBe(`${file}: larger than 512 MB`);
  });

  it('accepts a UTF-8 byte order mark, as editors write it', () => {
    const { read } = readOne(
      flashback,
      `\uFEFF${JSON.stringify({ organizations: [ORG], users: [{ ...FB_USER, token: 'team-owner-token' }] })}`,
    );
    expect(read().users).toEqual([{ token: 'team-owner-token', record: FB_USER }]);
  });

  it('keeps a U+FEFF inside the data: only a leading byte order mark is dropped', () => {
    const user = { ...FB_USER, name: 'Ada\uFEFF', token: 'team-owner-token' };
    const { read } = readOne(flashback, JSON.stringify({ organizations: [ORG], users: [user] }));
    expect(read().users[0]!.record.name).toBe('Ada\uFEFF');
  });

  it("refuses text that is not JSON, with the parser's reason", () => {
    expect(refuse(flashback, '{"organizations": [')).toMatch(/^not valid JSON \(.+\)$/);
  });

  it.each([['[]'], ['null'], ['"flashback"'], ['42']])('refuses a top level that is not an object: %s', (text) => {
    expect(refuse(flashback, text)).toBe('top level: must be an object with "organizations" and "users"');
  });

  it.each([[{ users: [] }], [{ organizations: {}, users: [] }], [{ organizations: 'Initech', users: [] }]])(
    'refuses organizations that are not an array: %j',
    (content) => {
      expect(refuse(flashback, content)).toBe('organizations: must be an array of { "id", "name" }');
    },
  );

  it.each([[{ organizations: [] }], [{ organizations: [], users: {} }]])('refuses users that are not an array: %j', (content) => {
    expect(refuse(flashback, content)).toBe('users: must be an array of user records');
  });
});

describe('readFixtureFile: organizations', () => {
  it.each([
    ['null', null],
    ['a string', 'Initech'],
    ['an array', [ORG.id, 'Initech']],
    ['no id', { name: 'Globex' }],
    ['an empty id', { id: '', name: 'Globex' }],
    ['a numeric id', { id: 7, name: 'Globex' }],
    ['no name', { id: 'b1f7a7c4-3d1e-4f7a-9c1b-2a3b4c5d6e7f' }],
    ['a numeric name', { id: 'b1f7a7c4-3d1e-4f7a-9c1b-2a3b4c5d6e7f', name: 7 }],
  ])('refuses an organization with %s, naming its index', (_n, organization) => {
    expect(refuse(flashback, { organizations: [ORG, organization], users: [] })).toBe(
      'organizations[1]: must be { "id": non-empty string, "name": string }',
    );
  });

  it('refuses two organizations with the same id, also in other letter case (UUIDs are case-insensitive)', () => {
    for (const other of [
      { ...ORG, name: 'Initech 2' },
      { id: ORG.id.toUpperCase(), name: 'Initech 2' },
    ]) {
      expect(refuse(flashback, { organizations: [ORG, other], users: [] })).toBe('organizations: two organizations share an id');
    }
  });

  it("finds a user's organization whatever the letter case of its id", () => {
    const { read } = readOne(superai, { organizations: [ORG], users: [{ ...SA_USER, organization_id: ORG.id.toUpperCase() }] });
    expect(read().users).toHaveLength(1);
  });

  it('refuses a user whose organization is not listed, naming the id', () => {
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, orgId: 'org-2' }] })).toBe(
      'users[0] (id u1): field organization: "org-2" is not in "organizations"',
    );
  });

  it('accepts a Flashback user of no organization (orgId null, as its spec allows)', () => {
    const { read } = readOne(flashback, { organizations: [], users: [{ ...FB_USER, orgId: null }] });
    expect(read().users.map((u) => u.record.orgId)).toEqual([null]);
  });

  it("refuses a SuperAI user whose organization_name is not its organization's name", () => {
    expect(refuse(superai, { organizations: [ORG], users: [SA_USER, { ...SA_USER_2, organization_name: 'Initech Inc' }] })).toBe(
      `users[1] (id ${SA_USER_2.id}): field organization_name: "Initech Inc" is not the organization's name "Initech"`,
    );
  });
});

describe('readFixtureFile: user records against the spec', () => {
  it.each([
    ['null', null],
    ['a string', 'ada@initech.example'],
    ['a number', 7],
  ])('refuses a user that is %s, naming its index', (_n, user) => {
    expect(refuse(flashback, { organizations: [ORG], users: [FB_USER, user] })).toBe('users[1]: must be an object');
  });

  it('names a field nested in the record by its dotted path, with the value it got', () => {
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, orgRoles: [0, 3] }] })).toMatch(
      /^users\[0\] \(id u1\): field orgRoles\.1: must be equal to one of the allowed values: 0, 1, 2, 254, 255 \(got 3\)$/,
    );
  });

  it('names a missing required field', () => {
    const { email: _email, ...noEmail } = SA_USER;
    const message = refuse(superai, { organizations: [ORG], users: [noEmail] });
    expect(message).toMatch(new RegExp(`^users\\[0\\] \\(id ${SA_USER.id}\\): field record: must have property email`));
  });

  it('quotes at most 80 characters of a wrong value', () => {
    const email = `${'x'.repeat(300)}@`;
    const message = refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, email }] });
    expect(message).toMatch(/^users\[0\] \(id u1\): field email: must match format "email" \(got "x+\)$/);
    expect(message.length).toBeLessThan(200);
  });

  it('labels a record without a string id by its index only', () => {
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, id: 5 }] })).toMatch(
      /^users\[0\]: field id: must be string \(got 5\)$/,
    );
    const { id: _id, ...noId } = FB_USER;
    expect(refuse(flashback, { organizations: [ORG], users: [noId] })).toBe('users[0]: field id: must be a non-empty string or a number');
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, id: '' }] })).toMatch(
      /field id: must be a non-empty string or a number$/,
    );
  });

  it('refuses two users with the same id', () => {
    const second = { ...FB_USER, email: 'b@initech.example', token: 'token-two' };
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, token: 'token-one' }, second] })).toBe(
      'users[1] (id u1): field id: "u1" is used twice',
    );
  });

  it('refuses two users with the same e-mail, whatever its letter case', () => {
    const users = [FB_USER, { ...FB_USER, id: 'u2', email: 'Ada@INITECH.example' }];
    expect(refuse(flashback, { organizations: [ORG], users })).toBe('users[1] (id u2): field email: "Ada@INITECH.example" is used twice');
  });

  it('accepts Flashback users without an e-mail (its spec requires none): no address is used twice', () => {
    const { email: _email, ...noEmail } = FB_USER;
    const { read } = readOne(flashback, { organizations: [ORG], users: [noEmail, { ...noEmail, id: 'u2' }] });
    expect(read().users.map((u) => u.record.id)).toEqual(['u1', 'u2']);
  });
});

describe('readFixtureFile: what the mock can serve', () => {
  /** `levels` objects (or arrays) nested under the field `extra`: the record itself is one level more. */
  const nested = (levels: number, array = false): unknown => {
    let value: unknown = 'leaf';
    for (let i = 0; i < levels; i++) value = array ? [value] : { a: value };
    return value;
  };

  it('serves a record nested 32 levels deep (the record one of them), refuses 33, naming the field', () => {
    const { read } = readOne(flashback, { organizations: [ORG], users: [{ ...FB_USER, extra: nested(31) }] });
    expect(read().users[0]!.record.extra).toEqual(nested(31));
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, extra: nested(32) }] })).toBe(
      `users[0] (id u1): field extra${'.a'.repeat(31)}: nested deeper than 32 levels, which the mock does not serve`,
    );
  });

  it('counts arrays as levels too, naming the element', () => {
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, extra: nested(32, true) }] })).toBe(
      `users[0] (id u1): field extra${'[0]'.repeat(31)}: nested deeper than 32 levels, which the mock does not serve`,
    );
    const { read } = readOne(flashback, { organizations: [ORG], users: [{ ...FB_USER, extra: nested(31, true) }] });
    expect(read().users).toHaveLength(1);
  });

  it('finds a deep field beside shallow ones, and null and scalars are no levels', () => {
    const record = { ...FB_USER, a: null, b: { c: null, d: 1, e: [true, 'x'] }, deep: { inner: nested(31) } };
    expect(refuse(flashback, { organizations: [ORG], users: [record] })).toMatch(
      /^users\[0\] \(id u1\): field deep\.inner(\.a)+: nested deeper than 32/,
    );
  });

  it('serves a record of 64 KB serialised, refuses one byte more, naming the largest field', () => {
    // The record as served (the token is not part of it), padded to an exact size.
    const sized = (bytes: number) => {
      const record = { ...FB_USER, note: 'n'.repeat(1000), blob: '' };
      record.blob = 'é'.repeat(Math.floor((bytes - Buffer.byteLength(JSON.stringify(record))) / 2));
      if (Buffer.byteLength(JSON.stringify(record)) < bytes) record.blob += 'x';
      expect(Buffer.byteLength(JSON.stringify(record))).toBe(bytes);
      return record;
    };
    const { read } = readOne(flashback, { organizations: [ORG], users: [{ ...sized(64 * 1024), token: 'team-owner-token' }] });
    expect(read().users).toHaveLength(1);
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...sized(64 * 1024 + 1), token: 'team-owner-token' }] })).toBe(
      `users[0] (id u1): field blob: the record is ${64 * 1024 + 1} bytes serialised, more than the 64 KB a fixture user may have`,
    );
  });
});

describe('readFixtureFile: tokens and API keys', () => {
  it.each([
    ['7 characters', 'a'.repeat(7)],
    ['513 characters', 'a'.repeat(513)],
    ['a space inside', 'team owner token'],
    ['a leading space', ' team-owner-token'],
    ['a trailing space', 'team-owner-token '],
    ['a trailing newline', 'team-owner-token\n'],
    ['a control character', 'team-owner\u0007token'],
    ['non-ASCII', 'team-ówner-token'],
    ['a number', 12345678],
    ['null', null],
  ])('refuses a token with %s', (_n, token) => {
    expect(refuse(flashback, { organizations: [ORG], users: [{ ...FB_USER, token }] })).toBe(
      'users[0] (id u1): field token: must be 8 to 512 printable ASCII characters without spaces',
    );
  });

  it('refuses a token used twice, also when it is the one another user gets from the seed', () => {
    const users = [
      { ...FB_USER, token: 'shared-token' },
      { ...FB_USER, id: 'u2', email: 'b@initech.example', token: 'shared-token' },
    ];
    expect(refuse(flashback, { organizations: [ORG], users })).toBe('users[1] (id u2): field token: used twice');
    const generated = readOne(flashback, { organizations: [ORG], users: [FB_USER] }).read().users[0]!.token;
    const clash = [FB_USER, { ...FB_USER, id: 'u2', email: 'b@initech.example', token: generated }];
    expect(refuse(flashback, { organizations: [ORG], users: clash })).toBe('users[1] (id u2): field token: used twice');
  });

  it("gives a user without a token a stable one from the seed and its id, prefixed with the API's and the role's name", () => {
    const token = (user: object, seed: number) => readOne(flashback, { organizations: [ORG], users: [user] }, seed).read().users[0]!.token;
    const first = token(FB_USER, 1);
    expect(first).toMatch(/^fb_owner_[\x21-\x7e]+$/);
    expect(first.length).toBeGreaterThanOrEqual(8);
    expect(token(FB_USER, 1)).toBe(first);
    expect(token(FB_USER, 2)).not.toBe(first);
    expect(token({ ...FB_USER, id: 'u9' }, 1)).not.toBe(first);
    expect(token({ ...FB_USER, orgRole: 2, orgRoleDescription: 'WORKSPACES', orgRoles: [0, 1, 2] }, 1)).toMatch(/^fb_workspaces_/);
    const sa = readOne(superai, { organizations: [ORG], users: [SA_USER] }).read().users[0]!;
    expect(sa.token).toMatch(/^sa_org_admin_[\x21-\x7e]+$/);
  });

  it("keeps a SuperAI user's apiKey out of its record; absent or null, the user has no key", () => {
    const { read } = readOne(superai, {
      organizations: [ORG],
      users: [
        { ...SA_USER, apiKey: 'saf_team-admin-key' },
        { ...SA_USER_2, apiKey: null },
      ],
    });
    const [admin, user] = read().users;
    expect(admin).toEqual({ token: expect.any(String), record: SA_USER, apiKey: 'saf_team-admin-key' });
    expect(user!.record).toEqual(SA_USER_2);
    expect(user!.apiKey).toBeUndefined();
  });

  it.each([
    ['7 characters', 'saf_abc'],
    ['a space inside', 'saf_a key'],
    ['a leading space', ' saf_team-key'],
    ['a trailing space', 'saf_team-key '],
    ['non-ASCII', 'saf_tëam-key'],
    ['a number', 12345678],
  ])('refuses an apiKey with %s', (_n, apiKey) => {
    expect(refuse(superai, { organizations: [ORG], users: [{ ...SA_USER, apiKey }] })).toBe(
      `users[0] (id ${SA_USER.id}): field apiKey: must be 8 to 512 printable ASCII characters without spaces`,
    );
  });

  it('refuses an apiKey used twice', () => {
    const users = [
      { ...SA_USER, apiKey: 'saf_shared-key' },
      { ...SA_USER_2, apiKey: 'saf_shared-key' },
    ];
    expect(refuse(superai, { organizations: [ORG], users })).toBe(`users[1] (id ${SA_USER_2.id}): field apiKey: used twice`);
  });
});

describe('fixtureFile (orgmock fixtures)', () => {
  it.each([
    ['flashback', flashback],
    ['superai', superai],
  ] as const)('%s: the file reads back as the generated data, tokens and API keys included', (_n, api) => {
    const options = { seed: 11, usersPerOrg: 12 };
    const text = fixtureFile(api, options);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "organizations": [\n'); // indented, to be edited by hand
    const dir = tempDir({ [`${api.name}.json`]: text });
    const read = readFixtureDir(dir, APIS, options.seed).get(api.name)!;
    const generated = api.mock.generate(options);
    expect(read.organizations).toEqual(generated.organizations);
    expect(read.users).toEqual(generated.users);
    const parsed = JSON.parse(text) as { users: Record<string, unknown>[] };
    const keyed = parsed.users.filter((u) => 'apiKey' in u).length;
    expect(keyed).toBe(generated.users.filter((u) => u.apiKey !== undefined).length);
    expect(parsed.users.every((u) => typeof u.token === 'string')).toBe(true);
  });

  it.each([0, 1, 12])(
    'with %i users per organization: the bytes of JSON.stringify(data, null, 2), made one organization at a time',
    (usersPerOrg) => {
      for (const api of [flashback, superai, { ...superai, mock: { ...superai.mock, world: undefined } }]) {
        const options = { seed: 5, usersPerOrg };
        const data = api.mock.generate(options);
        const users = data.users.map((u) => ({
          ...u.record,
          token: u.token,
          ...(u.apiKey === undefined ? {} : { apiKey: u.apiKey }),
          ...(u.organization === undefined ? {} : { organization: u.organization }),
        }));
        expect(fixtureFile(api, options)).toBe(`${JSON.stringify({ organizations: data.organizations, users }, null, 2)}\n`);
        const chunks = [...fixtureChunks(api, options)];
        // A lazy world's users come one organization per piece (plus the head and the tail); a dataset's in one.
        const world = api.mock.world?.(options);
        const pieces = world ? world.organizations.filter((_o, n) => world.members(n).count > 0).length : Math.min(data.users.length, 1);
        expect(chunks).toHaveLength(pieces + 2);
      }
    },
  );

  it('the examples in fixtures/example are accepted, written with 10 users per organization', () => {
    const dir = join(import.meta.dirname, '../../fixtures/example');
    expect(readdirSync(dir).sort()).toEqual(['flashback.json', 'superai.json']);
    const found = readFixtureDir(dir, APIS, 1);
    expect([...found.keys()].sort()).toEqual(['flashback', 'superai']);
    const flashbackUsers = found.get('flashback')!.users;
    for (const org of found.get('flashback')!.organizations) {
      expect(flashbackUsers.filter((u) => u.record.orgId === org.id)).toHaveLength(10);
    }
    expect(
      JSON.parse(readFileSync(join(dir, 'flashback.json'), 'utf8')).users.every((u: { token?: unknown }) => typeof u.token === 'string'),
    ).toBe(true);
  });
});
