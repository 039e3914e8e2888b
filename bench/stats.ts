/**
 * The national statistics dashboard (issue 6) over the cases benchmark's data set (bench/lib/cases-data.ts)
 * on PostgreSQL: what the dashboard loads for "all charts" — `GET /api/v1/stats/summary`, `/timeliness` and
 * `/services` with no filter, fetched in parallel over HTTP as a national partner token — timed request by
 * request; and the same statements the service issues, run directly on the driver (no HTTP, no zod, no
 * suppression), timed the same way. Both are sequential (one dashboard at a time).
 *
 * Baselines, timed the same way: the repository's own statements on the driver ("app SQL"); hand-written SQL for
 * the same numbers on the read model the app keeps (db/schema/stats.ts: the cells, the facts, the durations);
 * and hand-written SQL for the same numbers straight from the source tables (a few runs only: tens of seconds).
 * Also timed: deriving the read model for every case (the first use after the generator queued them all), and
 * the refresh after writes to 1 and to 100 cases.
 * Data: generated into BENCH_STATS_DB (default phakhi_bench_stats) unless it exists with bench_meta and
 * BENCH_STATS_REUSE=1 (point BENCH_STATS_DB at phakhi_bench_cases or phakhi_bench_ctdc to share theirs).
 * Knobs: BENCH_STATS_CASES=1000000 BENCH_STATS_REQUESTS=20 BENCH_STATS_SOURCE_RUNS=2 BENCH_STATS_KEEP=1.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { newTokenSecret } from '../src/server/platform/auth/tokens.js';
import type { Actor } from '../src/server/platform/access/actor.js';
import { createStatsRepository, type ResolvedFilter } from '../src/server/modules/stats/stats.repository.js';
import { refreshStatsFacts } from '../src/server/modules/stats/stats.facts.js';
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
  provincialMs: number[];
  handReadModelMs: number[];
  handSourceMs: number[];
  readModelMs: number;
  readModelCases: number;
  refreshMs: { cases: number; ms: number[] }[];
  victims: { app: number | null; sql: number; handReadModel: number; handSource: number };
  loadStart: number;
  loadEnd: number;
}


const BUSY_PROVINCE = '10';

const THAI = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '7 hours')`;

/**
 * The dashboard's numbers, written by hand on the read model: every count of the country's cells, victims by
 * month and by province, persons with several records counted once with their dimensions, reports by month,
 * open s.29 clocks past their deadline, and the timeliness percentiles over the durations.
 */
const HAND_READ_MODEL = [
  `SELECT dim, key, sum(n)::int AS n FROM stats_cells WHERE province_code = '00' GROUP BY dim, key`,
  `SELECT month, sum(n)::int AS n FROM stats_cells WHERE province_code = '00' AND dim = 'status' GROUP BY month`,
  `SELECT province_code, sum(n)::int AS n FROM stats_cells WHERE province_code <> '00' AND dim = 'status' GROUP BY province_code`,
  `SELECT count(*)::int AS n, count(*) FILTER (WHERE d.status = 'identified')::int AS identified FROM (
     SELECT DISTINCT ON (person_key) * FROM stats_victim_facts WHERE NOT single AND status <> 'not_a_victim'
     ORDER BY person_key, (status = 'identified') DESC, opened_at, cp_id) d`,
  `SELECT to_char(${THAI('created_at')}, 'YYYY-MM') AS month, count(*)::int AS n FROM reports GROUP BY 1`,
  `SELECT count(*)::int AS n FROM stats_victim_facts WHERE identified_at IS NULL AND s29_due < now()`,
  `SELECT measure, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
     percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90 FROM stats_durations GROUP BY measure`,
];

/**
 * Most of the same numbers by hand from the source tables (cases, case persons, persons, screenings, services,
 * referrals, reports): what the dashboard would cost without the read model, at least.
 */
