import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { APIS } from '../apis/index.js';
import type { ApiDefinition } from '../apis/types.js';
import { parseFlags, usage, UsageError } from '../cli/args.js';
import type { CliIO, Command } from '../cli/io.js';
import { ConfigError, readConfig } from '../config/config.js';
import { Masker } from '../config/mask.js';
import { VerifyError } from '../verify/errors.js';
import { exitCodeOf, renderSummaryLine, REPORTERS, type ReporterName } from '../verify/report/index.js';
import { buildRegistry, runVerify, type RunOptions } from '../verify/run.js';

const spec = (apis: readonly ApiDefinition[]) =>
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
      api: { type: 'string', description: 'Check one API only', choices: apis.map((a) => a.name) },
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
      'list-checks': { type: 'boolean', description: 'List every check (id, source, meaning) and exit' },
    },
  }) as const;

export interface VerifyDeps extends Pick<RunOptions, 'uuid' | 'now' | 'concurrency' | 'maxBytes'> {
  /** The APIs to check: the registry by default. */
  apis?: readonly ApiDefinition[];
}

/** `orgmock verify`, with its collaborators injectable (fixed clock and UUIDs for reproducible reports). */
export function createVerifyCommand(deps: VerifyDeps = {}): Command {
  const apis = deps.apis ?? APIS;
  const cmd = spec(apis);
  return async (argv: string[], io: CliIO): Promise<number> => {
    const flags = parseFlags(cmd, argv, io.env);
    if (flags.help) {
      io.stdout(usage(cmd));
      return 0;
    }
    if (flags['list-checks']) {
      io.stdout(
        buildRegistry(apis)
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
        ...deps,
        config,
        apis,
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
