/** The types of what is read from a spec: JSON, operations, responses, role rules, markers. */

/** The parts of an OpenAPI 3.0 document this project reads. Loosely typed: specs carry extensions. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Inferred {
  reason: string;
}

export interface ExampleInfo {
  name: string;
  summary?: string;
  value: Json;
  inferred: Inferred | null;
}

/** A response header the spec declares (`responses.<status>.headers.<name>`). */
export interface HeaderInfo {
  name: string;
  required: boolean;
  /** Its schema, `$ref`s followed (`{}` when it has none). */
  schema: JsonObject;
  /** Its `example` (or its schema's), null when it has none. */
  example: Json;
}

export interface ResponseInfo {
  status: number;
  description: string;
  /** The response headers the spec declares, in its order. */
  headers: HeaderInfo[];
  /** The response's schema as written (may be a `$ref`). */
  schema: JsonObject | null;
  /** JSON pointer of that schema in the document, for validators. */
  schemaPointer: string | null;
  examples: ExampleInfo[];
  inferred: Inferred | null;
}

export interface AccessRule {
  roles: Json[];
  scope: 'caller-organization' | 'own-organization' | 'any-organization';
  inferred: Inferred | null;
}

export interface AccessControl {
  description: string;
  /** The field of the caller's own user record that holds its role. */
  roleProperty: string;
  /** Only callers whose `property` equals `equals` (absent reads as null) may sign in at all. */
  activeWhen: { property: string; equals: Json; description: string; inferred: Inferred | null } | null;
  /** The path parameter naming the organization asked for, and the user field holding the caller's. */
  organizationParameter: string | null;
  organizationProperty: string | null;
  rules: AccessRule[];
  deniedStatus: number;
  unauthenticatedStatus: number;
  unauthenticatedInferred: Inferred | null;
}

export interface Ordering {
  property: string;
  direction: 'ascending' | 'descending';
  description: string;
  inferred: Inferred | null;
}

export interface ParameterInfo {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonObject;
  /** Its `example` (or its schema's), null or absent when it has none. */
  example?: Json;
}

export interface OperationInfo {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'trace';
  /** OpenAPI path template, e.g. `/admin/organizations/{organization_id}/users`. */
  path: string;
  /** JSON pointer of the operation object. */
  pointer: string;
  summary: string;
  parameters: ParameterInfo[];
  responses: ResponseInfo[];
  access: AccessControl | null;
  ordering: Ordering | null;
}