const PERSON_KEY = `coalesce('d:' || p.document_index, 'n:' || p.national_id_index, 'p:' || p.id::text)`;
const HAND_SOURCE = [
  `SELECT count(*)::int AS n FROM (SELECT DISTINCT ${PERSON_KEY} FROM case_persons cp JOIN persons p ON p.id = cp.person_id
     WHERE cp.role = 'victim' AND cp.trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking') x`,
  `WITH v AS (SELECT cp.*, c.opened_at, c.province_code AS case_province, p.gender, p.nationality, p.birth_date, p.estimated_age, ${PERSON_KEY} AS person_key
     FROM case_persons cp JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id
     WHERE cp.role = 'victim' AND cp.trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking'),
   d AS (SELECT DISTINCT ON (person_key) * FROM v ORDER BY person_key, (trafficking_status = 'ActualVictimOfTrafficking') DESC, opened_at, id)
   SELECT to_char(${THAI('d.opened_at')}, 'YYYY-MM') AS month, d.case_province, coalesce(d.gender, 'NonSpecifiedUnknown') AS sex,
     coalesce(d.nationality::text, 'unknown') AS nationality, coalesce(d.industry, 'unknown') AS industry,
     coalesce(date_part('year', age((${THAI('d.opened_at')})::date, d.birth_date))::int, d.estimated_age, d.age_when_trafficked) AS age, count(*)::int AS n
   FROM d GROUP BY GROUPING SETS ((1), (2), (3), (4), (5), (6))`,
  `SELECT stage, count(*)::int AS n FROM cases GROUP BY stage`,
  `SELECT to_char(${THAI('created_at')}, 'YYYY-MM') AS month, count(*)::int AS n FROM reports GROUP BY 1`,
  `SELECT x.service, x.provider_organisation_id, count(*)::int AS n FROM case_services x JOIN case_persons cp ON cp.id = x.case_person_id
     WHERE x.status = 'delivered' AND cp.role = 'victim' AND cp.trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking' GROUP BY 1, 2`,
  `SELECT r.status, count(*)::int AS n FROM referrals r JOIN case_persons cp ON cp.id = r.case_person_id
     WHERE r.kind = 'referral' AND cp.role = 'victim' AND cp.trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking' GROUP BY 1`,
  `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90 FROM (
     SELECT greatest(extract(epoch FROM cp.identified_at - s.first) / 86400.0, 0) AS d FROM case_persons cp
     JOIN (SELECT case_person_id, min(screened_at) AS first FROM screenings GROUP BY 1) s ON s.case_person_id = cp.id
     WHERE cp.role = 'victim' AND cp.identified_at IS NOT NULL) x`,
];

