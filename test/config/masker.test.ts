// Proves: the masker's contract (src/config/mask.ts, README "The contract suite"): a secret of 8 or
// more characters is masked wherever it stands, as written or as a backend may echo it escaped
// (JSON backslashes and \uXXXX, %-encoding once or twice, HTML/XML entities, any mix); what is shown
// is its first 4 characters only when it has 16 or more and they are plain; secrets too short are
// counted, not searched; Authorization header values are masked on request; maskDeep masks every
// string and key of a value and keeps the rest as it is.
import { describe, expect, it } from 'vitest';
import { Masker, maskedForm } from '../../src/config/mask.js';

const MASKED = '…(masked)';
const mask = (secrets: string[], text: string) => new Masker(secrets).mask(text);

describe('maskedForm', () => {
  it('shows the first 4 characters from 16 characters on, when they are plain', () => {
    expect(maskedForm('0123456789abcdef')).toBe(`0123${MASKED}`);
    expect(maskedForm('a/b=c+d~e.f_g-hijklm')).toBe(`a/b=${MASKED}`);
    expect(maskedForm('0123456789abcde')).toBe(MASKED);
    expect(maskedForm('ab"c0123456789abcdef')).toBe(MASKED);
  });
});

describe('Masker: which secrets', () => {
  it('counts the secrets under 8 characters as too short; an empty one is no secret', () => {
    const masker = new Masker(['', 'short', 'seven77', 'eight888', 'long-enough-secret']);
    expect(masker.tooShort).toBe(2);
    expect(masker.mask('eight888 and long-enough-secret, short, seven77')).toBe(`${MASKED} and long${MASKED}, short, seven77`);
  });

  it('masks every occurrence', () => {
    expect(mask(['repeat-token'], 'repeat-token/repeat-token')).toBe(`${MASKED}/${MASKED}`);
  });
});

