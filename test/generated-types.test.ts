// Proves: committed types equal a fresh generation, and give the enums as literal unions.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { APIS } from '../src/apis/index.js';
import { generateTypes, typeTargets } from '../src/codegen/type-generator.js';
import type { components as Flashback } from '../src/generated/flashback.js';
import type { components as SuperAI } from '../src/generated/superai.js';

const root = new URL('../', import.meta.url);

describe('generated types', () => {
  it.each(typeTargets(APIS, root).map((t) => [t.out, t]))('%s is fresh (run `npm run generate` if this fails)', async (_n, t) => {
    const committed = await readFile(new URL(t.out, root), 'utf8');
    expect(committed).toBe(await generateTypes(t.spec, root));
  });

  it('orgRole is the literal union 0 | 1 | 2 | 254 | 255', () => {
    type OrgRole = NonNullable<Flashback['schemas']['OrganizationUser']['orgRole']>;
    expectTypeOf<OrgRole>().toEqualTypeOf<0 | 1 | 2 | 254 | 255>();
    expectTypeOf<3>().not.toMatchTypeOf<OrgRole>();
  });

  it('SuperAI role and status are string unions, and user fields are required', () => {
    type User = SuperAI['schemas']['OrganizationUserResponse'];
    expectTypeOf<User['role']>().toEqualTypeOf<'org_admin' | 'backoffice' | 'app_user' | 'integration' | 'worker' | 'publisher'>();
    expectTypeOf<User['status']>().toEqualTypeOf<'active' | 'inactive' | 'pending'>();
    expectTypeOf<User['id']>().toEqualTypeOf<string>();
    expectTypeOf<SuperAI['schemas']['ErrorResponse']['request_id']>().toEqualTypeOf<string | null | undefined>();
  });

  it('the whole project, these type assertions included, type-checks with tsc --noEmit', async () => {
    const result = await promisify(execFile)('node_modules/.bin/tsc', ['--noEmit', '-p', 'tsconfig.json'], { maxBuffer: 10_000_000 }).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  }, 300_000); // a hang guard, not a speed goal: tsc over the whole project takes minutes on a loaded 2-core machine
});
