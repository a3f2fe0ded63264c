// Proves: user mistakes are exit 2 with one clear line; signals: only `serve` waits for them and
// drains requests in flight; every other command (and serve's own start) dies on a signal at once.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { runCli, startServeProcess } from '../helpers/cli.js';
import { refusedSoon } from '../helpers/net.js';

const BIN = new URL('../../bin/orgmock.js', import.meta.url).pathname;

/** Writes a request on a raw socket; resolves with the socket once the bytes are sent. */
function sendRaw(port: number, text: string): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let out = '';
    const answer = new Promise<string>((done) => {
      socket.on('data', (d) => (out += d));
      socket.on('close', () => done(out));
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(text, () => resolve({ socket, answer })));
  });
}

/** A request the server has certainly read: a second connection, opened after, got its answer first. */
async function inFlight(port: number, token: string) {
  const sent = await sendRaw(
    port,
    `GET /organization/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
  );
  const health = await sendRaw(port, 'GET /__mock/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  expect(await health.answer).toMatch(/^HTTP\/1\.1 200/);
  return { answer: sent.answer };
}

describe('signals', () => {
  it('serve: a request in flight during SIGTERM gets its 200, then the process exits 0', async () => {
    const proc = await startServeProcess(['--port', '0', '--latency', '1500']);
    const port = Number(new URL(proc.url).port);
    const token = /^\s+WORKSPACES\s+(\S+)/m.exec(proc.banner())![1]!;
    const { answer } = await inFlight(port, token);
    const exited = new Promise<number | null>((done) => proc.child.once('close', (code) => done(code)));
    proc.child.kill('SIGTERM');
    expect(await refusedSoon(port)).toBe(true); // no new connections while draining
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ success: true });
    expect(await exited).toBe(0);
  });

  // README "Stopping": "SIGINT/SIGTERM stop accepting connections ...; a second signal ends it at once",
  // whichever the two are (Ctrl-C after a service manager's SIGTERM, or the other way round).
  it.each<[NodeJS.Signals, NodeJS.Signals]>([
    ['SIGTERM', 'SIGTERM'],
    ['SIGTERM', 'SIGINT'],
    ['SIGINT', 'SIGTERM'],
  ])('serve: a second signal ends the process at once, without waiting for the drain (%s then %s)', async (first, second) => {
    const proc = await startServeProcess(['--port', '0', '--latency', '50000']);
    const port = Number(new URL(proc.url).port);
    const token = /^\s+WORKSPACES\s+(\S+)/m.exec(proc.banner())![1]!;
    const { answer } = await inFlight(port, token);
    const exited = new Promise<[number | null, string | null]>((done) => proc.child.once('close', (code, signal) => done([code, signal])));
    proc.child.kill(first);
    expect(await refusedSoon(port)).toBe(true); // the first signal was taken: draining
    proc.child.kill(second);
    expect(await exited).toEqual([null, second]);
    expect(await answer).toBe(''); // cut, not answered
  });

  // Start-up no longer generates users (issue 19: organizations are made on first use), so a start with
  // the largest allowed organizations is as short as the default's: it listens, answers, and SIGTERM ends it cleanly.
  it('serve: a start with 1,000,000 users per organization listens without generating them, and SIGTERM ends it', async () => {
    const proc = await startServeProcess(['--port', '0', '--users-per-org', '1000000']);
    const health = await fetch(`${proc.url}/__mock/health`);
    expect(health.status).toBe(200);
    expect(await proc.stop()).toBe(0);
  });

  it('verify: dies on SIGTERM while a request hangs (no handler keeps it alive)', async () => {
    const sockets: Socket[] = [];
    let requests = 0;
    let requested: () => void;
    const seen = new Promise<void>((r) => (requested = r));
    const backend = createServer((s) => {
      sockets.push(s);
      s.on('data', () => {
        requests++;
        requested();
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-sig-'));
    const port = (backend.address() as { port: number }).port;
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ flashback: { baseUrl: `http://127.0.0.1:${port}`, tokens: { OWNER: 'owner-token-1234' } } }),
    );
    const child = spawn(process.execPath, [BIN, 'verify', '--config', join(dir, 'c.json'), '--timeout', '600000'], { stdio: 'ignore' });
    const exited = new Promise<[number | null, string | null]>((done) => child.once('close', (code, signal) => done([code, signal])));
    try {
      await seen;
      expect(requests).toBeGreaterThan(0);
      child.kill('SIGTERM');
      expect(await exited).toEqual([null, 'SIGTERM']);
    } finally {
      for (const s of sockets) s.destroy();
      backend.close();
    }
  });
});