describe('Masker: escaped echoes', () => {
  const SECRET = 'tok/en+secret=value';

  it.each([
    ['JSON \\/', 'tok\\/en+secret=value'],
    ['\\uXXXX', [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['\\uXXXX, upper-case hex', 'tok\\u002Fen\\u002Bsecret\\u003Dvalue'],
    ['double-encoded JSON (\\\\/)', 'tok\\\\/en+secret=value'],
    ['%-encoded', encodeURIComponent(SECRET)],
    ['%-encoded twice', encodeURIComponent(encodeURIComponent(SECRET))],
    ['%-encoded, lower-case hex', 'tok%2fen%2bsecret%3dvalue'],
    ['decimal entities', 'tok&#47;en&#43;secret&#61;value'],
    ['hex entities, either x', 'tok&#x2F;en&#X2b;secret&#x3d;value'],
    ['entities escaped again (&amp;#47;, &amp;amp;#47;)', 'tok&amp;#47;en&amp;amp;#43;secret=value'],
    ['named entities', 'tok&sol;en&plus;secret&equals;value'],
    ['a mix', 'tok%2Fen&#43;secret\\u003dvalue'],
  ])('%s', (_name, written) => {
    expect(mask([SECRET], `<${written}>`)).toBe(`<${maskedForm(SECRET)}>`);
    // At the very end of the text, too.
    expect(mask([SECRET], `t=${written}`)).toBe(`t=${maskedForm(SECRET)}`);
  });

  /** The named references the masker reads, each standing for a character of a token. */
  const NAMED: [string, string][] = [
    ['AMP', '&'],
    ['lt', '<'],
    ['gt', '>'],
    ['quot', '"'],
    ['apos', "'"],
    ['sol', '/'],
    ['bsol', '\\'],
    ['equals', '='],
    ['plus', '+'],
    ['colon', ':'],
    ['period', '.'],
    ['lowbar', '_'],
    ['hyphen', '-'],
    ['dash', '-'],
    ['num', '#'],
    ['percnt', '%'],
    ['excl', '!'],
    ['quest', '?'],
    ['commat', '@'],
    ['tilde', '~'],
  ];
  it.each(NAMED)('&%s; read as %s', (name, char) => {
    const secret = `token-${char}-secret-value`;
    expect(mask([secret], `<p>token-&${name};-secret-value</p>`)).toBe(`<p>${maskedForm(secret)}</p>`);
  });

  it('a non-ASCII (Latin-1) token %-encoded as UTF-8, once or twice', () => {
    const secret = 'tökén-secret-0123456789';
    expect(mask([secret], `?t=${encodeURIComponent(secret)}&u=${encodeURIComponent(encodeURIComponent(secret))}`)).toBe(
      `?t=${MASKED}&u=${MASKED}`,
    );
  });

  it.each([
    ['a backslash', 'tok\\en-secret-value'],
    ['a backslash before n (not a newline)', 'tok\\nen-secret-value'],
    ['a backslash before u and no 4 hex digits', 'x\\uazz-\\uxyzw-secret'],
    ['%, not followed by hex digits', 'tok%zz/secret-value'],
    ['&, # and ; that are no entity', 'x&b#47;&1sol;/tail-value'],
  ])('a token holding %s, echoed JSON-escaped', (_name, secret) => {
    const echoed = JSON.stringify({ token: secret }).replace(/\//g, '\\/');
    expect(mask([secret], echoed)).toBe(`{"token":"${maskedForm(secret)}"}`);
  });

  it('a lone %, & or backslash beside an escaped token is left as it is', () => {
    expect(mask(['tok/en-secret-value'], 'R&D 100% \\ tok\\/en-secret-value &; &#; %zz')).toBe(
      `R&D 100% \\ ${maskedForm('tok/en-secret-value')} &; &#; %zz`,
    );
  });

  it('escapes that are not part of a token stay as written', () => {
    expect(mask(['tok/en-secret-value'], 'a\\/b %2F &#47; &sol; \\u002F \\n')).toBe('a\\/b %2F &#47; &sol; \\u002F \\n');
  });

  it('a secret inside a longer one, both escaped: the longer is masked whole, once', () => {
    const long = 'abc/defghijklmnopq';
    expect(mask(['c/defghi', long], '{"t":"abc\\/defghijklmnopq"}')).toBe(`{"t":"${maskedForm(long)}"}`);
  });

  it('a secret inside a longer one, the longer escaped: the shorter does not cut the longer apart', () => {
    // As written, the shorter one stands in the text; masked first, it would leave "abc\/" and "lmnopq" unmasked.
    const long = 'abc/defghijklmnopq';
    expect(mask(['defghijk', long], '{"t":"abc\\/defghijklmnopq"}')).toBe(`{"t":"${maskedForm(long)}"}`);
  });

  it('two escaped secrets, the shorter first in the text', () => {
    const short = 'zz/short-1';
    const long = 'yy/a-much-longer-secret';
    expect(mask([short, long], 'first zz\\/short-1 then yy\\/a-much-longer-secret end')).toBe(
      `first ${MASKED} then ${maskedForm(long)} end`,
    );
  });
});

describe('Masker: Authorization headers (authorizationHeaders: true)', () => {
  const headers = new Masker([], { authorizationHeaders: true });

  it.each([
    ['Authorization: Bearer abc.def.ghi-0123456789', `Authorization: Bearer abc.${MASKED}`],
    ['authorization : Bearer tokenvalue-0123456789', `authorization : Bearer toke${MASKED}`],
    ['Authorization: "Bearer tokenvalue-0123456789"', `Authorization: "Bearer toke${MASKED}"`],
    ['"authorization":"bearer tokenvalue-0123456789"', `"authorization":"bearer toke${MASKED}"`],
    ['Authorization: Bearer  two-spaces-0123456789', `Authorization: Bearer  two-${MASKED}`],
    ['Authorization: Basic  dXNlcjpwYXNzd29yZA==', `Authorization: Basic  dXNl${MASKED}`],
    ['Authorization: sk-raw-token-0123456789', `Authorization: sk-r${MASKED}`],
    ['authorization=short', `authorization=${MASKED}`],
  ])('%s', (text, want) => {
    expect(headers.mask(text)).toBe(want);
  });

  it('a value already masked as a secret is not masked again', () => {
    const masker = new Masker(['tokenvalue-0123456789'], { authorizationHeaders: true });
    expect(masker.mask('Authorization: Bearer tokenvalue-0123456789')).toBe(`Authorization: Bearer toke${MASKED}`);
  });

  it('without the option, a header value the config does not know stays', () => {
    expect(new Masker(['tokenvalue-0123456789']).mask('Authorization: Bearer another-token-value')).toBe(
      'Authorization: Bearer another-token-value',
    );
  });
});

describe('Masker.maskDeep', () => {
  const masker = new Masker(['deep-secret-1']);

  it('masks every string and key; numbers, booleans and null stay; undefined properties are dropped', () => {
    const value = {
      a: ['deep-secret-1', 1, true, null, { 'deep-secret-1': false }],
      b: 'x deep-secret-1 y',
      c: undefined,
      d: 0,
    };
    // Copied without prototypes (a `__proto__` key stays a key): compared as the JSON they render to.
    expect(JSON.parse(JSON.stringify(masker.maskDeep(value)))).toStrictEqual({
      a: [MASKED, 1, true, null, { [MASKED]: false }],
      b: `x ${MASKED} y`,
      d: 0,
    });
    expect(masker.maskDeep('deep-secret-1')).toBe(MASKED);
    expect(masker.maskDeep(42)).toBe(42);
    expect(masker.maskDeep(null)).toBeNull();
  });

  /** A value nested `depth` levels deep, alternating arrays and objects, around `leaf`. */
  const nest = (depth: number, leaf: unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
    return value;
  };
  const innermost = (value: unknown): unknown => {
    let v = value;
    while (typeof v === 'object' && v !== null) v = Array.isArray(v) ? v[0] : (v as { k: unknown }).k;
    return v;
  };

  it('containers are followed to depth 200 (a report nests a handful); one deeper is replaced, not followed', () => {
    expect(innermost(masker.maskDeep(nest(201, 'deep-secret-1')))).toBe(MASKED);
    expect(innermost(masker.maskDeep(nest(202, 'deep-secret-1')))).toBe('(nested too deep to show)');
    expect(innermost(masker.maskDeep(nest(100_000, 'deep-secret-1')))).toBe('(nested too deep to show)');
  });
});

describe('Masker: secrets that contain others, as written', () => {
  it('the longer is masked whole, whichever order the secrets are given in', () => {
    for (const secrets of [
      ['shared-prefix', 'shared-prefix/longer'],
      ['shared-prefix/longer', 'shared-prefix'],
    ]) {
      expect(mask(secrets, 'x shared-prefix/longer y')).toBe(`x ${maskedForm('shared-prefix/longer')} y`);
      expect(mask(secrets, 'x shared-prefix y')).toBe(`x ${MASKED} y`);
    }
  });
});

describe('Masker: text that holds no secret comes back as it is', () => {
  it('even when it holds escapes, or the start of a secret', () => {
    const masker = new Masker(['path/undefined', 'long-secret-value']);
    for (const text of ['path\\/', 'path%2F', 'path&#47;', 'a & b, 100% \\n \\\\ &#x; &amp;', 'long-secret-valu', ''])
      expect(masker.mask(text)).toBe(text);
    expect(new Masker([]).mask('a \\/ %2F &#47;')).toBe('a \\/ %2F &#47;');
  });
});

describe('Masker: escapes at their edges', () => {
  it('JSON control-character escapes (\\n, \\r, \\t, \\b, \\f)', () => {
    const secret = 'a\nb\rc\td\be\ff-token';
    expect(JSON.stringify(secret)).toBe('"a\\nb\\rc\\td\\be\\ff-token"');
    expect(mask([secret], JSON.stringify(secret))).toBe(`"${MASKED}"`);
  });

  it('%-encoding: an escape followed by hex letters, and a %25 layer before one hex digit', () => {
    expect(encodeURIComponent('abc/defgh-token')).toBe('abc%2Fdefgh-token');
    expect(mask(['abc/defgh-token'], '?t=abc%2Fdefgh-token&x=1')).toBe(`?t=${MASKED}&x=1`);
    expect(encodeURIComponent('100%a-token/value')).toBe('100%25a-token%2Fvalue');
    expect(mask(['100%a-token/value'], encodeURIComponent('100%a-token/value'))).toBe(MASKED);
    expect(mask(['100%a-token/value'], '100%a-token\\/value')).toBe(MASKED);
  });

  it('a lone backslash before an ordinary character is a backslash (the token holds it as written)', () => {
    expect(mask(['domain\\user/token-1'], 'domain\\user\\/token-1')).toBe(maskedForm('domain\\user/token-1'));
    expect(maskedForm('domain\\user/token-1')).toBe(`doma${MASKED}`);
  });

  it('%80 and above are bytes of UTF-8 sequences, never characters of their own', () => {
    expect(mask(['pct%80%C3-literal/token'], 'pct%80%C3-literal\\/token')).toBe(MASKED);
  });

  it('a NUL character, %-encoded or as an entity', () => {
    const secret = 'nul\u0000byte-token';
    expect(mask([secret], encodeURIComponent(secret))).toBe(MASKED);
    expect(mask([secret], 'nul&#0;byte-token')).toBe(MASKED);
  });

  it('entities up to U+FFFF are decoded; one beyond is left as written', () => {
    expect(mask(['max\uffffchar-token'], 'max&#xFFFF;char-token')).toBe(MASKED);
    expect(mask(['smile&#x1F600;/token'], 'smile&#x1F600;\\/token')).toBe(maskedForm('smile&#x1F600;/token'));
  });

  it('a token of non-ASCII characters only, %-encoded as UTF-8 once and twice', () => {
    const secret = 'äöüßäöüß';
    expect(mask([secret], `a ${encodeURIComponent(secret)} b ${encodeURIComponent(encodeURIComponent(secret))}`)).toBe(
      `a ${MASKED} b ${MASKED}`,
    );
  });
});
