/** The start-up banner of `orgmock serve`, from the served APIs' definitions and data. */
import { canSignIn, mayList } from '../openapi/extensions.js';
import type { ServedApi } from './operation.js';
import { DOCS_PATH, specPath } from './docs.js';

/** The start-up banner: where each API is served, and one token per role to try it with. */
export function banner(server: { url: string; addresses?: readonly string[]; served: readonly ServedApi[] }): string {
  const others = (server.addresses ?? []).filter((a) => a !== server.url);
  const lines = [`orgmock listening on ${server.url}${others.length ? ` (also ${others.join(', ')})` : ''}`, ''];
  const tries: string[] = [];
  for (const { api, route, dataset } of server.served) {
    const access = api.operation.access;
    const asked = access?.organizationParameter ? (dataset.organizations[0]?.id ?? null) : null;
    const example = route.replace(/:([^/]+)/g, (_m, name: string) => (name === access?.organizationParameter ? (asked ?? name) : name));
    lines.push(`${api.spec.doc.info && (api.spec.doc.info as { title?: string }).title}`);
    // A curl that runs as printed: the token of a user who may list what the example asks for.
    const lister = dataset.showcase().find((user) => {
      if (!access) return true;
      const org = api.mock.organizationOf(user.record);
      return canSignIn(access, user.record) && mayList(access, user.record[access.roleProperty], org, asked ?? org);
    });
    if (lister) tries.push(`Try: curl -H "Authorization: Bearer ${lister.token}" ${server.url}${example}`);
    lines.push(`  GET ${server.url}${example}`);
    const seen = new Set<string>();
    const rows: [string, string, string][] = [];
    for (const user of dataset.showcase()) {
      const role = api.mock.roleName(user.record);
      const usable = canSignIn(api.operation.access, user.record);
      if (seen.has(role) || !usable) continue;
      seen.add(role);
      rows.push([role, user.token, String(api.mock.organizationOf(user.record) ?? '')]);
    }
    lines.push(`${'  role'.padEnd(18) + 'token'.padEnd(36)}organization`);
    for (const [role, token, org] of rows) lines.push(`  ${role.padEnd(16)}${token.padEnd(36)}${org}`);
    lines.push('');
  }
  lines.push(`API docs: ${server.url}${DOCS_PATH}`);
  lines.push(`Specs: ${server.served.map(({ api }) => server.url + specPath(api)).join(', ')}`);
  lines.push(`All tokens: ${server.url}/__mock/identities (mock fixture tokens, not secrets)`);
  lines.push(...tries);
  return lines.map(printable).join('\n');
}

/**
 * Fixture data shown on a terminal: control characters (C0, DEL, C1), which could move the cursor
 * or recolour the terminal, and bidirectional overrides, which could reorder what is shown, are
 * written as escapes instead.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
