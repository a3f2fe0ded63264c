/**
 * Text from outside (a backend's body, keys and headers; a fixture file) made safe to print: control
 * characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides, which could
 * move the cursor, retitle or clear a terminal, start a forged line, or reorder what is shown, are
 * written as visible escapes (`\n`, `\x1b`, `\u202e`).
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const UNSAFE_BUT_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The text with every unsafe character written as an escape; `keepLines`: CR and LF left for the caller to encode. */
export function visible(text: string, keepLines = false): string {
  return text.replace(keepLines ? UNSAFE_BUT_LINES : UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of a JSON-like value with every string and key made visible (objects without a prototype, so `__proto__` stays a key). */
export function visibleDeep<T>(value: T): T {
  return copy(value, 0) as T;
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return visible(value);
  if (value === null || typeof value !== 'object' || depth > 256) return value;
  if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1));
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[visible(k)] = copy(v, depth + 1);
  return out;
}

/** Characters JSON.stringify leaves raw that a terminal may still act on: written as `\uXXXX` (still the same JSON). */
export const jsonSafe = (json: string) =>
  json.replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
