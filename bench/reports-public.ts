/**
 * reports-public: `POST /api/v1/public/reports` under load. The real app (buildApp, request logs at
 * info, written nowhere) with the per-address limit raised for the run; autocannon in a forked child
 * process (reports-load-worker.ts), 64 connections, every request a distinct valid body with its own
 * pre-solved proof-of-work challenge and Idempotency-Key. Afterwards every reference the server
 * acknowledged (201) is looked up in the database: none may be missing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { Database } from '../src/server/db/client.js';
import { openTestDatabase } from '../src/server/test/harness.js';
import { createDataCipher, generateDataKey, parseDataKey, type DataCipher } from '../src/server/platform/crypto.js';
import { checkChallenge, issueChallenge } from '../src/server/modules/reports/proof-of-work.js';
import type {
  PublicLoadJob, PublicLoadResult, ReportsWorkerMessage, ReportsWorkerReply, SolvedChallenge,
} from './reports-load-worker.js';
import { int, ms, percentileSorted } from './lib/stats.js';

/** Difficulty of the pre-solved challenges (the public page uses 16; the check is the same work on the server). */
const DIFFICULTY = 8;

export interface ReportsPublicOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  /** Upper bound on challenges prepared for the measured run. */
  maxChallenges: number;
  /** autocannon's per-request timeout, seconds (its default is 10). */
  timeoutS: number;
  log: (line: string) => void;
}

export interface ReportsPublicResult {
  engine: string;
  options: Omit<ReportsPublicOptions, 'log'>;
  solvers: number;
  challengesPerSecond: number;
  warmup: PublicLoadResult;
  preparedChallenges: number;
  run: PublicLoadResult;
  /** Acknowledged (201) references not found in `reports` afterwards. */
  missing: number;
  acknowledged: number;
  /** Sample of acknowledged (reference, PIN) pairs checked on the public status route. */
  statusChecked: number;
  statusFailed: number;
  reportsInDatabase: number;
  duplicateCandidates: number;
  idempotencyRows: number;
  /**
   * Time inside the server (Fastify's elapsed time, from reading the request to sending the answer, as
   * in the request log) during the measured run. The gap to the client's latency is time the request
   * waited before the server read it.
   */
  server: { p50: number; p99: number; max: number; count: number };
  warnings: string[];
}

