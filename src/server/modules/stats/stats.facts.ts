import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { textArray, uuidArray } from '../../db/sql-arrays.js';

/**
 * The statistics read model (db/schema/stats.ts): how a victim record becomes a fact row, how the counts
 * of a province and month are made from the facts, and the refresh that re-derives the cases the triggers
 * queued. Every statistic reads the facts (or the counts made from them), so there is one definition of
 * each dimension, here.
 */

/** Thai local time (UTC+7, no daylight saving) of an instant. */
export const thaiLocal = (col: SQL) => sql`((${col} AT TIME ZONE 'UTC') + interval '7 hours')`;

/**
 * Above this many queued cases a refresh derives everything again in bulk: at a million cases a rebuild takes
 * about 100 s and recounting takes about 20 ms per province-month it touches (bench/RESULTS.md).
 */
export const REBUILD_AT = 5_000;

/** Province code of the whole country's cells ('00' is no province of Thailand). */
export const COUNTRY = '00';

const LOCAL = thaiLocal(sql`c.opened_at`);
const AGE = sql`coalesce(
  CASE WHEN p.birth_date IS NOT NULL THEN date_part('year', age((${LOCAL})::date, p.birth_date))::int END,
  p.estimated_age, cp.age_when_trafficked)`;
const AGE_BAND = sql`CASE WHEN b.age IS NULL THEN 'unknown' WHEN b.age <= 8 THEN '0-8' WHEN b.age <= 17 THEN '9-17' WHEN b.age <= 20 THEN '18-20'
  WHEN b.age <= 23 THEN '21-23' WHEN b.age <= 26 THEN '24-26' WHEN b.age <= 29 THEN '27-29' WHEN b.age <= 38 THEN '30-38'
  WHEN b.age <= 47 THEN '39-47' ELSE '48+' END`;

/**
 * Fact rows (every column of stats_victim_facts, `single` false until worked out) of the victim records
 * of the given cases, or of all.
 */
