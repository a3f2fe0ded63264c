/** Times a full Dredd run (both specs, orgmock's hooks) against a running orgmock mock. */
import { configFromMock } from './mock-config.js';
import { runDredd, type Counts } from './run.js';

export interface DreddBench extends Counts {
  /** Wall time of the Dredd run: both Dredd processes, started in parallel, until both exit. */
  wallMs: number;
  exitCode: 0 | 1 | 2;
}

/**
 * Runs Dredd on both specs against the mock at `baseUrl` (its `/__mock/identities` supplies the
 * tokens) and returns the wall time. `prefer` (default true) also runs the 422/500 transactions.
 */
export async function benchDredd(baseUrl: string, options: { prefer?: boolean } = {}): Promise<DreddBench> {
  const config = await configFromMock(baseUrl);
  const result = await runDredd({ config, prefer: options.prefer ?? true });
  if (result.exitCode === 2) throw new Error(`Dredd could not run: ${result.problems.join('; ')}`);
  return { ...result.counts, wallMs: result.wallMs, exitCode: result.exitCode };
}
