/** verify's HTTP client: one request with a time and size limit, a failed exchange classified, never thrown. */
import { MaskDeadlineError } from '../config/mask.js';
import type { Exchange, HttpRequest, HttpResponse, TransportError } from './types.js';

export interface SendOptions {
  /** The whole exchange, headers and body, must finish within this. */
  timeoutMs: number;
  /** Bodies larger than this are not read to the end. */
  maxBytes: number;
  /**
   * Applied to the body text and header values before anything reads them, so that a backend
   * echoing a token back cannot put it in a report (not even cut short in a preview). Given the
   * request's deadline (a `performance.now()` time): past it, it may throw a MaskDeadlineError, and the
   * exchange is a timeout like a body that came too late.
   */
  mask?: (text: string, deadline?: number) => string;
}

/** 64 MiB: an organization of 100,000 users fits (the page documents no pagination). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Sends one request with global fetch; never throws: a failed exchange carries a TransportError. */
export async function send(request: HttpRequest, options: SendOptions): Promise<Exchange> {
  const controller = new AbortController();
  // The timer aborts what waits (connecting, reading); the deadline bounds what runs (masking, parsing),
  // which a timer cannot interrupt.
  const deadline = performance.now() + options.timeoutMs;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal: controller.signal,
    });
    const body = await readCapped(res, options.maxBytes);
    if (body === null) {
      controller.abort();
      return {
        request,
        error: { kind: 'too-large', message: `the body is larger than ${formatBytes(options.maxBytes)}; reading stopped there` },
      };
    }
    const headers: Record<string, string> = {};
    const mask = options.mask ?? ((text: string) => text);
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = mask(value, deadline);
    });
    const response = toResponse(res.status, headers, mask(body.toString('utf8'), deadline), body.byteLength);
    // Masking and parsing done after the deadline: a timeout, never a late answer.
    if (performance.now() > deadline) throw new MaskDeadlineError();
    return { request, response };
  } catch (error) {
    return { request, error: timedOut || error instanceof MaskDeadlineError ? timeoutError(options.timeoutMs) : classify(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<Buffer | null> {
  if (!res.body) return Buffer.alloc(0);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel().catch(() => undefined);
    return null;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function toResponse(status: number, headers: Record<string, string>, text: string, bytes: number): HttpResponse {
  let json: HttpResponse['json'];
  if (text.trim() === '') json = { ok: false, error: 'the body is empty' };
  else {
    try {
      json = { ok: true, value: JSON.parse(text) };
    } catch (error) {
      json = {
        ok: false,
        error: `the body is not JSON (${(error instanceof Error ? error.message : String(error)).replace(/, ".*$/s, '')}): ${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? '…' : ''}`,
      };
    }
  }
  return { status, headers, text, bytes, json };
}

const timeoutError = (ms: number): TransportError => ({ kind: 'timeout', message: `no complete response within ${ms} ms (--timeout)` });

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** What went wrong in a fetch, in a sentence; the undici cause's code decides the kind. */
export function classify(error: unknown): TransportError {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code = codeOf(cause);
  if (code && UNREACHABLE.has(code)) return { kind: 'unreachable', message: `the backend cannot be reached (${code})` };
  if (code && RESET.has(code)) return { kind: 'reset', message: `the connection was closed or reset before a complete response (${code})` };
  const text = cause instanceof Error ? cause.message : String(cause);
  if (/invalid header|header/i.test(text) && code?.startsWith('UND_ERR'))
    return { kind: 'other', message: `the response is not valid HTTP (${code}: ${text})` };
  return { kind: 'other', message: `the request failed: ${code ? `${code}: ` : ''}${text}` };
}

function codeOf(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const own = (cause as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const inner = (cause as { errors?: unknown[] }).errors?.[0];
  return inner ? codeOf(inner) : undefined;
}

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0
    ? `${n / (1024 * 1024)} MiB`
    : n >= 1_000_000
      ? `${n / 1_000_000} MB`
      : n >= 1000
        ? `${n / 1000} KB`
        : `${n} bytes`;
