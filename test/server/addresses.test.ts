// The addresses a server bound to a host listens on (src/server/addresses.ts: boundUrls), which
// `orgmock serve` prints when bound off loopback. Expected values: a wildcard bind listens on every
// interface's addresses (0.0.0.0: IPv4 only; `::`, bracketed or not: IPv4 and IPv6, Linux's default
// dual stack), an IPv6 literal goes in brackets in a URL (RFC 3986 §3.2.2), and link-local IPv6
// addresses (fe80::/10, RFC 4291 §2.5.6) are left out: they need a zone to be used. The interfaces
// are the test's own (node:os mocked), so the expected lists do not depend on this machine.
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it, vi } from 'vitest';

let interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = {};
vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), networkInterfaces: () => interfaces }));
const { boundUrls } = await import('../../src/server/addresses.js');

const v4 = (address: string): NetworkInterfaceInfo => ({
  address,
  netmask: '255.0.0.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal: false,
  cidr: `${address}/8`,
});
const v6 = (address: string): NetworkInterfaceInfo => ({
  address,
  netmask: 'ffff:ffff:ffff:ffff::',
  family: 'IPv6',
  mac: '00:00:00:00:00:00',
  internal: false,
  cidr: `${address}/64`,
  scopeid: 0,
});

const MACHINE = {
  lo: [v4('127.0.0.1'), v6('::1')],
  eth0: [v4('192.0.2.2'), v6('fd00::2'), v6('fe80::fc:ff:fe00:1'), v6('FE80::1')],
  // node types an interface's list as possibly undefined
  gone: undefined,
  // the same address on two interfaces (a bridge and its member): listed once
  br0: [v4('192.0.2.2'), v6('2001:db8::7')],
};

describe('boundUrls', () => {
  it('one address for a bind to one address: the name or IPv4 address as given, an IPv6 literal in brackets', () => {
    interfaces = MACHINE;
    expect(boundUrls('127.0.0.1', 4010)).toEqual(['http://127.0.0.1:4010']);
    expect(boundUrls('localhost', 80)).toEqual(['http://localhost:80']);
    expect(boundUrls('::1', 4010)).toEqual(['http://[::1]:4010']);
    expect(boundUrls('[::1]', 4011)).toEqual(['http://[::1]:4011']);
    expect(boundUrls('192.0.2.2', 1)).toEqual(['http://192.0.2.2:1']);
  });

  it("0.0.0.0: every interface's IPv4 address, each once, in the interfaces' order", () => {
    interfaces = MACHINE;
    expect(boundUrls('0.0.0.0', 4010)).toEqual(['http://127.0.0.1:4010', 'http://192.0.2.2:4010']);
  });

  it.each(['::', '[::]'])("%s: every interface's address, IPv4 and IPv6 (brackets), link-local ones left out, each once", (host) => {
    interfaces = MACHINE;
    expect(boundUrls(host, 8080)).toEqual([
      'http://127.0.0.1:8080',
      'http://[::1]:8080',
      'http://192.0.2.2:8080',
      'http://[fd00::2]:8080',
      'http://[2001:db8::7]:8080',
    ]);
  });

  it('a wildcard bind on a machine with no interface answers at no listed address', () => {
    interfaces = {};
    expect(boundUrls('0.0.0.0', 4010)).toEqual([]);
    expect(boundUrls('::', 4010)).toEqual([]);
  });

  it('a name that only looks like a wildcard is one address', () => {
    interfaces = MACHINE;
    expect(boundUrls('0.0.0.00', 4010)).toEqual(['http://0.0.0.00:4010']);
    expect(boundUrls('::0', 4010)).toEqual(['http://[::0]:4010']);
  });
});
