// Proves: verify's retries of a refused request (429 Too Many Requests, RFC 6585 §4; 503, RFC 9110
// §15.6.4) against a real node:http server on an ephemeral port: exactly `--retries` retries, no
// more; Retry-After (RFC 9110 §10.2.3) as delay-seconds or as an HTTP-date in any of the three formats
// a recipient must accept (§5.6.7: IMF-fixdate, RFC 850, asctime; all GMT), and never read from
// anything else; the wait budget. Waits are recorded by an injected sleep, never slept.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { retryAfterMs, sendWithRetries } from '../../src/verify/run.js';
import { serversClosedAfterEach } from '../helpers/http.js';

const listen = serversClosedAfterEach();

/** A backend that answers the first `refusals` requests with `status` (and `retryAfter`, when given), then 200. */
async function backend(status: number, refusals: number, retryAfter?: () => string) {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    const refused = requests <= refusals;
    res.writeHead(refused ? status : 200, {
      'content-type': 'application/json',
      ...(refused && retryAfter ? { 'retry-after': retryAfter() } : {}),
    });
    res.end(JSON.stringify(refused ? { message: 'not now' } : { ok: true }));
  });
  return { url: `http://127.0.0.1:${await listen(server)}/users`, requests: () => requests };
}

const SEND = { timeoutMs: 30_000, maxBytes: 1024 * 1024 };

/** sendWithRetries with a sleep that records each wait and returns at once. */
async function sendTo(url: string, retries: number, maxWaitMs = 3_600_000) {
  const waits: number[] = [];
  const exchange = await sendWithRetries({ method: 'GET', url, headers: {} }, SEND, {
    retries,
    maxWaitMs,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { exchange, waits };
}

describe('--retries: exactly that many retries of a refused request', () => {
  it.each([0, 1, 2, 3])(
    '%i retries against a backend that always answers 429: one request more than that, then refused',
    async (retries) => {
      const b = await backend(429, Number.POSITIVE_INFINITY, () => '0');
      const { exchange, waits } = await sendTo(b.url, retries);
      expect(b.requests()).toBe(retries + 1);
      expect(waits).toHaveLength(retries);
      expect('response' in exchange && exchange.response.status).toBe(429);
      expect(exchange.refused).toBe(
        `the backend refused the request: still 429 after ${retries} ${retries === 1 ? 'retry' : 'retries'} (--retries)`,
      );
    },
  );

  it('503 is retried as 429 is; the answer after the refusals is returned, not refused', async () => {
    const b = await backend(503, 2);
    const { exchange, waits } = await sendTo(b.url, 2);
    expect(b.requests()).toBe(3);
    expect('response' in exchange && exchange.response.status).toBe(200);
    expect(exchange.refused).toBeUndefined();
    // No Retry-After: 0.5 s, then twice that.
    expect(waits).toEqual([500, 1000]);
  });

  it('other statuses are answers, not refusals: 500 and 404 are sent once', async () => {
    for (const status of [500, 404, 401]) {
      const b = await backend(status, 1);
      const { exchange, waits } = await sendTo(b.url, 3);
      expect(b.requests()).toBe(1);
      expect(waits).toEqual([]);
      expect('response' in exchange && exchange.response.status).toBe(status);
      expect(exchange.refused).toBeUndefined();
    }
  });

  it('no Retry-After: 0.5 s, 1 s, 2 s between the tries', async () => {
    const b = await backend(429, Number.POSITIVE_INFINITY);
    const { waits, exchange } = await sendTo(b.url, 3);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(exchange.refused).toMatch(/still 429 after 3 retries/);
  });
});

describe('Retry-After', () => {
  it('delay-seconds: waits that many seconds', async () => {
    const b = await backend(429, 1, () => '7');
    const { exchange, waits } = await sendTo(b.url, 3);
    expect(waits).toEqual([7000]);
    expect('response' in exchange && exchange.response.status).toBe(200);
  });

  it('an HTTP-date an hour ahead: waits about an hour, never 0', async () => {
    // The date is whole seconds (IMF-fixdate has no fraction), so up to a second less than the hour.
    const b = await backend(503, 1, () => new Date(Date.now() + 3_600_000).toUTCString());
    const { waits } = await sendTo(b.url, 3);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(3_600_000 - 60_000);
    expect(waits[0]).toBeLessThanOrEqual(3_600_000);
  });

  it('a wait past the budget is not waited: the case is refused, naming the Retry-After', async () => {
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    const b = await backend(429, Number.POSITIVE_INFINITY, () => date);
    const { exchange, waits } = await sendTo(b.url, 3, 30_000);
    expect(waits).toEqual([]);
    expect(b.requests()).toBe(1);
    expect(exchange.refused).toMatch(
      new RegExp(
        `^the backend refused the request: 429 with Retry-After ${date}: waiting \\d+ ms more would pass the 30000 ms retry budget$`,
      ),
    );
  });

  it('a wait that reaches the budget exactly is still waited: 15 s then 15 s within 30 s, the third passes it', async () => {
    const b = await backend(429, Number.POSITIVE_INFINITY, () => '15');
    const { exchange, waits } = await sendTo(b.url, 3, 30_000);
    expect(waits).toEqual([15_000, 15_000]);
    expect(b.requests()).toBe(3);
    expect(exchange.refused).toBe(
      'the backend refused the request: 429 with Retry-After 15: waiting 15000 ms more would pass the 30000 ms retry budget',
    );
  });

  it('the budget counts every wait of the request: 20 s then 20 s passes 30 s', async () => {
    const b = await backend(429, Number.POSITIVE_INFINITY, () => '20');
    const { exchange, waits } = await sendTo(b.url, 3, 30_000);
    expect(waits).toEqual([20_000]);
    expect(b.requests()).toBe(2);
    expect(exchange.refused).toBe(
      'the backend refused the request: 429 with Retry-After 20: waiting 20000 ms more would pass the 30000 ms retry budget',
    );
  });

  // RFC 9110 §5.6.7's example date in its three formats, read 90 s before it.
  const AT = Date.UTC(1994, 10, 6, 8, 49, 37);
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime', 'Sun Nov  6 08:49:37 1994'],
  ])('an HTTP-date (%s) is GMT whatever the local time zone', (_format, text) => {
    const tz = process.env.TZ;
    try {
      for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
        process.env.TZ = zone;
        expect(retryAfterMs(text, AT - 90_000), zone).toBe(90_000);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('delay-seconds and dates read exactly', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000);
    expect(retryAfterMs(' 3 ', 0)).toBe(3000);
    expect(retryAfterMs('0', 0)).toBe(0);
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:37 GMT', AT - 1000)).toBe(1000);
    // a date already past: no wait
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:37 GMT', AT + 5000)).toBe(0);
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
  });

  it.each(['soon', '', '-1', '1.5', '5s', '2024-01-01', 'Sun, 06 Nov 1994', 'Sun, 06 Foo 1994 08:49:37 GMT', 'Sun Nov 32 08:49:37 1994'])(
    'neither delay-seconds nor an HTTP-date (%j): ignored, so the default back-off applies',
    (text) => {
      expect(retryAfterMs(text, AT)).toBeUndefined();
    },
  );
});
