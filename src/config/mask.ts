const MASKED = '…(masked)';

/** How a secret is shown: its first 4 characters when long enough to stay secret, then `…(masked)`. */
export function maskedForm(secret: string): string {
  return secret.length >= 16 ? `${secret.slice(0, 4)}${MASKED}` : MASKED;
}

export interface MaskerOptions {
  /**
   * Also mask the value of anything that looks like an Authorization header, secret of the config
   * or not: for output of a tool that echoes the requests it sent (Dredd), where a token the config
   * does not know (one from the tool's own options) can appear too.
   */
  authorizationHeaders?: boolean;
}

const AUTHORIZATION = /(authorization["']?\s*[:=]\s*["']?\s*)(bearer\s+|basic\s+)?([^\s"',]+)/gi;

/**
 * Replaces every secret of the config in a text, as written, JSON-escaped, URL-encoded and XML-escaped.
 * Every report, log line and error message goes through it before it leaves the command.
 */
export class Masker {
  readonly #pairs: [string, string][];
  readonly #headers: boolean;

  constructor(secrets: Iterable<string>, options: MaskerOptions = {}) {
    const pairs = new Map<string, string>();
    for (const secret of secrets) {
      if (secret.length === 0) continue;
      const shown = maskedForm(secret);
      for (const variant of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), xmlEscaped(secret)]) {
        if (!pairs.has(variant)) pairs.set(variant, shown);
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    this.#pairs = [...pairs].sort((a, b) => b[0].length - a[0].length);
    this.#headers = options.authorizationHeaders ?? false;
  }

  mask(text: string): string {
    let out = text;
    for (const [secret, shown] of this.#pairs) if (out.includes(secret)) out = out.split(secret).join(shown);
    if (!this.#headers) return out;
    return out.replace(
      AUTHORIZATION,
      (_m, head: string, scheme: string | undefined, value: string) =>
        `${head}${scheme ?? ''}${value.endsWith(MASKED) ? value : maskedForm(value)}`,
    );
  }
}

const xmlEscaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
