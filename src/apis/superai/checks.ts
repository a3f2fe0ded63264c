/**
 * SuperAI's own checks for `orgmock verify`. Tenant isolation (x-access-control's organization
 * parameter and property), order (x-ordering), role rules and schemas are the engine's, from openapi/superai.yaml.
 */
import { sameItemValue, uniqueItemValues } from '../../contract/list.js';
import type { CheckDef } from '../../contract/types.js';

export const superaiChecks: CheckDef[] = [
  sameItemValue({
    id: 'superai.single_organization_name',
    property: 'organization_name',
    title: 'Several organization names in one list',
    meaning: 'One organization_name throughout the list: every user is of the one organization asked for.',
    source: 'documented',
  }),
  uniqueItemValues({ id: 'superai.unique_user_ids', property: 'id', meaning: 'Every listed user has its own id.' }),
];
