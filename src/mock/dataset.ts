/** An API's fixture data indexed for serving: users by token, organizations by id, list bodies serialised once. */
import type { ApiDefinition, Dataset, FixtureUser, Organization } from '../apis/types.js';
import type { JsonObject } from '../openapi/types.js';

/** One API's fixture data, indexed for the request path: token lookups and pre-serialised lists. */
export interface IndexedDataset {
  data: Dataset;
  byToken: Map<string, FixtureUser>;
  /** Users by API key (those that have one). */
  byApiKey: Map<string, FixtureUser>;
  organization(id: string): Organization | undefined;
  /** The 200 body of an organization, serialised once (the data never changes while serving). */
  listBody(org: Organization): string;
}

export function indexDataset(api: ApiDefinition, data: Dataset): IndexedDataset {
  const byToken = new Map(data.users.map((u) => [u.token, u]));
  const byApiKey = new Map(data.users.flatMap((u) => (u.apiKey === undefined ? [] : [[u.apiKey, u] as const])));
  const orgs = new Map(data.organizations.map((o) => [o.id.toLowerCase(), o]));
  const members = new Map<string, JsonObject[]>();
  for (const { record } of data.users) {
    const org = api.mock.organizationOf(record)?.toLowerCase();
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
  const bodies = new Map<string, string>();
  return {
    data,
    byToken,
    byApiKey,
    organization: (id) => orgs.get(id.toLowerCase()),
    listBody(org) {
      const id = org.id.toLowerCase();
      let body = bodies.get(id);
      if (body === undefined) {
        body = JSON.stringify(api.mock.listBody(members.get(id) ?? [], org));
        bodies.set(id, body);
      }
      return body;
    },
  };
}
