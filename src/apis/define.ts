/** Builds an API definition from its spec and parts, and checks that the parts agree with the spec. */
import { isObject, SpecError, type Spec } from '../openapi/load.js';
import { getOperation } from '../openapi/operations.js';
import type { JsonObject } from '../openapi/types.js';
import type { ApiDefinition, FixtureUser } from './types.js';

/** The spec's first server URL, or null. */
export function firstServer(spec: Spec): string | null {
  const servers = spec.doc.servers;
  const first = Array.isArray(servers) && isObject(servers[0]) ? servers[0].url : undefined;
  return typeof first === 'string' ? first : null;
}

/** An API definition, once its client's base URL is checked against the spec's first server. */
export function defineApi<Name extends string, Client>(definition: ApiDefinition<Name, Client>): ApiDefinition<Name, Client> {
  const server = firstServer(definition.spec);
  if (server !== null && server.replace(/\/+$/, '') !== definition.client.baseUrl.replace(/\/+$/, '')) {
    throw new SpecError(`${definition.name}: the client's base URL ${definition.client.baseUrl} is not the spec's first server ${server}`);
  }
  if (definition.client.name !== definition.name) throw new SpecError(`${definition.name}: its client is named ${definition.client.name}`);
  return definition;
}

/** The same API read from an edited copy of its spec document (for tests of spec-driven behaviour). */
export function withSpecDoc<A extends ApiDefinition>(api: A, doc: JsonObject): A {
  const spec = { ...api.spec, doc };
  return { ...api, spec, operation: getOperation(spec, api.operation.operationId) };
}

/** The id of a fixture user's organization: its record's field, else the one the dataset gives it; null when neither. */
export function organizationOfUser(api: Pick<ApiDefinition, 'mock'>, user: FixtureUser): string | null {
  return api.mock.organizationOf(user.record) ?? user.organization ?? null;
}
