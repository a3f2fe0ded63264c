/** An API's fixture data indexed for serving: users by token, organizations by id, list answers serialised once. */
import { organizationOfUser } from '../apis/define.js';
import type { ApiDefinition, Dataset, FixtureUser, ListRequest, Organization } from '../apis/types.js';
import { successResponse } from '../openapi/query.js';
import type { JsonObject } from '../openapi/types.js';

/** A list answer as served: the body serialised, and the declared headers the definition gave. */
export interface ListOutcome {
  raw: string;
  headers?: Readonly<Record<string, string>>;
}

/** Distinct list answers kept per dataset (organizations × query values); past it, answers are built per request. */
const MAX_CACHED_ANSWERS = 4096;

/** One API's fixture data, indexed for the request path: token lookups and pre-serialised lists. */
export interface IndexedDataset {
  data: Dataset;
  byToken: Map<string, FixtureUser>;
  /** Users by API key (those that have one). */
  byApiKey: Map<string, FixtureUser>;
  /** An organization by its id or another reference its definition gives it (`organizationKeys`), any case. */
  organization(reference: string): Organization | undefined;
  /** The 200 answer of an organization to a request, serialised once per distinct answer (the data never changes while serving). */
  listBody(org: Organization, request: ListRequest): ListOutcome;
}

export function indexDataset(api: ApiDefinition, data: Dataset): IndexedDataset {
  const byToken = new Map(data.users.map((u) => [u.token, u]));
  const byApiKey = new Map(data.users.flatMap((u) => (u.apiKey === undefined ? [] : [[u.apiKey, u] as const])));
  const orgs = new Map(data.organizations.map((o) => [o.id.toLowerCase(), o]));
  for (const o of data.organizations) {
    for (const key of api.mock.organizationKeys?.(o) ?? []) if (!orgs.has(key.toLowerCase())) orgs.set(key.toLowerCase(), o);
  }
  const members = new Map<string, JsonObject[]>();
  for (const user of data.users) {
    const { record } = user;
    const org = organizationOfUser(api, user)?.toLowerCase();
    if (org === undefined) continue;
    const list = members.get(org) ?? [];
    list.push(record);
    members.set(org, list);
  }
  const ordering = api.operation.ordering;
  if (ordering) {
    const sign = ordering.direction === 'descending' ? -1 : 1;
    const key = ordering.property;
    for (const list of members.values()) {
      list.sort((a, b) => sign * String(a[key]).localeCompare(String(b[key])));
    }
  }
  // Only the headers the spec declares for the 200 are written.
  const declared = new Map((successResponse(api.operation)?.headers ?? []).map((h) => [h.name.toLowerCase(), h.name]));
  // An operation without query parameters or declared headers answers per organization alone.
  const perOrganization = declared.size === 0 && !api.operation.parameters.some((p) => p.in === 'query');
  const answers = new Map<string, ListOutcome>();
  return {
    data,
    byToken,
    byApiKey,
    organization: (reference) => orgs.get(reference.toLowerCase()),
    listBody(org, request) {
      const id = org.id.toLowerCase();
      // One answer per organization, path parameters (a Link header may repeat them) and query values.
      const key = perOrganization ? id : `${id}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.query)}`;
      let answer = answers.get(key);
      if (answer === undefined) {
        const { body, headers } = api.mock.list(members.get(id) ?? [], org, request);
        const written = Object.entries(headers ?? {}).flatMap(([name, value]) => {
          const spelled = declared.get(name.toLowerCase());
          return spelled === undefined ? [] : [[spelled, value] as const];
        });
        answer = written.length === 0 ? { raw: JSON.stringify(body) } : { raw: JSON.stringify(body), headers: Object.fromEntries(written) };
        if (answers.size < MAX_CACHED_ANSWERS) answers.set(key, answer);
      }
      return answer;
    },
  };
}
