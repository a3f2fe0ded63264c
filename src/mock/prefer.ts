/** The `Prefer: code=NNN[, example=NAME]` header: forces a documented status or example of the operation. */
import type { Json, OperationInfo, ResponseInfo } from '../openapi/types.js';
import { MockUsageError } from './errors.js';

export interface Preference {
  status: number;
  /** The named example to answer with; null to answer with live data or the API's error body. */
  example: { name: string; value: Json } | null;
  applied: string;
}

/** Splits `code=404, example="x"` into pairs (RFC 7240: unknown preferences are ignored). */
function parsePrefer(header: string): Map<string, string> {
  const prefs = new Map<string, string>();
  for (const part of header.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key && !prefs.has(key)) prefs.set(key, value);
  }
  return prefs;
}

const documented = (op: OperationInfo) => op.responses.map((r) => r.status);

/**
 * Reads `Prefer: code=NNN` and `Prefer: example=NAME` (as Prism does). Returns null when neither is
 * given; throws MockUsageError (400) for an undocumented code or an unknown example.
 */
export function readPreference(header: string | undefined, op: OperationInfo): Preference | null {
  if (!header) return null;
  const prefs = parsePrefer(header);
  const code = prefs.get('code');
  const exampleName = prefs.get('example');
  if (code === undefined && exampleName === undefined) return null;

  let response: ResponseInfo | undefined;
  if (code !== undefined) {
    response = /^\d{3}$/.test(code) ? op.responses.find((r) => r.status === Number(code)) : undefined;
    if (!response) {
      throw new MockUsageError(
        400,
        'Undocumented status requested',
        `Prefer: code=${code.slice(0, 20)} is not a status ${op.operationId} documents. Documented: ${documented(op).join(', ')}.`,
        { documented: documented(op) },
      );
    }
  }
  if (exampleName === undefined) return { status: response!.status, example: null, applied: `code=${response!.status}` };

  const candidates = response ? [response] : op.responses;
  for (const r of candidates) {
    const example = r.examples.find((e) => e.name === exampleName);
    if (example) {
      return {
        status: r.status,
        example: { name: example.name, value: example.value },
        applied: `${code === undefined ? '' : `code=${r.status}, `}example=${example.name}`,
      };
    }
  }
  const available = candidates.flatMap((r) => r.examples.map((e) => `${e.name} (${r.status})`));
  throw new MockUsageError(
    400,
    'Unknown example requested',
    `Prefer: example=${exampleName.slice(0, 60)} names no example${response ? ` of status ${response.status}` : ''}. Available: ${available.join(', ') || 'none'}.`,
    { available },
  );
}
