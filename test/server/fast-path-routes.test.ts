// The fast path (src/server/fast-path.ts) built inside each test, so that Stryker credits its route table to the
// test: both APIs' routes (SuperAI's carries a path parameter), the API-key header, query strings, CORS, a list
// large enough to be streamed in chunks, and HEAD. Every answer is compared with the Hono app's own answer to the
// same request (status, headers but the date and request id, body); the server counts which path answered.
// test/mock/fast-path.test.ts compares the two paths over every user; this file is the part Stryker can see.
import { getRequestListener } from '@hono/node-server';
import { createServer, request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp } from '../../src/mock/app.js';
import { fastPath } from '../../src/server/fast-path.js';
import { type Answer, sendTo, serversClosedAfterEach } from '../helpers/http.js';

const listen = serversClosedAfterEach();

/** The mock behind its fast path, and the same mock on Hono alone. */
async function serve(options: { usersPerOrg?: number } = {}) {
  const mock = createMockApp({ apis: APIS, seed: 4, ...options });
  const hono = getRequestListener(mock.app.fetch);
  const fast = fastPath(mock)!;
  let taken = 0;
  const fastPort = await listen(
    createServer((req, res) => {
      const head = req.method === 'HEAD';
      if (head) req.method = 'GET';
      if (fast(req, res, head)) taken++;
      else hono(req, res);
    }),
  );
  const honoPort = await listen(createServer((req, res) => hono(req, res)));
  return { mock, fastPort, honoPort, taken: () => taken };
}

const send = (port: number, path: string, headers: Record<string, string> = {}, method = 'GET') => sendTo(port, path, headers, method);

const comparable = ({ status, headers, body }: Answer) => {
  const { date: _date, 'x-request-id': id, ...rest } = headers;
  return { status, headers: rest, body: body.replace(/[0-9A-Z]{26}/g, '<ulid>'), id: typeof id === 'string' };
};

/** The same request on both servers: the fast path took it, and answered what Hono answers. */
async function same(s: Awaited<ReturnType<typeof serve>>, path: string, headers: Record<string, string> = {}, method = 'GET') {
  const before = s.taken();
  const [fast, hono] = [await send(s.fastPort, path, headers, method), await send(s.honoPort, path, headers, method)];
  expect(s.taken(), `${method} ${path} taken by the fast path`).toBe(before + 1);
  expect(comparable(fast)).toEqual(comparable(hono));
  expect(comparable(fast).id).toBe(true);
  return fast;
}

describe('the fast path, built in the test', () => {
  it("SuperAI's route with its organization id: by token, by API key, any org, with a query string", async () => {
    const s = await serve();
    const superai = s.mock.served.find((x) => x.api.name === 'superai')!;
    const admin = superai.dataset.data.users.find((u) => u.record.role === 'backoffice')!;
    const [org, other] = superai.dataset.data.organizations.map((o) => o.id);
    const ok = await same(s, `/api/admin/organizations/${org}/users`, { Authorization: `Bearer ${admin.token}` });
    expect(ok.status).toBe(200);
    const listed = JSON.parse(ok.body) as { organization_id: string }[];
    expect(listed.length).toBeGreaterThan(0);
    for (const user of listed) expect(user.organization_id).toBe(org);
    const others = JSON.parse(
      (await same(s, `/api/admin/organizations/${other}/users?x=1`, { Authorization: `Bearer ${admin.token}` })).body,
    ) as {
      organization_id: string;
    }[];
    for (const user of others) expect(user.organization_id).toBe(other);
    // the API key, in the header's own spelling and in another case
    const keyed = superai.dataset.data.users.find((u) => u.apiKey !== undefined)!;
    const byKey = await same(s, `/api/admin/organizations/${org}/users`, { 'X-API-Key': keyed.apiKey! });
    const lower = await same(s, `/api/admin/organizations/${org}/users`, { 'x-api-key': keyed.apiKey! });
    expect(byKey.status).toBe(lower.status);
    expect(byKey.status).not.toBe(401);
    // no credentials: the API's own 401
    expect((await same(s, `/api/admin/organizations/${org}/users`)).status).toBe(401);
  });

  it("Flashback's route: a query string is the operation's, CORS (every origin, as createMockApp answers by default)", async () => {
    const s = await serve();
    const owner = s.mock.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!;
    await same(s, '/organization/users?page=1', { Authorization: `Bearer ${owner.token}` });
    await same(s, '/organization/users?', { Authorization: `Bearer ${owner.token}` });
    const allowed = await same(s, '/organization/users', { Authorization: `Bearer ${owner.token}`, Origin: 'http://app.test' });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://app.test');
    expect(allowed.headers['access-control-expose-headers']).toContain('X-Request-Id');
    expect(allowed.headers['content-length']).toBe(String(Buffer.byteLength(allowed.body)));
  });

  it('an organization too large to hold is streamed in chunks, the same bytes as the app, and HEAD gets no body', async () => {
    const s = await serve({ usersPerOrg: 12_000 });
    const owner = s.mock.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!;
    const big = await same(s, '/organization/users', { Authorization: `Bearer ${owner.token}` });
    expect(big.headers['transfer-encoding']).toBe('chunked');
    expect((JSON.parse(big.body) as { data: unknown[] }).data).toHaveLength(12_000);
    const head = await same(s, '/organization/users', { Authorization: `Bearer ${owner.token}` }, 'HEAD');
    expect(head.body).toBe('');
    expect(head.status).toBe(200);
  });

  it('a client that goes away mid-stream: the stream stops, the server keeps answering', async () => {
    const s = await serve({ usersPerOrg: 12_000 });
    const owner = s.mock.served[0]!.dataset.data.users.find((u) => u.record.orgRole === 255)!;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: s.fastPort, path: '/organization/users', headers: { Authorization: `Bearer ${owner.token}` } },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', () => undefined);
      req.on('error', reject);
      req.end();
    }).catch(() => undefined);
    const health = await send(s.fastPort, '/__mock/health');
    expect(health.status).toBe(200);
  });
});
