/**
 * The national statistics dashboard (issue 6) over the cases benchmark's data set (bench/lib/cases-data.ts)
 * on PostgreSQL: what the dashboard loads for "all charts" — `GET /api/v1/stats/summary`, `/timeliness` and
 * `/services` with no filter, fetched in parallel over HTTP as a national partner token — timed request by
 * request; and the same statements the service issues, run directly on the driver (no HTTP, no zod, no
 * suppression), timed the same way. Both are sequential (one dashboard at a time).
 *
 * This compares the app with its own SQL; a separately hand-optimised SQL baseline is not part of it.
 * Data: generated into BENCH_STATS_DB (default phakhi_bench_stats) unless it exists with bench_meta and
 * BENCH_STATS_REUSE=1 (point BENCH_STATS_DB at phakhi_bench_cases or phakhi_bench_ctdc to share theirs).
 * Knobs: BENCH_STATS_CASES=1000000 BENCH_STATS_REQUESTS=20 BENCH_STATS_KEEP=1.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { newTokenSecret } from '../src/server/platform/auth/tokens.js';
import type { Actor } from '../src/server/platform/access/actor.js';
import { createStatsRepository, type ResolvedFilter } from '../src/server/modules/stats/stats.repository.js';
import { benchDatabaseName, openCasesDatabase } from './lib/cases-db.js';
import { loadAverage } from './lib/machine.js';
import { int, median, ms, percentileSorted, seconds } from './lib/stats.js';

export interface StatsBenchResult {
  engine: string;
  reused: boolean;
  generateMs: number | null;
  counts: { cases: number; victimRecords: number };
  requests: number;
  dashboardMs: number[];
  endpointMs: Record<string, number[]>;
  sqlMs: number[];
  victims: { app: number | null; sql: number };
  loadStart: number;
  loadEnd: number;
}


export async function statsBench(o: { cases: number; requests: number; reuse: boolean; keep: boolean; log: (l: string) => void }): Promise<StatsBenchResult> {
  const { log } = o;
  const loadStart = loadAverage();
  const db = await openCasesDatabase({
    name: benchDatabaseName('BENCH_STATS_DB', 'phakhi_bench_stats'), reuse: o.reuse, cases: o.cases, users: 5000, auditRows: 1000, busyProvince: '10', label: 'stats', log,
  });
  const { database, cipher, reused, engine } = db;
  const generateMs = db.data?.generateMs ?? null;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await database.exec('ANALYZE');
    const [c] = await database.query<{ cases: number; victims: number }>(`
      SELECT (SELECT count(*)::int FROM cases) AS cases,
        (SELECT count(*)::int FROM case_persons WHERE role = 'victim' AND trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking') AS victims`);

    // A national partner token with stats.read: national scope, no second factor to script.
    const [org] = await database.query<{ id: string }>(`INSERT INTO organisations (name_th, name_en, sector, level, province_code)
      VALUES ('หน่วยงานทดสอบสถิติ', 'Stats bench partner', 'central_government', 'national', NULL) RETURNING id`);
    const tok = newTokenSecret();
    await database.query(`INSERT INTO api_tokens (organisation_id, name, token_hash, prefix, permissions, expires_at)
      VALUES ($1, 'stats bench', $2, $3, ARRAY['stats.read'], now() + interval '1 day')`, [org!.id, tok.hash, tok.prefix]);

    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    app = await buildApp({ database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info', logStream: sink });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const endpoints = ['summary', 'timeliness', 'services'] as const;
    const endpointMs: Record<string, number[]> = Object.fromEntries(endpoints.map((e) => [e, []]));
    let appVictims: number | null = null;
    const dashboard = async (record: boolean) => {
      const t0 = performance.now();
      await Promise.all(endpoints.map(async (e) => {
        const s = performance.now();
        const res = await fetch(`${origin}/api/v1/stats/${e}`, { headers: { authorization: `Bearer ${tok.token}` } });
        const body = await res.json() as { totals?: { victims: { count: number | null } } };
        if (res.status !== 200) throw new Error(`${e}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        if (e === 'summary') appVictims = body.totals!.victims.count;
        if (record) endpointMs[e]!.push(performance.now() - s);
      }));
      return performance.now() - t0;
    };

    const repo = createStatsRepository(database.db);
    const actor: Actor = {
      kind: 'token', userId: null, tokenId: null, sessionId: null, organisationId: org!.id, provinceCode: null, roles: [],
      permissions: new Set(['stats.read']), scope: 'national',
    };
    const f: ResolvedFilter = { fromTs: null, toTs: null, province: [], exploitation: [], sex: [], ageBand: [], ageGroup: [], nationality: [], industry: [], stage: [], victimStatus: [] };
    let sqlVictims = 0;
    const sqlOnce = async () => {
      const t0 = performance.now();
      const [dims] = await Promise.all([
        repo.victimBreakdowns(actor, f), repo.casesByStage(actor, f), repo.reportsByMonth(actor, f), repo.provinces(), repo.countries(['THA']),
        repo.timeliness(actor, f), repo.s29(actor, f), repo.servicesDelivered(actor, f), repo.referralsByStatus(actor, f),
      ]);
      sqlVictims = dims.filter((d) => d.dim === 'status').reduce((s, d) => s + Number(d.n), 0);
      return performance.now() - t0;
    };

    log('stats: warming up…');
    for (let i = 0; i < 2; i++) {
      await dashboard(false);
      await sqlOnce();
    }
    const dashboardMs: number[] = [];
    const sqlMs: number[] = [];
    for (let i = 0; i < o.requests; i++) {
      // Alternate, so both see the same cache and machine load.
      dashboardMs.push(await dashboard(true));
      sqlMs.push(await sqlOnce());
      if ((i + 1) % 5 === 0) log(`  ${i + 1}/${o.requests}: dashboard ${ms(dashboardMs.at(-1)!, 0)}, SQL ${ms(sqlMs.at(-1)!, 0)}`);
    }
    return {
      engine, reused, generateMs, counts: { cases: c!.cases, victimRecords: c!.victims }, requests: o.requests, dashboardMs, endpointMs, sqlMs,
      victims: { app: appVictims, sql: sqlVictims }, loadStart, loadEnd: loadAverage(),
    };
  } finally {
    await app?.close();
    await database.close();
    await db.release(o.keep);
  }
}

export function renderStats(r: StatsBenchResult): string {
  const p = (xs: number[], q: number) => percentileSorted([...xs].sort((a, b) => a - b), q);
  const row = (label: string, xs: number[]) => `| ${label} | ${xs.length} | ${ms(median(xs), 0)} | ${ms(p(xs, 95), 0)} | ${ms(Math.max(...xs), 0)} |`;
  const p95 = p(r.dashboardMs, 95);
  const sqlP95 = p(r.sqlMs, 95);
  return [
    '### stats',
    '',
    `Setup: ${r.engine}. ${r.reused ? 'Data reused from an earlier run.' : `Data generated for this run in ${seconds(r.generateMs ?? 0, 0)} (bench/lib/cases-data.ts).`} `
      + `${int(r.counts.cases)} cases, ${int(r.counts.victimRecords)} victim records. The national dashboard's three requests `
      + '(`/stats/summary`, `/stats/timeliness`, `/stats/services`, no filter) in parallel over HTTP on 127.0.0.1 as a national partner token, '
      + 'one dashboard at a time; "SQL" = the same statements the service issues, in parallel on the driver without HTTP, validation or suppression '
      + `(the app's own SQL, not a separately hand-optimised query). Victims counted: app ${r.victims.app ?? 'suppressed'}, SQL ${r.victims.sql}. `
      + `Load average (1 min) ${r.loadStart.toFixed(2)} at start, ${r.loadEnd.toFixed(2)} at end.`,
    '',
    '| Measure | n | median | p95 | max |',
    '|---|---:|---:|---:|---:|',
    row('dashboard (3 requests in parallel)', r.dashboardMs),
    ...Object.entries(r.endpointMs).map(([e, xs]) => row(`  GET /stats/${e}`, xs)),
    row('SQL only', r.sqlMs),
    '',
    `**Dashboard p95 ${ms(p95, 0)}, ${(p95 / sqlP95).toFixed(2)}× its SQL** — goal p95 < 150 ms at 1,000,000 cases and ≤ 1.3× hand-written SQL: `
      + `**${r.counts.cases < 1_000_000 ? `not measured at 1,000,000 cases (${int(r.counts.cases)} here)` : p95 < 150 ? 'time met' : 'NOT met'}**.`,
  ].join('\n');
}
