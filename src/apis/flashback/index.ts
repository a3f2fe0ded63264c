/** Flashback `GET /organization/users`: the list envelope, for success and failure alike. */
import { loadBundledSpec } from '../../openapi/load.js';
import { getOperation } from '../../openapi/operations.js';
import { defineApi } from '../define.js';
import { flashbackChecks } from './checks.js';
import { flashbackClient } from './client.js';
import { flashbackSectionFromMock } from './config-section.js';
import { flashbackWorld, roleNames } from './fixtures.js';
import { materialize } from '../world-kit.js';

const spec = loadBundledSpec('flashback');
const operation = getOperation(spec, 'listOrganizationUsers');
const names = roleNames(spec, operation);
/** The body of each failure status: the spec's example, which the page pins to the empty envelope. */
const EMPTY_ENVELOPE = { success: false, data: [], total: 0 };
const failureBodies = new Map(operation.responses.map((r) => [r.status, r.examples[0]?.value ?? EMPTY_ENVELOPE]));
const deleted = (user: { deletedAt?: unknown }) => user.deletedAt !== null && user.deletedAt !== undefined;

export const flashback = defineApi({
  name: 'flashback',
  title: 'Flashback',
  spec,
  operation,
  signInState: (user) => (deleted(user) ? 'deleted' : 'active'),
  mock: {
    tokenPrefix: 'fb',
    generate: (options) => materialize(flashbackWorld(spec, operation, options)),
    world: (options) => flashbackWorld(spec, operation, options),
    organizationOf: (user) => (typeof user.orgId === 'string' ? user.orgId : null),
    list: (users) => ({ body: { success: true, data: users, total: users.length } }),
    // The page pins every failure body of this operation to the empty envelope.
    errorBody: (status) => failureBodies.get(status) ?? EMPTY_ENVELOPE,
    identity: ({ token, record }) => ({
      token,
      userId: record.id ?? null,
      orgId: record.orgId ?? null,
      orgRole: record.orgRole ?? null,
      deleted: deleted(record),
    }),
    roleName: (user) => names.get(user.orgRole as number) ?? String(user.orgRole),
    fixtureSchema: { userSchema: 'OrganizationUser' },
  },
  verify: {
    listPointer: '/data',
    checks: flashbackChecks(spec, operation),
    sectionFromMockIdentities: (rows, baseUrl) => flashbackSectionFromMock(spec, operation, rows, baseUrl),
  },
  client: flashbackClient,
});
