/**
 * `npm run bench` runs every benchmark; `npm run bench -- me-vs-bare` (or cold-start, reports-public, reports-queue, cases, ctdc, stats) runs one;
 * `npm run bench -- reports` runs both reports benchmarks.
 * Each run appends a dated section to bench/RESULTS.md. See bench/README.md.
 *
 * Knobs (defaults are the reference settings; anything else is marked in the results):
 *   BENCH_CONNECTIONS=32 BENCH_DURATION=10 BENCH_WARMUP=3 BENCH_RUNS=3   me-vs-bare load
 *   BENCH_DIAGNOSTIC_RUNS=1                                               runs per diagnostic target (0 = none)
 *   BENCH_START_RUNS=3                                                    cold-start runs
 *   BENCH_SKIP_WEB_BUILD=1                                                skip timing the web build
 *   BENCH_REPORTS_CONNECTIONS=64 BENCH_REPORTS_DURATION=60 BENCH_REPORTS_WARMUP=5   reports-public load
 *   BENCH_REPORTS_MAX_CHALLENGES=400000 BENCH_REPORTS_TIMEOUT=10           cap on pre-solved challenges; request timeout (s)
 *   BENCH_QUEUE_REPORTS=200000 BENCH_QUEUE_REQUESTS=200                   reports-queue data and requests
 *   BENCH_CASES=1000000 BENCH_CASES_USERS=5000 BENCH_CASES_AUDIT=1000000 BENCH_CASES_PROVINCE=10   cases data (always PostgreSQL)
 *   BENCH_CASES_WARMUP=5 BENCH_CASES_DURATION=10 BENCH_CASES_RUNS=3 BENCH_CASES_REQUESTS=200 BENCH_CASES_PGBENCH=30
 *   BENCH_CASES_DIAGNOSTICS=1 BENCH_CASES_KEEP=1 BENCH_CASES_REUSE=1 BENCH_CASES_TRY_INDEX="CREATE INDEX …"
 *   BENCH_STATS_CASES=1000000 BENCH_STATS_REQUESTS=20 BENCH_STATS_REUSE=1 BENCH_STATS_KEEP=1 BENCH_STATS_DB=…   statistics dashboard (PostgreSQL)
 *   BENCH_CTDC_CASES=1000000 BENCH_CTDC_RUNS=3 BENCH_CTDC_K=11 BENCH_CTDC_REUSE=1 BENCH_CTDC_KEEP=1 BENCH_CTDC_DB=…   ctdc export (PostgreSQL)
 *   BENCH_HTCDS_RECORDS=100000 BENCH_HTCDS_BASE_CASES=1000000 BENCH_HTCDS_REUSE=1 BENCH_HTCDS_KEEP=1 BENCH_HTCDS_DB=…   HTCDS import job (PostgreSQL)
 *   BENCH_NO_WRITE=1                                                      print only, do not append to RESULTS.md
 *   DATABASE_URL=postgres://…                                             PostgreSQL instead of PGlite
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAverage, machineInfo } from './lib/machine.js';
import { int, ms, seconds } from './lib/stats.js';
import { meVsBare, type MeVsBareResult } from './me-vs-bare.js';
import { coldStart, repoRoot, type ColdStartResult } from './cold-start.js';
import { renderReportsPublic, reportsPublic, type ReportsPublicResult } from './reports-public.js';
import { renderReportsQueue, reportsQueue, type ReportsQueueResult } from './reports-queue.js';
import { networkBench, renderNetwork, type NetworkBenchResult } from './network.js';
import { casesBench, renderCases, type CasesBenchResult } from './cases.js';
import { ctdcBench, renderCtdc, type CtdcBenchResult } from './ctdc.js';
import { statsBench, renderStats, type StatsBenchResult } from './stats.js';
import { htcdsBench, renderHtcds, type HtcdsBenchResult } from './htcds.js';

const benchmarks = ['me-vs-bare', 'cold-start', 'reports-public', 'reports-queue', 'network', 'cases', 'ctdc', 'stats', 'htcds'] as const;
/** Run only when named: `cases` generates a million cases in PostgreSQL (several minutes). */
const onlyWhenNamed: BenchName[] = ['cases', 'ctdc', 'stats', 'htcds'];
type BenchName = (typeof benchmarks)[number];
/** Names that select several benchmarks. */
const groups: Record<string, BenchName[]> = { reports: ['reports-public', 'reports-queue'] };

