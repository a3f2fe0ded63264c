import type { Spec } from '../openapi/load.js';
import type { Json, JsonObject, OperationInfo } from '../openapi/types.js';

/** Options every API's fixture factory takes. */
export interface DatasetOptions {
  seed: number;
  /** Users in every organization (the platform organization of admins aside). */
  usersPerOrg: number;
}

export interface Organization {
  id: string;
  name: string;
}

/** One fixture user as served on the wire, plus the bearer token that signs in as it. */
export interface FixtureUser {
  token: string;
  record: JsonObject;
}

export interface Dataset {
  organizations: Organization[];
  users: FixtureUser[];
}

/** What a request to an API operation carries, after the engine parsed it. */
export interface RequestInfo {
  params: Record<string, string>;
  requestId: string;
}

/**
 * Everything the mock engine needs to know about one API. The engine applies the spec's rules
 * (authentication, parameters, x-access-control, ordering); this says how the API's data and
 * bodies look.
 */
export interface ApiModule {
  name: string;
  /** Prefix of the API's fixture tokens (`fb` → `fb_owner_…`). */
  tokenPrefix: string;
  spec: Spec;
  operation: OperationInfo;
  /** Seeded, realistic data: same options, byte-identical data. */
  generate(options: DatasetOptions): Dataset;
  /** Where a fixture user's organization id lives, and whether it may sign in at all. */
  organizationOf(user: JsonObject): string | null;
  /** False for users that exist but cannot authenticate (soft-deleted, inactive...). */
  canAuthenticate(user: JsonObject): boolean;
  /** The 200 body for a list of users of one organization (already ordered). */
  listBody(users: JsonObject[], organization: Organization): Json;
  /** The body of an error status, `message` saying what went wrong. */
  errorBody(status: number, message: string, request: RequestInfo): Json;
  /** A row of `GET /__mock/identities`. */
  identity(user: FixtureUser): JsonObject;
  /** Display name of a user's role, for the start-up banner. */
  roleName(user: JsonObject): string;
  /** The component schema a fixture user must satisfy (`#/components/schemas/<userSchema>`). */
  fixtureSchema: { userSchema: string };
  /** A fixture record that disagrees with its organization: the message naming the field, or null. */
  consistency?(user: JsonObject, organization: Organization): string | null;
}
