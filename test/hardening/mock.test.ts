// Proves: the mock never dies on data it accepted; DNS-rebinding guard; HEAD; HTTP/1.0; fixture files.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { flashback } from '../../src/apis/flashback/index.js';
import type { Dataset } from '../../src/apis/types.js';
import type { Json } from '../../src/openapi/types.js';
import { banner } from '../../src/mock/banner.js';
import { FixtureError, readFixtureDir } from '../../src/mock/fixture-files.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { APIS } from '../../src/apis/index.js';
import { runCli } from '../helpers/cli.js';

/** Sends raw bytes and resolves with everything the server wrote back before closing. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (out += d));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.write(text);
  });
}
const statusOf = (answer: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1]);
const headerOf = (answer: string, name: string) => new RegExp(`^${name}: (.*)\r$`, 'im').exec(answer)?.[1];
const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
async function start(options: Parameters<typeof startMockServer>[0] = {}) {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

function deepRecord(depth: number): Json {
  let x: Json = [];
  for (let i = 0; i < depth; i++) x = [x];
  return x;
}

/** A fixture file whose WORKSPACES user carries `x` nested 5,000 deep (an extra field the schema allows). */
function nestedFixture() {
  const data = flashback.mock.generate({ seed: 1, usersPerOrg: 10 });
  const owner = data.users.find((u) => u.record.orgRole === 255)!;
  const org = data.organizations.find((o) => o.id === owner.record.orgId)!;
  const deep = { ...owner.record, x: deepRecord(5000) };
  return { data, owner, org, deep };
}

