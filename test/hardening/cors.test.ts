// Proves: the HTTP mock answers cross-origin reads only for pages on the same machine (localhost,
// *.localhost, 127.0.0.0/8, [::1], any port), never for the `null` origin or another site, on every
// path (the fast path, the Hono routes, /__mock/*, its own problem answers); `--cors-origins` adds
// origins (`*` with a warning); in-process use (createMockApp) still reflects any origin; a server not
// bound to loopback warns and lists the addresses it listens on; two Host headers get a 400.
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp } from '../../src/mock/app.js';
import { parseCorsOrigins } from '../../src/mock/cors.js';
import { startMockServer, type RunningServer } from '../../src/server/node.js';
import { runCli, startServeProcess } from '../helpers/cli.js';

let mock: RunningServer;
let opened: RunningServer;
let token: string;
beforeAll(async () => {
  [mock, opened] = await Promise.all([
    startMockServer({ port: 0 }),
    startMockServer({ port: 0, corsOrigins: ['https://app.example.com', 'http://partner.test:8080'] }),
  ]);
  const ids = (await (await fetch(`${mock.url}/__mock/identities`)).json()) as { flashback: { token: string; orgRole: number }[] };
  token = ids.flashback.find((u) => u.orgRole === 255)!.token;
});
afterAll(async () => {
  await Promise.all([mock?.close(), opened?.close()]);
});

const SAME_MACHINE = [
  'http://localhost:5173',
  'https://localhost',
  'http://app.localhost:3000',
  'http://127.0.0.1:8080',
  'http://127.2.3.4:1',
  'http://[::1]:4000',
];
const FOREIGN = [
  'null',
  'http://evil.example',
  'https://localhost.evil.example',
  'http://127.0.0.1.evil.example',
  'http://localhost@evil.example',
  'http://10.0.0.1:4010',
  'http://192.0.2.2:4010',
  'file://',
  'garbage',
];

/** The paths every answer kind goes through: fast path, Hono (Prefer), /__mock/*, docs, 404, 405. */
const reads = (): [string, RequestInit][] => [
  ['/organization/users', { headers: { Authorization: `Bearer ${token}` } }],
  ['/organization/users', { headers: { Authorization: `Bearer ${token}`, Prefer: 'code=200' } }],
  ['/__mock/identities', {}],
  ['/__mock/health', {}],
  ['/no/such/path', {}],
  ['/organization/users', { method: 'DELETE' }],
];

async function allowOrigin(server: RunningServer, path: string, init: RequestInit, origin: string) {
  const res = await fetch(server.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: origin } });
  await res.arrayBuffer();
  return res.headers.get('access-control-allow-origin');
}

