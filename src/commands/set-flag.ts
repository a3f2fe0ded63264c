/**
 * `--set API.KEY=VALUE[,API.KEY=VALUE...]` (or `ORGMOCK_SET`), which `verify` and `dredd` share: the
 * config's plain values (base URLs, organization ids) given on the command line, since a config reads
 * the environment only in its secret fields (src/config/secret-fields.ts).
 */
import type { ApiDefinition } from '../apis/types.js';
import { UsageError } from '../cli/args.js';
import type { Setting } from '../config/config.js';
import { SETTABLE_FIELDS } from '../config/secret-fields.js';

/** The `--set` flag of a command that reads a config. */
export const setFlag = (apis: readonly Pick<ApiDefinition, 'name'>[]) =>
  ({
    type: 'string',
    env: 'ORGMOCK_SET',
    description: `Plain config values over the file's: API.KEY=VALUE[,API.KEY=VALUE...], KEY one of ${SETTABLE_FIELDS.join(', ')} (e.g. ${apis.at(-1)?.name ?? 'api'}.baseUrl=https://staging.example.com)`,
  }) as const;

/**
 * The settings of a `--set` value: plain values only (a comma starts the next setting only where an
 * `API.KEY=` follows, so a value may hold commas). A secret is refused: a command line shows in
 * process lists and CI logs, and the config reads secrets from the environment already.
 */
export function parseSettings(text: string, apis: readonly Pick<ApiDefinition, 'name'>[], help: string): Setting[] {
  const fail = (message: string): never => {
    throw new UsageError(`--set ${message}`, 'E_FLAG_VALUE', help);
  };
  const keys: readonly string[] = SETTABLE_FIELDS;
  return text.split(/,(?=\s*[A-Za-z0-9_-]+\.[A-Za-z][\w.]*=)/).map((part) => {
    const found = /^\s*([A-Za-z0-9_-]+)\.([A-Za-z][\w.]*)=(.*)$/s.exec(part);
    if (!found)
      return fail(`takes API.KEY=VALUE[,API.KEY=VALUE...], e.g. ${apis.at(-1)?.name ?? 'api'}.baseUrl=https://staging.example.com`);
    const [, section, key, value] = found as unknown as [string, string, string, string];
    if (!apis.some((a) => a.name === section))
      fail(`${section}.${key}: unknown API "${section}"; the APIs are ${apis.map((a) => a.name).join(', ')}`);
    if (!keys.includes(key))
      fail(
        `${section}.${key}: only ${SETTABLE_FIELDS.join(', ')} can be set here; tokens and API keys are secrets, read from the environment by the config ("$NAME"), never given on a command line`,
      );
    if (value.trim() === '') fail(`${section}.${key} needs a value`);
    return { section, key: key as Setting['key'], value: value.trim() };
  });
}
