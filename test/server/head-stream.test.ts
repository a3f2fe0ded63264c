// Proves: HEAD on a list too large to hold (over 10,000 users: streamed on GET) answers GET's status and headers
// without making the body: no chunk of it is generated (node:http would drop it anyway, after making every user).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedApi } from '../../src/mock/operation.js';
import { type RunningServer, startMockServer } from '../../src/server/node.js';

let server: RunningServer;
let flashback: ServedApi;
let token: string;
/** Chunks of streamed list bodies made so far. */
let made = 0;

beforeAll(async () => {
  server = await startMockServer({ port: 0, usersPerOrg: 20_000 });
  flashback = server.served.find((s) => s.api.name === 'flashback')!;
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
  // The organization's owner (first in its list): allowed to list it.
  token = dataset.members(dataset.organizations[0]!).at(0).token;
});
afterAll(() => server.close());

function send(method: 'GET' | 'HEAD'): Promise<{ status: number; headers: Record<string, unknown>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/organization/users`, { method, headers: { Authorization: `Bearer ${token}` } }, (res) => {
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
});
