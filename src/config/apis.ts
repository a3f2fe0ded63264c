/**
 * What the config file knows of one API, read from its spec: the section's name (the API's), the
 * role names its tokens are keyed by, and the path parameter (if any) its organization ids are for.
 */
import type { ApiDefinition } from '../apis/types.js';
import { roleCatalog } from '../openapi/extensions.js';

/** Role names as the config's tokens name them, in the spec's enum order (`x-enum-varnames` where given). */
export const configRoles = (api: Pick<ApiDefinition, 'spec' | 'operation'>): string[] => roleCatalog(api.spec, api.operation).names;
