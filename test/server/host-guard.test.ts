// The DNS-rebinding guard (src/server/host-guard.ts), the function itself. Expected values: README
// "DNS-rebinding guard" (a loopback-bound mock answers loopback names, IP addresses, an absent Host
// and names given with --allowed-hosts, a leading dot allowing subdomains; bound elsewhere there is
// no guard), RFC 6761 §6.3 (`localhost` and every name under `.localhost` are loopback), RFC 1122
// §3.2.1.3 (127.0.0.0/8), RFC 4291 (`::1`, and `::ffff:127.x.x.x`, IPv4-mapped), RFC 9110 §7.2 (Host
// is `uri-host [":" port]`, an IPv6 literal in brackets as in RFC 3986) and names compared without
// case (RFC 4343). The guard on a real server: test/hardening/mock.test.ts.
import { describe, expect, it } from 'vitest';
import { hostGuard, isLoopback, refusedHostBody, repeatedHostBody, repeatsHost } from '../../src/server/host-guard.js';

describe('isLoopback: addresses only this machine can reach', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'app.localhost',
    'a.b.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '127.255.255.254',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '[::FFFF:127.9.9.9]',
  ])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each([
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    '1.127.0.0',
    '192.168.1.127',
    '::2',
    '::ffff:10.0.0.1',
    '::ffff:128.0.0.1',
    'example.com',
    'localhost.example',
    'notlocalhost',
    'mylocalhost',
    'fe80::1',
    '',
  ])('%s is not', (host) => {
    expect(isLoopback(host)).toBe(false);
  });

  it('brackets only around an IPv6 literal, and IPv4-mapped means ::ffff: first (RFC 4291 §2.5.5.2)', () => {
    for (const host of ['::[1', '::]1', '::ffff:127.evil.example', '1::ffff:127.0.0.1', '::1:ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(false);
  });
});

describe('hostGuard', () => {
  it('an IPv6 literal is the whole bracketed address; anything else in brackets or beside them is refused', () => {
    const guard = hostGuard('127.0.0.1')!;
    expect(guard.allows('[1:2:3:4:5:6:7:8]:80')).toBe(true);
    expect(guard.allows('[2001:db8::1]')).toBe(true);
    for (const host of ['[::1x]', '[::[1]', '1.2]3.4.5', '[]', '[', 'tryker was here']) expect(guard.allows(host), host).toBe(false);
  });

  it('bound to a non-loopback address: no guard (you chose to expose it)', () => {
    for (const bind of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) expect(hostGuard(bind, ['x.test'])).toBeNull();
  });

  it('bound to a loopback address: a guard, whatever loopback form the address takes', () => {
    for (const bind of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) expect(hostGuard(bind)).not.toBeNull();
  });

  it('answers an absent Host (HTTP/1.0) and an empty one', () => {
    const guard = hostGuard('127.0.0.1')!;
    expect(guard.allows(undefined)).toBe(true);
    expect(guard.allows('')).toBe(true);
  });

  it('answers loopback names and IP addresses, with or without a port, in any case', () => {
    const guard = hostGuard('127.0.0.1')!;
    for (const host of [
      'localhost',
      'localhost:4010',
      'LocalHost:80',
      'localhost.',
      'app.localhost:3000',
      'x.y.localhost',
      '127.0.0.1',
      '127.0.0.1:4010',
      '10.1.2.3',
      '192.168.0.9:8080',
      '[::1]',
      '[::1]:4010',
      '[fe80::1]:80',
      ' localhost ',
    ])
      expect(guard.allows(host), host).toBe(true);
  });

  it('refuses every other name, and malformed Host values', () => {
    const guard = hostGuard('127.0.0.1')!;
    for (const host of [
      'rebind.attacker.example',
      'rebind.attacker.example:4010',
      'localhost.attacker.example',
      'attackerlocalhost',
      'evil-localhost:80',
      '[::1',
      '[::1:80',
      '[not-an-ip]:80',
      '127.0.0.1.attacker.example',
      'mock.test',
    ])
      expect(guard.allows(host), host).toBe(false);
  });

  it('allowed names: exact names whole, in any case, with a port or a trailing dot; never as a suffix', () => {
    const guard = hostGuard('127.0.0.1', ['mock.test', ' Other.Test '])!;
    for (const host of ['mock.test', 'MOCK.TEST', 'mock.test:4010', 'mock.test.', 'other.test', 'OTHER.test:1'])
      expect(guard.allows(host), host).toBe(true);
    for (const host of ['evilmock.test', 'sub.mock.test', 'mock.test.attacker.example', 'mock.tes', 'ock.test', 'other.test.x'])
      expect(guard.allows(host), host).toBe(false);
  });

  it('a leading dot allows the name and its subdomains, at a dot only', () => {
    const guard = hostGuard('127.0.0.1', ['.dev.example'])!;
    for (const host of ['dev.example', 'a.dev.example', 'a.b.dev.example:8443', 'A.DEV.EXAMPLE', 'x.dev.example.'])
      expect(guard.allows(host), host).toBe(true);
    for (const host of [
      'attackerdev.example',
      'attacker-dev.example',
      'dev.example.attacker.example',
      'ev.example',
      'example',
      'v.example',
    ])
      expect(guard.allows(host), host).toBe(false);
  });

  it('blank entries in the list allow nothing', () => {
    const guard = hostGuard('127.0.0.1', ['', '  '])!;
    expect(guard.allows('mock.test')).toBe(false);
    expect(guard.allows('x')).toBe(false);
    expect(guard.allows(':80')).toBe(false); // a port without a name
  });

  it('the same answer however often and in whatever order values come (allowed ones are remembered, refused ones never)', () => {
    const guard = hostGuard('127.0.0.1', ['.dev.example'])!;
    const allowed = Array.from({ length: 300 }, (_v, n) => `h${n}.dev.example`);
    for (let pass = 0; pass < 2; pass++) {
      for (const host of allowed) expect(guard.allows(host), host).toBe(true);
      for (const host of ['localhost', 'a.dev.example', 'localhost', 'evil.test', 'a.dev.example', 'evil.test'])
        expect(guard.allows(host), host).toBe(host !== 'evil.test');
      // No Host (HTTP/1.0) and an empty one, after others: still answered.
      expect(guard.allows(undefined)).toBe(true);
      expect(guard.allows('')).toBe(true);
    }
  });

  it('no list: loopback names and addresses only', () => {
    expect(hostGuard('127.0.0.1')!.allows('mock.test')).toBe(false);
  });
});

