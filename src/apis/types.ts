/**
 * What an API is, for every engine: one `ApiDefinition` per API (`src/apis/<api>/index.ts`), listed
 * once in `src/apis/index.ts`. The engines apply the spec's rules (authentication, parameters,
 * x-access-control, ordering); a definition says only what the spec cannot: how the API's data and
 * bodies look, its own verify checks, and its typed client.
 */
import type { Spec } from '../openapi/load.js';
import type { Json, JsonObject, OperationInfo } from '../openapi/types.js';
import type { CheckDef } from '../contract/types.js';
import type { ApiClient } from './client-kit.js';

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

/** One fixture user as served on the wire, plus the bearer token (and maybe an API key) that signs in as it. */
export interface FixtureUser {
  token: string;
  record: JsonObject;
  /** The user's API key, sent in the header of the spec's API-key security scheme (only APIs whose spec has one). */
  apiKey?: string;
  /** The id of the user's organization, for an API whose listed users carry none (`MockDefinition.organizationOf` gives null). */
  organization?: string;
}

export interface Dataset {
  organizations: Organization[];
  users: FixtureUser[];
}

/** Where a user is in a world: the organization's number (in `organizations`) and the user's position in its list. */
export interface MemberRef {
  org: number;
  index: number;
}

/** One organization's members in the order the API lists them (the spec's `x-ordering`), each made on demand. */
export interface Members {
  readonly count: number;
  at(index: number): FixtureUser;
}

/**
 * An API's data, made on demand: the organizations up front, each member when asked for, and a token's or API
 * key's user found without making the others. `members(n).at(i)` is the same user however and whenever it is made.
 */
export interface World {
  readonly organizations: readonly Organization[];
  members(org: number): Members;
  /** Where the user of a token may be; the caller compares that user's token. Null: no user has it. */
  locateToken(token: string): MemberRef | null;
  /** Where the user of an API key may be; the caller compares that user's key. Null: no user has it. */
  locateApiKey(key: string): MemberRef | null;
}

/** What a list answer may depend on: the path parameters and the declared query parameters (answers are cached by these). */
export interface ListRequest {
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /**
   * The operation's declared query parameters, validated and typed by their schemas (`?page=2` → `{ page: 2 }`),
   * defaults filled in; parameters neither sent nor defaulted are absent.
   */
  query: Record<string, Json>;
}

/** What a request to an API operation carries, after the engine parsed it. */
export interface RequestInfo extends ListRequest {
  requestId: string;
}

/** The 200 answer to a list request: its body, and the response headers the spec declares for it (`X-Total`, `Link`). */
export interface ListAnswer {
  body: Json;
  /** Header values by name; the mock writes those the spec declares for the status and drops the rest. */
  headers?: Record<string, string>;
}

/** The mock's part of an API: its data and the bodies it answers with. */
export interface MockDefinition {
  /** Prefix of the API's fixture tokens (`fb` → `fb_owner_…`). */
  tokenPrefix: string;
  /** Seeded, realistic data: same options, byte-identical data (every user; small sizes, fixture files). */
  generate(options: DatasetOptions): Dataset;
  /**
   * The same data as `generate`, made lazily (start-up and memory independent of the size); without it the engine
   * indexes `generate`'s dataset.
   */
  world?(options: DatasetOptions): World;
  /** Where a fixture user's organization id lives; null when the record carries none (then `FixtureUser.organization` says). */
  organizationOf(user: JsonObject): string | null;
  /**
   * The 200 answer for one organization's users (all of them, already ordered) to one request: a paginating API
   * slices its page here and says so in headers. Same arguments, same answer: the mock caches it.
   */
  list(users: JsonObject[], organization: Organization, request: ListRequest): ListAnswer;
  /**
   * The references besides its id that name an organization in the path (a group's full path, `my-group/sub`,
   * sent as `my-group%2Fsub`); matched without regard to case. Absent: the id only.
   */
  organizationKeys?(organization: Organization): string[];
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

/** What `orgmock verify` adds for an API beyond the spec's rules. */
export interface VerifyDefinition {
  /** JSON pointer of the listed items in a 2xx body (`''` for a bare array). */
  listPointer: string;
  /** Checks run on every 2xx body a role gets, named `<api>.<name>`. */
  checks: CheckDef[];
  /** This API's config section for the project's mock, from its `/__mock/identities` rows. */
  sectionFromMockIdentities(rows: unknown[], baseUrl: string): Record<string, unknown>;
}

/** One API, as every engine, adapter and command reads it. */
export interface ApiDefinition<Name extends string = string, Client = unknown> {
  /** Short name: config section, report name, fixture file and bundled spec (`openapi/<name>.yaml`). */
  name: Name;
  /** Display name in help texts (`Flashback`). */
  title: string;
  /** The spec, loaded once. */
  spec: Spec;
  /** The operation orgmock serves and checks, read once from the spec. */
  operation: OperationInfo;
  /** The user's sign-in state as the docs page and banner show it (`active`, `deleted`, `pending`...). */
  signInState(user: JsonObject): string;
  mock: MockDefinition;
  verify: VerifyDefinition;
  /** The typed client and its production base URL (the spec's first server). */
  client: ApiClient<Name, Client>;
}
