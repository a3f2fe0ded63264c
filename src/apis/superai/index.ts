/** SuperAI Flow `GET /admin/organizations/{organization_id}/users`: a bare array, and the standard error structure. */
import { loadBundledSpec } from '../../openapi/load.js';
import { apiKeyScheme } from '../../openapi/extensions.js';
import { getOperation } from '../../openapi/operations.js';
import type { Json, JsonObject } from '../../openapi/types.js';
import { defineApi } from '../define.js';
import { superaiChecks } from './checks.js';
import { superaiClient } from './client.js';
import { superaiSectionFromMock } from './config-section.js';
import { superaiWorld } from './fixtures.js';
import { materialize } from '../world-kit.js';

const spec = loadBundledSpec('superai');
const operation = getOperation(spec, 'listOrganizationUsers');
const keyPrefix = apiKeyScheme(spec, operation)?.prefix ?? null;

/** The vendor's error code of each status, read from the spec's examples. */
const codes = new Map<number, Json>(
  operation.responses.flatMap((r) => {
    const value = r.examples[0]?.value as JsonObject | undefined;
    const error = value?.error as JsonObject | undefined;
    return error && 'code' in error ? [[r.status, error.code!] as [number, Json]] : [];
  }),
);

export const superai = defineApi({
  name: 'superai',
  title: 'SuperAI',
  spec,
  operation,
  signInState: (user) => (typeof user.status === 'string' ? user.status : 'active'),
  mock: {
    tokenPrefix: 'sa',
    generate: (options) => materialize(superaiWorld(options, keyPrefix, operation.ordering)),
    world: (options) => superaiWorld(options, keyPrefix, operation.ordering),
    organizationOf: (user) => (typeof user.organization_id === 'string' ? user.organization_id : null),
    list: (users) => ({ body: users }),
    errorBody: (status, message, request): Json =>
      status === 422
        ? {
            detail: [
              {
                loc: ['path', 'organization_id'],
                msg: message,
                type: 'uuid_parsing',
                input: request.params.organization_id ?? null,
              },
            ],
          }
        : ({ error: { message, code: codes.get(status) ?? null, details: null }, request_id: request.requestId } satisfies JsonObject),
    identity: ({ token, record, apiKey }) => ({
      token,
      userId: record.id ?? null,
      organizationId: record.organization_id ?? null,
      role: record.role ?? null,
      status: record.status ?? null,
      apiKey: apiKey ?? null,
    }),
    roleName: (user) => String(user.role),
    fixtureSchema: { userSchema: 'OrganizationUserResponse' },
    consistency: (user, organization) =>
      user.organization_name === organization.name
        ? null
        : `field organization_name: ${JSON.stringify(user.organization_name)} is not the organization's name ${JSON.stringify(organization.name)}`,
  },
  verify: {
    listPointer: '',
    checks: superaiChecks,
    sectionFromMockIdentities: (rows, baseUrl) => superaiSectionFromMock(spec, operation, rows, `${baseUrl}${spec.basePath}`),
  },
  client: superaiClient,
});
