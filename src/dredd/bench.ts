/** Times a full Dredd run (every spec, orgmock's hooks) against a running orgmock mock. */
import type { ApiDefinition } from '../apis/types.js';
import { parseConfig } from '../config/config.js';
import { configFromMock } from '../config/mock-config.js';
import { runDredd, type Counts } from './run.js';

export interface DreddBench extends Counts {
  /** Wall time of the Dredd run: the Dredd processes, started in parallel, until all exit. */
  wallMs: number;
  exitCode: 0 | 1 | 2;
}

/**
 * Runs Dredd on the APIs' specs against the mock at `baseUrl` (its `/__mock/identities` supplies the
 * config, as for `orgmock verify`) and returns the wall time. `prefer` (default true) also runs the
 * 422/500 transactions.
 */
export async function benchDredd(baseUrl: string, apis: readonly ApiDefinition[], options: { prefer?: boolean } = {}): Promise<DreddBench> {
  const config = parseConfig(JSON.stringify(await configFromMock(baseUrl, apis)), {}, apis, 'the config from /__mock/identities');
  const result = await runDredd({ config, apis, prefer: options.prefer ?? true });
  if (result.exitCode === 2) throw new Error(`Dredd could not run: ${result.problems.join('; ')}`);
  return { ...result.counts, wallMs: result.wallMs, exitCode: result.exitCode };
}