const resultsFile = join(repoRoot, 'bench', 'RESULTS.md');
const header = `# Benchmark results

Appended by \`npm run bench\` (see [README.md](README.md)); newest last. Each section is one run on one machine.

- **me-vs-bare** — the platform's per-request cost. \`GET /api/v1/me\` on the real app (\`buildApp\`: helmet,
  cookies, access guard with the session lookup, zod serialisation, request logging at \`info\`) against
  \`GET /bare\` on a plain \`Fastify()\` returning the same JSON, both served from the benchmark process;
  autocannon runs in a forked child process (32 connections, 3 s warm-up + 10 s measured, 3 runs each,
  alternating). Reported: requests/s (median of the runs), latency p50 and p99 (median of the runs' values),
  and the ratio me/bare throughput. Goal (issue): ≥ 40 %.
- **cold-start** — wall time from spawning \`npx tsx src/server/main.ts\` (what \`npm start\` runs after the web
  build) on an empty data directory until \`GET /api/v1/health\` answers 200: migrations and the demo seed
  included. Also the warm start on the initialised directory, and the web build (\`npm run build:web\`) timed
  once, separately. Goal (issue): first start with demo data under 20 s.
- **reports-public** — \`POST /api/v1/public/reports\` under load: autocannon in a child process, 64 connections,
  5 s warm-up + 60 s measured, every request a distinct valid body with its own pre-solved proof-of-work challenge
  and Idempotency-Key, the per-address limit raised for the run. Reported: requests/s, accepted/s, latency p50/p99,
  every non-2xx, and how many acknowledged (201) references are missing from the database afterwards (must be 0).
- **network** — "who can help this victim now" at national scale: 20,000 partners, ~60,000 services and
  100,000 contacts generated in SQL; timed searches (text + service + area, a victim profile, a Thai typo, English +
  district), the coverage matrix and the map counts through \`app.inject\`, 200 sequential requests each, p50/p95.
  Goals (issue 3): search p95 < 50 ms; coverage for all provinces < 300 ms.
- **reports-queue** — the triage queue's first page (limit 50) with 200,000 reports in one province (plus the other
  76 provinces and the national queue), 200 sequential requests through \`app.inject\` and over HTTP, for the
  province's officer and the national analyst, with and without \`overdue=true\`; with each query's plan.
  Goal (issue 4): p95 < 100 ms.
`;

function env(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
}

function log(line: string): void {
  process.stdout.write(line + '\n');
}

