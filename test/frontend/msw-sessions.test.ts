// Issue 20, README "MSW (no server)": per-test data with `server.use(...orgmockHandlers({ fixtures }))` and
// `server.boundary()`, fixtures checked as a session's, and the journal of a mock app the handlers answer from.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import { createMockApp } from '../../src/mock/app.js';
import { orgmockHandlers } from '../../src/msw/handlers.js';

const ORG = '22222222-2222-4222-8222-222222222222';
const fixture = (tag: string) => ({
  organizations: [{ id: ORG, name: `Org ${tag}` }],
  users: [0, 1].map((i) => ({
    id: `${tag}-${i}`,
    email: `${tag}${i}@example.test`,
    name: `${tag} ${i}`,
    orgId: ORG,
    orgRole: 255,
    validated: true,
    deleted: false,
    token: `tok_${tag}_${i}_padding`,
  })),
});
const list = (token: string) =>
  fetch('https://backend.flashback.tech/organization/users', { headers: { Authorization: `Bearer ${token}` } });

const server = setupServer(...orgmockHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('MSW: per-test data', () => {
  it('server.use(...orgmockHandlers({ fixtures })) serves this test its own users', async () => {
    server.use(...orgmockHandlers({ fixtures: { flashback: fixture('one') } }));
    const body = (await (await list('tok_one_0_padding')).json()) as { data: { id: string }[] };
    expect(body.data.map((u) => u.id)).toEqual(['one-0', 'one-1']);
  });

  it('after resetHandlers the default data is back (the last test left nothing)', async () => {
    expect((await list('tok_one_0_padding')).status).toBe(401);
  });

  it('server.boundary() keeps concurrent tests apart', async () => {
    const run = (tag: string) =>
      server.boundary(async () => {
        server.use(...orgmockHandlers({ fixtures: { flashback: fixture(tag) } }));
        await new Promise((r) => setTimeout(r, 5));
        const body = (await (await list(`tok_${tag}_1_padding`)).json()) as { data: { id: string }[] };
        return body.data.map((u) => u.id);
      })();
    expect(await Promise.all([run('a'), run('b'), run('c')])).toEqual([
      ['a-0', 'a-1'],
      ['b-0', 'b-1'],
      ['c-0', 'c-1'],
    ]);
  });

  it('a fixture mistake throws, naming the field by JSON pointer', () => {
    const bad = { ...fixture('x'), users: [{ ...fixture('x').users[0], email: 'not an e-mail' }] };
    expect(() => orgmockHandlers({ fixtures: { flashback: bad } })).toThrow('/fixtures/flashback/users/0/email');
  });

  it('the journal of the mock app the handlers answer from', async () => {
    const mock = createMockApp({ apis: APIS });
    server.use(...orgmockHandlers({ mock }));
    await list('nope');
    expect((await mock.journal.read()).map((e) => [e.api, e.status, e.rule, e.path])).toEqual([
      ['flashback', 401, 'auth', '/organization/users'],
    ]);
  });
});
