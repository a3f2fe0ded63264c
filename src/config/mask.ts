/** The one masker: hides the config's secrets (tokens) in everything orgmock prints or writes, reports included. */

const MASKED = '…(masked)';

/**
 * Secrets shorter than this are never replaced as substrings: a one-letter token would rename JSON
 * keys, a 4-character one would cut words and numbers apart. They are masked only where orgmock
 * itself puts them (the Authorization header of curl lines), and reports say they are too short.
 */
export const MIN_MASKABLE_LENGTH = 8;

/** True when a secret is long enough to be masked wherever it occurs without corrupting the text around it. */
export const isMaskable = (secret: string) => secret.length >= MIN_MASKABLE_LENGTH;

/**
 * How a secret is shown: its first 4 characters when long enough to stay secret and plain enough
 * (letters, digits, `._-~/+=`) to mean the same in JSON, XML, URLs and shells; then `…(masked)`.
 */
export function maskedForm(secret: string): string {
  return secret.length >= 16 && /^[A-Za-z0-9._~/+=-]{4}/.test(secret) ? `${secret.slice(0, 4)}${MASKED}` : MASKED;
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
 * Masks the secrets of the config in what leaves a command.
 *
 * - `mask(text)` finds each secret (of at least MIN_MASKABLE_LENGTH characters) in a text as written
 *   or as a backend may echo it escaped: JSON (`\/`, `\"`, `\uXXXX`, double-encoded), URL-encoded
 *   (`%2F`, `%252F`) and HTML/XML entities (`&#47;`, `&#x2F;`, `&sol;`, `&amp;#47;`), any mix.
 * - `maskDeep(value)` masks every string (and object key) of a JSON-like value: reports are masked
 *   as data before they are rendered, never as rendered text, so a report stays valid JSON or XML
 *   whatever the secrets are.
 * - `tooShort` counts the secrets too short to be masked as substrings.
 */
export class Masker {
  readonly #secrets: string[];
  /** Variants the decoder cannot reach (non-ASCII characters URL-encoded as UTF-8 bytes). */
  readonly #raw: [string, string][];
  readonly #headers: boolean;
  /** How many of the secrets given are too short to be masked as substrings. */
  readonly tooShort: number;

  constructor(secrets: Iterable<string>, options: MaskerOptions = {}) {
    const unique = new Set<string>();
    let short = 0;
    for (const secret of secrets) {
      if (secret.length === 0) continue;
      if (isMaskable(secret)) unique.add(secret);
      else short++;
    }
    this.tooShort = short;
    // Longest first, so a secret that contains another is masked whole.
    this.#secrets = [...unique].sort((a, b) => b.length - a.length);
    this.#raw = this.#secrets
      .filter((s) => /[^\x00-\x7f]/.test(s))
      .flatMap((s) => [encodeURIComponent(s), encodeURIComponent(encodeURIComponent(s))].map((v): [string, string] => [v, maskedForm(s)]));
    this.#headers = options.authorizationHeaders ?? false;
  }

  mask(text: string): string {
    let out = text;
    if (this.#secrets.length > 0) {
      for (const [variant, shown] of this.#raw) if (out.includes(variant)) out = out.split(variant).join(shown);
      // Longest first, each as written (it may itself hold what looks like an escape) and then
      // decoded before the next: a secret inside a longer one must not cut an escaped echo of the
      // longer one apart, leaving both its ends in the text.
      for (const secret of this.#secrets) {
        if (out.includes(secret)) out = out.split(secret).join(maskedForm(secret));
        if (/[\\%&]/.test(out)) out = this.#maskDecoded(out, secret);
      }
    }
    if (!this.#headers) return out;
    return out.replace(
      AUTHORIZATION,
      (_m, head: string, scheme: string | undefined, value: string) =>
        `${head}${scheme ?? ''}${value.endsWith(MASKED) ? value : maskedForm(value)}`,
    );
  }

  /** A copy of a JSON-like value with every string and object key masked (numbers and booleans as they are). */
  maskDeep<T>(value: T): T {
    return this.#deep(value, 0) as T;
  }

  #deep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 200) return '(nested too deep to show)';
    if (Array.isArray(value)) return value.map((v) => this.#deep(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[this.mask(k)] = this.#deep(v, depth + 1);
    }
    return out;
  }

  /** Finds a secret in the decoded text and replaces the original spans it came from. */
  #maskDecoded(text: string, secret: string): string {
    const { decoded, starts } = decode(text);
    const spans: [number, number, string][] = [];
    // Occurrences left to right, none overlapping the one before (as split finds them in the plain text).
    for (let at = decoded.indexOf(secret); at !== -1; at = decoded.indexOf(secret, at + secret.length)) {
      spans.push([starts[at]!, starts[at + secret.length]!, maskedForm(secret)]);
    }
    if (spans.length === 0) return text;
    let out = '';
    let pos = 0;
    for (const [from, to, shown] of spans) {
      out += text.slice(pos, from) + shown;
      pos = to;
    }
    return out + text.slice(pos);
  }
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  sol: '/',
  bsol: '\\',
  equals: '=',
  plus: '+',
  colon: ':',
  period: '.',
  lowbar: '_',
  hyphen: '-',
  dash: '-',
  num: '#',
  percnt: '%',
  excl: '!',
  quest: '?',
  commat: '@',
  tilde: '~',
};
const JSON_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/**
 * The text with escapes undone (any depth of JSON backslashes, `%25` and `&amp;` prefixes), and for
 * every decoded character the index in the original where it starts (`starts[decoded.length]` is the end).
 */
function decode(text: string): { decoded: string; starts: Int32Array } {
  let decoded = '';
  const starts = new Int32Array(text.length + 1);
  let i = 0;
  const emit = (ch: string, from: number, to: number) => {
    starts[decoded.length] = from;
    decoded += ch;
    i = to;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      let p = i;
      while (text[p] === '\\') p++;
      const next = text[p];
      const hex = /^u[0-9a-fA-F]{4}/.exec(text.slice(p, p + 5));
      if (hex) emit(String.fromCharCode(parseInt(text.slice(p + 1, p + 5), 16)), i, p + 5);
      else if (next !== undefined && '/"\''.includes(next)) emit(next, i, p + 1);
      else if (next !== undefined && next in JSON_ESCAPES && (p - i) % 2 === 1) emit(JSON_ESCAPES[next]!, i, p + 1);
      else emit('\\', i, p);
    } else if (c === '%') {
      let p = i + 1;
      while (text.startsWith('25', p) && /^[0-9a-fA-F]{2}/.test(text.slice(p + 2, p + 4))) p += 2;
      const hex = /^[0-9a-fA-F]{2}/.exec(text.slice(p, p + 2));
      const code = hex ? parseInt(hex[0], 16) : -1;
      if (code >= 0 && code < 0x80) emit(String.fromCharCode(code), i, p + 2);
      else emit('%', i, i + 1);
    } else if (c === '&') {
      let p = i + 1;
      while (text.startsWith('amp;', p)) p += 4;
      const entity = /^#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));|^([a-zA-Z]{2,8});/.exec(text.slice(p, p + 12));
      const code = entity ? (entity[1] ? parseInt(entity[1], 16) : entity[2] ? parseInt(entity[2], 10) : -1) : -1;
      if (entity && code >= 0 && code <= 0xffff) emit(String.fromCharCode(code), i, p + entity[0].length);
      else if (entity?.[3] && NAMED[entity[3].toLowerCase()]) emit(NAMED[entity[3].toLowerCase()]!, i, p + entity[0].length);
      else emit('&', i, p);
    } else emit(c, i, i + 1);
  }
  starts[decoded.length] = text.length;
  return { decoded, starts };
}
