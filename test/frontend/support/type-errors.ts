/**
 * Usages that must NOT compile. Each `@ts-expect-error` makes `tsc --noEmit` (run over the whole
 * project by test/generated-types.test.ts) fail if its error ever disappears, and
 * client-types.test.ts checks that each one marks a real error on the line below it. Never called.
 */
import { bearer, type FlashbackClient, type SuperAIClient } from '../../../src/client/index.js';

export async function wrongUsages(flashback: FlashbackClient, superai: SuperAIClient): Promise<void> {
  // @ts-expect-error wrong path: "organisation"
  await flashback.GET('/organisation/users');
  // @ts-expect-error wrong method: the spec documents only GET
  await flashback.POST('/organization/users');
  const list = await flashback.GET('/organization/users', { headers: bearer('token') });
  // @ts-expect-error misspelled user field: "lastname" (it is lastName)
  void list.data?.data?.[0]?.lastname;
  // @ts-expect-error misspelled envelope field: "totl"
  void list.data?.totl;
  // @ts-expect-error the failure envelope's total is the literal 0
  const total: 1 | undefined = list.error?.total;
  void total;
  // @ts-expect-error missing path parameter organization_id
  await superai.GET('/admin/organizations/{organization_id}/users', {});
  // @ts-expect-error misspelled path parameter: "organizationId"
  await superai.GET('/admin/organizations/{organization_id}/users', { params: { path: { organizationId: 'id' } } });
  // @ts-expect-error wrong path: no "/api" prefix in the spec's paths (it belongs in baseUrl)
  await superai.GET('/api/admin/organizations/{organization_id}/users', { params: { path: { organization_id: 'id' } } });
  const users = await superai.GET('/admin/organizations/{organization_id}/users', { params: { path: { organization_id: 'id' } } });
  // @ts-expect-error misspelled user field: "firstName" (it is first_name)
  void users.data?.[0]?.firstName;
  // @ts-expect-error the error body is a union with FastAPI's 422 body: narrow with `'error' in error` first
  void users.error?.error.message;
  // @ts-expect-error role is a closed union
  const role: NonNullable<typeof users.data>[number]['role'] = 'admin';
  void role;
}
