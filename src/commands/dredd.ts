/** `orgmock dredd`: Dredd run on the specs against the config's backends, with orgmock's hooks. */
import { relative } from 'node:path';
import { defineCommand, usage } from '../cli/args.js';
import { APIS } from '../apis/index.js';
import { ConfigError } from '../config/config.js';
import { OrgmockError } from '../util/errors.js';
import { readDreddConfig } from '../dredd/config.js';
import { findDredd, runDredd, type ApiRun, type DreddResult } from '../dredd/run.js';
import { parseSettings, setFlag } from './set-flag.js';

const DREDD = {
  name: 'dredd',
  description: [
    "Runs Dredd on the specs against the backends in the config, with orgmock's hooks",
    '(contracts/dredd-hooks.cjs) setting each request so that its documented status comes back:',
    '401 without a token, 403 with a token below the required role, 404 with a missing organization...',
    'Statuses a real backend cannot be made to return (500, 422) are skipped unless --prefer.',
    "Under OpenAPI 3 Dredd checks bodies against the examples' keys only, never the schemas:",
    'it is the path for teams already on Dredd; `orgmock verify` is the judge.',
    'Exit codes: 0 all run transactions passed, 1 some failed, 2 bad config or arguments, or a backend unreachable.',
  ].join('\n'),
  flags: {
    config: {
      type: 'string',
      description: 'The orgmock config file (JSON; tokens and API keys may be "$VAR", read from the environment)',
      env: 'ORGMOCK_CONFIG',
      required: true,
    },
    set: setFlag(APIS),
    api: { type: 'string', description: 'Run one API only', choices: APIS.map((a) => a.name) },
    prefer: {
      type: 'boolean',
      description: 'The backend honours "Prefer: code=NNN" (orgmock\'s mock): force 422/500 with it instead of skipping them',
    },
    'dredd-output': { type: 'boolean', description: "Also print Dredd's own output (tokens masked)" },
    timeout: { type: 'number', description: 'Seconds before a Dredd run is stopped', default: 120, min: 1, max: 3600 },
  },
} as const;

/** `orgmock dredd --config FILE`: Dredd as a second engine, for teams already on it. */
export const dredd = defineCommand(DREDD, async (flags, io, secrets) => {
  const settings = flags.set === undefined ? [] : parseSettings(flags.set, APIS, usage(DREDD));
  const dreddVersion = findDredd().version;
  const config = await readDreddConfig(flags.config, io.cwd, io.env, APIS, settings);
  secrets.add(config.secrets);
  if (flags.api && !config.sections.has(flags.api)) throw new ConfigError(`the config has no "${flags.api}" section`);
  // The configured APIs run; a registered API the config has no section for is not configured, named once below.
  const selected = APIS.filter((api) => !flags.api || api.name === flags.api);
  const apis = selected.filter((api) => config.sections.has(api.name));
  const notConfigured = selected.filter((api) => !config.sections.has(api.name)).map((api) => api.name);

  const result = await runDredd({ config, apis, prefer: flags.prefer, timeoutMs: flags.timeout * 1000, env: io.env });
  for (const run of result.runs) {
    if (flags['dredd-output']) io.stdout(`--- Dredd's output for ${run.api} (tokens masked) ---\n${run.output.trimEnd()}\n---`);
    io.stdout(renderRun(run, io.cwd, dreddVersion));
  }
  for (const api of notConfigured) io.stdout(`Not configured: ${api} (the config has no "${api}" section); not run`);
  io.stdout(renderSummary(result, flags.prefer));
  // Dredd could not test (it did not start, finish or write its report): exit 2 after what it did test is shown.
  if (result.problems.length > 0) throw new OrgmockError(result.problems.join('\n'), 'E_DREDD_SETUP');
  return result.exitCode;
});

function renderRun(run: ApiRun, cwd: string, dreddVersion: string): string {
  const spec = relative(cwd, run.spec.source) || run.spec.source;
  const what = run.spec.placeholders.length
    ? `${spec}, read from a copy with a placeholder example for ${run.spec.placeholders.map((p) => p.name).join(', ')} (Dredd needs one)`
    : spec;
  const lines = [`Dredd ${dreddVersion}: ${run.api} (${what}) against ${run.baseUrl}`];
  for (const t of run.transactions) {
    const status = t.status ?? '???';
    const note = t.outcome === 'skip' ? `skipped: ${t.reason ?? 'by Dredd'}` : (t.how ?? '');
    lines.push(`  ${t.outcome.padEnd(5)} ${status}  ${note}`);
    if (t.message) lines.push(...t.message.split('\n').map((l) => `          ${l}`));
  }
  return lines.join('\n');
}

function renderSummary(result: DreddResult, prefer: boolean): string {
  const { passed, failed, errors, skipped, total } = result.counts;
  const lines = [
    `Dredd: ${passed} passed, ${failed} failed, ${errors} errors, ${skipped} skipped of ${total} transactions (${(result.wallMs / 1000).toFixed(1)} s)`,
  ];
  if (skipped > 0 && !prefer)
    lines.push("Skipped transactions are statuses the config cannot provoke for real; against orgmock's mock, --prefer runs them.");
  lines.push(
    "Note: under OpenAPI 3 Dredd compares bodies with the examples' keys only, never with the schemas; `orgmock verify` is the judge.",
  );
  return lines.join('\n');
}
