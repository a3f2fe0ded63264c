/**
 * `npm install` for the consumer projects, independent of what npm's cache holds: offline-first (the cache has
 * the locked versions after one run), and when that fails - a cache holding an older packument answers ETARGET
 * ("No matching version found") for a version published since - the same install again with `--prefer-online`,
 * which revalidates every packument against the registry.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** How an install went: whether the offline-first try failed and the online one was needed, and that try's error. */
export interface Installed {
  retriedOnline: boolean;
  offlineError: string | null;
}

/** `npm install <args>` in `cwd`, offline-first, retried with `--prefer-online` when the cache cannot serve it; throws when both fail. */
export async function npmInstall(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Installed> {
  const options = { cwd, env: { ...process.env, ...env }, maxBuffer: 50_000_000, timeout: 600_000 };
  const common = ['install', '--no-audit', '--no-fund', ...args];
  try {
    await exec('npm', [...common.slice(0, 1), '--prefer-offline', ...common.slice(1)], options);
    return { retriedOnline: false, offlineError: null };
  } catch (error) {
    const offlineError = `${(error as { stderr?: string }).stderr ?? ''}${(error as Error).message}`;
    try {
      await exec('npm', [...common.slice(0, 1), '--prefer-online', ...common.slice(1)], options);
    } catch (again) {
      throw new Error(
        `npm install failed offline-first and online:\n${offlineError}\n---\n${(again as { stderr?: string }).stderr ?? (again as Error).message}`,
      );
    }
    return { retriedOnline: true, offlineError };
  }
}
