import type { ConfigApi } from './apis.js';

/** What builds one API's section for the mock (a verify plugin, or a ConfigApi made from one). */
export type MockSectionSource = Pick<ConfigApi, 'name' | 'sectionFromMockIdentities'>;

/**
 * A config for orgmock's own mock at `url`, as a config file would hold it, from its
 * `GET /__mock/identities`: each API turns its rows into its section.
 */
export async function configFromMock(url: string, apis: readonly MockSectionSource[], timeoutMs = 5000): Promise<Record<string, unknown>> {
  const base = url.replace(/\/+$/, '');
  const res = await fetch(`${base}/__mock/identities`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${base}/__mock/identities answered ${res.status}`);
  const identities = (await res.json()) as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const api of apis) {
    const rows = identities[api.name];
    if (Array.isArray(rows) && api.sectionFromMockIdentities) config[api.name] = api.sectionFromMockIdentities(rows, base);
  }
  return config;
}
