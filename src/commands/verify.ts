import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { flashbackVerify } from '../apis/flashback/checks.js';
import { superaiVerify } from '../apis/superai/checks.js';
import { parseFlags, usage, UsageError } from '../cli/args.js';
import type { CliIO, Command } from '../cli/io.js';
import { configApi } from '../config/apis.js';
import { ConfigError, readConfig } from '../config/config.js';
import { Masker } from '../config/mask.js';
import { VerifyError } from '../verify/errors.js';
import { exitCodeOf, renderSummaryLine, REPORTERS, type ReporterName } from '../verify/report/index.js';
import { DEFAULT_MAX_BYTES } from '../verify/http.js';
import {
  buildRegistry,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_RETRY_WAIT_MS,
  DEFAULT_RETRIES,
  runVerify,
  type RunOptions,
} from '../verify/run.js';
import type { VerifyPlugin } from '../verify/types.js';

/** The APIs `verify` knows, and so the sections of the config file (`dredd` reads the same); the engine itself knows none of them. */
export const VERIFY_PLUGINS: readonly VerifyPlugin[] = [flashbackVerify, superaiVerify];

const spec = (plugins: readonly VerifyPlugin[]) =>
  ({
    name: 'verify',
    description: [
      'Checks a real backend against the specs, role by role: statuses, bodies, tenants, bad credentials,',
      'malformed parameters. Sends GET requests only. Departures from documented facts and security checks',
      'fail; departures from x-inferred parts of the specs warn (and fail with --strict).',
      'Exit codes: 0 no check failed, 1 a check failed, 2 bad config or arguments, or a base URL unreachable.',
    ].join('\n'),
    flags: {
      config: { type: 'string', description: 'Config file (JSON; "$VAR" values read from the environment)', env: 'ORGMOCK_CONFIG' },
      api: { type: 'string', description: 'Check one API only', choices: plugins.map((p) => p.name) },
      strict: { type: 'boolean', description: 'Departures from x-inferred parts of the specs fail instead of warning' },
      reporter: { type: 'string', description: 'Report format', choices: ['pretty', 'json', 'junit'], default: 'pretty' },
      output: { type: 'string', description: 'Write the report to this file; stdout then gets a one-line summary' },
      timeout: {
        type: 'number',
        description: 'Milliseconds a request may take, body included',
        default: 10_000,
        min: 1,
        max: 600_000,
        integer: true,
      },
      concurrency: {
        type: 'number',
        description: 'Requests in flight at once (lower it for rate-limited backends)',
        default: DEFAULT_CONCURRENCY,
        min: 1,
        max: 64,
        integer: true,
      },
      retries: {
        type: 'number',
        description: `Retries of a request answered 429 or 503, Retry-After honoured (at most ${DEFAULT_MAX_RETRY_WAIT_MS / 1000} s of waiting per request); still refused, it is inconclusive`,
        default: DEFAULT_RETRIES,
        min: 0,
        max: 10,
        integer: true,
      },
      'max-body-bytes': {
        type: 'number',
        description: 'Largest body read (bytes); a larger one fails response_received',
        default: DEFAULT_MAX_BYTES,
        min: 1024,
        max: 1024 * 1024 * 1024,
        integer: true,
      },
      'list-checks': { type: 'boolean', description: 'List every check (id, source, meaning) and exit' },
    },
  }) as const;

export interface VerifyDeps extends Pick<RunOptions, 'uuid' | 'now' | 'concurrency' | 'maxBytes' | 'sleep' | 'maxRetryWaitMs'> {
  plugins?: readonly VerifyPlugin[];
}

/** `orgmock verify`, with its collaborators injectable (fixed clock and UUIDs for reproducible reports). */
export function createVerifyCommand(deps: VerifyDeps = {}): Command {
  const plugins = deps.plugins ?? VERIFY_PLUGINS;
  const cmd = spec(plugins);
  const apis = plugins.map(configApi);
  return async (argv: string[], io: CliIO): Promise<number> => {
    const flags = parseFlags(cmd, argv, io.env);
    if (flags.help) {
      io.stdout(usage(cmd));
      return 0;
    }
    if (flags['list-checks']) {
      io.stdout(
        buildRegistry(plugins)
          .list()
          .map((c) => `${c.id.padEnd(40)} ${c.source.padEnd(10)} ${c.meaning}`)
          .join('\n'),
      );
      return 0;
    }
    if (flags.config === undefined) throw new UsageError('--config is required', 'E_MISSING_FLAG', usage(cmd));
    let masker = new Masker([]);
    try {
      const config = await readConfig(flags.config, io.cwd, io.env, apis);
      masker = new Masker(config.secrets);
      const output = flags.output === undefined ? undefined : resolve(io.cwd, flags.output);
      if (output) await writable(output, flags.output!);
      const mask = masker.mask.bind(masker);
      const report = await runVerify({
        concurrency: flags.concurrency,
        retries: flags.retries,
        maxBytes: flags['max-body-bytes'],
        ...deps,
        config,
        plugins,
        mask,
        strict: flags.strict,
        timeoutMs: flags.timeout,
        ...(flags.api ? { only: flags.api } : {}),
      });
      const text = masker.mask(REPORTERS[flags.reporter as ReporterName](report));
      if (output) {
        await writeFile(output, text);
        io.stdout(masker.mask(renderSummaryLine(report)));
      } else io.stdout(text);
      return exitCodeOf(report);
    } catch (error) {
      if (error instanceof VerifyError || error instanceof ConfigError) {
        io.stderr(masker.mask(`orgmock verify: ${error.message} [${error.code}]`));
        return 2;
      }
      // A bug: report it, but never with a secret in it.
      io.stderr(masker.mask(`orgmock verify: internal error, please report it\n${error instanceof Error ? error.stack : String(error)}`));
      return 70;
    }
  };
}

async function writable(path: string, shown: string): Promise<void> {
  try {
    await writeFile(path, '');
  } catch (error) {
    throw new VerifyError(`--output ${shown} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'E_OUTPUT');
  }
}

export const verify: Command = createVerifyCommand();
