// The mock's Hono app (src/mock/app.ts) in-process through app.fetch, each app built inside its test (so that Stryker
// credits the code to the test): `/__mock/identities` in one piece or streamed in 64 KiB chunks, a list too large to
// hold streamed, a made-up variant of Flashback that declares a query parameter and a response header (the query
// string reaching the API's list, the declared header on the answer, in CORS and on `Prefer` answers), and the
// session worlds built from the default world's options (seed, usersPerOrg, errorRate, fixture files).
import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.js';
import type { Dataset } from '../../src/apis/types.js';
import { createMockApp, type MockApp } from '../../src/mock/app.js';
import { KEPT_MEMBERS } from '../../src/mock/dataset.js';
import type { Json } from '../../src/openapi/types.js';
import { flashback, pagedFlashback } from '../helpers/paged-api.js';

const CHUNK = 64 * 1024;
/** The two seed APIs (the identities tests count members: a registered API with more would change the counts). */
const SEEDS = APIS.filter((a) => a.name === 'flashback' || a.name === 'superai');

const get = (mock: MockApp, path: string, headers: Record<string, string> = {}) =>
  mock.app.fetch(new Request(`http://mock.test${path}`, { headers }));

/** The body of an answer as the chunks it came in (their sizes in bytes) and as text. */
async function chunked(res: Response): Promise<{ sizes: number[]; text: string }> {
  const parts: Uint8Array[] = [];
  const reader = res.body!.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  return { sizes: parts.map((p) => p.length), text: Buffer.concat(parts).toString('utf8') };
}

/** What `/__mock/identities` lists, made from the served datasets directly. */
const identitiesOf = (mock: MockApp) =>
  Object.fromEntries(mock.served.map(({ api, dataset }) => [api.name, [...dataset.users()].map((u) => api.mock.identity(u))]));

/** The owner of a served API's first organization (made without making the whole world). */
function ownerOf(mock: MockApp, name = 'flashback') {
  const { dataset } = mock.served.find((s) => s.api.name === name)!;
  const members = dataset.members(dataset.organizations[0]!);
  for (let i = 0; i < members.count; i++) if (members.at(i).record.orgRole === 255) return members.at(i);
  throw new Error('no owner');
}

describe('/__mock/identities', () => {
  it('a world of at most KEPT_MEMBERS members answers in one piece, however long the body', async () => {
    const mock = createMockApp({ apis: SEEDS, usersPerOrg: 1000 });
    expect(mock.served.reduce((sum, s) => sum + s.dataset.userCount, 0)).toBeLessThanOrEqual(KEPT_MEMBERS);
    const res = await get(mock, '/__mock/identities');
    expect(res.headers.get('content-type')).toBe('application/json');
    const { sizes, text } = await chunked(res);
    expect(sizes).toHaveLength(1);
    expect(sizes[0]).toBeGreaterThan(4 * CHUNK);
    expect(JSON.parse(text)).toEqual(identitiesOf(mock));
  });

  it('exactly KEPT_MEMBERS members: still one piece', async () => {
    const data = flashback.mock.generate({ seed: 7, usersPerOrg: Math.ceil(KEPT_MEMBERS / 3) });
    const users = data.users.slice(0, KEPT_MEMBERS);
    const mock = createMockApp({ apis: [flashback], datasets: new Map([['flashback', { ...data, users }]]) });
    const { sizes, text } = await chunked(await get(mock, '/__mock/identities'));
    expect(sizes).toHaveLength(1);
    expect((JSON.parse(text) as { flashback: unknown[] }).flashback).toHaveLength(KEPT_MEMBERS);
  });

  it('a larger world streams: chunks of 64 KiB and a little more (one row past), the whole list in order', async () => {
    const mock = createMockApp({ apis: SEEDS, usersPerOrg: 2000 });
    expect(mock.served.reduce((sum, s) => sum + s.dataset.userCount, 0)).toBeGreaterThan(KEPT_MEMBERS);
    const res = await get(mock, '/__mock/identities');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const { sizes, text } = await chunked(res);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil(total / CHUNK));
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(CHUNK);
      expect(size).toBeLessThan(CHUNK + 1024);
    }
    expect(JSON.parse(text)).toEqual(identitiesOf(mock));
  });
});

