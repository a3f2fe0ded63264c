/**
 * What the config file knows of one API, read from its spec: the section's name (the API's), the
 * role names its tokens are keyed by, and the path parameter (if any) its organization ids are for.
 */
import type { ApiDefinition } from '../apis/types.js';
import { roleCatalog } from '../openapi/query.js';
import type { OperationInfo, ParameterInfo } from '../openapi/types.js';

/** Role names as the config's tokens name them, in the spec's enum order (`x-enum-varnames` where given). */
export const configRoles = (api: Pick<ApiDefinition, 'spec' | 'operation'>): string[] => roleCatalog(api.spec, api.operation).names;

/** The operation's path parameter that names an organization, per its `x-access-control`. */
export function organizationParameter(operation: OperationInfo): ParameterInfo | null {
  const name = operation.access?.organizationParameter;
  return operation.parameters.find((p) => p.in === 'path' && p.name === name) ?? null;
}
