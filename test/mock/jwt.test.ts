// The mock signs in real JWTs when given a secret (issue 21): an HS256 token signed with it, unexpired,
// whose sub is a fixture user's id acts as that user on the real server (fast path and Hono route,
// sessions too); expired, not yet valid, wrongly signed, wrong iss/aud, another algorithm or an
// unknown or refused user get the spec's 401. Opaque fixture tokens keep working.
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp } from '../../src/index.js';
import { jwtVerifier } from '../../src/mock/jwt.js';
import { bearer, type MockUnderTest, startMock } from '../helpers/mock.js';

const SECRET = 'mock-jwt-secret-for-tests';
const key = new TextEncoder().encode(SECRET);
const ISSUER = 'https://idp.example.test';
const AUDIENCE = 'orgmock';

const sign = (claims: Record<string, unknown>, over: { key?: Uint8Array; alg?: string; exp?: number; nbf?: number } = {}) => {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ iss: ISSUER, aud: AUDIENCE, ...claims })
    .setProtectedHeader({ alg: over.alg ?? 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(over.exp ?? now + 600);
  if (over.nbf !== undefined) jwt.setNotBefore(over.nbf);
  return jwt.sign(over.key ?? key);
};

let mock: MockUnderTest;
beforeAll(async () => {
  mock = await startMock({ host: '127.0.0.1', jwt: { secret: SECRET, issuer: ISSUER, audience: AUDIENCE } });
});
afterAll(() => mock.server.close());

const fbPath = '/organization/users';
const saPath = (org: string) => `/api/admin/organizations/${org}/users`;

describe('JWT sign-in on the mock', () => {
  it('a valid token whose sub is a userId acts as that user: the same answer as its opaque token (Flashback, SuperAI)', async () => {
    const owner = mock.ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;
    const byJwt = await mock.get(fbPath, bearer(await sign({ sub: owner.userId })));
    const byToken = await mock.get(fbPath, bearer(owner.token));
    expect(byJwt.status).toBe(200);
    expect(byJwt.text).toBe(byToken.text);
    const user = mock.ids.flashback.find((u) => u.orgRole === 0 && !u.deleted)!;
    expect((await mock.get(fbPath, bearer(await sign({ sub: user.userId })))).status).toBe(403);

    const admin = mock.ids.superai.find((u) => u.role === 'org_admin' && u.status === 'active')!;
    const answer = await mock.get(saPath(admin.organizationId), bearer(await sign({ sub: admin.userId, aud: ['x', AUDIENCE] })));
    expect(answer.status).toBe(200);
    expect(answer.body.every((u: { organization_id: string }) => u.organization_id === admin.organizationId)).toBe(true);
  });

  it('refused tokens get the spec 401 with its error body', async () => {
    const owner = mock.ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;
    const deleted = mock.ids.flashback.find((u) => u.deleted)!;
    const now = Math.floor(Date.now() / 1000);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const refused = {
      expired: await sign({ sub: owner.userId }, { exp: now - 60 }),
      'not yet valid': await sign({ sub: owner.userId }, { nbf: now + 3600, exp: now + 7200 }),
      'wrong signature': await sign({ sub: owner.userId }, { key: new TextEncoder().encode('another-secret') }),
      'wrong issuer': await sign({ sub: owner.userId, iss: 'https://evil.test' }),
      'wrong audience': await sign({ sub: owner.userId, aud: 'other' }),
      RS256: await sign({ sub: owner.userId }, { alg: 'RS256', key: privateKey as never }),
      'unknown user': await sign({ sub: '00000000-0000-4000-8000-000000000000' }),
      'a deleted user': await sign({ sub: deleted.userId }),
      'no sub': await sign({}),
    };
    for (const [what, token] of Object.entries(refused)) {
      const answer = await mock.get(fbPath, bearer(token));
      expect([what, answer.status, answer.body]).toEqual([what, 401, { success: false, data: [], total: 0 }]);
    }
    const admin = mock.ids.superai.find((u) => u.role === 'org_admin' && u.status === 'active')!;
    const expired = await mock.get(saPath(admin.organizationId), bearer(await sign({ sub: admin.userId }, { exp: now - 1 })));
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 'unauthorized', message: 'Token has expired' });
  });

  it('opaque fixture tokens keep working, and a session world signs JWTs in too', async () => {
    const owner = mock.ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;
    expect((await mock.get(fbPath, bearer(owner.token))).status).toBe(200);
    const created = await fetch(`${mock.url}/__mock/sessions`, { method: 'POST', body: '{"seed": 7, "usersPerOrg": 3}' });
    const session = (await created.json()) as { id: string; identities: { flashback: { userId: string; orgRole: number }[] } };
    const sessionOwner = session.identities.flashback.find((u) => u.orgRole === 255)!;
    const answer = await mock.get(fbPath, { ...bearer(await sign({ sub: sessionOwner.userId })), 'X-Orgmock-Session': session.id });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(3);
  });

  it('without a secret, a JWT is one more unknown token: 401', async () => {
    const plain = await startMock({ host: '127.0.0.1' });
    try {
      const owner = plain.ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;
      expect((await plain.get(fbPath, bearer(await sign({ sub: owner.userId })))).status).toBe(401);
    } finally {
      await plain.server.close();
    }
  });
});

describe('createMockApp({ jwt }) (the public entry, in process: what MSW handlers answer from)', () => {
  it('signs a JWT in without a server', async () => {
    const { app } = createMockApp({ jwt: { secret: SECRET } });
    const rows = (await (await app.fetch(new Request('http://mock.test/__mock/identities'))).json()) as {
      flashback: { userId: string; orgRole: number; deleted: boolean }[];
    };
    const owner = rows.flashback.find((u) => u.orgRole === 255 && !u.deleted)!;
    const get = async (token: string) =>
      (await app.fetch(new Request('http://mock.test/organization/users', { headers: bearer(token) }))).status;
    expect(await get(await sign({ sub: owner.userId }))).toBe(200);
    expect(await get(await sign({ sub: owner.userId }, { exp: Math.floor(Date.now() / 1000) - 5 }))).toBe(401);
  });
});

describe('jwtVerifier', () => {
  it('tells a JWT it refuses from a token that is no JWT, and checks times against its clock', async () => {
    const verify = jwtVerifier({ secret: SECRET }, () => 1_000);
    const at = (exp: number, nbf?: number) =>
      new SignJWT({ sub: 'u1' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(exp)
        .setNotBefore(nbf ?? 0)
        .sign(key);
    expect(verify(await at(1_001))).toEqual({ subject: 'u1' });
    expect(verify(await at(1_000))).toEqual({ refused: 'Token has expired' });
    expect(verify(await at(2_000, 1_001))).toEqual({ refused: 'Token is not valid yet' });
    expect(verify('fb_owner_0123456789ab')).toBeNull();
    expect(verify('a.b.c')).toBeNull();
    const [h, p] = (await at(1_001)).split('.');
    expect(verify(`${h}.${p}.`)).toEqual({ refused: 'Invalid token signature' });
    const none = Buffer.from('{"alg":"none"}').toString('base64url');
    expect(verify(`${none}.${p}.`)).toEqual({ refused: 'Unsupported token algorithm none (HS256 expected)' });
    expect(() => jwtVerifier({ secret: '' })).toThrow(RangeError);
  });
});
