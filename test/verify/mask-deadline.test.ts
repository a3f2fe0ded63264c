// Proves (issue 22, item 3): masking a response runs inside the request's --timeout, not after it.
// A timer cannot interrupt synchronous work, so the masker takes the request's deadline and stops
// once it has passed (MaskDeadlineError), and the HTTP client turns that, or any masking or parsing
// that ends past the deadline, into the request's timeout: never a late answer. Behaviour only, no
// timed assertion: "slow" masking is simulated by a mask that returns only once the deadline is over.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Masker, MaskDeadlineError } from '../../src/config/mask.js';
import { send } from '../../src/verify/http.js';
import { fbToken, referenceConfig, startBackend, type RunningBackend } from './support/reference-backend.js';
import { runCli, scratchDir } from './support/run.js';

const SECRETS = ['sk_live_0123456789abcdefABCD', 'ghp_0123456789abcdefghijklmnopqrstuvwxyz', 'fb_owner_token_0123456789abcdef'];
/** A body a Python or PHP backend sends: `\uXXXX`, `\/` and `&` throughout, a secret echoed escaped at its end. */
const body = (size: number) =>
  `{"note":"${'R\\u00e9my &amp; co \\/ 100% '.repeat(Math.ceil(size / 27))}","echo":"${SECRETS[0]!.replace(/_/g, '\\u005f')}"}`;

let server: Server;
let url: string;
let backend: RunningBackend;
const scratch = scratchDir();
beforeAll(async () => {
  // Small enough to arrive at once: what outlasts the deadline is the (simulated) masking.
  const text = body(64 * 1024);
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(text));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  backend = await startBackend();
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await backend.close();
  scratch.cleanup();
});

/** Returns only once `deadline` has passed: masking that took longer than the request may. */
const outlasting = (deadline: number | undefined) => {
  while (deadline !== undefined && performance.now() <= deadline) {
    // busy: masking is synchronous work
  }
};

describe('Masker.mask(text, deadline)', () => {
  const masker = new Masker(SECRETS);
  const text = body(1024 * 1024);

  it('stops with MaskDeadlineError once the deadline has passed, whatever the size of the text', () => {
    expect(() => masker.mask(text, performance.now() - 1)).toThrow(MaskDeadlineError);
    expect(() => masker.mask('short', performance.now() - 1)).toThrow(MaskDeadlineError);
  });

  it('before the deadline, the result is the same as without one (the secret masked)', () => {
    const masked = masker.mask(text);
    expect(masked).not.toContain('sk\\u005flive');
    expect(masker.mask(text, performance.now() + 3_600_000)).toBe(masked);
  });
});

describe('send(): masking within --timeout', () => {
  const request = () => ({ method: 'GET' as const, url, headers: {} });
  const errorOf = (e: Awaited<ReturnType<typeof send>>) => ('error' in e ? e.error : undefined);
  const responseOf = (e: Awaited<ReturnType<typeof send>>) => ('response' in e ? e.response : undefined);

  it('an answer whose masking ends after the deadline is a timeout, not a late answer', async () => {
    const mask = vi.fn((text: string, deadline?: number) => {
      if (text.length > 1000) outlasting(deadline);
      return text;
    });
    const exchange = await send(request(), { timeoutMs: 1000, maxBytes: 64 * 1024 * 1024, mask });
    expect(responseOf(exchange)).toBeUndefined();
    expect(errorOf(exchange)).toEqual({ kind: 'timeout', message: 'no complete response within 1000 ms (--timeout)' });
    // The mask was given the request's deadline.
    expect(mask.mock.calls.some(([, deadline]) => typeof deadline === 'number')).toBe(true);
  });

  it('a masker that stops at the deadline gives the same timeout', async () => {
    const masker = new Masker(SECRETS);
    const mask = (text: string, deadline?: number) => {
      if (text.length > 1000) outlasting(deadline);
      return masker.mask(text, deadline);
    };
    vi.spyOn(masker, 'mask');
    const exchange = await send(request(), { timeoutMs: 1000, maxBytes: 64 * 1024 * 1024, mask: vi.fn(mask) });
    expect(errorOf(exchange)?.kind).toBe('timeout');
    // The masker itself stopped (it was reached, past the deadline), not the timer.
    expect(vi.mocked(masker.mask)).toHaveBeenCalled();
  });

  it('within the deadline, the same answer is masked and parsed', async () => {
    const masker = new Masker(SECRETS);
    const exchange = await send(request(), { timeoutMs: 60_000, maxBytes: 64 * 1024 * 1024, mask: (t, d) => masker.mask(t, d) });
    expect(errorOf(exchange)).toBeUndefined();
    expect(responseOf(exchange)?.json.ok).toBe(true);
    expect(responseOf(exchange)?.text).not.toContain('sk\\u005flive');
  });
});

describe('orgmock verify: the masker gets each request deadline', () => {
  it('masking that outlasts --timeout makes the case a timeout (response_received fails), never a late pass', async () => {
    const original = Masker.prototype.mask;
    const spy = vi.spyOn(Masker.prototype, 'mask').mockImplementation(function (this: Masker, text: string, deadline?: number) {
      // Only the bodies of the backend's answers: they are masked with a deadline.
      if (deadline !== undefined && text.includes('"success"')) outlasting(deadline);
      return original.call(this, text, deadline);
    });
    try {
      const file = scratch.write('deadline.json', referenceConfig(backend.url));
      const run = await runCli(['--config', file, '--only', 'flashback/role:OWNER', '--timeout', '300', '--reporter', 'json'], {
        cwd: scratch.dir,
      });
      expect(run.code, run.stderr).toBe(1);
      const owner = JSON.parse(run.stdout).apis[0].cases.find((c: { key: string }) => c.key === 'flashback/role:OWNER');
      expect(owner.outcome).toBe('failed');
      expect(owner.failed.find((f: { check: string }) => f.check === 'response_received').received).toMatch(
        /no complete response within 300 ms \(--timeout\)/,
      );
      expect(run.stdout).not.toContain(fbToken('OWNER'));
    } finally {
      spy.mockRestore();
    }
  });
});