function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || 5432}`;
  } catch {
    return 'postgres';
  }
}

function renderMeVsBare(r: MeVsBareResult, nonDefault: boolean): string {
  const row = (t: MeVsBareResult['me']) =>
    `| ${t.label} | ${int(t.requestsPerSecond)} | ${ms(t.latencyP50)} | ${ms(t.latencyP99)} | ${t.runs.map((x) => int(x.requestsPerSecond)).join(' / ')} |`;
  const o = r.options;
  const lines = [
    '### me-vs-bare',
    '',
    `Setup: \`buildApp\` on ${r.engine}, signed in over HTTP as a provincial_officer (\`POST /api/v1/auth/login\`), `
      + `\`GET /api/v1/me\` with the session cookie (${r.meBytes} B body) vs. a plain \`Fastify()\` \`GET /bare\` returning the same JSON `
      + `(${r.bareBytes} B), both listening on 127.0.0.1 in the benchmark process. Load: autocannon in a forked child process, `
      + `${o.connections} connections, ${o.warmupS} s warm-up + ${o.durationS} s measured per run, ${o.runs} runs per target, alternating me/bare`
      + `${nonDefault ? ' (**non-default settings**)' : ''}.`,
    '',
    `CPU sharing: the load generator has its own process (not the servers' event loop), but on this ${machineInfo().cores}-core machine it still `
      + 'competes with the server for cores, equally for both targets; '
      + (r.engine.startsWith('pglite') ? 'PGlite runs inside the server\'s own thread (WASM), so every query is server CPU.'
        : 'the PostgreSQL server runs on the same machine and competes too.'),
    '',
    '| Target | req/s (median) | latency p50 | latency p99 | req/s per run |',
    '|---|---:|---:|---:|---|',
    row(r.me),
    row(r.bare),
    '',
    `**Ratio me/bare throughput: ${r.ratio.toFixed(3)} (${(r.ratio * 100).toFixed(1)} %)** — goal ≥ ${r.goal * 100} %: **${r.goalMet ? 'met' : 'NOT met'}**.`,
  ];
  if (r.diagnostics.length) {
    const pct = (t: MeVsBareResult['me']) => `${(t.requestsPerSecond / r.bare.requestsPerSecond * 100).toFixed(1)} %`;
    lines.push(
      '',
      `Diagnostics — where the cost goes, layer by layer (${r.diagnostics[0]!.runs.length} run each after the main runs, not part of the goal):`,
      '',
      '| Layer | req/s | latency p50 | latency p99 | of bare |',
      '|---|---:|---:|---:|---:|',
      `| ${r.bare.label} | ${int(r.bare.requestsPerSecond)} | ${ms(r.bare.latencyP50)} | ${ms(r.bare.latencyP99)} | 100 % |`,
      ...r.diagnostics.map((t) => `| ${t.label} | ${int(t.requestsPerSecond)} | ${ms(t.latencyP50)} | ${ms(t.latencyP99)} | ${pct(t)} |`),
      `| ${r.me.label} | ${int(r.me.requestsPerSecond)} | ${ms(r.me.latencyP50)} | ${ms(r.me.latencyP99)} | ${pct(r.me)} |`,
    );
  }
  if (r.warnings.length) lines.push('', 'Warnings:', ...r.warnings.map((w) => `- ${w}`));
  return lines.join('\n');
}