describe('the mock never dies', () => {
  it('refuses a 5,000-deep extra field at start, naming the file, the record and the field', async () => {
    const { data, owner, deep } = nestedFixture();
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-deep-'));
    const users = data.users.map((u) => (u === owner ? { ...deep, x: 'DEEP', token: u.token } : { ...u.record, token: u.token }));
    // 5,000 levels are more than JSON.stringify can write: the text is put together by hand.
    const text = JSON.stringify({ organizations: data.organizations, users }).replace(
      '"x":"DEEP"',
      `"x":${'['.repeat(5000)}${']'.repeat(5000)}`,
    );
    writeFileSync(join(dir, 'flashback.json'), text);
    expect(() => readFixtureDir(dir, APIS, 1)).toThrow(FixtureError);
    const index = data.users.indexOf(owner);
    expect(() => readFixtureDir(dir, APIS, 1)).toThrow(
      new RegExp(`flashback\\.json: users\\[${index}\\] \\(id ${owner.record.id}\\): field x(\\[0\\])+: nested deeper than 32 levels`),
    );
    const run = await runCli(['serve', '--port', '0', '--fixtures', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/flashback\.json: users\[\d+\] .*field x.*nested deeper than 32 levels.* \[E_FIXTURE\]/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['the node:http fast path', true],
    ['the Hono path', false],
  ])('answers a failing request with problem+json 500 on %s, logs it once, and keeps answering', async (_n, fast) => {
    // Data that passed no validation (the programmatic API): the engine throws on the first request.
    const { data, owner, deep } = nestedFixture();
    const datasets = new Map<string, Dataset>([
      ['flashback', { ...data, users: data.users.map((u) => (u === owner ? { ...u, record: deep } : u)) }],
    ]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const server = await start({ datasets, fastPath: fast, seed: fast ? 11 : 12 });
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${server.url}/organization/users`, { headers: { Authorization: `Bearer ${owner.token}` } });
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(await res.json()).toMatchObject({ status: 500, title: 'orgmock internal error' });
      }
      const health = await fetch(`${server.url}/__mock/health`);
      expect(health.status).toBe(200);
      const sa = server.served.find((s) => s.api.name === 'superai')!;
      const user = sa.dataset.data.users.find((u) => u.record.role === 'backoffice')!;
      const org = sa.dataset.data.organizations[0]!.id;
      const ok = await fetch(`${server.url}/api/admin/organizations/${org}/users`, { headers: { Authorization: `Bearer ${user.token}` } });
      expect(ok.status).toBe(200);
      const logged = errors.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('Maximum call stack size exceeded'));
      expect(logged).toHaveLength(1);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('DNS-rebinding guard (loopback-bound server)', () => {
  it('refuses a foreign Host with 403 problem+json; localhost, *.localhost and IP addresses work', async () => {
    const server = await start();
    const get = (host: string) => raw(server.port, `GET /__mock/identities HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    const refused = await get('rebind.attacker.example');
    expect(statusOf(refused)).toBe(403);
    expect(headerOf(refused, 'content-type')).toBe('application/problem+json');
    expect(JSON.parse(bodyOf(refused))).toMatchObject({ status: 403, title: 'Forbidden Host' });
    expect(bodyOf(refused)).not.toContain('token');
    expect(statusOf(await get(`rebind.attacker.example:${server.port}`))).toBe(403);
    for (const host of [`localhost:${server.port}`, 'localhost', 'app.localhost', `127.0.0.1:${server.port}`, '[::1]:80', '10.1.2.3']) {
      expect(statusOf(await get(host)), host).toBe(200);
    }
    // The fast path is guarded as well.
    const token = server.served[0]!.dataset.data.users[0]!.token;
    const fast = await raw(
      server.port,
      `GET /organization/users HTTP/1.1\r\nHost: rebind.attacker.example\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(fast)).toBe(403);
  });

  it('answers names given in allowedHosts (exact, or subdomains with a leading dot)', async () => {
    const server = await start({ allowedHosts: ['mock.test', '.dev.example'] });
    const get = async (host: string) =>
      statusOf(await raw(server.port, `GET /__mock/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    expect(await get('mock.test')).toBe(200);
    expect(await get('MOCK.test:4010')).toBe(200);
    expect(await get('a.dev.example')).toBe(200);
    expect(await get('mock.test.attacker.example')).toBe(403);
  });

  it('an allowed name is matched whole, never as a suffix; a leading dot allows the name and its subdomains (as Vite server.allowedHosts does)', async () => {
    // README: `--allowed-hosts mock.test,.dev.example` (a leading dot allows subdomains). A name that
    // merely ends in the same letters is another registrable name, someone else's.
    const server = await start({ allowedHosts: ['mock.test', '.dev.example'] });
    const get = async (host: string) =>
      statusOf(await raw(server.port, `GET /__mock/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    expect(await get('evilmock.test')).toBe(403);
    expect(await get('sub.mock.test')).toBe(403); // no leading dot: the exact name only
    expect(await get('attackerdev.example')).toBe(403);
    expect(await get('attacker-dev.example:80')).toBe(403);
    expect(await get('a.b.dev.example')).toBe(200);
    expect(await get('dev.example')).toBe(200);
  });

  it('`serve --allowed-hosts` refuses a malformed list', async () => {
    const run = await runCli(['serve', '--port', '0', '--allowed-hosts', 'a b']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--allowed-hosts must be comma-separated host names/);
  });
});

describe('HEAD and HTTP/1.0', () => {
  it.each([
    ['fast path', true],
    ['Hono path', false],
  ])('HEAD carries the same Content-Length as GET (%s)', async (_n, fast) => {
    const server = await start({ fastPath: fast });
    const token = server.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;
    for (const [path, headers] of [
      ['/organization/users', `Authorization: Bearer ${token}\r\n`],
      ['/organization/users', `Authorization: Bearer ${token}\r\nPrefer: code=403\r\n`],
      ['/nowhere', ''],
      ['/__mock/health', ''],
    ] as const) {
      const ask = (method: string) =>
        raw(server.port, `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`);
      const [get, head] = [await ask('GET'), await ask('HEAD')];
      expect(statusOf(head), path).toBe(statusOf(get));
      const length = headerOf(get, 'content-length');
      expect(length, path).toBe(String(Buffer.byteLength(bodyOf(get))));
      expect(headerOf(head, 'content-length'), `${path} ${headers}`).toBe(length);
      expect(bodyOf(head)).toBe('');
    }
  });

  it('HTTP/1.0 without Host gets the same answer on both paths', async () => {
    const answers = [];
    for (const fast of [true, false]) {
      const server = await start({ fastPath: fast, seed: 5 });
      const token = server.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;
      const answer = await raw(server.port, `GET /organization/users HTTP/1.0\r\nAuthorization: Bearer ${token}\r\n\r\n`);
      answers.push({ status: statusOf(answer), type: headerOf(answer, 'content-type'), body: JSON.parse(bodyOf(answer)).total });
    }
    expect(answers[0]).toEqual({ status: 200, type: 'application/json', body: expect.any(Number) });
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe('fixture files', () => {
  const fixture = () => {
    const data = flashback.mock.generate({ seed: 2, usersPerOrg: 10 });
    return { organizations: data.organizations, users: data.users.map((u) => ({ ...u.record, token: u.token }) as Record<string, Json>) };
  };

  it('accepts a UTF-8 BOM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-bom-'));
    writeFileSync(join(dir, 'flashback.json'), `\uFEFF${JSON.stringify(fixture())}`);
    expect(readFixtureDir(dir, APIS, 1).get('flashback')!.users).toHaveLength(fixture().users.length);
  });

  it('says a directory is in place of the file, and a file in place of the directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-dirfile-'));
    mkdirSync(join(dir, 'flashback.json'));
    expect(() => readFixtureDir(dir, APIS, 1)).toThrow(/flashback\.json: is a directory, not a fixture file/);
    const file = join(dir, 'plain.txt');
    writeFileSync(file, '{}');
    expect(() => readFixtureDir(file, APIS, 1)).toThrow(/plain\.txt: is a file; --fixtures takes the directory/);
  });

  it('says a fixture file that cannot be read cannot be read (a dangling link), instead of "no fixture file found"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-link-'));
    symlinkSync(join(dir, 'gone.json'), join(dir, 'flashback.json'));
    expect(() => readFixtureDir(dir, APIS, 1)).toThrow(/flashback\.json: cannot be read \(ENOENT\)/);
  });

  it('refuses a record larger than the limit, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-big-'));
    const f = fixture();
    (f.users[2] as Record<string, unknown>).notes = 'n'.repeat(100_000);
    writeFileSync(join(dir, 'flashback.json'), JSON.stringify(f));
    expect(() => readFixtureDir(dir, APIS, 1)).toThrow(/users\[2\] \(id [^)]+\): field notes: the record is \d+ bytes/);
  });

  it('escapes control characters of fixture data in the banner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-ctl-'));
    const f = fixture();
    const id = '\u001b[2J\u001b]0;pwned\u0007org\u202e';
    f.organizations = f.organizations.map((o) => ({ ...o, id: o.id === f.users[0]!.orgId ? id : o.id }));
    f.users = f.users.map((u) => (u.orgId === fixture().users[0]!.orgId ? { ...u, orgId: id } : u));
    writeFileSync(join(dir, 'flashback.json'), JSON.stringify(f));
    const server = await start({ datasets: readFixtureDir(dir, APIS, 1) });
    const text = banner(server);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('\\x1b[2J\\x1b]0;pwned\\x07org\\u202e');
  });
});
