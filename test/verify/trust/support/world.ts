// A small world of users and HS256 JWTs for the backends of backends.test.ts: independent of the
// mock's fixtures and of test/verify/support/reference-backend.ts.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

const SECRET = 'backend-signing-key-for-tests-only';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signJwt(sub: string): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp: 4102444800 })}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

/** The subject of a JWT: checked (HS256 only) unless told not to check the signature or the algorithm. */
export function jwtSubject(token: string, o: { checkSignature?: boolean; acceptAlgNone?: boolean } = {}): string | null {
  const [head, payload, sig] = token.split('.');
  if (head === undefined || payload === undefined || sig === undefined) return null;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: string };
    const algOk = header.alg === 'HS256' || (o.acceptAlgNone === true && header.alg === 'none');
    if (!algOk) return null;
    if (header.alg === 'HS256' && o.checkSignature !== false) {
      const want = createHmac('sha256', SECRET).update(`${head}.${payload}`).digest('base64url');
      if (want !== sig) return null;
    }
    return typeof claims.sub === 'string' ? claims.sub : null;
  } catch {
    return null;
  }
}

export const FB_ORG = randomUUID();
export const FB_OTHER_ORG = randomUUID();
export const SA_ORG = randomUUID();
export const SA_OTHER_ORG = randomUUID();
export const SA_PLATFORM = randomUUID();

const FB_ROLES: [string, number][] = [
  ['USER', 0],
  ['BILLING', 1],
  ['WORKSPACES', 2],
  ['ADMINISTRATOR', 254],
  ['OWNER', 255],
];

export interface FbUser {
  id: string;
  email: string;
  name: string;
  lastName: string;
  orgId: string;
  orgRole: number;
  validated: boolean;
  deletedAt: string | null;
  orgRoleDescription: string;
  orgRoles: number[];
}

/** `count` users of one Flashback organization: one of each role first, then USERs; the last of the seeded ones soft-deleted. */
export function flashbackUsers(org: string, count: number, email = (i: number) => `user${i}@${org.slice(0, 8)}.example`): FbUser[] {
  return Array.from({ length: count }, (_, i) => {
    // The soft-deleted one (right after one of each role) was a WORKSPACES: with its token it could list.
    const [name, role] = FB_ROLES[i] ?? (i === FB_ROLES.length ? FB_ROLES[2]! : FB_ROLES[0]!);
    return {
      id: randomUUID(),
      email: email(i),
      name: `First${i}`,
      lastName: `Last${i}`,
      orgId: org,
      orgRole: role,
      validated: true,
      deletedAt: i === FB_ROLES.length ? '2025-01-01T00:00:00.000Z' : null,
      orgRoleDescription: name,
      orgRoles: FB_ROLES.map(([, v]) => v).filter((v) => v <= role),
    };
  });
}

export interface SaUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  organization_id: string;
  organization_name: string;
  role: string;
  status: string;
  modified_by: string;
  created_at: string;
  updated_at: string;
}

const SA_SHAPES = [
  ['org_admin', 'active'],
  ['app_user', 'active'],
  ['integration', 'active'],
  ['org_admin', 'inactive'],
  ['worker', 'active'],
  ['publisher', 'active'],
];

/** Users of one SuperAI organization, newest first. */
export function superaiUsers(org: string, name: string, shapes = SA_SHAPES): SaUser[] {
  return shapes.map(([role, status], i) => {
    const created = new Date(Date.UTC(2025, 0, 1) + (shapes.length - i) * 86_400_000).toISOString();
    return {
      id: randomUUID(),
      email: `${role}${i}@${name.toLowerCase().replace(/\W+/g, '-')}.example`,
      first_name: `First${i}`,
      last_name: `Last${i}`,
      organization_id: org,
      organization_name: name,
      role: role!,
      status: status!,
      modified_by: 'system',
      created_at: created,
      updated_at: created,
    };
  });
}

export interface World {
  fb: FbUser[];
  sa: SaUser[];
  /** Token → user id. */
  tokens: Map<string, string>;
  /** SuperAI API key (X-API-Key: saf_ and 32 hex digits, as the vendor issues them) → user id. */
  keys: Map<string, string>;
  config: { flashback: Record<string, unknown>; superai: Record<string, unknown> };
}

/** Both APIs' users, a JWT for each, and the verify config that names them. */
export function world(o: { fbUsers?: number; fbEmail?: (i: number) => string } = {}): World {
  const fb = [...flashbackUsers(FB_ORG, o.fbUsers ?? 8, o.fbEmail), ...flashbackUsers(FB_OTHER_ORG, 6)];
  const sa = [
    ...superaiUsers(SA_ORG, 'Acme'),
    ...superaiUsers(SA_OTHER_ORG, 'Globex'),
    ...superaiUsers(SA_PLATFORM, 'Platform', [
      ['backoffice', 'active'],
      ['backoffice', 'inactive'],
    ]),
  ];
  const tokens = new Map<string, string>();
  for (const u of [...fb, ...sa]) tokens.set(signJwt(u.id), u.id);
  const tokenOf = (u: { id: string }) => signJwt(u.id);
  const keys = new Map<string, string>();
  const keyOf = new Map(sa.map((u) => [u.id, `saf_${randomBytes(16).toString('hex')}`]));
  for (const [id, key] of keyOf) keys.set(key, id);
  const fbTokens = Object.fromEntries(
    FB_ROLES.map(([name, value]) => [name, tokenOf(fb.find((u) => u.orgId === FB_ORG && u.orgRole === value && !u.deletedAt)!)]),
  );
  const saCaller = (role: string) =>
    sa.find((u) => u.role === role && u.status === 'active' && (role === 'backoffice' || u.organization_id === SA_ORG))!;
  const saTokens = Object.fromEntries(
    ['backoffice', 'org_admin', 'app_user', 'integration', 'worker', 'publisher'].map((role) => [role, tokenOf(saCaller(role))]),
  );
  const saKeys = Object.fromEntries(['backoffice', 'org_admin', 'app_user'].map((role) => [role, keyOf.get(saCaller(role).id)!]));
  return {
    fb,
    sa,
    tokens,
    keys,
    config: {
      flashback: {
        organizationId: FB_ORG,
        tokens: fbTokens,
        refusedTokens: { deleted: tokenOf(fb.find((u) => u.orgId === FB_ORG && u.deletedAt)!) },
      },
      superai: {
        organizationId: SA_ORG,
        otherOrganizationId: SA_OTHER_ORG,
        tokens: saTokens,
        apiKeys: saKeys,
        refusedTokens: { inactive: tokenOf(sa.find((u) => u.organization_id === SA_ORG && u.status === 'inactive')!) },
      },
    },
  };
}
