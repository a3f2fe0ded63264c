// limitOf names the server that answered (Server header, else its stock error page) and that
// server's setting, never another's.
import { describe, expect, it } from 'vitest';
import { limitOf } from './infrastructure.js';

const res = (server: string | null, text = '') => ({ headers: (server === null ? {} : { server }) as Record<string, string>, text });

describe('limitOf', () => {
  it.each([
    [431, res('lighttpd/1.4.69'), /^lighttpd's header size limit .*server\.max-request-field-size/],
    [400, res('nginx/1.22.1'), /^nginx's request limit .*large_client_header_buffers/],
    [400, res(null, '<html><center>nginx</center></html>'), /^nginx's .*large_client_header_buffers/],
    [
      400,
      res(null, '<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>'),
      /^HAProxy's .*tune\.bufsize/,
    ],
    [400, res('Apache/2.4.62 (Debian)'), /^Apache httpd's .*LimitRequestFieldSize/],
    [431, res('Caddy'), /^Caddy's .*MaxHeaderBytes/],
    [431, res(null), /^a proxy's or server's header size limit .*a bare 431 is Node's --max-http-header-size/],
  ])('%i from %o', (status, response, want) => {
    expect(limitOf(status, response)).toMatch(want);
  });

  it("never cites Node or nginx for another server's answer", () => {
    for (const status of [400, 413, 414, 431]) {
      const text = limitOf(status, res('lighttpd/1.4.69'))!;
      expect(text).not.toMatch(/Node|nginx/);
    }
    expect(limitOf(431, res('SomeGateway/2'))).toMatch(/\(Server: SomeGateway\/2\)$/);
  });

  it('is null for a status that is no limit', () => {
    expect(limitOf(404, res('nginx'))).toBeNull();
  });
});
