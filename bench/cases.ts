/**
 * cases — victim cases at national scale (issue 5), on PostgreSQL: ~1,000,000 cases and ~2,000,000
 * persons generated in a database of their own (lib/cases-data.ts), then
 *  - the audited, scoped GET /api/v1/cases/{id} under load (autocannon in a child process, 32
 *    connections, a random case of the busy province on every request, each writing an audit row),
 *    beside `pgbench -S` on the same server (goal ≥ 1,500 req/s with p99 < 50 ms);
 *  - the name search POST /api/v1/cases/search, sequential, misspelt names from the pool (goal p95 < 100 ms);
 *  - "my tasks" GET /api/v1/tasks, sequential (goal p95 < 100 ms);
 * each with the statements one request sends, their times and the plan of the slowest.
 * BENCH_CASES_TRY_INDEX="CREATE INDEX …" measures the search and the tasks again with that index.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { refreshStatsFacts } from '../src/server/modules/stats/stats.facts.js';
import { openDatabase, type Database } from '../src/server/db/client.js';
import type { DataCipher } from '../src/server/platform/crypto.js';
import { createRng, misspell } from '../src/server/modules/demo/names.js';
import type { CasesLoadJob, CasesLoadResult } from './cases-load-worker.js';
import { JobWorker } from './lib/load.js';
import { namePool, type CasesDataResult, type PoolName } from './lib/cases-data.js';
import { adminQuery, benchDatabaseName, openCasesDatabase } from './lib/cases-db.js';
import { cpuSnapshot, cpuSplit } from './lib/cpu.js';
import { loadAverage } from './lib/machine.js';
import { captureStatements, explainAnalyze, statementLabel, type CapturedStatement } from './lib/pg-capture.js';
import { pgbenchScript, pgbenchSelectOnly, type PgbenchResult } from './lib/pgbench.js';
import { median, percentileSorted } from './lib/stats.js';

export interface CasesBenchOptions {
  cases: number;
  users: number;
  auditRows: number;
  busyProvince: string;
  connections: number;
  warmupS: number;
  durationS: number;
  runs: number;
  sequential: number;
  pgbenchSeconds: number;
  /** Also measure GET /cases/{id} with synchronous_commit = off for the benchmark database (diagnostic). */
  diagnostics: boolean;
  /** Keep the generated database afterwards; reuse one kept earlier. */
  keep: boolean;
  reuse: boolean;
  tryIndex: string | null;
  log: (line: string) => void;
}

interface Timing { p50: number; p95: number; p99: number; max: number; mean: number }
interface StatementCost { label: string; ms: number; planMs: number; plan: string[] }
interface SequentialResult { label: string; url: string; timing: Timing; items: number; samples: number; statements: StatementCost[]; errors: string[] }
/** Sequential requests stop early past this budget (a slow search at national scale would otherwise take many minutes). */
const SEQUENTIAL_BUDGET_MS = 180_000;

export interface CasesBenchResult {
  engine: string;
  databaseName: string;
  options: Omit<CasesBenchOptions, 'log'>;
  data: Omit<CasesDataResult, 'namePool'> | null;
  reused: boolean;
  counts: Record<string, number>;
  sizes: Record<string, string>;
  busyCases: number;
  /** Time to derive the statistics read model before the load, when the generator had left it queued. */
  statsRefreshMs: number | null;
  officerTeamCases: { all: number; open: number };
  getStatements: StatementCost[];
  pgbench: PgbenchResult | null;
  pgbenchError: string | null;
  runs: CasesLoadResult[];
  summary: { rps: number; p50: number; p95: number; p99: number };
  auditRowsWritten: number;
  okResponses: number;
  asyncCommit: CasesLoadResult | null;
  /** pgbench -f with the statements of one GET (parameters inlined, a random case per transaction). */
  dbShare: { statements: number; durationS: number } & Record<'sync' | 'async' | 'reads', { tps: number; latencyAvgMs: number }> | null;
  serverCpuMsPerRequest: number;
  /** PostgreSQL's server processes of the benchmark database, per request served; null when one ended during the load. */
  databaseCpuMsPerRequest: number | null;
  search: SequentialResult;
  tasks: SequentialResult | null;
  tasksMissing: string | null;
  withIndex: { sql: string; buildMs: number; search: SequentialResult; tasks: SequentialResult | null } | null;
  load: { start: number; beforeLoadTest: number; afterLoadTest: number; end: number };
  warnings: string[];
}

