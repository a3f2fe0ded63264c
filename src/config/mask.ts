/** The one masker: hides the config's secrets (tokens) in everything orgmock prints or writes, reports included. */

import { Automaton } from './aho-corasick.js';

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
  /** Show none of a secret, not even its first 4 characters (for values a backend leaked, not the config's tokens). */
  hideStart?: boolean;
}

/**
 * Thrown by `Masker.mask` when its deadline passes: the caller (verify's HTTP client) turns it into
 * the request's timeout, so that masking a huge body is bounded by `--timeout` like reading it.
 */
export class MaskDeadlineError extends Error {
  override name = 'MaskDeadlineError';
  constructor() {
    super('masking did not finish before the deadline');
  }
}

/** How many characters the masker reads between two looks at the clock. */
const CLOCK_EVERY = 0xffff;

/** Throws MaskDeadlineError when `deadline` (a `performance.now()` time) has passed; read every CLOCK_EVERY + 1 characters. */
function checkDeadline(deadline: number | undefined): void {
  if (deadline !== undefined && performance.now() > deadline) throw new MaskDeadlineError();
}

/** Linear: one optional quote and the spaces around it cannot be split two ways. */
const AUTHORIZATION = /(authorization["']?\s*[:=]\s*(?:["']\s*)?)(bearer\s+|basic\s+)?([^\s"',]+)/gi;

/** A pattern the masker searches: a form of a secret and what stands in its place. */
interface Form {
  text: string;
  shown: string;
}

/**
 * Masks the secrets of the config in what leaves a command.
 *
 * - `mask(text)` finds each secret (of at least MIN_MASKABLE_LENGTH characters) in a text as written
 *   or as a backend may echo it escaped: JSON (`\/`, `\"`, `\uXXXX`, double-encoded), URL-encoded
 *   (`%2F`, `%252F`) and HTML/XML entities (`&#47;`, `&#x2F;`, `&sol;`, `&amp;#47;`), any mix; and
 *   encoded: base64 and base64url at any alignment (so inside HTTP Basic credentials `user:secret` or
 *   `secret:`, or any longer encoded text), hex (either case), and a JWT-shaped string whose payload
 *   holds a secret is masked whole. One pass over the text for all secrets and forms (Aho–Corasick on
 *   the text as written and on the text decoded on the fly): time linear in the text's length.
 * - `maskDeep(value)` masks every string (and object key) of a JSON-like value: reports are masked
 *   as data before they are rendered, never as rendered text, so a report stays valid JSON or XML
 *   whatever the secrets are.
 * - `tooShort` counts the secrets too short to be masked as substrings.
 */
