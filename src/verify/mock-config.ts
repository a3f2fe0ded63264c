import type { VerifyPlugin } from './types.js';

/**
 * A verify config for orgmock's own mock at `url`, from its `GET /__mock/identities`: each plugin
 * turns its API's rows into its section.
 */
export async function configFromMock(url: string, plugins: readonly VerifyPlugin[], timeoutMs = 5000): Promise<Record<string, unknown>> {
  const base = url.replace(/\/+$/, '');
  const res = await fetch(`${base}/__mock/identities`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${base}/__mock/identities answered ${res.status}`);
  const identities = (await res.json()) as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const plugin of plugins) {
    const rows = identities[plugin.name];
    if (Array.isArray(rows)) config[plugin.name] = plugin.sectionFromMockIdentities(rows, base);
  }
  return config;
}
