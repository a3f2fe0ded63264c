// What the config file knows of one API, read from its spec: the section's name, the role names its
// tokens are keyed by, and the path parameter (if any) its organization ids are for.
import type { Spec } from '../openapi/load.js';
import { getOperation } from '../openapi/operations.js';
import type { OperationInfo, ParameterInfo } from '../openapi/types.js';
import { roleCatalog } from '../openapi/query.js';

export interface ConfigApi {
  /** Config section name, also the bundled spec's name. */
  name: string;
  spec: Spec;
  operation: OperationInfo;
  /** Role names as the config's tokens name them, in the spec's enum order (`x-enum-varnames` where given). */
  roles: readonly string[];
  /** The path parameter naming the organization asked for (`x-access-control.organizationParameter`), if any. */
  organizationParameter: ParameterInfo | null;
  /** The API's section for orgmock's own mock, from its `/__mock/identities` rows. */
  sectionFromMockIdentities?(rows: unknown[], baseUrl: string): Record<string, unknown>;
}

/** What an API module hands the config reader (a verify plugin is one). */
export interface ConfigApiSource {
  name: string;
  spec: Spec;
  operationId: string;
  sectionFromMockIdentities?(rows: unknown[], baseUrl: string): Record<string, unknown>;
}

export function configApi(source: ConfigApiSource): ConfigApi {
  const operation = getOperation(source.spec, source.operationId);
  const api: ConfigApi = {
    name: source.name,
    spec: source.spec,
    operation,
    roles: roleCatalog(source.spec, operation).names,
    organizationParameter: organizationParameter(operation),
  };
  if (source.sectionFromMockIdentities) api.sectionFromMockIdentities = source.sectionFromMockIdentities.bind(source);
  return api;
}

/** The operation's path parameter that names an organization, per its `x-access-control`. */
export function organizationParameter(operation: OperationInfo): ParameterInfo | null {
  const name = operation.access?.organizationParameter;
  return operation.parameters.find((p) => p.in === 'path' && p.name === name) ?? null;
}
