/**
 * What `orgmock dredd` asks of the config beyond the format both commands read (src/config): Dredd
 * sends every documented status's request, so a token the config names but cannot give, or the
 * organization an API's path needs, is a mistake here, where `orgmock verify` skips what needs it.
 */
import type { ApiDefinition } from '../apis/types.js';
import { organizationParameter } from '../openapi/extensions.js';
import { ConfigError, readConfig, type OrgmockConfig } from '../config/config.js';

/** Reads a config file with the shared reader (its arguments: the file as given, where it is read from, the env, the APIs, `--set`), then checks it for Dredd. */
export async function readDreddConfig(...args: Parameters<typeof readConfig>): Promise<OrgmockConfig> {
  const [file, , , apis] = args;
  return checkDreddConfig(await readConfig(...args), apis, file);
}

/** Throws a ConfigError for a named token that cannot be used, or a missing organization id Dredd's requests need. */
export function checkDreddConfig(config: OrgmockConfig, apis: readonly ApiDefinition[], where: string): OrgmockConfig {
  for (const [name, section] of config.sections) {
    const [unusable] = section.missingTokens.values();
    if (unusable !== undefined) throw new ConfigError(`${where}: ${unusable}`);
    const api = apis.find((a) => a.name === name);
    const param = api ? organizationParameter(api.operation) : null;
    if (param && section.organizationId === null) {
      throw new ConfigError(
        `${where}: ${name}.organizationId is required: Dredd's requests need an existing organization for ${param.name}`,
      );
    }
  }
  return config;
}
