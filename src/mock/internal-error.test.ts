// The mock's log of its own unexpected failures (src/mock/internal-error.ts): once per distinct error,
// with its stack frames, and no line of it raw from the error's text: a message holding a line break,
// ESC or a workflow command (`::error::`) is shown on one line as escapes.
import { describe, expect, it } from 'vitest';
import { internalErrorLog } from './internal-error.js';

describe('internalErrorLog', () => {
  it('logs each distinct error once: the message on one line with escapes, then the stack frames', () => {
    const lines: string[] = [];
    const log = internalErrorLog((text) => lines.push(text));
    const error = new TypeError('bad \u001b]0;pwned\u0007\u001b[2J value\n::error::forged\r\n##[error]x');
    log(error);
    log(error);
    expect(lines).toHaveLength(1);
    const [head, message, ...frames] = lines[0]!.split('\n');
    expect(head).toMatch(/^orgmock: internal error while answering a request/);
    expect(message).toBe('TypeError: bad \\x1b]0;pwned\\x07\\x1b[2J value\\n::error::forged\\r\\n##[error]x');
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/^\s+at /);
    expect(lines[0]).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('a thrown value that is not an Error is logged as text, escaped', () => {
    const lines: string[] = [];
    internalErrorLog((text) => lines.push(text))('oops\n::warning::x');
    expect(lines[0]!.split('\n')).toEqual([expect.stringMatching(/^orgmock: internal error/), 'oops\\n::warning::x']);
  });
});
