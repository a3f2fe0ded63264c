/** A mistake the user can fix (bad config, unreachable base URL, unwritable output): exit code 2. */
export class VerifyError extends Error {
  override name = 'VerifyError';
  constructor(
    message: string,
    /** Stable code: E_CONFIG, E_UNREACHABLE, E_OUTPUT. */
    readonly code: 'E_CONFIG' | 'E_UNREACHABLE' | 'E_OUTPUT',
  ) {
    super(message);
  }
}

export const configError = (message: string) => new VerifyError(message, 'E_CONFIG');
