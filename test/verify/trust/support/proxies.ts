// Proxies besides nginx, from Debian's packages, in front of a backend: stock lighttpd (mod_proxy,
// default server.max-request-field-size 8 KB: it answers an 8 KB token 431 itself).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type Running } from './servers.js';

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
  const child: ChildProcess = spawn(LIGHTTPD, ['-D', '-f', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || i > 2000) throw new Error(`lighttpd did not start (exit ${child.exitCode})`);
    await new Promise((r) => setImmediate(r));
  }
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