describe('a list too large to hold', () => {
  it('is streamed as JSON, every member listed', async () => {
    const mock = createMockApp({ apis: SEEDS, usersPerOrg: KEPT_MEMBERS + 1 });
    const res = await get(mock, '/organization/users', { Authorization: `Bearer ${ownerOf(mock).token}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const { sizes, text } = await chunked(res);
    expect(sizes.length).toBeGreaterThan(1);
    expect((JSON.parse(text) as { data: unknown[] }).data).toHaveLength(KEPT_MEMBERS + 1);
  });
});

describe('declared query parameters and response headers', () => {
  it('the query string reaches the API (its declared header says the page asked for); none sent, none read', async () => {
    const mock = createMockApp({ apis: [pagedFlashback()] });
    const auth = { Authorization: `Bearer ${ownerOf(mock).token}` };
    const paged = await get(mock, '/organization/users?page=2', auth);
    expect(paged.status).toBe(200);
    expect(paged.headers.get('x-page')).toBe('2');
    expect((await get(mock, '/organization/users?x=1&page=3', auth)).headers.get('x-page')).toBe('3');
    expect((await get(mock, '/organization/users', auth)).headers.get('x-page')).toBe('none');
    expect((await get(mock, '/organization/users?', auth)).headers.get('x-page')).toBe('none');
  });

  it('a declared header is exposed to browsers, on answers and in exposedHeaders', async () => {
    const mock = createMockApp({ apis: [pagedFlashback()] });
    expect(mock.exposedHeaders).toBe('Preference-Applied,X-Request-Id,X-Page');
    const res = await get(mock, '/organization/users', { Origin: 'http://app.test', Authorization: `Bearer ${ownerOf(mock).token}` });
    expect(res.headers.get('access-control-expose-headers')).toBe('Preference-Applied,X-Request-Id,X-Page');
  });

  it('Prefer: example= answers the example with its declared headers; an error example has none of the 200 headers', async () => {
    const mock = createMockApp({ apis: [pagedFlashback()] });
    const auth = { Authorization: `Bearer ${ownerOf(mock).token}` };
    const ok = flashback.operation.responses.find((r) => r.status === 200)!.examples[0]!;
    const res = await get(mock, '/organization/users?page=2', { ...auth, Prefer: `example=${ok.name}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe(`example=${ok.name}`);
    expect(res.headers.get('x-page')).toBe('1');
    expect(await res.json()).toEqual(ok.value);
    const denied = await get(mock, '/organization/users', { ...auth, Prefer: `code=403, example=${ok.name}` });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-page')).toBeNull();
    const unauthenticated = await get(mock, '/organization/users', { ...auth, Prefer: 'example=unauthenticated' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('x-page')).toBeNull();
  });

  it('Prefer: code=200 to a caller refused: the 200 example with its declared headers; to a caller served: the live answer', async () => {
    const mock = createMockApp({ apis: [pagedFlashback()] });
    const forced = await get(mock, '/organization/users', { Prefer: 'code=200' });
    expect(forced.status).toBe(200);
    expect(forced.headers.get('preference-applied')).toBe('code=200');
    expect(forced.headers.get('x-page')).toBe('1');
    expect(await forced.json()).toEqual(flashback.operation.responses.find((r) => r.status === 200)!.examples[0]!.value);
    const auth = { Authorization: `Bearer ${ownerOf(mock).token}` };
    const live = await (await get(mock, '/organization/users?page=4', auth)).json();
    const served = await get(mock, '/organization/users?page=4', { ...auth, Prefer: 'code=200' });
    expect(served.headers.get('preference-applied')).toBe('code=200');
    expect(served.headers.get('x-page')).toBe('4');
    expect(await served.json()).toEqual(live);
  });

  it('Prefer: code=200 when the 200 has no example: a null body', async () => {
    const mock = createMockApp({ apis: [pagedFlashback({ examples: false })] });
    const res = await get(mock, '/organization/users', { Prefer: 'code=200' });
    expect(res.status).toBe(200);
    expect(await res.json()).toBeNull();
  });
});

describe('session worlds: the default world with the session options on top', () => {
  const create = async (mock: MockApp, options: Record<string, unknown>) => {
    const res = await mock.app.fetch(
      new Request('http://mock.test/__mock/sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options),
      }),
    );
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; identities: Record<string, Json[]> };
  };
  const identities = async (mock: MockApp) => (await get(mock, '/__mock/identities')).json();
  /** A Flashback fixture of one organization and two users, as fixture files give it. */
  const fixture = (): Dataset => {
    const data = flashback.mock.generate({ seed: 3, usersPerOrg: 2 });
    const org = data.organizations[0]!;
    return { organizations: [org], users: data.users.filter((u) => u.record.orgId === org.id) };
  };

  it('no options: the world itself (its seed and size)', async () => {
    const mock = createMockApp({ apis: APIS, seed: 5, usersPerOrg: 2 });
    expect((await create(mock, {})).identities).toEqual(await identities(mock));
  });

  it('a seed: that seed, the world size kept', async () => {
    const mock = createMockApp({ apis: APIS, seed: 5, usersPerOrg: 2 });
    const session = await create(mock, { seed: 9 });
    expect(session.identities).toEqual(await identities(createMockApp({ apis: APIS, seed: 9, usersPerOrg: 2 })));
    expect(session.identities).not.toEqual(await identities(mock));
  });

  it('a size: that size, the world seed kept', async () => {
    const mock = createMockApp({ apis: APIS, seed: 5, usersPerOrg: 2 });
    const session = await create(mock, { usersPerOrg: 3 });
    expect(session.identities).toEqual(await identities(createMockApp({ apis: APIS, seed: 5, usersPerOrg: 3 })));
  });

  it("the server's fixture files, unless the session asks for another seed or size", async () => {
    const data = fixture();
    const mock = createMockApp({ apis: [flashback], seed: 5, usersPerOrg: 2, datasets: new Map([['flashback', data]]) });
    const own = data.users.map((u) => flashback.mock.identity(u));
    expect((await create(mock, {})).identities.flashback).toEqual(own);
    expect((await create(mock, { seed: 9 })).identities).toEqual(
      await identities(createMockApp({ apis: [flashback], seed: 9, usersPerOrg: 2 })),
    );
    expect((await create(mock, { usersPerOrg: 3 })).identities).toEqual(
      await identities(createMockApp({ apis: [flashback], seed: 5, usersPerOrg: 3 })),
    );
  });

  it("an error rate: the session's answers fail, the world's do not", async () => {
    const mock = createMockApp({ apis: APIS });
    const session = await create(mock, { errorRate: 1 });
    const owner = (session.identities.flashback as { token: string; orgRole: number }[]).find((r) => r.orgRole === 255)!;
    const auth = { Authorization: `Bearer ${owner.token}` };
    expect((await get(mock, '/organization/users', { ...auth, 'X-Orgmock-Session': session.id })).status).toBe(500);
    expect((await get(mock, '/organization/users', auth)).status).toBe(200);
  });

  it("no error rate asked for: the world's (every answer failing here)", async () => {
    const mock = createMockApp({ apis: APIS, errorRate: 1 });
    const session = await create(mock, { usersPerOrg: 2 });
    const owner = (session.identities.flashback as { token: string; orgRole: number }[]).find((r) => r.orgRole === 255)!;
    const res = await get(mock, '/organization/users', { Authorization: `Bearer ${owner.token}`, 'X-Orgmock-Session': session.id });
    expect(res.status).toBe(500);
  });

  it('a path under /__mock/sessions that nothing serves is the default world’s 404, whatever session the request names', async () => {
    const mock = createMockApp({ apis: APIS });
    const gone = '01JE0000000000000000000000';
    const res = await get(mock, `/__mock/sessions/${gone}/nothing`, { 'X-Orgmock-Session': gone });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ title: 'Not Found', status: 404 });
  });

  it('a request naming a session under /__mock/sessions is the sessions API’s, not the session world’s', async () => {
    const mock = createMockApp({ apis: APIS });
    const { id } = await create(mock, { usersPerOrg: 1 });
    const res = await get(mock, `/__mock/sessions/${id}`, { 'X-Orgmock-Session': id });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, options: { usersPerOrg: 1 } });
    const journal = await get(mock, `/__mock/sessions/${id}/requests`, { 'X-Orgmock-Session': id });
    expect(journal.status).toBe(200);
  });
});