function factRows(caseIds: string[] | null): SQL {
  const of = (col: SQL) => (caseIds ? sql`AND ${col} = ANY(${uuidArray(caseIds)})` : sql``);
  return sql`
    WITH fs AS (SELECT s.case_person_id, min(s.screened_at) AS first_screened FROM screenings s WHERE true ${of(sql`s.case_id`)} GROUP BY 1),
    sv AS (SELECT x.case_person_id, min(x.actual_start) AS first_service FROM case_services x
           WHERE x.actual_start IS NOT NULL AND x.status <> 'cancelled' ${of(sql`x.case_id`)} GROUP BY 1),
    rf AS (SELECT r.case_person_id, array_agg(extract(epoch FROM r.answered_at - r.requested_at) / 86400.0 ORDER BY r.answered_at, r.id) AS days
           FROM referrals r WHERE r.kind = 'referral' AND r.status IN ('accepted', 'revoked') AND r.answered_at IS NOT NULL
             AND r.case_person_id IS NOT NULL ${of(sql`r.case_id`)} GROUP BY 1),
    ds AS (SELECT x.case_person_id, array_agg(x.service || ' ' || coalesce(x.provider_organisation_id::text, '-') ORDER BY x.id) AS services
           FROM case_services x WHERE x.status = 'delivered' ${of(sql`x.case_id`)} GROUP BY 1),
    rs AS (SELECT r.case_person_id, array_agg(r.status ORDER BY r.id) AS statuses FROM referrals r
           WHERE r.kind = 'referral' AND r.case_person_id IS NOT NULL ${of(sql`r.case_id`)} GROUP BY 1)
    SELECT b.cp_id, b.case_id, b.province_code, b.stage, b.opened_at, b.opened_local, to_char(b.opened_local, 'YYYY-MM') AS month, b.report_id,
      b.person_key, false AS single, b.status, b.sex, b.age, ${AGE_BAND} AS age_band,
      CASE WHEN b.age IS NULL THEN 'unknown' WHEN b.age < 18 THEN 'child' ELSE 'adult' END AS age_group,
      b.nationality, b.industry, b.exploitation_types, b.identified_at, b.taken_into_care_at, b.custody_extended_until,
      b.report_to_screening, b.screening_to_identification,
      CASE WHEN b.status <> 'not_a_victim' THEN b.identification_to_first_service END AS identification_to_first_service,
      b.referral_days,
      least(coalesce(b.custody_extended_until, b.taken_into_care_at + interval '24 hours'), b.taken_into_care_at + interval '7 days') AS s29_due,
      b.services_delivered, b.referral_statuses
    FROM (
      SELECT cp.id AS cp_id, cp.case_id, c.province_code, c.stage, c.opened_at, ${LOCAL} AS opened_local, c.report_id,
        coalesce('d:' || p.document_index, 'n:' || p.national_id_index, 'p:' || p.id::text) AS person_key,
        CASE WHEN cp.trafficking_status = 'ActualVictimOfTrafficking' THEN 'identified'
             WHEN cp.trafficking_status = 'NotAVictimOfTrafficking' THEN 'not_a_victim' ELSE 'possible' END AS status,
        coalesce(p.gender, 'NonSpecifiedUnknown') AS sex,
        ${AGE} AS age,
        coalesce(p.nationality::text, 'unknown') AS nationality,
        coalesce(cp.industry, 'unknown') AS industry,
        cp.exploitation_types, cp.identified_at, cp.taken_into_care_at, cp.custody_extended_until,
        extract(epoch FROM fs.first_screened - r.created_at) / 86400.0 AS report_to_screening,
        CASE WHEN cp.identified_at IS NOT NULL THEN extract(epoch FROM cp.identified_at - fs.first_screened) / 86400.0 END AS screening_to_identification,
        CASE WHEN cp.identified_at IS NOT NULL THEN (sv.first_service - (${thaiLocal(sql`cp.identified_at`)})::date)::numeric END AS identification_to_first_service,
        coalesce(rf.days, '{}') AS referral_days, coalesce(ds.services, '{}') AS services_delivered, coalesce(rs.statuses, '{}') AS referral_statuses
      FROM case_persons cp
        JOIN cases c ON c.id = cp.case_id
        JOIN persons p ON p.id = cp.person_id
        LEFT JOIN reports r ON r.id = c.report_id
        LEFT JOIN fs ON fs.case_person_id = cp.id
        LEFT JOIN sv ON sv.case_person_id = cp.id
        LEFT JOIN rf ON rf.case_person_id = cp.id
        LEFT JOIN ds ON ds.case_person_id = cp.id
        LEFT JOIN rs ON rs.case_person_id = cp.id
      WHERE cp.role = 'victim' ${of(sql`cp.case_id`)}
    ) b`;
}

const FACT_COLUMN_NAMES = ['cp_id', 'case_id', 'province_code', 'stage', 'opened_at', 'opened_local', 'month', 'report_id', 'person_key', 'single',
  'status', 'sex', 'age', 'age_band', 'age_group', 'nationality', 'industry', 'exploitation_types', 'identified_at', 'taken_into_care_at',
  'custody_extended_until', 'report_to_screening', 'screening_to_identification', 'identification_to_first_service', 'referral_days', 's29_due',
  'services_delivered', 'referral_statuses'] as const;
const FACT_COLUMNS = sql.raw(FACT_COLUMN_NAMES.join(', '));

/**
 * The person dimensions a victim record carries, as (dimension, fact column): counted per cell for single
 * persons (cellRows) and per filter for the others (stats.repository personDims). The forms of exploitation,
 * a list, are counted beside them.
 */
export const PERSON_DIMS = [
  ['status', 'status'], ['province', 'province_code'], ['sex', 'sex'], ['age_band', 'age_band'], ['age_group', 'age_group'],
  ['nationality', 'nationality'], ['industry', 'industry'],
] as const;

