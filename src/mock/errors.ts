/**
 * The mock's HTTP answers to errors: an API's documented error status (ApiError) or a mistake in using the mock
 * (MockUsageError, problem+json). Not CLI errors: they never end a process.
 */

/**
 * A request the API answers with one of its documented error statuses. The app's one onError
 * turns it into the API's own error body.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A mistake in using the mock itself (an undocumented `Prefer: code`, an unknown example, a path
 * no spec serves). Answered as RFC 9457 problem+json, never in an API's own shape.
 */
export class MockUsageError extends Error {
  override name = 'MockUsageError';
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** Default message of each error status, in the words of the vendors' examples. */
export const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Invalid UUID format',
  401: 'Invalid authentication token',
  403: 'Insufficient permissions to access this resource',
  404: 'Organization not found',
  422: 'Input should be a valid UUID',
  500: 'An unexpected error occurred',
};
