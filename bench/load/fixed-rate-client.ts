/**
 * A fixed-rate HTTP load generator (wrk2-like; wrk2 is not installable here): sends GET requests on a
 * schedule of `rate` per second over `connections` keep-alive connections for `seconds`, and measures each
 * latency from the moment the request was due, not from when it went out, so a server that stalls is
 * charged for the queue it causes (no coordinated omission). Prints one `FIXED_RATE_JSON {...}` line.
 *
 *   node bench/load/fixed-rate-client.ts URL RATE SECONDS CONNECTIONS
 */
import { Pool } from 'undici';

const [url, rateText, secondsText, connectionsText] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const target = new URL(url);
const pool = new Pool(target.origin, { connections: Number(connectionsText), pipelining: 1 });
const total = Math.round(rate * seconds);
const latencies = new Float64Array(total).fill(Number.NaN);
let sent = 0;
let finished = 0;
let errors = 0;
const start = performance.now();

function fire(i: number, due: number): void {
  pool.request({ method: 'GET', path: target.pathname + target.search }).then(
    async (res) => {
      await res.body.dump();
      if (res.statusCode !== 200) errors++;
      latencies[i] = performance.now() - due;
      settle();
    },
    () => {
      errors++;
      settle();
    },
  );
}

function settle(): void {
  if (++finished === total) void report();
}

function tick(): void {
  const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  while (sent < due) {
    const i = sent++;
    fire(i, start + (i * 1000) / rate);
  }
  if (sent < total) setTimeout(tick, 1);
}

async function report(): Promise<void> {
  const elapsed = (performance.now() - start) / 1000;
  const ok = Array.from(latencies).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const at = (q: number): number => (ok.length === 0 ? Number.NaN : ok[Math.min(ok.length - 1, Math.floor(q * ok.length))]);
  const figures = { requests: total, errors, seconds: elapsed, achievedRate: total / elapsed, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: ok.at(-1) ?? Number.NaN };
  process.stdout.write(`FIXED_RATE_JSON ${JSON.stringify(figures)}\n`);
  await pool.close();
}

tick();