export class Masker {
  readonly #forms: Form[];
  readonly #automaton: Automaton;
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
    this.#forms = [...unique].flatMap((secret) => formsOf(secret, options.hideStart ? MASKED : maskedForm(secret)));
    this.#automaton = new Automaton(this.#forms.map((f) => f.text));
    this.#headers = options.authorizationHeaders ?? false;
  }

  /**
   * The text with every secret masked. `deadline` (a `performance.now()` time): past it, the work stops
   * with a MaskDeadlineError (the clock is read every 64 Ki characters, and once at the start).
   */
  mask(text: string, deadline?: number): string {
    checkDeadline(deadline);
    let out = this.#forms.length > 0 ? this.#maskSpans(text, true, deadline) : text;
    if (this.#headers)
      out = out.replace(
        AUTHORIZATION,
        (_m, head: string, scheme: string | undefined, value: string) =>
          `${head}${scheme ?? ''}${value.endsWith(MASKED) ? value : maskedForm(value)}`,
      );
    return out;
  }

  /**
   * A copy of a JSON-like value with every string and object key masked (numbers, booleans and null as
   * they are, undefined properties dropped as JSON drops them); an array or object inside more than 200
   * others is shown as `(nested too deep to show)`. Objects are copied without a prototype, so a
   * `__proto__` key stays a key.
   */
  maskDeep<T>(value: T): T {
    return this.#deep(value, 0) as T;
  }

  #deep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 200) return '(nested too deep to show)';
    if (Array.isArray(value)) return value.map((v) => this.#deep(v, depth + 1));
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[this.mask(k)] = this.#deep(v, depth + 1);
    }
    return out;
  }

  /** The text with every span holding a form of a secret replaced; `jwt`: also look into JWT payloads. */
  #maskSpans(text: string, jwt: boolean, deadline?: number): string {
    const spans = this.#spans(text, jwt, deadline);
    if (spans.length === 0) return text;
    let out = '';
    let pos = 0;
    for (const { from, to, shown } of spans) {
      out += text.slice(pos, from) + shown;
      pos = to;
    }
    return out + text.slice(pos);
  }

  /** The spans to replace, sorted, disjoint: overlapping finds are merged, shown as the one that starts first (longest on a tie). */
  #spans(text: string, jwt: boolean, deadline?: number): Span[] {
    const found: Span[][] = [this.#search(text, false, deadline)];
    if (hasEscape(text)) found.push(this.#search(text, true, deadline));
    if (jwt && text.includes('eyJ')) found.push(this.#jwts(text, deadline));
    const all = found.length === 1 ? found[0]! : mergeByEnd(found);
    const stack: Span[] = [];
    for (const span of all) {
      let cur = span;
      while (stack.length > 0 && cur.from < stack.at(-1)!.to) {
        const top = stack.pop()!;
        const lead = top.from < cur.from || (top.from === cur.from && top.to - top.from >= cur.to - cur.from) ? top : cur;
        cur = { from: Math.min(top.from, cur.from), to: Math.max(top.to, cur.to), shown: lead.shown };
      }
      stack.push(cur);
    }
    return stack;
  }

  /** One pass of the automaton over the text as written, or decoded on the fly; spans in order of their ends. */
  #search(text: string, decoded: boolean, deadline?: number): Span[] {
    const ac = this.#automaton;
    const { root } = ac;
    const spans: Span[] = [];
    let state = 0;
    if (!decoded) {
      // In slices of CLOCK_EVERY + 1 characters, the clock read between two: the inner loop stays as tight as without one.
      for (let from = 0; from < text.length; from += CLOCK_EVERY + 1) {
        checkDeadline(deadline);
        const end = Math.min(text.length, from + CLOCK_EVERY + 1);
        for (let i = from; i < end; i++) {
          const code = text.charCodeAt(i);
          state = state === 0 ? root[code]! : ac.step(state, code);
          const length = ac.matchLength(state);
          if (length > 0) spans.push({ from: i + 1 - length, to: i + 1, shown: this.#forms[ac.matchPattern(state)]!.shown });
        }
      }
      return spans;
    }
    // Where each of the last maxLength decoded characters started in the text.
    let size = 1;
    while (size <= ac.maxLength) size *= 2;
    const starts = new Int32Array(size);
    const ring = size - 1;
    const at = { code: 0, next: 0 };
    for (let i = 0, d = 0; i < text.length; i = at.next, d++) {
      if ((d & CLOCK_EVERY) === 0 && deadline !== undefined) checkDeadline(deadline);
      const c = text.charCodeAt(i);
      if (c === BACKSLASH || c === 0x25 || c === 0x26) decodeAt(text, i, at);
      else {
        at.code = c;
        at.next = i + 1;
      }
      starts[d & ring] = i;
      state = state === 0 ? root[at.code]! : ac.step(state, at.code);
      const length = ac.matchLength(state);
      if (length > 0)
        spans.push({ from: starts[(d + 1 - length) & ring]!, to: at.next, shown: this.#forms[ac.matchPattern(state)]!.shown });
    }
    return spans;
  }

  /** JWT-shaped strings (`eyJ….….…`) whose base64url payload, decoded, holds a secret: masked whole. */
  #jwts(text: string, deadline?: number): Span[] {
    const spans: Span[] = [];
    // `i` jumps over runs of token characters: the clock is read once `i` has moved on far enough.
    for (let i = 0, clock = 0; i < text.length; ) {
      if (i >= clock) {
        checkDeadline(deadline);
        clock = i + CLOCK_EVERY;
      }
      if (!isTokenChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      let end = i;
      while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
      const run = text.slice(i, end);
      const parts = run.split('.');
      for (let k = 0, offset = 0; k + 2 < parts.length; offset += parts[k]!.length + 1, k++) {
        if (!parts[k]!.startsWith('eyJ') || parts[k + 1]!.length < 4) continue;
        const payload = Buffer.from(parts[k + 1]!, 'base64url').toString('utf8');
        if (this.#spans(payload, false).length === 0) continue;
        const to = offset + parts[k]!.length + parts[k + 1]!.length + parts[k + 2]!.length + 2;
        spans.push({ from: i + offset, to: i + to, shown: MASKED });
      }
      i = end;
    }
    return spans;
  }
}

interface Span {
  from: number;
  to: number;
  shown: string;
}

/** Lists of spans, each in order of their ends, merged into one in that order. */
function mergeByEnd(lists: Span[][]): Span[] {
  const out: Span[] = [];
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      const span = lists[l]![at[l]!];
      if (span && (best === -1 || span.to < lists[best]![at[best]!]!.to)) best = l;
    }
    if (best === -1) return out;
    out.push(lists[best]![at[best]!++]!);
  }
}

const isTokenChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f || c === 0x2e;

const hasEscape = (text: string) => text.includes('\\') || text.includes('%') || text.includes('&');

/**
 * Every form of a secret the masker searches: as written; %-encoded as UTF-8 once and twice when it
 * has non-ASCII characters (the decoder reads only ASCII escapes); base64 and base64url at each of
 * the three byte alignments (the characters that hold only the secret's bits), whole with and without
 * padding, and of `secret:` (HTTP Basic with an empty password); hex in either case.
 */
function formsOf(secret: string, shown: string): Form[] {
  const out: Form[] = [{ text: secret, shown }];
  if (/[^\x00-\x7f]/.test(secret)) {
    const once = encodeURIComponent(secret);
    out.push({ text: once, shown }, { text: encodeURIComponent(once), shown });
  }
  const bytes = Buffer.from(secret, 'utf8');
  const encoded = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = b64.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    encoded.add(core);
  }
  const whole = bytes.toString('base64');
  encoded.add(whole);
  encoded.add(whole.replace(/=+$/, ''));
  encoded.add(Buffer.from(`${secret}:`, 'utf8').toString('base64'));
  for (const b64 of [...encoded]) encoded.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
  const hex = bytes.toString('hex');
  encoded.add(hex);
  encoded.add(hex.toUpperCase());
  for (const text of encoded) out.push({ text, shown: MASKED });
  return out;
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

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const hexValue = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const BACKSLASH = 0x5c;

/**
 * Decodes the character that starts at `i`, escapes undone (any depth of JSON backslashes, `%25` and
 * `&amp;` prefixes): writes its code unit and where the next one starts into `at`. Looks ahead a
 * bounded number of characters beyond the prefixes it consumes, so decoding a whole text is linear.
 */
function decodeAt(text: string, i: number, at: { code: number; next: number }): void {
  const c = text.charCodeAt(i);
  if (c === BACKSLASH) {
    let p = i;
    while (text.charCodeAt(p) === BACKSLASH) p++;
    const next = text.charCodeAt(p);
    if (
      next === 0x75 &&
      isHex(text.charCodeAt(p + 1)) &&
      isHex(text.charCodeAt(p + 2)) &&
      isHex(text.charCodeAt(p + 3)) &&
      isHex(text.charCodeAt(p + 4))
    ) {
      at.code = parseInt(text.slice(p + 1, p + 5), 16);
      at.next = p + 5;
    } else if (next === 0x2f || next === 0x22 || next === 0x27) {
      at.code = next;
      at.next = p + 1;
    } else if ((p - i) % 2 === 1 && p < text.length && text[p]! in JSON_ESCAPES) {
      at.code = JSON_ESCAPES[text[p]!]!.charCodeAt(0);
      at.next = p + 1;
    } else {
      at.code = BACKSLASH;
      at.next = p;
    }
    return;
  }
  if (c === 0x25) {
    let p = i + 1;
    while (text.charCodeAt(p) === 0x32 && text.charCodeAt(p + 1) === 0x35 && isHex(text.charCodeAt(p + 2)) && isHex(text.charCodeAt(p + 3)))
      p += 2;
    if (isHex(text.charCodeAt(p)) && isHex(text.charCodeAt(p + 1))) {
      const code = hexValue(text.charCodeAt(p)) * 16 + hexValue(text.charCodeAt(p + 1));
      if (code < 0x80) {
        at.code = code;
        at.next = p + 2;
        return;
      }
    }
    at.code = c;
    at.next = i + 1;
    return;
  }
  if (c === 0x26) {
    let p = i + 1;
    while (text.startsWith('amp;', p)) p += 4;
    at.code = c;
    at.next = p;
    if (text.charCodeAt(p) === 0x23) {
      const hex = text.charCodeAt(p + 1) === 0x78 || text.charCodeAt(p + 1) === 0x58;
      let q = hex ? p + 2 : p + 1;
      const from = q;
      while (q - from < (hex ? 6 : 7) && (hex ? isHex(text.charCodeAt(q)) : isDigit(text.charCodeAt(q)))) q++;
      if (q > from && text.charCodeAt(q) === 0x3b) {
        const code = parseInt(text.slice(from, q), hex ? 16 : 10);
        if (code <= 0xffff) {
          at.code = code;
          at.next = q + 1;
        }
      }
    } else {
      let q = p;
      while (q - p < 8 && isLetter(text.charCodeAt(q))) q++;
      const name = text.slice(p, q).toLowerCase();
      const named = q - p >= 2 && text.charCodeAt(q) === 0x3b && Object.hasOwn(NAMED, name) ? NAMED[name] : undefined;
      if (named !== undefined) {
        at.code = named.charCodeAt(0);
        at.next = q + 1;
      }
    }
    return;
  }
  at.code = c;
  at.next = i + 1;
}
