// Run by contracts/dredd-hooks.cjs when Dredd is run by hand with ORGMOCK_CONFIG (no `orgmock dredd`
// to hand the hooks their context): reads the config file with orgmock's reader, as `orgmock dredd`
// does, and writes the hooks' context as JSON to stdout, a pipe the hooks read (tokens never reach a
// terminal). A config mistake: its message on stderr, exit 2.
import { APIS } from '../apis/index.js';
import { ConfigError } from '../config/config.js';
import { Masker } from '../config/mask.js';
import { readDreddConfig } from '../dredd/config.js';
import { HOOK_ENV, hookConfig } from '../dredd/hooks.js';

const file = process.env[HOOK_ENV.configFile];
let masker = new Masker([], { authorizationHeaders: true });
try {
  if (!file) throw new ConfigError(`${HOOK_ENV.configFile} is not set`);
  const config = await readDreddConfig(file, process.cwd(), process.env, APIS);
  masker = new Masker(config.secrets, { authorizationHeaders: true });
  process.stdout.write(JSON.stringify(hookConfig(config, APIS)));
} catch (error) {
  const known = error instanceof ConfigError;
  process.stderr.write(
    masker.mask(known ? error.message : `internal error, please report it\n${error instanceof Error ? error.stack : String(error)}`),
  );
  process.exitCode = known ? 2 : 70;
}