export async function engineLabel(database: Database): Promise<string> {
  if (database.engine === 'pglite') return 'pglite (in memory, in the server process)';
  const [row] = await database.query<{ server_version: string }>('SHOW server_version');
  return `postgres ${row?.server_version ?? '?'} (fresh database, pool max 10, same machine)`;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A forked reports-load-worker.ts: solves challenges and runs the load. */
class ReportsWorker {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: ReportsWorkerReply) => void; reject: (e: Error) => void }>();

  constructor() {
    const file = fileURLToPath(new URL('./reports-load-worker.ts', import.meta.url));
    this.child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.on('message', (m: ReportsWorkerReply) => {
        if (m.kind === 'ready') return resolve();
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.kind === 'error') p.reject(new Error(`reports worker: ${m.message}`));
        else p.resolve(m);
      });
      this.child.once('exit', (code) => {
        const err = new Error(`reports worker exited (${code})`);
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    });
  }

  private async call(msg: WithoutId<Extract<ReportsWorkerMessage, { id: number }>>): Promise<ReportsWorkerReply> {
    await this.ready;
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...msg, id } as ReportsWorkerMessage);
    });
  }

  async solve(tokens: string[], difficulty: number): Promise<number[]> {
    const r = await this.call({ kind: 'solve', tokens, difficulty });
    if (r.kind !== 'solved') throw new Error('unexpected reply');
    return r.counters;
  }

  async run(job: PublicLoadJob): Promise<PublicLoadResult> {
    const r = await this.call({ kind: 'run', job });
    if (r.kind !== 'result') throw new Error('unexpected reply');
    return r.result;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ kind: 'exit' } satisfies ReportsWorkerMessage);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Issues n challenges (MACed here, with the server's key) and has the workers solve them in parallel. */
async function prepareChallenges(cipher: DataCipher, workers: ReportsWorker[], n: number): Promise<SolvedChallenge[]> {
  // Issued 5 s in the past, as a page opened a few seconds before sending (the server refuses answers under 3 s).
  const tokens = Array.from({ length: n }, () => issueChallenge(cipher, DIFFICULTY, Date.now() - 5000).token);
  const per = Math.ceil(n / workers.length);
  const parts = await Promise.all(workers.map((w, i) => w.solve(tokens.slice(i * per, (i + 1) * per), DIFFICULTY)));
  const counters = parts.flat();
  const solved = tokens.map((token, i) => ({ token, counter: counters[i]! }));
  // The worker uses the real solver; check a sample with the server's own check.
  for (let i = 0; i < solved.length; i += Math.max(1, Math.floor(solved.length / 50))) {
    const c = checkChallenge(cipher, solved[i]!.token, solved[i]!.counter);
    if (c !== 'ok') throw new Error(`prepared challenge ${i} does not pass the server's check: ${c}`);
  }
  return solved;
}

export async function reportsPublic(opts: ReportsPublicOptions): Promise<ReportsPublicResult> {
  const { log } = opts;
  const warnings: string[] = [];
  const { database, drop } = await openTestDatabase();
  const solvers = Math.max(1, Math.min(4, cpus().length));
  const workers = Array.from({ length: solvers }, () => new ReportsWorker());
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const engine = await engineLabel(database);
    log(`reports-public: engine ${engine}`);
    const cipher = createDataCipher(parseDataKey(generateDataKey()));
    // The request log line of each public report (route pattern, status, ms) gives the time spent inside the server.
    const serverTimes: { at: number; ms: number }[] = [];
    const logLine = /"time":(\d+).*"route":"\/api\/v1\/public\/reports","status":\d+,"ms":(\d+)/;
    const sink = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        const m = logLine.exec(chunk.toString('utf8'));
        if (m) serverTimes.push({ at: Number(m[1]), ms: Number(m[2]) });
        cb();
      },
    });
    app = await buildApp({
      database, cipher, logLevel: 'info', logStream: sink, sessionCacheMs: loadConfig().sessionCacheMs,
      // Every request comes from 127.0.0.1: the per-address limits are raised for the run.
      config: { secureCookies: false, production: false, publicReportsPerHour: 10_000_000, statusChecksPer15Min: 10_000_000 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/public/reports`;

    const areas: Record<string, string[]> = {};
    for (const p of await database.query<{ code: string }>('SELECT code FROM provinces ORDER BY code')) areas[p.code.trim()] = [];
    for (const d of await database.query<{ code: string; province_code: string }>('SELECT code, province_code FROM districts')) {
      areas[d.province_code.trim()]?.push(d.code.trim());
    }

    // Calibration: a short warm-up with a first batch tells how many challenges the measured run needs.
    const t0 = performance.now();
    const warmupChallenges = await prepareChallenges(cipher, workers, Math.max(2000, Math.round(opts.warmupS * 2000)));
    const challengesPerSecond = warmupChallenges.length / ((performance.now() - t0) / 1000);
    log(`  ${warmupChallenges.length} challenges (difficulty ${DIFFICULTY}) solved by ${solvers} processes at ${int(challengesPerSecond)}/s`);
    const common = { url, connections: opts.connections, areas, timeoutS: opts.timeoutS };
    const warmup = await workers[0]!.run({ ...common, durationS: opts.warmupS, challenges: warmupChallenges, keyPrefix: `warmup-${randomBytes(4).toString('hex')}` });
    log(`  warm-up ${opts.warmupS} s: ${int(warmup.requestsPerSecond)} req/s, ${int(warmup.acceptedPerSecond)} accepted/s, statuses ${JSON.stringify(warmup.statuses)}`);

    const expected = Math.max(warmup.requestsPerSecond, warmup.acceptedPerSecond);
    const need = Math.min(opts.maxChallenges, Math.ceil(expected * opts.durationS * 1.6) + 5000);
    const t1 = performance.now();
    const challenges = await prepareChallenges(cipher, workers, need);
    log(`  prepared ${int(challenges.length)} challenges for the measured run in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

    const runStarted = Date.now();
    const run = await workers[0]!.run({ ...common, durationS: opts.durationS, challenges, keyPrefix: `run-${randomBytes(4).toString('hex')}` });
    log(`  measured ${opts.durationS} s: ${int(run.requestsPerSecond)} req/s, ${int(run.acceptedPerSecond)} accepted/s, `
      + `p50 ${run.latencyP50.toFixed(2)} ms, p99 ${run.latencyP99.toFixed(2)} ms, statuses ${JSON.stringify(run.statuses)}`);
    const runEnded = Date.now();
    const inRun = Float64Array.from(serverTimes.filter((x) => x.at >= runStarted && x.at <= runEnded).map((x) => x.ms)).sort();
    const server = {
      p50: percentileSorted(inRun, 50), p99: percentileSorted(inRun, 99), max: inRun.length ? inRun[inRun.length - 1]! : Number.NaN, count: inRun.length,
    };
    if (run.exhausted > 0) warnings.push(`${run.exhausted} requests were sent after the ${challenges.length} prepared challenges ran out (refused as reused)`);
    if (run.errors > 0 || run.timeouts > 0) warnings.push(`${run.errors} connection errors, ${run.timeouts} timeouts`);

    // Requests in flight when autocannon stopped may still be committing: let them finish.
    await new Promise((r) => setTimeout(r, 1000));
    const acknowledged = [...warmup.references, ...run.references];
    let missing = 0;
    for (let i = 0; i < acknowledged.length; i += 5000) {
      const part = acknowledged.slice(i, i + 5000);
      const [row] = await database.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM unnest($1::text[]) AS a(ref) WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.reference = a.ref)', [part]);
      missing += row!.n;
    }
    if (new Set(acknowledged).size !== acknowledged.length) warnings.push('the same reference was acknowledged twice');
    let statusFailed = 0;
    const sample = [...warmup.pins, ...run.pins];
    for (const p of sample) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/public/reports/${p.reference}?pin=${p.pin}` });
      if (r.statusCode !== 200 || (r.json() as { status: string }).status !== 'received') statusFailed++;
    }
    const [counts] = await database.query<{ reports: number; candidates: number; idem: number }>(`SELECT
      (SELECT count(*)::int FROM reports) AS reports,
      (SELECT count(*)::int FROM report_duplicate_candidates) AS candidates,
      (SELECT count(*)::int FROM idempotency_keys) AS idem`);
    log(`  acknowledged ${int(acknowledged.length)}, missing from the database ${missing}; ${counts!.reports} rows in reports`);
    return {
      engine,
      options: { connections: opts.connections, durationS: opts.durationS, warmupS: opts.warmupS, maxChallenges: opts.maxChallenges, timeoutS: opts.timeoutS },
      solvers, challengesPerSecond, warmup, preparedChallenges: challenges.length, run,
      missing, acknowledged: acknowledged.length, statusChecked: sample.length, statusFailed,
      reportsInDatabase: counts!.reports, duplicateCandidates: counts!.candidates, idempotencyRows: counts!.idem,
      server, warnings,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    if (app) await app.close();
    await drop();
  }
}

function tenths(series: number[]): number[] {
  if (series.length === 0) return [];
  const n = Math.min(10, series.length);
  return Array.from({ length: n }, (_, i) => {
    const part = series.slice(Math.floor((i * series.length) / n), Math.floor(((i + 1) * series.length) / n));
    return part.reduce((s, v) => s + v, 0) / (part.length || 1);
  });
}

export function renderReportsPublic(r: ReportsPublicResult, nonDefault: boolean): string {
  const o = r.options;
  const run = r.run;
  const statuses = Object.entries(run.statuses).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${int(v)}`).join(', ');
  const non2xx = Object.entries(run.statuses).filter(([k]) => !k.startsWith('2')).reduce((s, [, v]) => s + v, 0);
  const lines = [
    '### reports-public',
    '',
    `Setup: \`buildApp\` on ${r.engine}, request logs at \`info\` (written nowhere), \`publicReportsPerHour: 10,000,000\` `
      + '(every request comes from 127.0.0.1, so all share one rate-limit row). `POST /api/v1/public/reports` driven by autocannon in a '
      + `forked child process, ${o.connections} connections, ${o.warmupS} s warm-up + ${o.durationS} s measured${nonDefault ? ' (**non-default settings**)' : ''}, `
      + `a ${o.timeoutS} s request timeout (a timed-out request may still have been stored; it was not acknowledged). `
      + 'Each request is a distinct valid body (random words in Thai, English, Burmese, Lao and Khmer; province, district, nationality, '
      + 'ages, contact at random; ~12 % urgent) with its own Idempotency-Key and a challenge issued 5 s earlier and solved beforehand '
      + `(difficulty ${DIFFICULTY}; ${r.solvers} processes solved ${int(r.challengesPerSecond)}/s; ${int(r.preparedChallenges)} prepared for the measured run, `
      + 'sized from the warm-up\'s rate). Each accepted report runs the whole path: rate-limit upsert, challenge check and one-time mark, '
      + 'area and country checks, insert, duplicate search (pg_trgm), audit row, idempotency row.',
    '',
    '| | req/s | accepted (201)/s | latency p50 (2xx) | p99 (2xx) | p50 (all) | p99 (all) | max | sent | non-2xx | errors / timeouts |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| warm-up | ${int(r.warmup.requestsPerSecond)} | ${int(r.warmup.acceptedPerSecond)} | ${ms(r.warmup.latencyP50)} | ${ms(r.warmup.latencyP99)} | ${ms(r.warmup.latencyAllP50)} | ${ms(r.warmup.latencyAllP99)} | ${ms(r.warmup.latencyMax)} | ${int(r.warmup.sent)} | ${int(r.warmup.non2xx)} | ${r.warmup.errors} / ${r.warmup.timeouts} |`,
    `| **measured** | **${int(run.requestsPerSecond)}** | **${int(run.acceptedPerSecond)}** | **${ms(run.latencyP50)}** | **${ms(run.latencyP99)}** | ${ms(run.latencyAllP50)} | ${ms(run.latencyAllP99)} | ${ms(run.latencyMax)} | ${int(run.sent)} | ${int(run.non2xx)} | ${run.errors} / ${run.timeouts} |`,
    '',
    `Inside the server (Fastify's elapsed time in the request log, ${int(r.server.count)} answers of the measured run): `
      + `p50 ${ms(r.server.p50, 0)}, p99 ${ms(r.server.p99, 0)}, max ${ms(r.server.max, 0)}. The rest of the client's latency is time the `
      + `request waited before the server read it${r.engine.startsWith('pglite') ? ' (PGlite runs its queries on the server\'s only thread, so under load the event '
        + 'loop reaches waiting sockets late and unevenly — hence the long maximum)' : ''}.`,
    '',
    `Responses in the measured run: ${statuses || 'none'}${non2xx ? ` — **${int(non2xx)} non-2xx**` : ' (no non-2xx)'}.`,
    '',
    `Accepted per second as the table grows (mean of each tenth of the measured run): ${tenths(run.acceptedBySecond).map(int).join(' → ')}. `
      + 'The duplicate search compares each new report with the last 14 days\' reports of its own and neighbouring provinces '
      + '(trigram similarity; all of this run\'s reports are that recent), so its cost grows with the reports already accepted in those provinces.',
    '',
    `**Acknowledged references missing from the database afterwards: ${r.missing} of ${int(r.acknowledged)}** (warm-up + measured) — `
      + `${r.missing === 0 ? 'none lost' : '**LOST REPORTS**'}. Status route checked with the reference and PIN for ${r.statusChecked} of them: `
      + `${r.statusFailed === 0 ? 'all answer "received"' : `**${r.statusFailed} failed**`}. `
      + `Afterwards: ${int(r.reportsInDatabase)} rows in reports, ${int(r.duplicateCandidates)} duplicate candidates proposed, ${int(r.idempotencyRows)} idempotency rows.`,
  ];
  if (r.warnings.length) lines.push('', 'Warnings:', ...r.warnings.map((w) => `- ${w}`));
  return lines.join('\n');
}
