// The tenant-override probes' check: another organization's id in a query parameter or header never
// changes whose users are listed (src/verify/tenant.ts plans the probes).
import { fail } from '../../contract/failure.js';
import { itemsOf } from '../../contract/list.js';
import type { Json } from '../../openapi/types.js';
import type { CheckDef } from '../types.js';

export const tenantOverrideIgnored: CheckDef = {
  id: 'tenant_override_ignored',
  title: "The client's organization id changed the tenant",
  meaning:
    'A role case sent again with another organization id in ?orgId=, ?organizationId=, ?organization_id=, ?org_id=, ?tenantId=, X-Org-Id, X-Organization-Id or X-Tenant-Id lists the same users of the same organization (a 4xx is fine).',
  source: 'security',
  applies: (ctx) => ctx.case.kind === 'tenant' && ctx.case.baseline !== undefined,
  run(ctx) {
    const baseline = ctx.case.baseline!;
    const items = itemsOf(ctx);
    if (!items) return;
    const property = ctx.target.operation.access?.organizationProperty;
    if (property && baseline.organizations.length > 0) {
      for (const { pointer, item } of items) {
        const value = item[property];
        if (typeof value !== 'string' || !baseline.organizations.includes(value.toLowerCase())) {
          fail({
            expected: `users of ${baseline.organizations.join(', ')} only, as ${baseline.key} got (${ctx.case.expectation.because})`,
            received: `${JSON.stringify(value ?? null)} at ${pointer}/${property}: the tenant changed`,
            path: `${pointer}/${property}`,
          });
        }
      }
    }
    const ids = items.flatMap(({ item }) =>
      typeof item.id === 'string' || typeof item.id === 'number' ? [JSON.stringify(item.id as Json)] : [],
    );
    const before = new Set(baseline.ids);
    const added = ids.filter((id) => !before.has(id));
    const missing = baseline.ids.filter((id) => !ids.includes(id));
    if (added.length || missing.length) {
      fail({
        expected: `the ${baseline.ids.length} users ${baseline.key} got (${ctx.case.expectation.because})`,
        received: `${ids.length} users: ${added.length} not in the first answer, ${missing.length} of it missing; the tenant changed`,
      });
    }
  },
};

export const TENANT_CHECKS = [tenantOverrideIgnored];
