// Checks that need every answer of an API at once: some allowed role got the documented 2xx, the
// lists were not all empty, and no user is listed in two organizations. Each result is filed under
// the case it judges, so reports show it with that response.
import type { Json } from '../../openapi/types.js';
import { itemsOf } from '../../contract/list.js';
import type { ApiTarget, Case, CheckContext, CheckDef, CheckResult, HttpResponse } from '../types.js';

const is2xx = (status: number) => status >= 200 && status < 300;
/** Never run case by case: `judgeAcross` files their results. */
const acrossOnly = { applies: () => false, run() {} };

export const allowedRoleGranted: CheckDef = {
  id: 'allowed_role_granted',
  title: 'No allowed role got the documented 2xx',
  meaning:
    'At least one role the rules allow gets the documented 2xx (a backend that refuses everyone fails, even where the rules are inferred).',
  source: 'documented',
  relevant: ({ operation }) => Boolean(operation.access?.rules.length),
  ...acrossOnly,
};

export const listsNotAllEmpty: CheckDef = {
  id: 'lists_not_all_empty',
  title: 'Every list was empty',
  meaning: 'Some allowed caller gets a non-empty list; when every list is empty nothing could be checked (a warning).',
  source: 'inferred',
  ...acrossOnly,
};

export const userInOneOrganization: CheckDef = {
  id: 'user_in_one_organization',
  title: 'A user listed in two organizations',
  meaning: 'No user id appears in the lists of two organizations (each list looking fine alone).',
  source: 'security',
  relevant: ({ operation }) => Boolean(operation.access?.organizationProperty || operation.access?.organizationParameter),
  ...acrossOnly,
};

export const ACROSS_CHECKS = [allowedRoleGranted, listsNotAllEmpty, userInOneOrganization];
export const ACROSS_CHECK_IDS = ACROSS_CHECKS.map((c) => c.id);

/** The results of the across-case checks, by the case they are filed under. */
export function judgeAcross(target: ApiTarget, answers: { c: Case; response: HttpResponse }[], strict: boolean): Map<Case, CheckResult[]> {
  const out = new Map<Case, CheckResult[]>();
  const file = (c: Case, check: CheckDef, result: Partial<CheckResult> & Pick<CheckResult, 'outcome'>) => {
    if (!c.checks.includes(check.id)) return;
    const list = out.get(c) ?? [];
    list.push({ check: check.id, caseKey: c.key, caseLabel: c.label, source: check.source, status: answersOf.get(c)!.status, ...result });
    out.set(c, list);
  };
  const answersOf = new Map(answers.map((a) => [a.c, a.response]));
  const allowed = answers.filter(({ c }) => c.kind === 'role' && !c.expectation.denied && c.expectation.statuses.some(is2xx));

  // A documented 2xx seen at least once.
  if (allowed.length > 0) {
    const granted = allowed.filter(({ response }) => is2xx(response.status));
    const got = [...new Set(allowed.map(({ response }) => response.status))].join(', ');
    for (const { c } of allowed) {
      if (granted.length > 0) file(c, allowedRoleGranted, { outcome: 'passed' });
      else
        file(c, allowedRoleGranted, {
          outcome: 'failed',
          expected: `the documented ${c.expectation.statuses[0]} for at least one role the rules allow`,
          received: `every allowed role case got ${got}: no caller could list anything`,
        });
    }
  }

  // Lists with something in them.
  const lists = allowed.flatMap(({ c, response }) => {
    const items = itemsOf({ target, case: c, response } as CheckContext);
    return items ? [{ c, items }] : [];
  });
  const allEmpty = lists.length > 0 && lists.every((l) => l.items.length === 0);
  for (const { c } of lists) {
    if (!allEmpty) file(c, listsNotAllEmpty, { outcome: 'passed' });
    else
      file(c, listsNotAllEmpty, {
        outcome: strict ? 'failed' : 'warned',
        source: 'inferred',
        expected: 'users in at least one list (else no list check had anything to judge)',
        received: `every list an allowed role got was empty (${lists.length} ${lists.length === 1 ? 'list' : 'lists'})`,
        warnReason: 'nothing could be checked: are there users in the configured organizations?',
      });
  }

  // One organization per user id.
  // Items that carry no organization field are in the organization their request asked for (the case's owner).
  const property = target.operation.access?.organizationProperty ?? null;
  if (property !== null || target.operation.access?.organizationParameter) {
    const seen = new Map<string, { org: string; c: Case }>();
    for (const { c, items } of lists) {
      let failure: Partial<CheckResult> | null = null;
      for (const { pointer, item } of items) {
        const id = item.id;
        const org = c.owner ?? (property !== null && typeof item[property] === 'string' ? (item[property] as string) : null);
        if ((typeof id !== 'string' && typeof id !== 'number') || org === null) continue;
        const key = JSON.stringify(id as Json);
        const first = seen.get(key);
        if (first && first.org.toLowerCase() !== org.toLowerCase() && !failure) {
          failure = {
            expected: 'each user id in the list of one organization only',
            received: `id ${key} is listed in organization ${first.org} (${first.c.label}) and in ${org} at ${pointer}/id`,
            path: `${pointer}/id`,
          };
        }
        if (!first) seen.set(key, { org, c });
      }
      file(c, userInOneOrganization, failure ? { outcome: 'failed', ...failure } : { outcome: 'passed' });
    }
  }
  return out;
}
