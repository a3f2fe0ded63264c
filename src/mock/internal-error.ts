/** The mock's own unexpected failure: a problem+json 500, logged once per distinct failure. */
import { visible } from '../util/visible.js';

/**
 * The mock's answer to its own unexpected failure, on every request path (the Hono app's onError
 * and the node:http adapter alike): an RFC 9457 problem+json 500, never an API's shape, never a
 * crashed process. Each distinct failure is logged once (with its stack), not once per request.
 */
export const INTERNAL_ERROR_BODY = JSON.stringify({
  type: 'about:blank',
  title: 'orgmock internal error',
  status: 500,
  detail: 'The mock failed unexpectedly; please report it.',
});

/**
 * A logger of unexpected errors (one per app or server): each distinct error goes to stderr once,
 * with its stack; repeats are answered with 500 silently (bounded, so a flood cannot grow it).
 */
export function internalErrorLog(log: (text: string) => void = (t) => console.error(t)): (error: unknown) => void {
  const logged = new Set<string>();
  return (error) => {
    const key = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (logged.has(key)) return;
    if (logged.size < 1000) logged.add(key);
    // The error on one line, its line breaks and other control characters shown as escapes (a message may
    // carry a request's text: no line of it may start a terminal sequence or a CI workflow command), then the frames.
    const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)) : [];
    log(
      `orgmock: internal error while answering a request (logged once; repeats are answered with 500 silently)\n${[key, ...frames]
        .map((line) => visible(line))
        .join('\n')}`,
    );
  };
}
