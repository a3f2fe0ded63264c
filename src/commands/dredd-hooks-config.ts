// Run by contracts/dredd-hooks.cjs when Dredd is run by hand with ORGMOCK_CONFIG (no `orgmock dredd`
// to hand the hooks their context): reads the config file with orgmock's reader, as `orgmock dredd`
// does, and writes the hooks' context as JSON to stdout, a pipe the hooks read (tokens never reach a
// terminal). An error ends it as it ends any command (src/cli/failure.ts): a config mistake is its
// message on stderr and exit 2, a bug exit 70.
import { APIS } from '../apis/index.js';
import { failureOf } from '../cli/failure.js';
import { ConfigError } from '../config/config.js';
import { Masker } from '../config/mask.js';
import { readDreddConfig } from '../dredd/config.js';
import { HOOK_ENV, hookConfig } from '../dredd/hooks.js';
import { parseSettings } from './set-flag.js';

const file = process.env[HOOK_ENV.configFile];
let secrets: readonly string[] = [];
try {
  if (!file) throw new ConfigError(`${HOOK_ENV.configFile} is not set`);
  // The plain values `orgmock dredd --set` would give, from the same variable.
  const set = process.env.ORGMOCK_SET;
  const config = await readDreddConfig(file, process.cwd(), process.env, APIS, set ? parseSettings(set, APIS, '') : []);
  secrets = config.secrets;
  process.stdout.write(JSON.stringify(hookConfig(config, APIS)));
} catch (error) {
  const { text, exitCode } = failureOf(error, 'orgmock dredd hooks', new Masker(secrets, { authorizationHeaders: true }));
  process.stderr.write(text);
  process.exitCode = exitCode;
}
