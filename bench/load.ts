// One autocannon run, in its own process so the load generator never shares an event loop with
// the orchestrator. Started by bench/run.ts as `node --import tsx bench/load.ts '<json LoadSpec>'`;
// writes one JSON LoadResult line to stdout.
//
// Latency percentiles are computed here from every 2xx response's own timing (autocannon reports
// fractional milliseconds per response, but its histogram rounds to whole milliseconds).
import autocannon from 'autocannon';
import { percentile } from './stats.js';

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  headers: Record<string, string>;
  /** Per-request timeout in seconds. */
  timeout?: number;
}

export interface LoadResult {
  /** 2xx responses per second over the run. */
  rps: number;
  /** Milliseconds, over 2xx responses. */
  p50: number;
  p99: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Response bytes per second (2xx). */
  bytesPerSec: number;
  seconds: number;
  /** CPU used by this load generator during the run, as a share of one core (1 = 100 %). */
  generatorCpu: number;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const cpuBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.duration,
        headers: spec.headers,
        timeout: spec.timeout ?? 10,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      if (statusCode < 200 || statusCode >= 300) return;
      if (n === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[n++] = ms;
    });
  });
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.subarray(0, n).sort();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const seconds = result.duration > 0 ? result.duration : spec.duration;
  return {
    rps: n / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: n ? sorted[n - 1]! : Number.NaN,
    ok: n,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    bytesPerSec: result.throughput.total / seconds,
    seconds,
    generatorCpu: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}

const arg = process.argv[2];
if (!arg) {
  process.stderr.write('usage: node --import tsx bench/load.ts \'{"url":…,"connections":…,"duration":…,"headers":{…}}\'\n');
  process.exit(2);
}
run(JSON.parse(arg) as LoadSpec).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