describe('the refusal', () => {
  it('a problem+json body (RFC 9457): 403 Forbidden Host, saying why and what to do, without a token', () => {
    const body = JSON.parse(refusedHostBody());
    expect(body).toEqual({ type: 'about:blank', title: 'Forbidden Host', status: 403, detail: expect.any(String) });
    expect(body.detail).toContain('loopback');
    expect(body.detail).toContain('DNS-rebinding');
    expect(body.detail).toContain('--allowed-hosts NAME');
  });
});

describe('two Host headers (RFC 9112 §3.2: a server must answer 400 to more than one Host field line)', () => {
  // node's req.rawHeaders: name, value, name, value, ... as received, names in their own case
  it('more than one Host line, in any case, wherever they are', () => {
    expect(repeatsHost(['Host', 'a', 'Host', 'b'])).toBe(true);
    expect(repeatsHost(['host', 'a', 'Accept', '*/*', 'HOST', 'a'])).toBe(true);
    expect(repeatsHost(['Accept', '*/*', 'Host', 'a', 'X', 'y', 'hOsT', 'b', 'Host', 'c'])).toBe(true);
  });

  it('one Host line, or none, is not; values and look-alike names never count', () => {
    expect(repeatsHost([])).toBe(false);
    expect(repeatsHost(['Host', 'a'])).toBe(false);
    expect(repeatsHost(['Accept', '*/*', 'Host', 'a', 'X-Forwarded-Host', 'b', 'Hosts', 'c'])).toBe(false);
    // a value that reads "host" is not a name
    expect(repeatsHost(['Host', 'host', 'X', 'Host'])).toBe(false);
    expect(repeatsHost(['X-Host', 'a', 'Host', 'b', 'hos', 'c'])).toBe(false);
    // other four-letter names
    expect(repeatsHost(['Host', 'a', 'Date', 'b', 'Vary', 'c'])).toBe(false);
  });

  it('the 400 body: problem+json naming the rule', () => {
    expect(JSON.parse(repeatedHostBody())).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has more than one Host header (RFC 9112, section 3.2).',
    });
  });
});
