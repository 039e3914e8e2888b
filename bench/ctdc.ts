/**
 * The anonymised CTDC export at national scale (issue 6): `GET /api/v1/stats/export/ctdc` over the
 * cases benchmark's data set (bench/lib/cases-data.ts: about a million cases, 1–2 victims each) on
 * PostgreSQL, streamed over HTTP to a client in the same process that counts and discards the bytes.
 *
 * Measured per run: time to the response headers (both SQL passes done), total time to the last byte,
 * bytes and rows, the anonymisation headers, and the Node process's peak RSS sampled every 25 ms
 * (server and client together; PostgreSQL's own memory is another process and not included). The
 * export over all years is compared with one over a single year: memory is flat if the peak does not
 * grow with the rows.
 *
 * Data: generated into its own database (BENCH_CTDC_DB, default phakhi_bench_ctdc) unless it exists
 * with the cases generator's bench_meta (BENCH_CTDC_REUSE=1, or point BENCH_CTDC_DB at phakhi_bench_cases).
 * Knobs: BENCH_CTDC_CASES=1000000 BENCH_CTDC_RUNS=3 BENCH_CTDC_K=11 BENCH_CTDC_KEEP=1 (keep the database).
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { newTokenSecret } from '../src/server/platform/auth/tokens.js';
import { benchDatabaseName, openCasesDatabase } from './lib/cases-db.js';
import { loadAverage } from './lib/machine.js';
import { int, median, seconds } from './lib/stats.js';

export interface CtdcRun {
  label: string;
  headersMs: number;
  totalMs: number;
  bytes: number;
  rows: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
  headers: Record<string, string>;
}

export interface CtdcBenchResult {
  engine: string;
  reused: boolean;
  generateMs: number | null;
  counts: { cases: number; victimRecords: number };
  period: { from: number; to: number };
  k: number;
  runs: CtdcRun[];
  single: CtdcRun[];
  loadStart: number;
  loadEnd: number;
}

const MiB = 1024 * 1024;


async function exportOnce(origin: string, token: string, label: string, q: string): Promise<CtdcRun> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const t0 = performance.now();
  try {
    const res = await fetch(`${origin}/api/v1/stats/export/ctdc?${q}`, { headers: { authorization: `Bearer ${token}` } });
    const headersMs = performance.now() - t0;
    if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const totalMs = performance.now() - t0;
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (k.startsWith('x-anonymisation-')) headers[k] = v;
    });
    return { label, headersMs, totalMs, bytes, rows: newlines - 1, peakRssMiB: peak / MiB, rssBeforeMiB: rssBefore / MiB, headers };
  } finally {
    clearInterval(timer);
  }
}

export async function ctdcBench(o: { cases: number; runs: number; k: number; reuse: boolean; keep: boolean; log: (l: string) => void }): Promise<CtdcBenchResult> {
  const { log } = o;
  const loadStart = loadAverage();
  const db = await openCasesDatabase({
    name: benchDatabaseName('BENCH_CTDC_DB', 'phakhi_bench_ctdc'), reuse: o.reuse, cases: o.cases, users: 5000, auditRows: 1000, busyProvince: '10', label: 'ctdc', log,
  });
  const { database, cipher, reused, engine } = db;
  const generateMs = db.data?.generateMs ?? null;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await database.exec('ANALYZE');
    const [c] = await database.query<{ cases: number; victims: number; from: number; to: number }>(`
      SELECT (SELECT count(*)::int FROM cases) AS cases,
        (SELECT count(*)::int FROM case_persons WHERE role = 'victim' AND trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking') AS victims,
        (SELECT extract(year FROM min(opened_at) AT TIME ZONE 'Asia/Bangkok')::int FROM cases) AS from,
        (SELECT extract(year FROM max(opened_at) AT TIME ZONE 'Asia/Bangkok')::int FROM cases) AS to`);
    const period = { from: c!.from, to: c!.to };

    // A national partner token with stats.export: national scope, no second factor to script.
    const [org] = await database.query<{ id: string }>(`INSERT INTO organisations (name_th, name_en, sector, level, province_code)
      VALUES ('หน่วยงานทดสอบ CTDC', 'CTDC bench partner', 'central_government', 'national', NULL) RETURNING id`);
    const tok = newTokenSecret();
    await database.query(`INSERT INTO api_tokens (organisation_id, name, token_hash, prefix, permissions, expires_at)
      VALUES ($1, 'ctdc bench', $2, $3, ARRAY['stats.export'], now() + interval '1 day')`, [org!.id, tok.hash, tok.prefix]);

    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    app = await buildApp({ database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info', logStream: sink });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const runs: CtdcRun[] = [];
    const single: CtdcRun[] = [];
    for (let i = 0; i < o.runs; i++) {
      const r = await exportOnce(origin, tok.token, `all years ${period.from}–${period.to}`, `from=${period.from}&to=${period.to}&k=${o.k}`);
      log(`  run ${i + 1}: headers ${seconds(r.headersMs)}, total ${seconds(r.totalMs)}, ${int(r.rows)} rows, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
      runs.push(r);
      const s = await exportOnce(origin, tok.token, `one year ${period.to}`, `from=${period.to}&to=${period.to}&k=${o.k}`);
      log(`  one year: total ${seconds(s.totalMs)}, ${int(s.rows)} rows, peak RSS ${s.peakRssMiB.toFixed(0)} MiB`);
      single.push(s);
    }
    return {
      engine, reused, generateMs, counts: { cases: c!.cases, victimRecords: c!.victims }, period, k: o.k, runs, single,
      loadStart, loadEnd: loadAverage(),
    };
  } finally {
    await app?.close();
    await database.close();
    await db.release(o.keep);
  }
}

export function renderCtdc(r: CtdcBenchResult): string {
  const row = (x: CtdcRun) => `| ${x.label} | ${seconds(x.headersMs)} | ${seconds(x.totalMs)} | ${int(x.rows)} | ${(x.bytes / MiB).toFixed(1)} MiB `
    + `| ${x.rssBeforeMiB.toFixed(0)} → ${x.peakRssMiB.toFixed(0)} MiB | ${x.headers['x-anonymisation-suppressed'] ?? '?'} | ${x.headers['x-anonymisation-generalisation'] ?? '?'} |`;
  const totals = r.runs.map((x) => x.totalMs);
  const worst = Math.max(...totals);
  const released = Number(r.runs[0]?.headers['x-anonymisation-released'] ?? 0);
  return [
    '### ctdc',
    '',
    `Setup: ${r.engine}. ${r.reused ? 'Data reused from an earlier run.' : `Data generated for this run in ${seconds(r.generateMs ?? 0, 0)} (bench/lib/cases-data.ts).`} `
      + `${int(r.counts.cases)} cases, ${int(r.counts.victimRecords)} victim records (role victim, not decided "not a victim"), registered ${r.period.from}–${r.period.to}. `
      + `\`GET /api/v1/stats/export/ctdc\` with k = ${r.k} as a national partner token, over HTTP on 127.0.0.1 to a client in the same process that `
      + 'counts and discards the bytes. Peak RSS = the Node process (server + client), sampled every 25 ms; PostgreSQL\'s memory is not included. '
      + `Load average (1 min) ${r.loadStart.toFixed(2)} at start, ${r.loadEnd.toFixed(2)} at end.`,
    '',
    '| Export | headers after | total | rows | CSV size | RSS before → peak | suppressed | generalisation |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...r.runs.map(row),
    ...r.single.map(row),
    '',
    `Headers of the first run: ${Object.entries(r.runs[0]?.headers ?? {}).map(([k, v]) => `\`${k}: ${v}\``).join(', ')}.`,
    '',
    `**Export of ${int(released)} released rows: median ${seconds(median(totals))}, worst ${seconds(worst)}** — goal < 60 s for 1,000,000 victims: `
      + `**${worst < 60_000 && released + Number(r.runs[0]?.headers['x-anonymisation-suppressed'] ?? 0) >= 1_000_000 ? 'met' : worst < 60_000 ? 'time met (fewer than 1,000,000 victims in the data)' : 'NOT met'}**.`,
  ].join('\n');
}