describe('the HTTP mock, by default', () => {
  it.each(SAME_MACHINE)('lets a page at %s read every path', async (origin) => {
    for (const [path, init] of reads()) expect(await allowOrigin(mock, path, init, origin), `${path} ${JSON.stringify(init)}`).toBe(origin);
  });

  it.each(FOREIGN)('gives a page at %s no Access-Control-Allow-Origin on any path', async (origin) => {
    for (const [path, init] of reads()) expect(await allowOrigin(mock, path, init, origin), path).toBeNull();
  });

  it('refuses a foreign preflight and allows a same-machine one', async () => {
    const preflight = (origin: string) =>
      fetch(`${mock.url}/__mock/identities`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,prefer' },
      });
    expect((await preflight('http://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const ok = await preflight('http://localhost:5173');
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('prefer');
  });

  it('a request without Origin (curl, a test runner) is answered as before', async () => {
    const res = await fetch(`${mock.url}/__mock/identities`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('--cors-origins', () => {
  it('adds exactly the listed origins, same-machine ones still allowed', async () => {
    for (const [path, init] of reads()) {
      expect(await allowOrigin(opened, path, init, 'https://app.example.com')).toBe('https://app.example.com');
      expect(await allowOrigin(opened, path, init, 'http://partner.test:8080')).toBe('http://partner.test:8080');
      expect(await allowOrigin(opened, path, init, 'http://partner.test:8081')).toBeNull();
      expect(await allowOrigin(opened, path, init, 'https://app.example.com.evil.example')).toBeNull();
      expect(await allowOrigin(opened, path, init, 'http://localhost:3000')).toBe('http://localhost:3000');
    }
  });

  it('reads origins and *, and names the entry that is not an origin', () => {
    expect(parseCorsOrigins('https://App.Example.com, http://x.test:81/')).toEqual({
      origins: ['https://app.example.com', 'http://x.test:81'],
    });
    expect(parseCorsOrigins('*')).toEqual({ origins: ['*'] });
    for (const bad of ['https://a.test/path', 'ftp://a.test', 'a.test', 'https://u:p@a.test', 'https://a.test?x', '', ' , ']) {
      expect(parseCorsOrigins(bad)).toHaveProperty('error');
    }
  });

  it('serve: --cors-origins * opens every origin and prints a warning; a bad value exits 2', async () => {
    const proc = await startServeProcess(['--port', '0', '--cors-origins', '*']);
    try {
      const res = await fetch(`${proc.url}/__mock/identities`, { headers: { Origin: 'http://evil.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('http://evil.example');
      await res.arrayBuffer();
    } finally {
      expect(await proc.stop()).toBe(0);
    }
    expect(proc.stderr()).toMatch(/^orgmock serve: warning: --cors-origins \* lets a page on any web site read the mock/m);
    const bad = await runCli(['serve', '--port', '0', '--cors-origins', 'https://a.test/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--cors-origins: "https://a.test/x" is not an origin');
  });
});

describe('in-process use', () => {
  it('createMockApp reflects any origin unless its options say otherwise', async () => {
    const { app } = createMockApp({ apis: APIS });
    const res = await app.request('/__mock/health', { headers: { Origin: 'http://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://evil.example');
    const strict = createMockApp({ apis: APIS, corsOrigin: (o) => (o === 'http://ok.test' ? o : null) }).app;
    expect(
      (await strict.request('/__mock/health', { headers: { Origin: 'http://evil.example' } })).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});

describe('--host not loopback', () => {
  it('0.0.0.0: one warning line naming the exposure, and the banner lists every address bound', async () => {
    const proc = await startServeProcess(['--port', '0', '--host', '0.0.0.0']);
    try {
      const port = new URL(proc.url).port;
      const expected = Object.values(networkInterfaces())
        .flatMap((l) => l ?? [])
        .filter((a) => a.family === 'IPv4')
        .map((a) => `http://${a.address}:${port}`);
      const first = proc.banner().split('\n')[0]!;
      for (const url of expected) expect(first).toContain(url);
      expect(first).not.toContain('0.0.0.0');
      // Reached on loopback only: no traffic leaves the machine.
      expect((await fetch(`http://127.0.0.1:${port}/__mock/health`)).status).toBe(200);
    } finally {
      expect(await proc.stop()).toBe(0);
    }
    const warnings = proc
      .stderr()
      .split('\n')
      .filter((l) => l.includes('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^orgmock serve: warning: listening on 0\.0\.0\.0, not loopback: every token \(\/__mock\/identities\) and the fixture data can be read from the network/,
    );
  });

  it('loopback: no warning', async () => {
    const proc = await startServeProcess(['--port', '0']);
    await proc.stop();
    expect(proc.stderr()).not.toContain('warning');
  });
});

describe('two Host headers', () => {
  it('get a 400 problem+json, on every path', async () => {
    for (const path of ['/organization/users', '/__mock/identities']) {
      const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = request(
          `${mock.url}${path}`,
          {
            headers: [
              ['Host', '127.0.0.1'],
              ['Host', 'evil.example'],
              ['Authorization', `Bearer ${token}`],
            ] as never,
          },
          (r) => {
            let body = '';
            r.on('data', (d) => (body += d));
            r.on('end', () => resolve({ status: r.statusCode!, type: String(r.headers['content-type']), body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(res.status).toBe(400);
      expect(res.type).toBe('application/problem+json');
      expect(JSON.parse(res.body).detail).toContain('more than one Host header');
    }
  });
});
