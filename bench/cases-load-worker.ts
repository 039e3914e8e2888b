/**
 * Load generator for the cases benchmark, forked by cases.ts (like lib/load-worker.ts): autocannon
 * with a different case id on every request, drawn at random from the ids it is given, so the reads
 * spread over the busy province's cases as an officer's would, not over one cached row.
 */
import autocannon from 'autocannon';
import { serveJobs } from './lib/load.js';
import { percentileSorted } from './lib/stats.js';

export interface CasesLoadJob {
  origin: string;
  /** Path before the id, e.g. /api/v1/cases/ */
  prefix: string;
  ids: string[];
  headers: Record<string, string>;
  connections: number;
  warmupS: number;
  durationS: number;
}

export interface CasesLoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP95: number;
  latencyP99: number;
  latencyMax: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  statuses: Record<string, number>;
}


function fire(job: CasesLoadJob, durationS: number, onResponse?: (status: number, ms: number) => void): Promise<autocannon.Result> {
  const { ids, prefix } = job;
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: job.origin,
      connections: job.connections,
      duration: durationS,
      pipelining: 1,
      headers: job.headers,
      requests: [{
        method: 'GET',
        setupRequest: (req: autocannon.Request) => ({ ...req, path: prefix + ids[Math.floor(Math.random() * ids.length)]! }),
      }],
    } as autocannon.Options, (err: unknown, r: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(r)));
    if (onResponse) instance.on('response', (_client, status, _bytes, responseTime) => onResponse(status, responseTime));
  });
}

async function run(job: CasesLoadJob): Promise<CasesLoadResult> {
  if (job.warmupS > 0) await fire(job, job.warmupS);
  // autocannon's histogram rounds to whole milliseconds: keep the exact times of the 2xx answers.
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const r = await fire(job, job.durationS, (status, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: r.requests.average,
    latencyP50: percentileSorted(sorted, 50),
    latencyP95: percentileSorted(sorted, 95),
    latencyP99: percentileSorted(sorted, 99),
    latencyMax: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
    statuses,
  };
}

serveJobs(run);
