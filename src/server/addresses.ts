/** Adapter: the addresses a server bound to a host actually listens on (every interface's for 0.0.0.0 and ::). */
import { networkInterfaces } from 'node:os';

/** Base URLs the server answers at: one per interface address for a wildcard bind, else the one address. */
export function boundUrls(host: string, port: number): string[] {
  const wildcard = host === '0.0.0.0' ? 'IPv4' : host === '::' || host === '[::]' ? 'any' : null;
  const url = (address: string) => `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  if (wildcard === null) return [url(host.replace(/^\[|\]$/g, ''))];
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => wildcard === 'any' || a.family === 'IPv4')
    // Link-local IPv6 addresses need a zone to be used: not worth showing.
    .filter((a) => !a.address.toLowerCase().startsWith('fe80:'))
    .map((a) => a.address);
  return [...new Set(addresses)].map(url);
}
