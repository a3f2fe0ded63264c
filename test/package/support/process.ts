/**
 * A long-running process a package test starts (a server from the installed package): resolves with
 * the first group of `ready` once its output matches, rejects when it exits first or does not get there in 60 s.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

export function startUntil(
  command: string,
  args: string[],
  options: SpawnOptions,
  ready: RegExp,
  what: string,
): { child: ChildProcess; match: Promise<string>; output: () => string } {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const match = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 60 s:\n${output}`)), 60_000);
    const watch = (chunk: Buffer) => {
      output += chunk;
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
  return { child, match, output: () => output };
}
