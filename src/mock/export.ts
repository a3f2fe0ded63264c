import type { ApiModule } from '../apis/types.js';
import type { DatasetOptions } from '../apis/types.js';

/** The editable fixture-file form of an API's generated data (what `--fixtures DIR` reads back). */
export function fixtureFile(api: ApiModule, options: DatasetOptions): string {
  const data = api.generate(options);
  return `${JSON.stringify({ organizations: data.organizations, users: data.users.map((u) => ({ ...u.record, token: u.token })) }, null, 2)}\n`;
}