/** The timeliness intervals of the facts matching `where` (alias f), clamped at 0, as stats_durations rows. */
function durationRows(where: SQL): SQL {
  return sql`
    SELECT f.cp_id, f.case_id, f.province_code, f.month, m.measure, greatest(m.days, 0), floor(32 * log(2, 1 + greatest(m.days, 0)))::smallint
    FROM stats_victim_facts f CROSS JOIN LATERAL (
      VALUES ('report_to_screening', f.report_to_screening), ('screening_to_identification', f.screening_to_identification),
        ('identification_to_first_service', f.identification_to_first_service)
      UNION ALL SELECT 'referral_request_to_acceptance', d.days FROM unnest(f.referral_days) AS d(days)
    ) AS m(measure, days)
    WHERE m.days IS NOT NULL AND ${where}`;
}
const DURATION_COLUMNS = sql.raw('cp_id, case_id, province_code, month, measure, days, bucket');

/** A person is `single` when they have at most one counted (not "not a victim") record: over their facts, or as a window. */
const COUNTED = "count(*) FILTER (WHERE status <> 'not_a_victim')";
const SINGLE = sql.raw(`${COUNTED} <= 1`);
const SINGLE_OVER_PERSON = sql.raw(`${COUNTED} OVER (PARTITION BY person_key) <= 1`);

/** Case facts (every column of stats_case_facts) of the given cases, or of all, in cell order. */
function caseFactRows(caseIds: string[] | null): SQL {
  return sql`SELECT c.id, c.province_code, to_char(${LOCAL}, 'YYYY-MM'), c.stage FROM cases c
    ${caseIds ? sql`WHERE c.id = ANY(${uuidArray(caseIds)})` : sql``} ORDER BY 2, 3`;
}

/**
 * The counts of the given facts (alias f, `where` on f), case facts (alias k) and durations (alias d), per
 * province and month, as stats_cells rows. Victim dimensions count single persons only; the per-record
 * measures (services, referrals, s.29 clocks decided, timeliness buckets `tl:<measure>`) count every record.
 */
function cellRows(where: SQL, caseWhere: SQL, durationWhere: SQL): SQL {
  const victims = PERSON_DIMS.map(([dim, column]) => sql`SELECT f.province_code, f.month, ${dim}::text AS dim, (f.${sql.raw(column)})::text AS key
    FROM stats_victim_facts f WHERE ${where} AND f.single AND f.status <> 'not_a_victim'`);
  return sql`
    SELECT province_code, month, dim, key, count(*)::int AS n FROM (
      ${sql.join(victims, sql` UNION ALL `)}
      UNION ALL SELECT f.province_code, f.month, 'exploitation', coalesce(e.code, 'unknown')
        FROM stats_victim_facts f LEFT JOIN LATERAL unnest(f.exploitation_types) AS e(code) ON true
        WHERE ${where} AND f.single AND f.status <> 'not_a_victim'
      UNION ALL SELECT k.province_code, k.month, 'stage', k.stage FROM stats_case_facts k WHERE ${caseWhere}
      UNION ALL SELECT f.province_code, f.month, 'service', x.key
        FROM stats_victim_facts f, unnest(f.services_delivered) AS x(key) WHERE ${where} AND f.status <> 'not_a_victim'
      UNION ALL SELECT f.province_code, f.month, 'referral', x.key
        FROM stats_victim_facts f, unnest(f.referral_statuses) AS x(key) WHERE ${where} AND f.status <> 'not_a_victim'
      UNION ALL SELECT f.province_code, f.month, 's29', CASE WHEN f.identified_at <= f.s29_due THEN 'met' ELSE 'late' END
        FROM stats_victim_facts f WHERE ${where} AND f.taken_into_care_at IS NOT NULL AND f.identified_at IS NOT NULL
      UNION ALL SELECT d.province_code, d.month, 'tl:' || d.measure, d.bucket::text FROM stats_durations d WHERE ${durationWhere}
    ) x GROUP BY 1, 2, 3, 4`;
}

export interface RefreshResult {
  /** Distinct queued cases derived again (0: nothing was queued). */
  cases: number;
  rebuilt: boolean;
}

