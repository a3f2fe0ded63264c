/** `orgmock verify`: a real backend checked against the specs, role by role, into a report. */
import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { APIS } from '../apis/index.js';
import type { ApiDefinition } from '../apis/types.js';
import { defineCommand, usage, UsageError } from '../cli/args.js';
import type { Command } from '../cli/io.js';
import { configRoles } from '../config/apis.js';
import { type OrgmockConfig, readConfig } from '../config/config.js';
import { isMaskable, Masker } from '../config/mask.js';
import { EXIT, OrgmockError } from '../util/errors.js';
import { DEFAULT_MAX_BYTES } from '../verify/http.js';
import { jwtForgeries } from '../verify/probes.js';
import { parseSettings, setFlag } from './set-flag.js';
import { prepareOutput, writeAtomically } from '../verify/output.js';
import { exitCodeOf, renderGithubSummary, renderSummaryLine, REPORTERS, type ReporterName } from '../verify/report/index.js';
import { MAX_SEED } from '../verify/seed.js';
import type { RunReport } from '../verify/types.js';
import {
  buildRegistry,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_RETRY_WAIT_MS,
  DEFAULT_RETRIES,
  runVerify,
  type RunOptions,
} from '../verify/run.js';

const spec = (apis: readonly ApiDefinition[]) =>
  ({
    name: 'verify',
    description: [
      'Checks a real backend against the specs, role by role: statuses, bodies, tenants, bad credentials,',
      'malformed parameters. Sends GET requests only. Departures from documented facts and security checks',
      'fail; departures from x-inferred parts of the specs warn (and fail with --strict).',
      'Exit codes: 0 no check failed, 1 a check failed (or, with --fail-on-skip, a planned case was skipped),',
      '2 bad config or arguments, or a base URL unreachable (with --output, the report file then records the error).',
    ].join('\n'),
    flags: {
      config: {
        type: 'string',
        description: 'Config file (JSON; tokens and API keys may be "$VAR", read from the environment)',
        env: 'ORGMOCK_CONFIG',
        required: { unless: 'list-checks' },
      },
      set: setFlag(apis),
      api: { type: 'string', description: 'Check one API only', choices: apis.map((a) => a.name) },
      strict: { type: 'boolean', description: 'Departures from x-inferred parts of the specs fail instead of warning' },
      reporter: { type: 'string', description: 'Report format', choices: ['pretty', 'json', 'junit', 'github'], default: 'pretty' },
      output: {
        type: 'string',
        description: 'Write the report to this file (atomically, directories created); stdout then gets a one-line summary',
      },
      only: {
        type: 'string',
        description: `Run only these cases: KEY[,KEY...] as reports show them (e.g. ${apis.at(-1)?.name ?? 'api'}/role:${configRoles(apis.at(-1) ?? APIS[0])[0] ?? 'ROLE'})`,
      },
      seed: {
        type: 'number',
        description: 'Seed of every generated value (reports record the one used)',
        min: 0,
        max: MAX_SEED,
        integer: true,
      },
      'fail-on-skip': {
        type: 'boolean',
        description: 'Exit 1 when any planned case was skipped (a token or organization missing) or inconclusive (still refused 429/503)',
      },
      timeout: {
        type: 'number',
        description: 'Milliseconds a request may take, its body read, masked and parsed included',
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
        description:
          'Retries of a request answered 429 or 503; after the first, the run sends one request at a time, paced by Retry-After (or by what the limiter let through); still refused, a case is inconclusive',
        default: DEFAULT_RETRIES,
        min: 0,
        max: 10,
        integer: true,
      },
      'max-wait': {
        type: 'number',
        description: `Seconds the whole run may spend waiting for rate limits (429/503, Retry-After); past it, refused cases are inconclusive`,
        default: DEFAULT_MAX_RETRY_WAIT_MS / 1000,
        min: 0,
        max: 86_400,
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
  /** The APIs to check: the registry by default. */
  apis?: readonly ApiDefinition[];
}

/** `orgmock verify`, with its collaborators injectable (fixed clock and UUIDs for reproducible reports). */
export function createVerifyCommand(deps: VerifyDeps = {}): Command {
  const apis = deps.apis ?? APIS;
  const cmd = spec(apis);
  return defineCommand(cmd, async (flags, io, secrets) => {
    if (flags['list-checks']) {
      io.stdout(
        buildRegistry(apis)
          .list()
          .map((c) => `${c.id.padEnd(40)} ${c.source.padEnd(10)} ${c.meaning}`)
          .join('\n'),
      );
      return EXIT.ok;
    }
    const configFile = flags.config!; // required unless --list-checks (the parser checked it)
    const cases = flags.only
      ?.split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    if (cases !== undefined && cases.length === 0) throw new UsageError('--only needs at least one case key', 'E_FLAG_VALUE', usage(cmd));
    const settings = flags.set === undefined ? [] : parseSettings(flags.set, apis, usage(cmd));
    const reporter = REPORTERS[flags.reporter as ReporterName];
    const output = flags.output === undefined ? undefined : resolve(io.cwd, flags.output);
    let masker = new Masker([]);
    let report: RunReport;
    /** What stopped the run, thrown once its report is written. */
    let failure: unknown;
    try {
      if (output) await prepareOutput(output, flags.output!);
      const config = await readConfig(configFile, io.cwd, io.env, apis, settings);
      // Forged copies of the tokens (tampered signature, alg none) are masked like the tokens.
      const hidden = [...config.secrets, ...config.secrets.flatMap((s) => jwtForgeries(s).map((f) => f.token))];
      secrets.add(hidden);
      masker = new Masker(hidden);
      // Tokens the run mints (a jwt block) join them before any is sent.
      const addSecrets = (values: string[]) => {
        if (values.length === 0) return;
        hidden.push(...values);
        secrets.add(values);
        masker = new Masker(hidden);
      };
      const short = tooShortToMask(config);
      for (const { note } of short) io.stderr(`orgmock verify: warning: ${note}`);
      report = await runVerify({
        concurrency: flags.concurrency,
        retries: flags.retries,
        maxRetryWaitMs: flags['max-wait'] * 1000,
        maxBytes: flags['max-body-bytes'],
        ...deps,
        config,
        apis,
        mask: (text, deadline) => masker.mask(text, deadline),
        onSecrets: addSecrets,
        strict: flags.strict,
        failOnSkip: flags['fail-on-skip'],
        timeoutMs: flags.timeout,
        ...(flags.api ? { only: flags.api } : {}),
        ...(cases ? { cases } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      });
      for (const api of report.apis) api.notes.push(...short.filter((s) => s.api === api.api).map((s) => s.note));
    } catch (error) {
      // A report of the error goes to the --output file (or GitHub's annotations), unless that file is the problem.
      const known = error instanceof OrgmockError && error.exitCode !== EXIT.bug;
      if ((!output && flags.reporter !== 'github') || (known && error.code === 'E_OUTPUT')) throw error;
      failure = error;
      report = {
        strict: flags.strict,
        failOnSkip: flags['fail-on-skip'],
        apis: [],
        requests: 0,
        durationMs: 0,
        // A bug is reported, but never with a secret in it (main prints its stack, masked).
        error: known ? { code: error.code, message: error.message } : { code: 'E_INTERNAL', message: 'internal error, please report it' },
      };
    }
    try {
      // Masked as data, then rendered: the renderers escape what masking left, so every report stays
      // valid JSON/XML whatever the secrets are (masking rendered text could cut its syntax apart).
      const shown = masker.maskDeep(report);
      const text = reporter(shown);
      if (flags.reporter === 'github' && io.env.GITHUB_STEP_SUMMARY)
        await appendFile(io.env.GITHUB_STEP_SUMMARY, renderGithubSummary(shown));
      if (output) {
        await writeAtomically(output, text, flags.output!);
        if (!report.error) io.stdout(renderSummaryLine(shown));
      } else io.stdout(text);
    } catch (error) {
      // The run's own error, then this one; a bug stays a bug.
      if (failure instanceof OrgmockError && error instanceof OrgmockError)
        throw new OrgmockError(error.message, error.code, { cause: failure });
      throw failure ?? error;
    }
    if (failure !== undefined) throw failure;
    return exitCodeOf(report);
  });
}

/** The config's tokens too short to be masked wherever they occur, each with a note saying so (never the value). */
function tooShortToMask(config: OrgmockConfig): { api: string; note: string }[] {
  return [...config.sections].flatMap(([api, section]) =>
    [...section.tokens]
      .filter(([, token]) => !isMaskable(token))
      .map(([role, token]) => ({
        api,
        note: `masking of ${api}.tokens.${role} where the backend echoes it (${token.length} character${token.length === 1 ? ' is' : 's are'} too short to mask without corrupting the report; it is hidden in curl lines only)`,
      })),
  );
}

export const verify: Command = createVerifyCommand();
