/**
 * Flashback's own checks for `orgmock verify`. Role rules, tenant and schema checks are the engine's,
 * read from openapi/flashback.yaml; these add what only this API's body says.
 */
import { derivedFrom } from '../../openapi/extensions.js';
import { isObject, SpecError, type Spec } from '../../openapi/load.js';
import type { Json, JsonObject, OperationInfo } from '../../openapi/types.js';
import { itemsOf, sameItemValue, uniqueItemValues } from '../../contract/list.js';
import { fail, preview } from '../../contract/failure.js';
import type { CheckContext, CheckDef } from '../../contract/types.js';

/** A property of the listed user with its `x-derived-from` marker, and whether the rule is documented. */
function derived(spec: Spec, operation: OperationInfo, property: string) {
  const found = derivedFrom(spec, operation, property);
  return { ...found, source: found.inferred ? ('inferred' as const) : ('documented' as const) };
}

/** Runs `judge` on every listed user whose source property is a member of its enum. */
function eachUser(ctx: CheckContext, from: string, values: Json[], judge: (user: JsonObject, pointer: string, role: Json) => void): void {
  for (const { item, pointer } of itemsOf(ctx) ?? []) {
    const role = item[from];
    if (role !== undefined && values.includes(role)) judge(item, pointer, role);
  }
}

/** The checks, with the rules they read from the spec. */
export function flashbackChecks(spec: Spec, operation: OperationInfo): CheckDef[] {
  const description = derived(spec, operation, 'orgRoleDescription');
  if (description.marker.mapping !== 'enum-varnames')
    throw new SpecError('flashback spec: orgRoleDescription mapping must be enum-varnames');
  const aliases = isObject(description.marker.aliases) ? description.marker.aliases : {};

  const roleDescriptionMatches: CheckDef = {
    id: 'flashback.role_description_matches',
    title: 'orgRoleDescription does not name orgRole',
    meaning: "orgRoleDescription is the name of the user's orgRole (ADMINISTRATOR and ADMINISTRATORS both accepted for 0xfe).",
    source: description.source,
    applies: (ctx) => itemsOf(ctx) !== null,
    run(ctx) {
      eachUser(ctx, description.from, description.values, (user, pointer, role) => {
        const accepted = [description.names[description.values.indexOf(role)], ...Object.keys(aliases).filter((a) => aliases[a] === role)];
        if (!accepted.includes(user[description.property]!)) {
          fail({
            expected: `${accepted.map((a) => JSON.stringify(a)).join(' or ')} for ${description.from} ${preview(role)}`,
            received: `${preview(user[description.property])} at ${pointer}/${description.property}`,
            path: `${pointer}/${description.property}`,
            value: user[description.property],
            inferred: description.inferred?.reason ?? null,
          });
        }
      });
    },
  };

  const roles = derived(spec, operation, 'orgRoles');
  if (roles.marker.rule !== 'every-role-at-or-below') throw new SpecError('flashback spec: orgRoles rule must be every-role-at-or-below');

  const rolesAtOrBelow: CheckDef = {
    id: 'flashback.roles_at_or_below',
    title: 'orgRoles is not every role at or below orgRole',
    meaning: "orgRoles holds every role at or below the user's own orgRole, and no role above it.",
    source: roles.source,
    applies: (ctx) => itemsOf(ctx) !== null,
    run(ctx) {
      eachUser(ctx, roles.from, roles.values, (user, pointer, role) => {
        const got = user[roles.property];
        if (!Array.isArray(got)) return; // the schema check's business
        const want = roles.values.filter((v) => (v as number) <= (role as number));
        const missing = want.filter((v) => !got.includes(v));
        const extra = got.filter((v) => !want.includes(v));
        if (missing.length === 0 && extra.length === 0) return;
        fail({
          expected: `${preview(want)} for ${roles.from} ${preview(role)}`,
          received: `${preview(got)} at ${pointer}/${roles.property}${missing.length ? `, missing ${preview(missing)}` : ''}${extra.length ? `, above it ${preview(extra)}` : ''}`,
          path: `${pointer}/${roles.property}`,
          value: got,
          inferred: roles.inferred?.reason ?? null,
        });
      });
    },
  };

  const totalMatchesCount: CheckDef = {
    id: 'flashback.total_matches_count',
    title: 'total does not match the list',
    meaning: 'total equals the number of users listed in data.',
    source: 'documented',
    applies: (ctx) => itemsOf(ctx) !== null && isObject((ctx.response.json as { value: Json }).value),
    run(ctx) {
      const envelope = (ctx.response.json as { value: JsonObject }).value;
      const listed = (envelope.data as Json[]).length;
      if (envelope.total !== listed)
        fail({
          expected: `total = ${listed} (the users in data)`,
          received: `total = ${preview(envelope.total)}`,
          path: '/total',
          value: envelope.total,
        });
    },
  };

  return [
    sameItemValue({
      id: 'flashback.single_organization',
      property: 'orgId',
      title: 'Users of several organizations listed',
      meaning: 'Every listed user has the same orgId: one organization, no cross-tenant leak.',
      source: 'security',
    }),
    totalMatchesCount,
    uniqueItemValues({ id: 'flashback.unique_user_ids', property: 'id', meaning: 'Every listed user has its own id.' }),
    roleDescriptionMatches,
    rolesAtOrBelow,
  ];
}
