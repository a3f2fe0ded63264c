/** Where a config's JSON breaks, told without quoting its text (it may hold tokens). */

/**
 * Where a JSON text first breaks the grammar, as line and column, with the character found there.
 * V8's own messages quote the text around the mistake, which in a config may be a token: this says
 * where, and shows at most that one character.
 */
export function jsonSyntaxError(text: string): string {
  const at = firstErrorOffset(text);
  if (at === null) return 'it is not valid JSON';
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const found = at >= text.length ? 'the end of the file' : JSON.stringify(text[at]);
  return `unexpected ${found} at line ${line}, column ${column}`;
}

const NUMBER_OR_WORD = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

function firstErrorOffset(text: string): number | null {
  let i = 0;
  const stop = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') stop();
      i += c === '\\' ? 2 : 1;
    }
    stop();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '"') {
      string();
      return;
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') stop();
          string();
          ws();
          if (text[i] !== ':') stop();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else stop();
      }
    }
    NUMBER_OR_WORD.lastIndex = i;
    const m = NUMBER_OR_WORD.exec(text);
    if (!m) stop();
    i += m![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (error) {
    if (typeof error === 'number') return error;
    return null; // nesting too deep to walk: no position
  }
}
