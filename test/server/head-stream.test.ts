// Proves: HEAD on a list too large to hold (over 10,000 users: streamed on GET) answers GET's status and headers
// without making the body: no chunk of it is generated (node:http would drop it anyway, after making every user).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedApi } from '../../src/mock/operation.js';
import { type RunningServer, startMockServer } from '../../src/server/node.js';

let server: RunningServer;
/** Latency injected: no fast path, every request through the Hono app. */
let appOnly: RunningServer;
let token: string;
/** Chunks of streamed list bodies made so far. */
let made = 0;

/** Counts the chunks each streamed answer of a server's Flashback list makes (the dataset the route answers from). */
function countChunks(running: RunningServer): ServedApi {
  const flashback = running.served.find((s) => s.api.name === 'flashback')!;
  const { dataset } = flashback;
  // Count the chunks each streamed answer makes (the dataset is the one the route answers from).
  const listBody = dataset.listBody.bind(dataset);
  dataset.listBody = (org, req) => {
    const answer = listBody(org, req);
    if (!('chunks' in answer)) return answer;
    const { chunks } = answer;
    return {
      ...answer,
      *chunks() {
        for (const chunk of chunks()) {
          made++;
          yield chunk;
        }
      },
    };
  };
  return flashback;
}

beforeAll(async () => {
  [server, appOnly] = await Promise.all([
    startMockServer({ port: 0, usersPerOrg: 20_000 }),
    startMockServer({ port: 0, usersPerOrg: 20_000, latency: [1, 1] }),
  ]);
  const { dataset } = countChunks(server);
  countChunks(appOnly);
  // The organization's owner (first in its list): allowed to list it. The same seed: the same token on both.
  token = dataset.members(dataset.organizations[0]!).at(0).token;
});
afterAll(() => Promise.all([server.close(), appOnly.close()]));

function send(method: 'GET' | 'HEAD', on = server): Promise<{ status: number; headers: Record<string, unknown>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${on.url}/organization/users`, { method, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => {
        const { date: _d, 'x-request-id': _id, ...headers } = res.headers;
        resolve({ status: res.statusCode!, headers, bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HEAD on a streamed list', () => {
  it("answers GET's status and headers and makes none of the body", async () => {
    const head = await send('HEAD');
    expect(head.status).toBe(200);
    expect(head.bytes).toBe(0);
    expect(made).toBe(0);
    const get = await send('GET');
    expect(get.status).toBe(200);
    expect(get.bytes).toBeGreaterThan(1_000_000);
    expect(made).toBeGreaterThan(1);
    // node:http leaves out Transfer-Encoding on a HEAD answer; everything else is the same.
    const { 'transfer-encoding': te, ...getHeaders } = get.headers;
    expect(te).toBe('chunked');
    expect(head.headers).toEqual(getHeaders);
    const journal = await server.journal.read({ limit: 2 });
    expect(journal.map((e) => [e.method, e.status, e.rule])).toEqual([
      ['GET', 200, 'ok'],
      ['GET', 200, 'ok'],
    ]);
  });

  it('through the app (latency injected: no fast path), HEAD stops the stream at its first write, and the server goes on', async () => {
    made = 0;
    const head = await send('HEAD', appOnly);
    expect(head.status).toBe(200);
    expect(head.bytes).toBe(0);
    // Only the pieces the adapter and the stream read ahead before the first write (4 here; the whole list is 82).
    expect(made).toBeLessThanOrEqual(5);
    const get = await send('GET', appOnly);
    expect(get.status).toBe(200);
    expect(get.bytes).toBeGreaterThan(1_000_000);
    const { 'transfer-encoding': _te, ...getHeaders } = get.headers;
    expect(head.headers).toEqual(getHeaders);
  });
});
