// A backend that records the Authorization header of every request and answers 401, and a runner
// of printed curl lines with sh: what the runnable-curl-line tests share.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the recording backend on an ephemeral loopback port. */
export async function captureServer(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '(none)');
    res.writeHead(401, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Runs a printed curl line with sh (its output discarded), with only PATH and `env` set. */
export const runLine = (line: string, env: Record<string, string>) =>
  new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('sh', ['-c', `${line} -o /dev/null`], { env: { PATH: process.env.PATH!, ...env } }, (error, _out, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