describe('user mistakes are exit 2 with one clear line', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'orgmock-mistake-')), 'a-file');
  writeFileSync(file, 'x');
  const fixturesWithDirectory = mkdtempSync(join(tmpdir(), 'orgmock-fxdir-'));
  mkdirSync(join(fixturesWithDirectory, 'flashback.json'));

  const cases: [string, string[], Record<string, string>, RegExp][] = [
    [
      'serve --host nonexistent.invalid',
      ['serve', '--port', '0', '--host', 'nonexistent.invalid'],
      {},
      /cannot listen on nonexistent\.invalid:0 \((ENOTFOUND|EAI_AGAIN)\) \[E_LISTEN\]/,
    ],
    [
      'fixtures --out <a file>',
      ['fixtures', '--out', file],
      {},
      // every API's file, named as a list: "flashback.json and superai.json", "a.json, b.json and c.json"
      new RegExp(
        `--out .*a-file is a file; give the directory to write ${APIS.map((a) => `${a.name}\\.json`)
          .join(', ')
          .replace(/, ([^,]*)$/, ' and $1')} into \\[E_OUTPUT\\]`,
      ),
    ],
    [
      'fixtures --out <below a file>',
      ['fixtures', '--out', join(file, 'sub')],
      {},
      /--out .*a-file\/sub: cannot create the directory: a file is in the way .*\(ENOTDIR|EEXIST\) \[E_OUTPUT\]/,
    ],
    [
      'serve --fixtures <dir with a directory for flashback.json>',
      ['serve', '--port', '0', '--fixtures', fixturesWithDirectory],
      {},
      /flashback\.json: is a directory, not a fixture file \[E_FIXTURE\]/,
    ],
    ['serve --fixtures <a file>', ['serve', '--port', '0', '--fixtures', file], {}, /a-file: is a file; --fixtures takes the directory/],
    ['--port=', ['serve', '--port='], {}, /--port needs a value \[E_FLAG_VALUE\]/],
    ['PORT=', ['serve'], { PORT: '' }, /PORT is set but empty; give --port a value or unset PORT \[E_FLAG_VALUE\]/],
    ['--latency=', ['serve', '--port', '0', '--latency='], {}, /--latency needs a value \[E_FLAG_VALUE\]/],
  ];
  it.each(cases)('%s', async (_name, args, env, want) => {
    const run = await runCli(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(want);
    expect(run.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(run.stderr.split('\n\nUsage:')[0]!.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(file, 'sub'))).toBe(false);
  });
});

describe('text from a file the user gave, on stderr', () => {
  it('a fixture file error shows its control characters as escapes: one line, no terminal sequence, no workflow command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-fxesc-'));
    const org = '123e4567-e89b-12d3-a456-426614174000';
    const forged = '\u001b]0;pwned\u0007\u001b[2J\n::error::forged\r\n##[error]x';
    writeFileSync(
      join(dir, 'flashback.json'),
      JSON.stringify({
        organizations: [{ id: org, name: 'Initech' }],
        users: [
          {
            id: forged,
            email: 'ada@initech.example',
            name: 'Ada',
            lastName: 'Lovelace',
            orgId: org,
            orgRole: 7,
            validated: true,
            deletedAt: null,
            orgRoleDescription: 'OWNER',
            orgRoles: [255],
          },
        ],
      }),
    );
    const run = await runCli(['serve', '--port', '0', '--fixtures', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[E_FIXTURE\]$/m);
    // The record's id labels the error: its control characters shown as escapes.
    expect(run.stderr).toContain('(id \\x1b]0;pwned\\x07\\x1b[2J\\n::error::forged\\r\\n##[error]x): field orgRole');
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    for (const line of run.stderr.split('\n')) expect(line.startsWith('::') || line.startsWith('##['), line).toBe(false);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
