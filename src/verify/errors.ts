import { ConfigError } from '../config/config.js';

/** A mistake the user can fix (unreachable base URL, unwritable output): exit code 2, as is a ConfigError. */
export class VerifyError extends Error {
  override name = 'VerifyError';
  constructor(
    message: string,
    /** Stable code: E_UNREACHABLE, E_OUTPUT. */
    readonly code: 'E_UNREACHABLE' | 'E_OUTPUT',
  ) {
    super(message);
  }
}

/** A config mistake only the suite can see (an `expect` key that is no case, `--api` without its section). */
export const configError = (message: string) => new ConfigError(message);
