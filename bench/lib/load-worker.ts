/**
 * The load generator, run in its own process (forked by load.ts) so autocannon does not share the
 * server's event loop. Receives LoadJob messages over IPC, answers each with a LoadResult, and exits
 * on { kind: 'exit' }.
 */
import autocannon from 'autocannon';
import { serveJobs, type LoadJob, type LoadResult } from './load.js';
import { percentileSorted } from './stats.js';

function fire(opts: autocannon.Options, onResponse?: (status: number, ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err: unknown, result: autocannon.Result) => (err ? reject(err) : resolve(result)));
    if (onResponse) instance.on('response', (_client, status, _bytes, responseTime) => onResponse(status, responseTime));
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const base: autocannon.Options = {
    url: job.url,
    method: 'GET',
    headers: job.headers,
    connections: job.connections,
    pipelining: 1,
  };
  if (job.warmupS > 0) await fire({ ...base, duration: job.warmupS });
  // autocannon's own histogram rounds latencies to whole milliseconds; keep the exact hrtime values
  // of the 2xx responses to compute p50/p99 with sub-millisecond resolution.
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const r = await fire({ ...base, duration: job.durationS }, (status, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: r.requests.average,
    latencyP50: percentileSorted(sorted, 50),
    latencyP99: percentileSorted(sorted, 99),
    latencyMean: latencies.reduce((s, v) => s + v, 0) / (latencies.length || 1),
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
    statuses,
  };
}

serveJobs(run);