export async function statsBench(o: { cases: number; requests: number; sourceRuns: number; reuse: boolean; keep: boolean; log: (l: string) => void }): Promise<StatsBenchResult> {
  const { log } = o;
  const loadStart = loadAverage();
  const db = await openCasesDatabase({
    name: benchDatabaseName('BENCH_STATS_DB', 'phakhi_bench_stats'), reuse: o.reuse, cases: o.cases, users: 5000, auditRows: 1000, busyProvince: BUSY_PROVINCE, label: 'stats', log,
  });
  const { database, cipher, reused, engine } = db;
  const generateMs = db.data?.generateMs ?? null;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await database.exec('ANALYZE');
    const [c] = await database.query<{ cases: number; victims: number }>(`
      SELECT (SELECT count(*)::int FROM cases) AS cases,
        (SELECT count(*)::int FROM case_persons WHERE role = 'victim' AND trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking') AS victims`);

    // Partner tokens with stats.read (no second factor to script): a national organisation's sees the country,
    // one of an organisation in the busiest province sees that province.
    const partner = async (nameEn: string, sector: string, province: string | null) => {
      const [o] = await database.query<{ id: string }>(`INSERT INTO organisations (name_th, name_en, sector, level, province_code)
        VALUES ($1, $1, $2, $3, $4) RETURNING id`, [nameEn, sector, province ? 'province' : 'national', province]);
      const t = newTokenSecret();
      await database.query(`INSERT INTO api_tokens (organisation_id, name, token_hash, prefix, permissions, expires_at)
        VALUES ($1, $2, $3, $4, ARRAY['stats.read'], now() + interval '1 day')`, [o!.id, nameEn, t.hash, t.prefix]);
      return { orgId: o!.id, token: t.token };
    };
    const national = await partner('Stats bench partner', 'central_government', null);
    const provincial = await partner('Stats bench provincial partner', 'ngo', BUSY_PROVINCE);

    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    app = await buildApp({ database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info', logStream: sink });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const endpoints = ['summary', 'timeliness', 'services'] as const;
    const endpointMs: Record<string, number[]> = Object.fromEntries(endpoints.map((e) => [e, []]));
    let appVictims: number | null = null;
    const dashboard = async (record: boolean, token = national.token) => {
      const t0 = performance.now();
      await Promise.all(endpoints.map(async (e) => {
        const s = performance.now();
        const res = await fetch(`${origin}/api/v1/stats/${e}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.json() as { totals?: { victims: { count: number | null } } };
        if (res.status !== 200) throw new Error(`${e}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        if (token !== national.token) return;
        if (e === 'summary') appVictims = body.totals!.victims.count;
        if (record) endpointMs[e]!.push(performance.now() - s);
      }));
      return performance.now() - t0;
    };

    const repo = createStatsRepository(database.db);
    const actor: Actor = {
      kind: 'token', userId: null, tokenId: null, sessionId: null, organisationId: national.orgId, provinceCode: null, roles: [],
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

    // The read model is derived from the generated data on first use (every case queued): timed on its own.
    const r0 = performance.now();
    const firstRefresh = await refreshStatsFacts(database.db);
    const readModelMs = performance.now() - r0;
    log(`stats: read model derived for ${int(firstRefresh.cases)} queued cases in ${seconds(readModelMs, 1)} (${firstRefresh.rebuilt ? 'rebuilt' : 'queued refresh'})`);

    // What one write costs the next reader: the refresh of the cases written since the last one.
    const refreshMs: { cases: number; ms: number[] }[] = [];
    for (const n of [1, 100]) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        await database.query(`UPDATE case_persons SET version = version + 1
          WHERE case_id IN (SELECT id FROM cases ORDER BY id OFFSET $1 LIMIT $2) AND role = 'victim'`, [1000 * (i + 1), n]);
        const t1 = performance.now();
        await refreshStatsFacts(database.db);
        times.push(performance.now() - t1);
      }
      refreshMs.push({ cases: n, ms: times });
      log(`  refresh after writing to ${n} case(s): median ${ms(median(times), 1)}`);
    }

    const handOnce = async (statements: string[], victimsOf: (rows: Record<string, unknown>[][]) => number) => {
      const t0 = performance.now();
      const results = await Promise.all(statements.map((text) => database.query<Record<string, unknown>>(text)));
      return { ms: performance.now() - t0, victims: victimsOf(results) };
    };
    const handReadModelMs: number[] = [];
    const handSourceMs: number[] = [];
    let handReadModelVictims = 0;
    let handSourceVictims = 0;

    log('stats: warming up…');
    for (let i = 0; i < 2; i++) {
      await dashboard(false);
      await sqlOnce();
    }
    const dashboardMs: number[] = [];
    const provincialMs: number[] = [];
    const sqlMs: number[] = [];
    for (let i = 0; i < o.requests; i++) {
      // Alternate, so both see the same cache and machine load.
      dashboardMs.push(await dashboard(true));
      provincialMs.push(await dashboard(true, provincial.token));
      sqlMs.push(await sqlOnce());
      const h = await handOnce(HAND_READ_MODEL, (rs) => Number(rs[0]!.filter((x) => x.dim === 'status').reduce((t, x) => t + Number(x.n), 0)) + Number(rs[3]![0]!.n));
      handReadModelMs.push(h.ms);
      handReadModelVictims = h.victims;
      if ((i + 1) % 5 === 0) log(`  ${i + 1}/${o.requests}: dashboard ${ms(dashboardMs.at(-1)!, 0)}, SQL ${ms(sqlMs.at(-1)!, 0)}`);
    }
    for (let i = 0; i < o.sourceRuns; i++) {
      const h = await handOnce(HAND_SOURCE, (rs) => Number(rs[0]![0]!.n));
      handSourceMs.push(h.ms);
      handSourceVictims = h.victims;
      log(`  hand-written SQL on the source tables, run ${i + 1}/${o.sourceRuns}: ${ms(h.ms, 0)}`);
    }
    return {
      provincialMs, handReadModelMs, handSourceMs, readModelMs, readModelCases: firstRefresh.cases, refreshMs,
      engine, reused, generateMs, counts: { cases: c!.cases, victimRecords: c!.victims }, requests: o.requests, dashboardMs, endpointMs, sqlMs,
      victims: { app: appVictims, sql: sqlVictims, handReadModel: handReadModelVictims, handSource: handSourceVictims }, loadStart, loadEnd: loadAverage(),
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
  const handP95 = p(r.handReadModelMs, 95);
  return [
    '### stats',
    '',
    `Setup: ${r.engine}. ${r.reused ? 'Data reused from an earlier run.' : `Data generated for this run in ${seconds(r.generateMs ?? 0, 0)} (bench/lib/cases-data.ts).`} `
      + `${int(r.counts.cases)} cases, ${int(r.counts.victimRecords)} victim records. The national dashboard's three requests `
      + '(`/stats/summary`, `/stats/timeliness`, `/stats/services`, no filter) in parallel over HTTP on 127.0.0.1 as a national partner token, '
      + 'one dashboard at a time. Baselines, each in parallel on the driver (no HTTP, validation or suppression), alternating with the dashboard: '
      + 'the statements the service issues; hand-written SQL for the same numbers on the read model the app keeps (bench/stats.ts HAND_READ_MODEL); '
      + 'and, a few runs only, hand-written SQL from the source tables for most of them (HAND_SOURCE: persons once each by month, province, sex, '
      + 'nationality, industry and age; cases by stage; reports; services; referrals; one of the four timeliness measures), so a lower bound of what all would cost. '
      + `Load average (1 min) ${r.loadStart.toFixed(2)} at start, ${r.loadEnd.toFixed(2)} at end.`,
    '',
    '| Measure | n | median | p95 | max |',
    '|---|---:|---:|---:|---:|',
    row('dashboard (3 requests in parallel)', r.dashboardMs),
    ...Object.entries(r.endpointMs).map(([e, xs]) => row(`  GET /stats/${e}`, xs)),
    row(`provincial dashboard (partner token of an organisation in province ${BUSY_PROVINCE}, the busiest)`, r.provincialMs),
    row('app SQL (the repository statements, no HTTP)', r.sqlMs),
    row('hand-written SQL on the read model', r.handReadModelMs),
    ...(r.handSourceMs.length ? [row('hand-written SQL on the source tables', r.handSourceMs)] : []),
    '',
    `Read model: derived for ${int(r.readModelCases)} queued cases in ${seconds(r.readModelMs, 1)}; `
      + r.refreshMs.map((x) => `refresh after writing to ${x.cases} case${x.cases === 1 ? '' : 's'}: median ${ms(median(x.ms), 1)} (n = ${x.ms.length})`).join('; ') + '.',
    `Victims counted: app ${r.victims.app ?? 'suppressed'}, app SQL ${r.victims.sql}, hand SQL on the read model ${r.victims.handReadModel}`
      + `${r.handSourceMs.length ? `, hand SQL on the source tables ${r.victims.handSource}` : ''}.`,
    '',
    `**Dashboard p95 ${ms(p95, 0)}: ${(p95 / handP95).toFixed(2)}× hand-written SQL on the read model (p95 ${ms(handP95, 0)})`
      + `${r.handSourceMs.length ? `, ${(p95 / p(r.handSourceMs, 95)).toFixed(4)}× hand-written SQL on the source tables` : ''}** — `
      + 'goal p95 < 150 ms at 1,000,000 cases and ≤ 1.3× hand-written SQL: '
      + `**${r.counts.cases < 1_000_000 ? `not measured at 1,000,000 cases (${int(r.counts.cases)} here)` : p95 < 150 && p95 <= 1.3 * handP95 ? 'met' : 'NOT met'}**.`,
  ].join('\n');
}