/**
 * Derives the queued cases again, so that what the stats read next is what the sources hold now. Serialised
 * by an advisory lock: a second caller waits, then finds nothing left (or only what was queued since).
 * Runs in READ COMMITTED, so each statement sees every change whose queue row it consumed.
 */
export async function refreshStatsFacts(db: Db, opts: { rebuildAt?: number } = {}): Promise<RefreshResult> {
  const [pending] = rowsOf<{ any: boolean }>(await db.execute(sql`SELECT EXISTS (SELECT 1 FROM stats_dirty_cases) AS any`));
  if (!pending?.any) return { cases: 0, rebuilt: false };
  const result = await db.transaction(async (tx): Promise<RefreshResult & { consumed: number }> => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('phakhi:stats-facts', 0))`);
    const [queue] = rowsOf<{ last: string | null; n: number }>(await tx.execute(sql`SELECT max(id)::text AS last, count(*)::int AS n FROM stats_dirty_cases`));
    if (!queue?.last) return { cases: 0, rebuilt: false, consumed: 0 };
    if (Number(queue.n) > (opts.rebuildAt ?? REBUILD_AT)) {
      const [queued] = rowsOf<{ n: number }>(await tx.execute(sql`
        WITH d AS (DELETE FROM stats_dirty_cases WHERE id <= ${queue.last}::bigint RETURNING case_id) SELECT count(DISTINCT case_id)::int AS n FROM d`));
      await rebuild(tx);
      return { cases: Number(queued?.n ?? 0), rebuilt: true, consumed: Number(queue.n) };
    }
    const ids = [...new Set(rowsOf<{ case_id: string }>(await tx.execute(sql`
      DELETE FROM stats_dirty_cases WHERE id <= ${queue.last}::bigint RETURNING case_id::text AS case_id`)).map((r) => r.case_id))];
    await refreshCases(tx, ids);
    return { cases: ids.length, rebuilt: false, consumed: Number(queue.n) };
  });
  // Rebuilt rows are not yet marked visible to all: without this, the percentile reads visit the table for each
  // value they pass until autovacuum comes by (and PGlite has none).
  if (result.rebuilt) await db.execute(sql`VACUUM (ANALYZE) stats_dirty_cases, stats_victim_facts, stats_case_facts, stats_durations, stats_cells`);
  // Every statistics request first looks for queued cases: a queue left full of dead rows (where autovacuum is
  // off, or has not come by yet) made that look read them all (16 ms after a 100,000-case import).
  else if (result.consumed >= 1_000) await db.execute(sql`VACUUM stats_dirty_cases`);
  return { cases: result.cases, rebuilt: result.rebuilt };
}

type Cell = { province_code: string; month: string };

async function refreshCases(tx: Db, ids: string[]): Promise<void> {
  const idArray = uuidArray(ids);
  const before = rowsOf<{ person_key: string; province_code: string; month: string }>(await tx.execute(sql`
    DELETE FROM stats_victim_facts WHERE case_id = ANY(${idArray}) RETURNING person_key, province_code, month`));
  const beforeCases = rowsOf<Cell>(await tx.execute(sql`DELETE FROM stats_case_facts WHERE case_id = ANY(${idArray}) RETURNING province_code, month`));
  const after = rowsOf<{ person_key: string; province_code: string; month: string }>(await tx.execute(sql`
    INSERT INTO stats_victim_facts (${FACT_COLUMNS}) ${factRows(ids)} RETURNING person_key, province_code, month`));
  await tx.execute(sql`DELETE FROM stats_durations WHERE case_id = ANY(${idArray})`);
  await tx.execute(sql`INSERT INTO stats_durations (${DURATION_COLUMNS}) ${durationRows(sql`f.case_id = ANY(${idArray})`)}`);
  const afterCases = rowsOf<Cell>(await tx.execute(sql`
    INSERT INTO stats_case_facts (case_id, province_code, month, stage) ${caseFactRows(ids)} RETURNING province_code, month`));
  const keys = [...new Set([...before, ...after].map((r) => r.person_key))];
  // A person's other records (in cases not queued) change cells too when the person becomes, or stops being, single.
  const flipped = keys.length === 0 ? [] : rowsOf<Cell>(await tx.execute(sql`
    UPDATE stats_victim_facts f SET single = s.single
    FROM (SELECT person_key, ${SINGLE} AS single FROM stats_victim_facts WHERE person_key = ANY(${textArray(keys)}) GROUP BY 1) s
    WHERE f.person_key = s.person_key AND (f.single <> s.single OR f.case_id = ANY(${idArray}))
    RETURNING f.province_code, f.month`));
  const cells = new Map<string, Cell>();
  for (const c of [...before, ...beforeCases, ...after, ...afterCases, ...flipped]) cells.set(`${c.province_code}|${c.month}`, c);
  await recountCells(tx, [...cells.values()]);
}

/** Counts the given province-month cells again from the facts, and moves the country's cells by the difference. */
async function recountCells(tx: Db, cells: Cell[]): Promise<void> {
  if (cells.length === 0) return;
  const chosen = sql`(SELECT * FROM unnest(${textArray(cells.map((c) => c.province_code))}, ${textArray(cells.map((c) => c.month))}) AS t(province_code, month))`;
  const inChosen = (alias: string) => sql`(${sql.raw(alias)}.province_code, ${sql.raw(alias)}.month) IN (SELECT t.province_code::bpchar, t.month::bpchar FROM ${chosen} t)`;
  const addToCountry = (sign: SQL) => sql`
    INSERT INTO stats_cells (province_code, month, dim, key, n)
    SELECT ${COUNTRY}, s.month, s.dim, s.key, ${sign} * sum(s.n)::int FROM stats_cells s
    WHERE s.province_code <> ${COUNTRY} AND ${inChosen('s')} GROUP BY s.month, s.dim, s.key
    ON CONFLICT (province_code, month, dim, key) DO UPDATE SET n = stats_cells.n + excluded.n`;
  await tx.execute(addToCountry(sql`-1`));
  await tx.execute(sql`DELETE FROM stats_cells s WHERE s.province_code <> ${COUNTRY} AND ${inChosen('s')}`);
  await tx.execute(sql`INSERT INTO stats_cells (province_code, month, dim, key, n) ${cellRows(inChosen('f'), inChosen('k'), inChosen('d'))}`);
  await tx.execute(addToCountry(sql`1`));
  await tx.execute(sql`DELETE FROM stats_cells WHERE province_code = ${COUNTRY} AND n = 0
    AND month IN (SELECT t.month::bpchar FROM ${chosen} t)`);
}

/** Everything derived again from the sources, in bulk (refreshStatsFacts then vacuums and analyses the tables). */
export async function rebuild(tx: Db): Promise<void> {
  await tx.execute(sql`TRUNCATE stats_victim_facts, stats_case_facts, stats_durations, stats_cells`);
  // In cell order: a refresh recounts whole cells, and reads a cell's rows together.
  const select = FACT_COLUMN_NAMES.map((c) => (c === 'single' ? SINGLE_OVER_PERSON : sql.raw(`x.${c}`)));
  await tx.execute(sql`
    INSERT INTO stats_victim_facts (${FACT_COLUMNS}) SELECT ${sql.join(select, sql`, `)} FROM (${factRows(null)}) x ORDER BY x.province_code, x.month`);
  await tx.execute(sql`INSERT INTO stats_durations (${DURATION_COLUMNS}) ${durationRows(sql`true`)} ORDER BY 3, 4`);
  await tx.execute(sql`INSERT INTO stats_case_facts (case_id, province_code, month, stage) ${caseFactRows(null)}`);
  await tx.execute(sql`INSERT INTO stats_cells (province_code, month, dim, key, n) ${cellRows(sql`true`, sql`true`, sql`true`)}`);
  await tx.execute(sql`
    INSERT INTO stats_cells (province_code, month, dim, key, n)
    SELECT ${COUNTRY}, month, dim, key, sum(n)::int FROM stats_cells GROUP BY month, dim, key`);
}
