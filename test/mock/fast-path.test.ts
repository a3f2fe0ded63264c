// The node:http fast path answers exactly what the Hono app answers, for every request it takes.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestListener } from '@hono/node-server';
import { createMockApp } from '../../src/index.js';
import { fastPath } from '../../src/server/fast-path.js';
import { type Answer, closeServer, listenEphemeral, sendTo } from '../helpers/http.js';

const mock = createMockApp({ seed: 3 });
let fastServer: Server;
let honoServer: Server;
const taken: string[] = [];

let fastPort = 0;
let honoPort = 0;

beforeAll(async () => {
  const fast = fastPath(mock)!;
  const hono = getRequestListener(mock.app.fetch);
  fastServer = createServer((req, res) => {
    if (fast(req, res)) return void taken.push(req.url!);
    return hono(req, res);
  });
  honoServer = createServer((req, res) => hono(req, res));
  [fastPort, honoPort] = await Promise.all([listenEphemeral(fastServer), listenEphemeral(honoServer)]);
});
afterAll(async () => {
  await Promise.all([closeServer(fastServer), closeServer(honoServer)]);
});

/** Sends exactly these bytes of path and headers (repeated headers included). */
function send(port: number, path: string, headers: [string, string][], method = 'GET'): Promise<Answer> {
  // An array of raw headers sends repeats as given; Node then adds no Host of its own.
  return sendTo(port, path, [['Host', `127.0.0.1:${port}`], ...headers].flat(), method);
}

const comparable = (a: Answer) => {
  const { date: _d, 'x-request-id': id, ...headers } = a.headers;
  return {
    status: a.status,
    headers,
    body: a.body.replace(/"request_id":"[0-9A-Z]{26}"/, '"request_id":"<ulid>"'),
    hasId: typeof id === 'string',
  };
};

const users = mock.served.flatMap(({ api, dataset }) =>
  dataset.data.users.map((u) => ({ api: api.name, token: u.token, org: api.mock.organizationOf(u.record)! })),
);
const orgs = mock.served[1]!.dataset.data.organizations.map((o) => o.id);
const cases: [string, string, [string, string][]][] = [
  ...users
    .filter((u) => u.api === 'flashback')
    .map((u): [string, string, [string, string][]] => [
      `flashback ${u.token}`,
      '/organization/users',
      [['Authorization', `Bearer ${u.token}`]],
    ]),
  ...users
    .filter((u) => u.api === 'superai')
    .flatMap((u) =>
      [...orgs, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'].map((org): [string, string, [string, string][]] => [
        `superai ${u.token} → ${org}`,
        `/api/admin/organizations/${org}/users`,
        [['Authorization', `Bearer ${u.token}`]],
      ]),
    ),
  ['no token', '/organization/users', []],
  ['Basic', '/organization/users', [['Authorization', 'Basic eDp5']]],
  ['lower-case bearer', '/organization/users', [['authorization', `bearer ${users[0]!.token}`]]],
  [
    'origin',
    '/organization/users',
    [
      ['Origin', 'http://app.test'],
      ['Authorization', `Bearer ${users[0]!.token}`],
    ],
  ],
  ['empty origin', '/organization/users', [['Origin', '']]],
  ['query string', `/organization/users?page=2`, [['Authorization', `Bearer ${users[0]!.token}`]]],
  [
    'uppercase org id',
    `/api/admin/organizations/${orgs[0]!.toUpperCase()}/users`,
    [['Authorization', `Bearer ${users.find((u) => u.token.startsWith('sa_backoffice'))!.token}`]],
  ],
];
const fallbacks: [string, string, [string, string][], string?][] = [
  [
    'repeated Authorization',
    '/organization/users',
    [
      ['Authorization', `Bearer ${users[0]!.token}`],
      ['Authorization', 'Bearer other'],
    ],
  ],
  ['Prefer', '/organization/users', [['Prefer', 'code=500']]],
  ['percent-encoded id', `/api/admin/organizations/${encodeURIComponent("' OR 1=1")}/users`, []],
  ['HEAD', '/organization/users', [], 'HEAD'],
  ['trailing slash', '/organization/users/', []],
  ['dot-dot segment as the id', '/api/admin/organizations/../users', []],
  ['dot segment', '/api/admin/organizations/./users', []],
  ['dot-dot into the Flashback route', '/organization/x/../users', []],
];

describe('fast path', () => {
  it.each(cases)('takes and matches the app: %s', async (_n, path, headers) => {
    const before = taken.length;
    const [fast, hono] = await Promise.all([send(fastPort, path, headers), send(honoPort, path, headers)]);
    expect(taken.length).toBe(before + 1);
    expect(comparable(fast)).toEqual(comparable(hono));
    expect(comparable(fast).hasId).toBe(true);
  });

  it.each(fallbacks)('leaves to the app, with the same answer: %s', async (_n, path, headers, method) => {
    const before = taken.length;
    const [fast, hono] = await Promise.all([send(fastPort, path, headers, method), send(honoPort, path, headers, method)]);
    expect(taken.length).toBe(before);
    expect(comparable(fast)).toEqual(comparable(hono));
  });

  it('is off when latency or errors are injected', () => {
    expect(fastPath(createMockApp({ errorRate: 0.1 }))).toBeNull();
    expect(fastPath(createMockApp({ latency: [1, 2] }))).toBeNull();
  });
});