/** BENCH_CASES_DB names another database (e.g. a small trial beside a kept national-size one). */
const NAME = benchDatabaseName('BENCH_CASES_DB', 'phakhi_bench_cases');
const GOALS = { rps: 1500, p99: 50, searchP95: 100, tasksP95: 100 };

function timing(samples: number[]): Timing {
  const s = Float64Array.from(samples).sort();
  return {
    p50: percentileSorted(s, 50), p95: percentileSorted(s, 95), p99: percentileSorted(s, 99), max: s[s.length - 1] ?? Number.NaN,
    mean: samples.reduce((a, b) => a + b, 0) / (samples.length || 1),
  };
}

/** cases-load-worker.ts in its own process. NaN (no 2xx answers) crosses IPC as null. */
export class CasesLoad extends JobWorker<CasesLoadJob, CasesLoadResult> {
  constructor() {
    super(new URL('./cases-load-worker.ts', import.meta.url), 'cases load worker',
      (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? Number.NaN : v])) as unknown as CasesLoadResult);
  }
}

export interface Server { app: Awaited<ReturnType<typeof buildApp>>; origin: string; cookie: string; csrf: string }

export async function startServer(database: Database, cipher: DataCipher, officer: { username: string; password: string }): Promise<Server> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const app = await buildApp({
    database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info', logStream: sink, sessionCacheMs: loadConfig().sessionCacheMs,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: officer.username, password: officer.password }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('phakhi_session='));
  if (!session) throw new Error('no session cookie');
  const body = (await res.json()) as { csrfToken: string };
  return { app, origin, cookie: session, csrf: body.csrfToken };
}

/** Each statement one request sends, with its time and (for the slowest few) the plan. */
async function statementsOf(url: string, capture: () => Promise<unknown>): Promise<StatementCost[]> {
  return costsOf(url, (await captureStatements(capture)).statements);
}

async function costsOf(url: string, statements: CapturedStatement[]): Promise<StatementCost[]> {
  const interesting = statements.filter((s) => !/^(begin|commit|rollback|select 1)\b/i.test(s.text.trim()));
  const slowest = new Set([...interesting].sort((a, b) => b.ms - a.ms).slice(0, 2));
  const out: StatementCost[] = [];
  for (const s of interesting) {
    let plan: string[] = [];
    let planMs = Number.NaN;
    if (slowest.has(s) || interesting.length <= 3) {
      plan = await explainAnalyze(url, s).catch((e: unknown) => [`(EXPLAIN failed: ${e instanceof Error ? e.message : String(e)})`]);
      const exec = plan.find((l) => l.startsWith('Execution Time'));
      planMs = exec ? Number(/([\d.]+) ms/.exec(exec)?.[1]) : Number.NaN;
    }
    out.push({ label: statementLabel(s.text), ms: s.ms, planMs, plan });
  }
  return out;
}

/** A SQL literal for a captured parameter (strings, numbers, arrays, JSON), to replay a statement in pgbench. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (Array.isArray(v)) return `'{${v.map((x) => `"${String(x).replace(/(["\\])/g, '\\$1')}"`).join(',')}}'`;
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The database's share of one GET: the statements the request sent (session look-ups aside: the session
 * cache answers those), parameters inlined, the case id drawn at random for each transaction.
 */
function requestScript(statements: CapturedStatement[], caseId: string, cases: number): string {
  const lines = [`\\set n random(1, ${cases})`, 'SELECT id AS cid FROM bench_case_ids WHERE n = :n \\gset'];
  for (const s of statements) {
    if (/^(begin|commit|rollback)\b/i.test(s.text.trim()) || /\bsessions\b/.test(s.text)) continue;
    const sql = s.text.replace(/\$(\d+)/g, (_m, i: string) => literal(s.values[Number(i) - 1])).split(`'${caseId}'`).join(`':cid'`);
    lines.push(`${sql.replace(/\s+/g, ' ').trim()};`);
  }
  return lines.join('\n') + '\n';
}

async function sequential(
  label: string, srv: Server, benchUrl: string, n: number, make: (i: number) => { url: string; init?: RequestInit },
  count: (body: unknown) => number,
): Promise<SequentialResult> {
  const errors: string[] = [];
  const send = async (i: number) => {
    const { url, init } = make(i);
    const r = await fetch(`${srv.origin}${url}`, { ...init, headers: { cookie: srv.cookie, 'x-csrf-token': srv.csrf, 'content-type': 'application/json', ...(init?.headers ?? {}) } });
    const body = await r.text();
    if (r.status !== 200) errors.push(`${r.status} ${body.slice(0, 160)}`);
    return r.status === 200 ? count(JSON.parse(body)) : 0;
  };
  const warm = performance.now();
  for (let i = 0; i < 10 && performance.now() - warm < SEQUENTIAL_BUDGET_MS / 6; i++) await send(-1 - i);
  const samples: number[] = [];
  let items = 0;
  const started = performance.now();
  for (let i = 0; i < n && performance.now() - started < SEQUENTIAL_BUDGET_MS; i++) {
    const t0 = performance.now();
    items += await send(i);
    samples.push(performance.now() - t0);
  }
  const statements = await statementsOf(benchUrl, () => send(n));
  return { label, url: make(0).url, timing: timing(samples), items: items / samples.length, samples: samples.length, statements, errors: [...new Set(errors)].slice(0, 5) };
}

async function measureSearchAndTasks(srv: Server, benchUrl: string, pool: PoolName[], n: number): Promise<{ search: SequentialResult; tasks: SequentialResult | null; missing: string | null }> {
  // Misspelt names as someone would type them from hearing: Thai script or Latin, one letter off.
  const rng = createRng(2569);
  const queries = Array.from({ length: n + 11 }, () => {
    const p = rng.pick(pool);
    return misspell(rng, rng.chance(0.5) ? `${p.givenName} ${p.familyName}` : p.latinName);
  });
  const search = await sequential('POST /api/v1/cases/search (name)', srv, benchUrl, n,
    (i) => ({ url: '/api/v1/cases/search', init: { method: 'POST', body: JSON.stringify({ name: queries[(i + queries.length) % queries.length] }) } }),
    (b) => (b as { items: unknown[] }).items.length);
  const probe = await fetch(`${srv.origin}/api/v1/tasks`, { headers: { cookie: srv.cookie } });
  if (probe.status === 404 && (await probe.text()).includes('Route')) return { search, tasks: null, missing: 'GET /api/v1/tasks is not registered' };
  const tasks = await sequential('GET /api/v1/tasks (mine)', srv, benchUrl, n, () => ({ url: '/api/v1/tasks' }), (b) => (b as { items: unknown[] }).items.length);
  return { search, tasks, missing: null };
}

export async function casesBench(o: CasesBenchOptions): Promise<CasesBenchResult> {
  const { log } = o;
  const warnings: string[] = [];
  const loadStart = loadAverage();
  const db = await openCasesDatabase({
    name: NAME, reuse: o.reuse, cases: o.cases, users: o.users, auditRows: o.auditRows, busyProvince: o.busyProvince, label: 'cases', log,
  });
  const { cipher, reused, data, adminUrl, url: benchUrl } = db;
  let database = db.database;
  let srv: Server | undefined;
  const load = new CasesLoad();
  try {
    const engine = db.engine.replace(', same machine)', ', app pool max 10, same machine)');
    const officer = { username: `bench_${o.busyProvince}_1`, password: 'bench-cases-tamarind-river-2569' };
    const pool = data?.namePool ?? namePool();
    const counts: Record<string, number> = data?.counts ?? {};
    const sizes: Record<string, string> = data?.sizes ?? {};
    if (reused) {
      for (const t of ['cases', 'persons', 'case_persons', 'team_memberships', 'screenings', 'case_services', 'referrals', 'follow_ups', 'audit_log', 'users', 'organisations']) {
        counts[t] = Number((await database.query<{ n: string }>(`SELECT count(*)::bigint AS n FROM ${t}`))[0]!.n);
        sizes[t] = (await database.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size('${t}')) AS s`))[0]!.s;
      }
      sizes.database = (await database.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s'))[0]!.s;
    }
    const ids = (await database.query<{ id: string }>('SELECT id FROM cases WHERE province_code = $1', [o.busyProvince])).map((r) => r.id);
    const [team] = await database.query<{ all: number; open: number }>(`SELECT count(*)::int AS all, count(*) FILTER (WHERE c.stage <> 'closed')::int AS open
      FROM team_memberships tm JOIN cases c ON c.id = tm.record_id JOIN users u ON u.id = tm.user_id WHERE u.username = $1`, [officer.username]);
    log(`  ${ids.length.toLocaleString('en-US')} cases in province ${o.busyProvince}; the officer is on ${team!.all} teams (${team!.open} open cases)`);

    // The generator queues every case for the statistics read model. Left queued, the server's housekeeping
    // would start rebuilding it 30 s into the load (about two minutes of PostgreSQL work) and the app's
    // close would roll it back, so every run would measure the GET beside a rebuild. Derived once here;
    // a kept database keeps it.
    const [queued] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM stats_dirty_cases');
    let statsRefreshMs: number | null = null;
    if (queued && queued.n > 0) {
      log(`  statistics read model: ${queued.n.toLocaleString('en-US')} cases queued; deriving it before the load…`);
      const t0 = performance.now();
      await refreshStatsFacts(database.db);
      statsRefreshMs = performance.now() - t0;
      log(`  derived in ${f1(statsRefreshMs / 1000)} s`);
    }

    srv = await startServer(database, cipher, officer);
    const getCapture = await captureStatements(async () => {
      const r = await fetch(`${srv!.origin}/api/v1/cases/${ids[0]}`, { headers: { cookie: srv!.cookie } });
      if (r.status !== 200) throw new Error(`GET /cases/{id}: ${r.status} ${await r.text()}`);
    });
    const getStatements = await costsOf(benchUrl, getCapture.statements);

    let pgbench: PgbenchResult | null = null;
    let pgbenchError: string | null = null;
    try {
      pgbench = await pgbenchSelectOnly(adminUrl, { scale: 10, clients: o.connections, threads: 2, durationS: o.pgbenchSeconds, log });
      log(`  pgbench -S: ${f1(pgbench.tps)} tps, latency average ${f1(pgbench.latencyAvgMs)} ms`);
    } catch (e) {
      pgbenchError = e instanceof Error ? e.message : String(e);
      warnings.push(`pgbench: ${pgbenchError}`);
    }

    const job = (s: Server, warmupS: number): CasesLoadJob => ({
      origin: s.origin, prefix: '/api/v1/cases/', ids, headers: { cookie: s.cookie }, connections: o.connections, warmupS, durationS: o.durationS,
    });
    const auditBefore = Number((await database.query<{ n: string }>(`SELECT count(*)::bigint AS n FROM audit_log WHERE action = 'case.viewed' AND request_id NOT LIKE 'bench-%'`))[0]!.n);
    const loadBefore = loadAverage();
    // The server runs in this process (autocannon in its child): its CPU time per request served.
    const cpu0 = await cpuSnapshot(database);
    const runs: CasesLoadResult[] = [];
    for (let i = 0; i < o.runs; i++) {
      const r = await load.run(job(srv, i === 0 ? o.warmupS : 1));
      runs.push(r);
      log(`  GET /cases/{id} run ${i + 1}: ${f1(r.requestsPerSecond)} req/s, p50 ${f1(r.latencyP50)} / p95 ${f1(r.latencyP95)} / p99 ${f1(r.latencyP99)} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
      if (r.non2xx > 0 || r.errors > 0) warnings.push(`GET run ${i + 1}: ${r.non2xx} non-2xx, ${r.errors} errors (${JSON.stringify(r.statuses)})`);
    }
    const cpu = cpuSplit(cpu0, await cpuSnapshot(database));
    const loadAfter = loadAverage();
    // Every 2xx answer must have written its audit row (warm-ups included, so count them on both sides).
    const auditAfter = Number((await database.query<{ n: string }>(`SELECT count(*)::bigint AS n FROM audit_log WHERE action = 'case.viewed' AND request_id NOT LIKE 'bench-%'`))[0]!.n);
    const summary = {
      rps: median(runs.map((r) => r.requestsPerSecond)), p50: median(runs.map((r) => r.latencyP50)),
      p95: median(runs.map((r) => r.latencyP95)), p99: median(runs.map((r) => r.latencyP99)),
    };

    // The same statements straight through pgbench: what the database alone does per request, flushing each commit and not.
    let dbShare: CasesBenchResult['dbShare'] = null;
    try {
      await database.exec(`CREATE TABLE IF NOT EXISTS bench_case_ids AS SELECT (row_number() OVER (ORDER BY id))::int AS n, id FROM cases WHERE province_code = '${o.busyProvince}'`);
      await database.exec('CREATE UNIQUE INDEX IF NOT EXISTS bench_case_ids_n ON bench_case_ids (n)');
      const [k] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_case_ids');
      const script = requestScript(getCapture.statements, ids[0]!, k!.n);
      const pgOpts = { clients: o.connections, threads: 2, durationS: Math.min(o.pgbenchSeconds, 20) };
      const sync = await pgbenchScript(benchUrl, script, pgOpts);
      const unflushed = await pgbenchScript(benchUrl, script, { ...pgOpts, options: '-c synchronous_commit=off' });
      // Without the audit insert: the reads alone, to tell the chained insert's share from theirs.
      const reads = await pgbenchScript(benchUrl, script.split('\n').filter((l) => !/^insert into "audit_log"/i.test(l)).join('\n'), pgOpts);
      dbShare = { statements: script.trim().split('\n').length - 2, sync, async: unflushed, reads, durationS: pgOpts.durationS };
      log(`  the GET's statements through pgbench: ${f1(sync.tps)} tps (${f1(unflushed.tps)} with synchronous_commit = off, ${f1(reads.tps)} without the audit insert)`);
    } catch (e) {
      warnings.push(`pgbench with the request's statements: ${e instanceof Error ? e.message : String(e)}`);
    }

    const seq = await measureSearchAndTasks(srv, benchUrl, pool, o.sequential);
    log(`  search: p50 ${f1(seq.search.timing.p50)} / p95 ${f1(seq.search.timing.p95)} ms, ${f1(seq.search.items)} items`);
    if (seq.tasks) log(`  tasks: p50 ${f1(seq.tasks.timing.p50)} / p95 ${f1(seq.tasks.timing.p95)} ms, ${f1(seq.tasks.items)} items`);

    let withIndex: CasesBenchResult['withIndex'] = null;
    if (o.tryIndex) {
      log(`  trying: ${o.tryIndex}`);
      const t0 = performance.now();
      await database.exec(o.tryIndex);
      const buildMs = performance.now() - t0;
      await database.exec('ANALYZE');
      const again = await measureSearchAndTasks(srv, benchUrl, pool, o.sequential);
      withIndex = { sql: o.tryIndex, buildMs, search: again.search, tasks: again.tasks };
      log(`  with it: search p95 ${f1(again.search.timing.p95)} ms${again.tasks ? `, tasks p95 ${f1(again.tasks.timing.p95)} ms` : ''}`);
      const name = /CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF NOT EXISTS\s+)?("?[\w]+"?)/i.exec(o.tryIndex)?.[1];
      if (name) await database.exec(`DROP INDEX IF EXISTS ${name}`);
    }

    // Diagnostic: the same load with commits that do not wait for the WAL flush (new connections needed).
    let asyncCommit: CasesLoadResult | null = null;
    if (o.diagnostics) {
      await srv.app.close();
      await database.close();
      await adminQuery(adminUrl, (c) => c.query(`ALTER DATABASE ${NAME} SET synchronous_commit = off`));
      try {
        database = await openDatabase({ databaseUrl: benchUrl });
        srv = await startServer(database, cipher, officer);
        asyncCommit = await load.run(job(srv, o.warmupS));
        log(`  diagnostic, synchronous_commit = off: ${f1(asyncCommit.requestsPerSecond)} req/s, p99 ${f1(asyncCommit.latencyP99)} ms`);
      } finally {
        await adminQuery(adminUrl, (c) => c.query(`ALTER DATABASE ${NAME} RESET synchronous_commit`));
      }
    }
    return {
      engine, databaseName: NAME, options: withoutLog(o),
      data: data ? { counts: data.counts, sizes: data.sizes, steps: data.steps, generateMs: data.generateMs, officer: data.officer } : null,
      reused, counts, sizes, busyCases: ids.length, statsRefreshMs, officerTeamCases: team!, getStatements, pgbench, pgbenchError, runs, summary,
      auditRowsWritten: auditAfter - auditBefore, okResponses: runs.reduce((a, r) => a + r.ok, 0), asyncCommit, dbShare,
      serverCpuMsPerRequest: cpu.selfMs / Math.max(1, auditAfter - auditBefore),
      databaseCpuMsPerRequest: cpu.serverMs === null ? null : cpu.serverMs / Math.max(1, auditAfter - auditBefore),
      search: seq.search, tasks: seq.tasks, tasksMissing: seq.missing, withIndex,
      load: { start: loadStart, beforeLoadTest: loadBefore, afterLoadTest: loadAfter, end: loadAverage() }, warnings,
    };
  } finally {
    await load.close();
    if (srv) await srv.app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    await db.release(o.keep);
  }
}

function withoutLog(o: CasesBenchOptions): Omit<CasesBenchOptions, 'log'> {
  const { log: _log, ...rest } = o;
  return rest;
}

// ------------------------------------------------------------------------------------------- render

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
/** Inside a bold sentence. */
const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');

function planBlock(title: string, s: StatementCost | undefined): string[] {
  if (!s || s.plan.length === 0) return [];
  return ['', `<details><summary>${title}: <code>${s.label.replace(/</g, '&lt;')}</code> (${f1(s.planMs)} ms in EXPLAIN ANALYZE)</summary>`, '', '```', ...s.plan, '```', '', '</details>'];
}

function statementTable(list: StatementCost[]): string[] {
  return ['| statement | time in the request | EXPLAIN ANALYZE |', '|---|---:|---:|',
    ...list.map((s) => `| \`${s.label.replace(/\|/g, '\\|')}\` | ${f1(s.ms)} ms | ${Number.isFinite(s.planMs) ? `${f1(s.planMs)} ms` : '–'} |`)];
}

function sequentialRows(r: SequentialResult, note = ''): string {
  return `| ${r.label}${note} | ${r.samples} | ${f1(r.timing.p50)} ms | ${f1(r.timing.p95)} ms | ${f1(r.timing.p99)} ms | ${f1(r.timing.max)} ms | ${f1(r.items)} |`;
}

export function renderCases(r: CasesBenchResult): string {
  const o = r.options;
  const c = r.counts;
  const getMet = r.summary.rps >= GOALS.rps && r.summary.p99 < GOALS.p99;
  const slowest = (list: StatementCost[]) => [...list].sort((a, b) => (b.planMs || b.ms) - (a.planMs || a.ms))[0];
  const lines = [
    '### cases',
    '',
    `Setup: ${r.engine}. ${r.reused ? 'Data reused from an earlier run (`BENCH_CASES_REUSE=1`).' : `Data generated for this run in ${f1((r.data?.generateMs ?? 0) / 1000)} s with \`INSERT … SELECT generate_series\` (bench/lib/cases-data.ts).`} `
      + `${n0(c.cases ?? 0)} cases, ${n0(c.persons ?? 0)} persons, ${n0(c.case_persons ?? 0)} case persons, ${n0(c.team_memberships ?? 0)} team memberships `
      + `(from ${n0(c.users ?? 0)} users), ${n0(c.screenings ?? 0)} screenings, ${n0(c.case_services ?? 0)} plan services, ${n0(c.referrals ?? 0)} referrals, ${n0(c.follow_ups ?? 0)} follow-up visits, ${n0(c.audit_log ?? 0)} audit rows; database ${r.sizes.database ?? '?'}. `
      + `Provinces weighted (Bangkok, the borders and the fishing ports busiest); 70 % of cases closed, open ones spread over the NRM stages; names from a pool `
      + `of ${n0(namePool().length)} Thai, Burmese, Lao and Khmer names, encrypted and hashed into name grams with the run's key. Busy province ${o.busyProvince}: `
      + `${n0(r.busyCases)} cases; its officer (province scope) is on ${n0(r.officerTeamCases.all)} case teams, ${n0(r.officerTeamCases.open)} of them open.`
      + (r.statsRefreshMs === null ? '' : ` The statistics read model, left queued by the generator, was derived before the load (${f1(r.statsRefreshMs / 1000)} s), so the server's housekeeping does not rebuild it during the runs.`),
  ];
  if (r.data) {
    lines.push('', `Generation steps: ${r.data.steps.map((s) => `${s.step} ${f1(s.ms / 1000)} s`).join('; ')}. Sizes: ${Object.entries(r.sizes).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  }
  lines.push(
    '',
    `**Audited, scoped \`GET /api/v1/cases/{id}\`** — autocannon in a child process, ${o.connections} connections, a random case of province ${o.busyProvince} per request, `
      + `signed in as its provincial officer (real session, production session cache), ${o.warmupS} s warm-up then ${o.runs} × ${o.durationS} s. Every request writes a hash-chained `
      + `audit row: ${n0(r.auditRowsWritten)} \`case.viewed\` rows written for ${n0(r.okResponses)} measured 2xx answers (the rest: warm-ups and requests in flight when a run stopped). `
      + `The server (in the benchmark process) used ${f2(r.serverCpuMsPerRequest)} ms of CPU per request served, PostgreSQL's server processes ${r.databaseCpuMsPerRequest === null ? '(not measured: one ended during the load)' : `${f2(r.databaseCpuMsPerRequest)} ms`} (the autocannon process aside). Load average (1 min) before / after the load: `
      + `${r.load.beforeLoadTest.toFixed(2)} / ${r.load.afterLoadTest.toFixed(2)}.`,
    '',
    '| run | req/s | p50 | p95 | p99 | max | 2xx | non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.runs.map((x, i) => `| ${i + 1} | ${n0(x.requestsPerSecond)} | ${f1(x.latencyP50)} ms | ${f1(x.latencyP95)} ms | ${f1(x.latencyP99)} ms | ${f1(x.latencyMax)} ms | ${n0(x.ok)} | ${x.non2xx} |`),
    `| **median** | **${n0(r.summary.rps)}** | ${f1(r.summary.p50)} ms | ${f1(r.summary.p95)} ms | **${f1(r.summary.p99)} ms** | | | |`,
    '',
    r.pgbench
      ? `Beside it, \`${r.pgbench.command}\` on the same server: **${n0(r.pgbench.tps)} tps**, latency average ${r.pgbench.latencyAvgMs.toFixed(2)} ms `
        + `(${n0(r.pgbench.transactions)} transactions) — one indexed SELECT per transaction, no commit to flush.`
      : `pgbench could not run: ${r.pgbenchError}.`,
    '',
    `**Goal ≥ ${n0(GOALS.rps)} req/s with p99 < ${GOALS.p99} ms: ${yes(getMet)}** (${n0(r.summary.rps)} req/s, p99 ${f1(r.summary.p99)} ms).`,
  );
  if (r.dbShare) {
    lines.push('', `The database's share, without the application: the ${r.dbShare.statements} statements of one request (session look-ups aside, the session cache answers them) `
      + `through \`pgbench -f\`, parameters inlined, a random case of the province per transaction (one extra indexed look-up picks it), ${o.connections} clients, ${r.dbShare.durationS} s: `
      + `**${n0(r.dbShare.sync.tps)} requests/s** (latency average ${f1(r.dbShare.sync.latencyAvgMs)} ms); with \`synchronous_commit = off\` ${n0(r.dbShare.async.tps)} requests/s `
      + `(${f1(r.dbShare.async.latencyAvgMs)} ms); the reads alone, without the audit insert, ${n0(r.dbShare.reads.tps)} requests/s (${f1(r.dbShare.reads.latencyAvgMs)} ms). `
      + 'In pgbench each transaction inserts its own audit row, and the chain\'s trigger holds one advisory lock per insert until the commit (migration 0002), so these inserts pass one at a time; '
      + 'the server group-commits the audit rows of concurrent reads instead (platform/group-commit.ts), one insert and one commit for all the rows that arrived while the previous one was written.');
  }
  if (r.asyncCommit) {
    lines.push('', `Diagnostic, not the goal's figure: the same load with \`synchronous_commit = off\` for the benchmark database (commits return before the WAL is flushed): `
      + `**${n0(r.asyncCommit.requestsPerSecond)} req/s**, p50 ${f1(r.asyncCommit.latencyP50)} / p95 ${f1(r.asyncCommit.latencyP95)} / p99 ${f1(r.asyncCommit.latencyP99)} ms.`);
  }
  lines.push('', 'The statements of one request:', '', ...statementTable(r.getStatements), ...planBlock('Plan of the slowest', slowest(r.getStatements)));
  lines.push(
    '',
    `**Sequential requests** (${o.sequential} after up to 10 unmeasured, over HTTP with keep-alive, as the same officer): the name search with misspelt names from the pool `
      + `(one letter dropped, doubled or swapped; Thai script or Latin), and "my tasks"; each series stops early after ${SEQUENTIAL_BUDGET_MS / 1000} s.`,
    '',
    '| request | requests | p50 | p95 | p99 | max | items per answer |',
    '|---|---:|---:|---:|---:|---:|---:|',
    sequentialRows(r.search),
    ...(r.tasks ? [sequentialRows(r.tasks)] : []),
    ...(r.withIndex ? [sequentialRows(r.withIndex.search, ' — with the index below'), ...(r.withIndex.tasks ? [sequentialRows(r.withIndex.tasks, ' — with the index below')] : [])] : []),
    '',
    `**Name search goal p95 < ${GOALS.searchP95} ms: ${yes(r.search.timing.p95 < GOALS.searchP95)}** (p95 ${f1(r.search.timing.p95)} ms). `
      + (r.tasks ? `**"My tasks" goal p95 < ${GOALS.tasksP95} ms: ${yes(r.tasks.timing.p95 < GOALS.tasksP95)}** (p95 ${f1(r.tasks.timing.p95)} ms).` : `"My tasks": not measured — ${r.tasksMissing}.`),
    '',
    'Name search, the statements of one request:', '', ...statementTable(r.search.statements), ...planBlock('Plan of the slowest', slowest(r.search.statements)),
  );
  if (r.tasks) lines.push('', '"My tasks", the statements of one request:', '', ...statementTable(r.tasks.statements), ...planBlock('Plan of the slowest', slowest(r.tasks.statements)));
  if (r.withIndex) {
    lines.push('', `Index tried (\`BENCH_CASES_TRY_INDEX\`, built in ${f1(r.withIndex.buildMs / 1000)} s, dropped afterwards): \`${r.withIndex.sql}\`.`,
      ...planBlock('Search plan with it', slowest(r.withIndex.search.statements)));
  }
  lines.push('', `Load average (1 min) at the start / end of this benchmark: ${r.load.start.toFixed(2)} / ${r.load.end.toFixed(2)} (2 cores shared with other work).`);
  const errors = [...r.search.errors, ...(r.tasks?.errors ?? [])];
  if (errors.length || r.warnings.length) lines.push('', 'Warnings:', ...[...r.warnings, ...errors].map((w) => `- ${w}`));
  return lines.join('\n');
}
