// Proxies besides nginx, from Debian's packages, in front of a backend: stock lighttpd (mod_proxy,
// default server.max-request-field-size 8 KB: it answers an 8 KB token 431 itself).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProxy, type Running } from './servers.js';

export const LIGHTTPD = '/usr/sbin/lighttpd';

/** Stock lighttpd proxying everything to `upstream` (http://127.0.0.1:PORT), loopback only, from a temp config. */
export async function lighttpdInFront(upstream: string): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-lighttpd-'));
  const port = await freePort();
  const target = new URL(upstream);
  const conf = join(dir, 'lighttpd.conf');
  writeFileSync(
    conf,
    `server.document-root = "${dir}"
server.port = ${port}
server.bind = "127.0.0.1"
server.errorlog = "${dir}/error.log"
server.modules = ("mod_proxy")
proxy.server = ("" => (( "host" => "${target.hostname}", "port" => ${target.port} )))
`,
  );
  return startProxy('lighttpd', LIGHTTPD, ['-D', '-f', conf], `http://127.0.0.1:${port}`, { probe: '/', tries: 2000, dir });
}
