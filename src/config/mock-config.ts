/**
 * A config for orgmock's own mock, read from its `/__mock/identities`: what tests and the CI recipe verify
 * against.
 */
import type { ApiDefinition } from '../apis/types.js';

/**
 * A config for orgmock's own mock at `url`, as a config file would hold it, from its
 * `GET /__mock/identities`: each API turns its rows into its section.
 */
export async function configFromMock(
  url: string,
  apis: readonly Pick<ApiDefinition, 'name' | 'verify'>[],
  timeoutMs = 5000,
): Promise<Record<string, unknown>> {
  const base = url.replace(/\/+$/, '');
  const res = await fetch(`${base}/__mock/identities`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${base}/__mock/identities answered ${res.status}`);
  const identities = (await res.json()) as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const api of apis) {
    const rows = identities[api.name];
    if (Array.isArray(rows)) config[api.name] = api.verify.sectionFromMockIdentities(rows, base);
  }
  return config;
}