function renderColdStart(r: ColdStartResult): string {
  const runs = (xs: ColdStartResult['cold']) => xs.map((x) => seconds(x.totalMs)).join(' / ') || 'n/a';
  const self = (xs: ColdStartResult['cold']) => xs.map((x) => (x.selfReportedMs === null ? '?' : seconds(x.selfReportedMs, 1))).join(' / ') || 'n/a';
  const worst = Math.max(...r.cold.map((x) => x.totalMs));
  const wb = r.webBuild;
  const lines = [
    '### cold-start',
    '',
    `Setup: \`npx tsx src/server/main.ts\` with \`PHAKHI_DATA_DIR=<fresh temp dir>\`, \`PORT=0\`, engine ${r.engine}; `
      + 'time from spawn until `GET /api/v1/health` answers 200 (URL parsed from the "is running at" line); the server\'s '
      + 'process group is stopped after each run. Warm start = same command on the initialised directory.',
    '',
    '| Start | median | runs | server\'s own "started in" |',
    '|---|---:|---|---|',
    `| First start, empty data dir (migrations + demo seed) | ${seconds(r.coldMedianMs)} | ${runs(r.cold)} | ${self(r.cold)} |`,
    `| Warm start, existing data dir | ${seconds(r.warmMedianMs)} | ${runs(r.warm)} | ${self(r.warm)} |`,
    '',
    `**First start with demo data: median ${seconds(r.coldMedianMs)}, worst ${seconds(worst)}** — goal < ${r.goalMs / 1000} s: **${r.goalMet ? 'met' : 'NOT met'}**.`,
    '',
    `Web build (\`npm run build:web\`, separate from the above, into a temporary outDir): ${
      !wb.ran ? wb.detail : wb.ok ? `**${seconds(wb.ms, 1)}**` : `**failed** after ${seconds(wb.ms, 1)} — ${wb.detail}`}.`,
  ];
  if (r.failures.length) lines.push('', 'Failures:', ...r.failures.map((f) => `- ${f}`));
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  for (const a of args) {
    if (!(benchmarks as readonly string[]).includes(a) && !groups[a]) {
      throw new Error(`unknown benchmark "${a}"; known: ${[...benchmarks, ...Object.keys(groups)].join(', ')}`);
    }
  }
  const selected: BenchName[] = args.length ? [...new Set(args.flatMap((a) => groups[a] ?? [a as BenchName]))] : benchmarks.filter((b) => !onlyWhenNamed.includes(b));
  const load = {
    connections: env('BENCH_CONNECTIONS', 32), durationS: env('BENCH_DURATION', 10), warmupS: env('BENCH_WARMUP', 3), runs: env('BENCH_RUNS', 3),
    diagnosticRuns: env('BENCH_DIAGNOSTIC_RUNS', 1),
  };
  const nonDefault = load.connections !== 32 || load.durationS !== 10 || load.warmupS !== 3 || load.runs !== 3;
  const startRuns = env('BENCH_START_RUNS', 3);
  const reportsLoad = {
    connections: env('BENCH_REPORTS_CONNECTIONS', 64), durationS: env('BENCH_REPORTS_DURATION', 60), warmupS: env('BENCH_REPORTS_WARMUP', 5),
    maxChallenges: env('BENCH_REPORTS_MAX_CHALLENGES', 400_000), timeoutS: env('BENCH_REPORTS_TIMEOUT', 10),
  };
  const reportsNonDefault = reportsLoad.connections !== 64 || reportsLoad.durationS !== 60 || reportsLoad.warmupS !== 5 || reportsLoad.timeoutS !== 10;
  const queueSize = { bigProvince: env('BENCH_QUEUE_REPORTS', 200_000), perOtherProvince: 500, national: 2000, requests: env('BENCH_QUEUE_REQUESTS', 200) };
  const dbUrl = process.env.DATABASE_URL || undefined;
  const m = machineInfo();
  const started = new Date();
  const t0 = performance.now();
  const loadBefore = loadAverage();

  const sections: string[] = [];
  let meResult: MeVsBareResult | undefined;
  let publicResult: ReportsPublicResult | undefined;
  let queueResult: ReportsQueueResult | undefined;
  let networkResult: NetworkBenchResult | undefined;
  let casesResult: CasesBenchResult | undefined;
  let ctdcResult: CtdcBenchResult | undefined;
  let statsResult: StatsBenchResult | undefined;
  let htcdsResult: HtcdsBenchResult | undefined;
  for (const name of selected) {
    if (name === 'me-vs-bare') {
      meResult = await meVsBare({ ...load, log });
      sections.push(renderMeVsBare(meResult, nonDefault));
    } else if (name === 'cold-start') {
      const r = await coldStart({ runs: startRuns, webBuild: process.env.BENCH_SKIP_WEB_BUILD !== '1', log });
      sections.push(renderColdStart(r));
    } else if (name === 'cases') {
      casesResult = await casesBench({
        cases: env('BENCH_CASES', 1_000_000), users: env('BENCH_CASES_USERS', 5000), auditRows: env('BENCH_CASES_AUDIT', 1_000_000),
        busyProvince: process.env.BENCH_CASES_PROVINCE || '10', connections: load.connections, warmupS: env('BENCH_CASES_WARMUP', 5),
        durationS: env('BENCH_CASES_DURATION', 10), runs: env('BENCH_CASES_RUNS', 3), sequential: env('BENCH_CASES_REQUESTS', 200),
        pgbenchSeconds: env('BENCH_CASES_PGBENCH', 30), diagnostics: process.env.BENCH_CASES_DIAGNOSTICS !== '0',
        keep: process.env.BENCH_CASES_KEEP === '1', reuse: process.env.BENCH_CASES_REUSE === '1', tryIndex: process.env.BENCH_CASES_TRY_INDEX || null, log,
      });
      sections.push(renderCases(casesResult));
    } else if (name === 'ctdc') {
      ctdcResult = await ctdcBench({
        cases: env('BENCH_CTDC_CASES', 1_000_000), runs: env('BENCH_CTDC_RUNS', 3), k: env('BENCH_CTDC_K', 11),
        reuse: process.env.BENCH_CTDC_REUSE === '1', keep: process.env.BENCH_CTDC_KEEP === '1', log,
      });
      sections.push(renderCtdc(ctdcResult));
    } else if (name === 'stats') {
      statsResult = await statsBench({
        cases: env('BENCH_STATS_CASES', 1_000_000), requests: env('BENCH_STATS_REQUESTS', 20), sourceRuns: env('BENCH_STATS_SOURCE_RUNS', 2),
        reuse: process.env.BENCH_STATS_REUSE === '1', keep: process.env.BENCH_STATS_KEEP === '1', log,
      });
      sections.push(renderStats(statsResult));
    } else if (name === 'htcds') {
      htcdsResult = await htcdsBench({
        records: env('BENCH_HTCDS_RECORDS', 100_000), baseCases: env('BENCH_HTCDS_BASE_CASES', 1_000_000),
        reuse: process.env.BENCH_HTCDS_REUSE === '1', keep: process.env.BENCH_HTCDS_KEEP === '1', log,
      });
      sections.push(renderHtcds(htcdsResult));
    } else if (name === 'network') {
      networkResult = await networkBench(log);
      sections.push(renderNetwork(networkResult));
    } else if (name === 'reports-public') {
      publicResult = await reportsPublic({ ...reportsLoad, log });
      sections.push(renderReportsPublic(publicResult, reportsNonDefault));
    } else {
      queueResult = await reportsQueue({ ...queueSize, log });
      sections.push(renderReportsQueue(queueResult));
    }
  }
  const sizes: string[] = [];
  const size = meResult?.seeded;
  if (size) {
    sizes.push(`${size.size.organisations} organisations, ${size.size.users} users (${size.roleGrants} role grants), `
      + `${size.size.audit} audit rows (hash-chained), ${size.size.otherSessions} other live sessions (me-vs-bare)`);
  }
  if (selected.includes('cold-start')) sizes.push('cold-start: empty data dir + the built-in demo seed');
  if (publicResult) sizes.push(`reports-public: empty reports table growing to ${int(publicResult.reportsInDatabase)} reports during the run`);
  if (queueResult) {
    sizes.push(`reports-queue: ${int(queueResult.counts.total)} reports (${int(queueResult.counts.bigProvince)} in one province, `
      + `${int(queueResult.counts.openAll)} open in all queues)`);
  }
  if (casesResult) sizes.push(`cases: ${int(casesResult.counts.cases ?? 0)} cases, ${int(casesResult.counts.persons ?? 0)} persons (PostgreSQL)`);
  if (ctdcResult) sizes.push(`ctdc: ${int(ctdcResult.counts.cases)} cases, ${int(ctdcResult.counts.victimRecords)} victim records (PostgreSQL)`);
  if (statsResult) sizes.push(`stats: ${int(statsResult.counts.cases)} cases, ${int(statsResult.counts.victimRecords)} victim records (PostgreSQL)`);
  if (htcdsResult) sizes.push(`htcds: ${int(htcdsResult.baseCases)} cases in the database, ${int(htcdsResult.records)} imported (PostgreSQL)`);
  if (networkResult) sizes.push(`network: ${int(networkResult.partners)} partners, ${int(networkResult.services)} services, ${int(networkResult.contacts)} contacts`);
  const dataSize = sizes.join('; ');
  // The cases benchmark runs on PostgreSQL whatever DATABASE_URL says.
  const engineName = dbUrl || selected.every((b) => b === 'cases' || b === 'ctdc' || b === 'stats' || b === 'htcds') ? 'postgres' : 'pglite';
  const report = [
    `## ${started.toISOString()} — ${engineName}`,
    '',
    `- Command: \`npm run bench${args.length ? ' -- ' + args.join(' ') : ''}\`${dbUrl ? ` with DATABASE_URL=${describeDatabaseUrl(dbUrl)}` : ''}`,
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB.toFixed(1)} GiB RAM (${m.platform})`,
    `- Node: ${m.node}`,
    `- Engine: ${engineName}`,
    `- Data size: ${dataSize}`,
    `- Load average (1 min) at start / end: ${loadBefore.toFixed(2)} / ${loadAverage().toFixed(2)} — other processes on the machine compete for the ${m.cores} cores`,
    `- Total bench time: ${seconds(performance.now() - t0, 0)}`,
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');

  log('\n' + report);
  if (process.env.BENCH_NO_WRITE === '1') return;
  if (!existsSync(resultsFile)) writeFileSync(resultsFile, header);
  appendFileSync(resultsFile, '\n' + report);
  log(`appended to ${resultsFile}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
