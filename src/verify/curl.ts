/** curl lines that reproduce a verify request, shell-quoted, the token hidden. */
import type { HttpRequest } from './types.js';

/** A single-quoted shell word (any Unicode text without control characters). */
export const singleQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A shell-safe single-quoted word; non-printable or non-ASCII text uses $'…' with \x escapes of its bytes. */
export function shellQuote(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return singleQuote(text);
  let out = '';
  for (const byte of Buffer.from(text, 'latin1')) {
    const ch = String.fromCharCode(byte);
    out += byte >= 0x20 && byte < 0x7f && ch !== "'" && ch !== '\\' ? ch : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `$'${out}'`;
}

/**
 * A curl line that sends the same request, every header verify sent included; the credential header
 * (Authorization, or the API key's) as the request says to show it (a `$NAME` the shell expands,
 * never the secret itself).
 */
export function curlLine(request: HttpRequest): string {
  const parts = ['curl', '-sS', '-i', shellQuote(request.url)];
  const credential = (request.authHeader ?? 'Authorization').toLowerCase();
  for (const [name, value] of Object.entries(request.headers)) {
    const shown =
      name.toLowerCase() === credential && request.authDisplay !== undefined ? request.authDisplay : shellQuote(`${name}: ${value}`);
    parts.push('-H', shown);
  }
  return parts.join(' ');
}
