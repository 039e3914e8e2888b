import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { textArray, uuidArray } from '../../db/sql-arrays.js';
import { cases } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { caseScopeCondition, casesBeyondProvince, victimScope } from '../cases/cases.access.js';
import { COUNTRY, PERSON_DIMS, thaiLocal } from './stats.facts.js';

/**
 * The statistics SQL (issue 6). Every measure starts from `victimRows`: one row per victim record (case
 * person with role victim) of the cases the caller may see, with the dimensions as columns; `persons` then
 * keeps one row per person (document blind index, else national-ID blind index, else the person's id).
 * Counting rules are documented in src/contracts/stats.ts.
 */

/** The filter with the period resolved; all codes already checked. */
export interface ResolvedFilter {
  /** Inclusive start (Thai midnight), exclusive end, as ISO instants; null = open. */
  fromTs: string | null;
  toTs: string | null;
  province: string[];
  exploitation: string[];
  sex: string[];
  ageBand: string[];
  ageGroup: string[];
  nationality: string[];
  industry: string[];
  stage: string[];
  victimStatus: string[];
}

export function hasPersonFilter(f: ResolvedFilter): boolean {
  return f.sex.length + f.ageBand.length + f.ageGroup.length + f.nationality.length + f.industry.length + f.victimStatus.length > 0;
}

/** Conditions on the `cases` table: scope, period, province, stage, exploitation (the case's forms are its victims'). */
export function caseConditions(actor: Actor, f: ResolvedFilter): SQL {
  const conds: SQL[] = [];
  const scope = caseScopeCondition(actor);
  if (scope) conds.push(scope);
  if (f.fromTs) conds.push(sql`cases.opened_at >= ${f.fromTs}::timestamptz`);
  if (f.toTs) conds.push(sql`cases.opened_at < ${f.toTs}::timestamptz`);
  if (f.province.length) conds.push(sql`cases.province_code = ANY(${textArray(f.province)}::bpchar[])`);
  if (f.stage.length) conds.push(sql`cases.stage = ANY(${textArray(f.stage)})`);
  if (f.exploitation.length) conds.push(sql`cases.exploitation_types && ${textArray(f.exploitation)}`);
  return conds.length ? sql.join(conds, sql` AND `) : sql`true`;
}

/**
 * Victim records matching the filter, one per case person: the facts (stats.facts.ts), joined to `cases`
 * only when the caller's scope needs it. `includeNotVictims` keeps persons the team decided are not victims
 * (their clocks still count for timeliness); `sharedOnly` keeps the records of persons with several;
 * `withoutPrefilter` tests the scope on every fact (the test that the prefilter changes nothing uses it).
 * (A case's forms of exploitation are its victims', so a victim's own forms decide the exploitation filter.)
 */
export function victimRows(
  actor: Actor, f: ResolvedFilter, opts: { includeNotVictims?: boolean; caseIds?: string[]; sharedOnly?: boolean; withoutPrefilter?: boolean } = {},
): SQL {
  const conds: SQL[] = [];
  const scope = victimScope(actor, sql`f.case_id`, sql`f.cp_id`);
  if (scope) conds.push(scope);
  if (!opts.includeNotVictims) conds.push(sql`f.status <> 'not_a_victim'`);
  if (opts.sharedOnly) conds.push(sql`NOT f.single`);
  if (opts.caseIds) conds.push(sql`f.case_id = ANY(${uuidArray(opts.caseIds)})`);
  if (f.fromTs) conds.push(sql`f.opened_at >= ${f.fromTs}::timestamptz`);
  if (f.toTs) conds.push(sql`f.opened_at < ${f.toTs}::timestamptz`);
  if (f.province.length) conds.push(sql`f.province_code = ANY(${textArray(f.province)}::bpchar[])`);
  if (f.stage.length) conds.push(sql`f.stage = ANY(${textArray(f.stage)})`);
  if (f.exploitation.length) conds.push(sql`f.exploitation_types && ${textArray(f.exploitation)}`);
  if (f.nationality.length) conds.push(sql`f.nationality = ANY(${textArray(f.nationality)})`);
  if (f.sex.length) conds.push(sql`f.sex = ANY(${textArray(f.sex)})`);
  if (f.industry.length) conds.push(sql`f.industry = ANY(${textArray(f.industry)})`);
  if (f.ageBand.length) conds.push(sql`f.age_band = ANY(${textArray(f.ageBand)})`);
  if (f.ageGroup.length) conds.push(sql`f.age_group = ANY(${textArray(f.ageGroup)})`);
  if (f.victimStatus.length) conds.push(sql`f.status = ANY(${textArray(f.victimStatus)})`);
  const source = !scope ? sql`stats_victim_facts f`
    : opts.withoutPrefilter ? sql`stats_victim_facts f JOIN ${cases} ON cases.id = f.case_id`
      : sql`(${scopePrefilter(actor)}) f JOIN ${cases} ON cases.id = f.case_id`;
  return sql`SELECT f.* FROM ${source} WHERE ${conds.length ? sql.join(conds, sql` AND `) : sql`true`}`;
}

/**
 * The facts of every case the actor may see and a few more, read through indexes: its province's facts, and
 * those of the cases of its organisation, of its teams and of referrals accepted by it (the clauses of
 * caseScopeCondition, which still decides each row). Without it, the scope is tested on every fact.
 */
function scopePrefilter(actor: Actor): SQL {
  const province = actor.scope === 'province' && actor.provinceCode ? actor.provinceCode : null;
  const others = casesBeyondProvince(actor);
  return province
    ? sql`SELECT * FROM stats_victim_facts WHERE province_code = ${province}
        UNION ALL SELECT * FROM stats_victim_facts WHERE case_id IN (${others}) AND province_code <> ${province}`
    : sql`SELECT * FROM stats_victim_facts WHERE case_id IN (${others})`;
}

/** One row per person: the record that identified them, else the earliest. */
const PERSONS = sql`SELECT DISTINCT ON (v.person_key) v.* FROM v
  ORDER BY v.person_key, (v.status = 'identified') DESC, v.opened_at, v.cp_id`;

const FISCAL = (month: SQL) => sql`(left(${month}, 4)::int + CASE WHEN substr(${month}, 6, 2)::int >= 10 THEN 1 ELSE 0 END)`;

/** Persons of `d` (one row per person) by every dimension, as (dim, key, n) rows. */
function personDims(): SQL {
  const by = (dim: string, key: SQL) => sql`SELECT ${dim}::text AS dim, (${key})::text AS key, count(*)::int AS n FROM d GROUP BY 2`;
  return sql`${sql.join(PERSON_DIMS.map(([dim, column]) => by(dim, sql.raw(`d.${column}`))), sql` UNION ALL `)}
    UNION ALL ${by('month', sql`d.month`)}
    UNION ALL ${by('year', sql`left(d.month, 4)`)}
    UNION ALL ${by('fiscal', FISCAL(sql`d.month`))}
    UNION ALL SELECT 'exploitation', coalesce(e.code, 'unknown'), count(*)::int FROM d LEFT JOIN LATERAL unnest(d.exploitation_types) AS e(code) ON true GROUP BY 2`;
}

/** Which cells answer a filter: the country's or some provinces', over whole months [from, to). */
interface CellRange { provinces: string[] | null; fromMonth: string | null; toMonth: string | null }

/** Thai calendar month of a Thai-midnight instant, when that midnight is the first of the month. */
function wholeMonth(ts: string | null): string | null | false {
  if (ts === null) return null;
  const local = new Date(new Date(ts).getTime() + 7 * 3_600_000).toISOString();
  return local.slice(8, 10) === '01' ? local.slice(0, 7) : false;
}

/**
 * The cells answer a filter of provinces and whole months at most, for a caller who sees whole provinces: a
 * national caller (every province), or a provincial one none of whose cases lie outside its province (its
 * organisation's, its teams' and its accepted referrals' cases are then all in it). Anything else is counted
 * from the facts.
 */
async function cellRange(db: Db, actor: Actor, f: ResolvedFilter): Promise<CellRange | null> {
  if (f.stage.length + f.exploitation.length > 0 || hasPersonFilter(f)) return null;
  const fromMonth = wholeMonth(f.fromTs);
  const toMonth = wholeMonth(f.toTs);
  if (fromMonth === false || toMonth === false) return null;
  if (caseScopeCondition(actor) === undefined) return { provinces: f.province.length ? f.province : null, fromMonth, toMonth };
  if (actor.scope !== 'province' || !actor.provinceCode) return null;
  const own = actor.provinceCode;
  const [outside] = rowsOf<{ any: boolean }>(await db.execute(sql`SELECT EXISTS (
    SELECT 1 FROM ${cases} c WHERE c.id IN (${casesBeyondProvince(actor)}) AND c.province_code <> ${own}) AS any`));
  if (outside?.any) return null;
  return { provinces: f.province.length ? f.province.filter((p) => p === own) : [own], fromMonth, toMonth };
}

/**
 * A range as conditions on the cells (alias s: all provinces are the country's cells), the facts (f) or the
 * durations (d), which carry province and month too.
 */
function rangeOn(r: CellRange, alias: 's' | 'f' | 'd'): SQL {
  const a = sql.raw(alias);
  const conds: SQL[] = [sql`true`];
  if (r.provinces) conds.push(sql`${a}.province_code = ANY(${textArray(r.provinces)}::bpchar[])`);
  else if (alias === 's') conds.push(sql`${a}.province_code = ${COUNTRY}`);
  if (r.fromMonth) conds.push(sql`${a}.month >= ${r.fromMonth}`);
  if (r.toMonth) conds.push(sql`${a}.month < ${r.toMonth}`);
  return sql.join(conds, sql` AND `);
}

/** The cells' counts of one dimension over the range. */
const cellSums = (r: CellRange, dim: string) => sql`SELECT s.key, sum(s.n)::int AS n FROM stats_cells s
  WHERE ${rangeOn(r, 's')} AND s.dim = ${dim} GROUP BY s.key`;

const VICTIM_DIMS = [...PERSON_DIMS.map(([dim]) => dim), 'exploitation'];

export interface DimRow { dim: string; key: string; n: number }

export interface TimelinessRow { k: string; n: number; median: number | null; p90: number | null }

export function createStatsRepository(db: Db) {
  /**
   * percentile_cont over the durations in range, without sorting them: the cells give each bucket's count, so
   * the rank of a percentile falls in a known bucket, whose values are read in order from the index up to that
   * rank. The same float8 interpolation as PostgreSQL's: lo + (pos − ⌊pos⌋) × (hi − lo).
   */
  async function timelinessFromCells(range: CellRange): Promise<TimelinessRow[]> {
    // One snapshot: a refresh committing between the counts and the reads would move the ranks.
    return db.transaction((tx) => percentilesFromCells(tx, range), { isolationLevel: 'repeatable read', accessMode: 'read only' });
  }

  async function percentilesFromCells(tx: Db, range: CellRange): Promise<TimelinessRow[]> {
    const hist = rowsOf<{ dim: string; bucket: number; n: number }>(await tx.execute(sql`
      SELECT s.dim, s.key::int AS bucket, sum(s.n)::int AS n FROM stats_cells s
      WHERE ${rangeOn(range, 's')} AND s.dim LIKE 'tl:%' GROUP BY 1, 2 HAVING sum(s.n) > 0 ORDER BY 1, 2`));
    const byMeasure = new Map<string, { bucket: number; n: number }[]>();
    for (const h of hist) {
      const k = h.dim.slice(3);
      byMeasure.set(k, [...(byMeasure.get(k) ?? []), { bucket: Number(h.bucket), n: Number(h.n) }]);
    }
    // Where each rank lies: its bucket and its offset there; every value needed is then read in one statement.
    const reads: { measure: string; bucket: number; offset: number; rank: number }[] = [];
    const readsFor = (measure: string, buckets: { bucket: number; n: number }[], rank: number) => {
      let before = 0;
      for (const b of buckets) {
        if (rank < before + b.n) {
          if (!reads.some((r) => r.measure === measure && r.rank <= rank && rank <= r.rank + 1 && r.bucket === b.bucket)) {
            reads.push({ measure, bucket: b.bucket, offset: rank - before, rank });
          }
          return;
        }
        before += b.n;
      }
      throw new Error(`rank ${rank} beyond ${before} durations of ${measure}`);
    };
    const wanted = [...byMeasure].map(([measure, buckets]) => {
      const n = buckets.reduce((s, b) => s + b.n, 0);
      const ranks = [0.5, 0.9].map((p) => {
        const pos = p * (n - 1);
        readsFor(measure, buckets, Math.floor(pos));
        readsFor(measure, buckets, Math.ceil(pos));
        return pos;
      });
      return { measure, n, ranks };
    });
    const values = new Map<string, number>();
    if (reads.length) {
      const rows = rowsOf<{ q: number; vs: (number | string)[] }>(await tx.execute(sql.join(reads.map((r, i) => sql`
        SELECT ${i}::int AS q, array_agg(x.v ORDER BY x.v) AS vs FROM (
          SELECT d.days::float8 AS v FROM stats_durations d
          WHERE d.measure = ${r.measure} AND d.bucket = ${r.bucket} AND ${rangeOn(range, 'd')}
          ORDER BY d.days OFFSET ${r.offset} LIMIT 2) x`), sql` UNION ALL `)));
      for (const row of rows) {
        const r = reads[Number(row.q)]!;
        (row.vs ?? []).forEach((v, i) => values.set(`${r.measure}|${r.rank + i}`, Number(v)));
      }
    }
    const valueAt = (measure: string, rank: number) => {
      const v = values.get(`${measure}|${rank}`);
      if (v === undefined) throw new Error(`stats cells and durations disagree for ${measure}`);
      return v;
    };
    // PostgreSQL's percentile_cont: lo + (pos − ⌊pos⌋) × (hi − lo), in float8.
    const at = (measure: string, pos: number) => {
      const lo = valueAt(measure, Math.floor(pos));
      return lo + (pos - Math.floor(pos)) * (valueAt(measure, Math.ceil(pos)) - lo);
    };
    return wanted.map((w) => ({ k: w.measure, n: w.n, median: at(w.measure, w.ranks[0]!), p90: at(w.measure, w.ranks[1]!) }));
  }

  return {
    /**
     * Distinct persons by every dimension, in one statement. From the cells where they answer the filter
     * (persons with one record summed there, persons with several counted once from their facts), else from the facts.
     */
    async victimBreakdowns(actor: Actor, f: ResolvedFilter): Promise<DimRow[]> {
      const range = await cellRange(db, actor, f);
      if (!range) {
        return rowsOf<DimRow>(await db.execute(sql`WITH v AS (${victimRows(actor, f)}), d AS MATERIALIZED (${PERSONS}) ${personDims()}`));
      }
      return rowsOf<DimRow>(await db.execute(sql`
        WITH c AS MATERIALIZED (SELECT s.province_code, s.month::text AS month, s.dim, s.key, s.n FROM stats_cells s
               WHERE ${rangeOn(range, 's')} AND s.dim = ANY(${textArray(VICTIM_DIMS)})),
          v AS (${victimRows(actor, f, { sharedOnly: true })}), d AS MATERIALIZED (${PERSONS})
        SELECT x.dim::text AS dim, x.key::text AS key, sum(x.n)::int AS n FROM (
          SELECT c.dim, c.key, c.n FROM c
          UNION ALL SELECT 'month', c.month, c.n FROM c WHERE c.dim = 'status'
          UNION ALL SELECT 'year', left(c.month, 4), c.n FROM c WHERE c.dim = 'status'
          UNION ALL SELECT 'fiscal', ${FISCAL(sql`c.month`)}::text, c.n FROM c WHERE c.dim = 'status'
          UNION ALL ${personDims()}
        ) x GROUP BY 1, 2`));
    },

    /** Cases matching the filter by NRM stage; with a person filter, cases with at least one matching victim. */
    async casesByStage(actor: Actor, f: ResolvedFilter): Promise<{ stage: string; n: number }[]> {
      const range = await cellRange(db, actor, f);
      if (range) return rowsOf<{ stage: string; n: number }>(await db.execute(sql`SELECT x.key AS stage, x.n FROM (${cellSums(range, 'stage')}) x`));
      const personFilter = hasPersonFilter(f);
      return rowsOf<{ stage: string; n: number }>(await db.execute(sql`
        ${personFilter ? sql`WITH v AS (${victimRows(actor, f)})` : sql``}
        SELECT cases.stage, count(*)::int AS n FROM ${cases}
        WHERE ${caseConditions(actor, f)}${personFilter ? sql` AND cases.id IN (SELECT v.case_id FROM v)` : sql``}
        GROUP BY 1`));
    },

    /**
     * Reports received, by month (Thai time). National roles: all; a province: reports routed to it or sent by
     * its own organisation; others: reports their organisation sent.
     */
    async reportsByMonth(actor: Actor, f: ResolvedFilter): Promise<{ month: string; n: number }[]> {
      const conds: SQL[] = [];
      if (actor.scope === 'province' && actor.provinceCode) {
        conds.push(sql`(r.routed_province_code = ${actor.provinceCode} OR r.source_organisation_id = ${actor.organisationId})`);
      } else if (actor.scope !== 'national') {
        conds.push(sql`r.source_organisation_id = ${actor.organisationId}`);
      }
      if (f.fromTs) conds.push(sql`r.created_at >= ${f.fromTs}::timestamptz`);
      if (f.toTs) conds.push(sql`r.created_at < ${f.toTs}::timestamptz`);
      if (f.province.length) conds.push(sql`r.routed_province_code = ANY(${textArray(f.province)}::bpchar[])`);
      return rowsOf<{ month: string; n: number }>(await db.execute(sql`
        SELECT to_char(${thaiLocal(sql`r.created_at`)}, 'YYYY-MM') AS month, count(*)::int AS n FROM reports r
        WHERE ${conds.length ? sql.join(conds, sql` AND `) : sql`true`} GROUP BY 1`));
    },

    /**
     * Days between the steps (negative intervals — a screening entered before the report — count as 0): the
     * median and 90th percentile as percentile_cont computes them. From the cells where they answer the filter.
     */
    async timeliness(actor: Actor, f: ResolvedFilter): Promise<TimelinessRow[]> {
      const range = await cellRange(db, actor, f);
      if (range) return timelinessFromCells(range);
      const rows = rowsOf<{ k: string; n: number; median: number | string | null; p90: number | string | null }>(await db.execute(sql`
        WITH v AS MATERIALIZED (${victimRows(actor, f, { includeNotVictims: f.victimStatus.length === 0 })}),
        iv AS (
          SELECT 'report_to_screening' AS k, v.report_to_screening AS days FROM v WHERE v.report_to_screening IS NOT NULL
          UNION ALL SELECT 'screening_to_identification', v.screening_to_identification FROM v WHERE v.screening_to_identification IS NOT NULL
          UNION ALL SELECT 'identification_to_first_service', v.identification_to_first_service FROM v WHERE v.identification_to_first_service IS NOT NULL
          UNION ALL SELECT 'referral_request_to_acceptance', d.days FROM v, unnest(v.referral_days) AS d(days)
        )
        SELECT k, count(*)::int AS n,
          (percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(days, 0)))::float8 AS median,
          (percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(days, 0)))::float8 AS p90
        FROM iv GROUP BY k`));
      return rows.map((r) => ({ k: r.k, n: Number(r.n), median: r.median === null ? null : Number(r.median), p90: r.p90 === null ? null : Number(r.p90) }));
    },

    /**
     * Act s.29 custody clocks of the counted persons: ended (identified, or the deadline passed) and met
     * (identified by the deadline: 24 hours, or a court's extension, never beyond 7 days). From the cells, the
     * clocks that ended by identification; the ones still open are counted against now.
     */
    async s29(actor: Actor, f: ResolvedFilter): Promise<{ clocks: number; met: number }> {
      const range = await cellRange(db, actor, f);
      const [row] = rowsOf<{ clocks: number; met: number }>(await db.execute(range ? sql`
        WITH c AS (${cellSums(range, 's29')}),
        o AS (SELECT count(*)::int AS n FROM stats_victim_facts f
              WHERE f.identified_at IS NULL AND f.s29_due < now() AND ${rangeOn(range, 'f')})
        SELECT (coalesce((SELECT sum(c.n) FROM c), 0) + (SELECT o.n FROM o))::int AS clocks,
               coalesce((SELECT sum(c.n) FROM c WHERE c.key = 'met'), 0)::int AS met` : sql`
        SELECT count(*) FILTER (WHERE f.identified_at IS NOT NULL OR f.s29_due < now())::int AS clocks,
               count(*) FILTER (WHERE f.identified_at IS NOT NULL AND f.identified_at <= f.s29_due)::int AS met
        FROM (${victimRows(actor, f, { includeNotVictims: f.victimStatus.length === 0 })}) f WHERE f.taken_into_care_at IS NOT NULL`));
      return { clocks: Number(row?.clocks ?? 0), met: Number(row?.met ?? 0) };
    },

    async servicesDelivered(actor: Actor, f: ResolvedFilter): Promise<{ service: string; provider: string | null; n: number }[]> {
      const range = await cellRange(db, actor, f);
      return rowsOf<{ service: string; provider: string | null; n: number }>(await db.execute(range ? sql`
        SELECT split_part(x.key, ' ', 1) AS service, nullif(split_part(x.key, ' ', 2), '-') AS provider, x.n FROM (${cellSums(range, 'service')}) x` : sql`
        SELECT split_part(x.key, ' ', 1) AS service, nullif(split_part(x.key, ' ', 2), '-') AS provider, count(*)::int AS n
        FROM (${victimRows(actor, f)}) v, unnest(v.services_delivered) AS x(key) GROUP BY 1, 2`));
    },

    async referralsByStatus(actor: Actor, f: ResolvedFilter): Promise<{ status: string; n: number }[]> {
      const range = await cellRange(db, actor, f);
      return rowsOf<{ status: string; n: number }>(await db.execute(range ? sql`SELECT x.key AS status, x.n FROM (${cellSums(range, 'referral')}) x` : sql`
        SELECT x.status, count(*)::int AS n FROM (${victimRows(actor, f)}) v, unnest(v.referral_statuses) AS x(status) GROUP BY 1`));
    },

    /** The drill-down page: cases as on the summary's case count, newest first. */
    async casePage(actor: Actor, f: ResolvedFilter, limit: number, after: { sortKey: string; id: string } | undefined) {
      const personFilter = hasPersonFilter(f);
      const rows = rowsOf<{ id: string; case_number: string; province_code: string; stage: string; status: string; opened_at: string }>(await db.execute(sql`
        ${personFilter ? sql`WITH v AS (${victimRows(actor, f)})` : sql``}
        SELECT cases.id, cases.case_number, cases.province_code::text AS province_code, cases.stage, cases.status,
          to_char(cases.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS opened_at
        FROM ${cases}
        WHERE ${caseConditions(actor, f)}${personFilter ? sql` AND cases.id IN (SELECT v.case_id FROM v)` : sql``}
          ${after ? sql`AND (date_trunc('milliseconds', cases.opened_at), cases.id) < (${after.sortKey}::timestamptz, ${after.id}::uuid)` : sql``}
        ORDER BY date_trunc('milliseconds', cases.opened_at) DESC, cases.id DESC
        LIMIT ${limit + 1}`));
      const ids = rows.map((r) => r.id);
      const counts = ids.length === 0 ? [] : rowsOf<{ case_id: string; n: number }>(await db.execute(sql`
        WITH v AS (${victimRows(actor, f, { caseIds: ids })}) SELECT v.case_id::text AS case_id, count(*)::int AS n FROM v GROUP BY 1`));
      const byCase = new Map(counts.map((c) => [c.case_id, Number(c.n)]));
      return rows.map((r) => ({ ...r, matching: byCase.get(r.id) ?? 0 }));
    },

    /** The standard profile table: persons by exploitation (each form), nationality, gender and age band. */
    async profileCube(actor: Actor, f: ResolvedFilter): Promise<{ exploitation: string; nationality: string; sex: string; age_band: string; n: number }[]> {
      return rowsOf(await db.execute(sql`
        WITH v AS (${victimRows(actor, f)}), d AS (${PERSONS})
        SELECT coalesce(e.code, 'unknown') AS exploitation, d.nationality, d.sex, d.age_band, count(*)::int AS n
        FROM d LEFT JOIN LATERAL unnest(d.exploitation_types) AS e(code) ON true
        GROUP BY 1, 2, 3, 4`));
    },

    /** Persons by province, status and child/adult, for the standard province table. */
    async provinceTable(actor: Actor, f: ResolvedFilter): Promise<{ province_code: string; status: string; age_group: string; n: number }[]> {
      return rowsOf(await db.execute(sql`
        WITH v AS (${victimRows(actor, f)}), d AS (${PERSONS})
        SELECT d.province_code, d.status, d.age_group, count(*)::int AS n FROM d GROUP BY 1, 2, 3`));
    },

    async provinces(): Promise<{ code: string; name_th: string; name_en: string }[]> {
      return rowsOf(await db.execute(sql`SELECT code::text AS code, name_th, name_en FROM provinces ORDER BY code`));
    },

    async countries(codes: string[]): Promise<{ code: string; name_th: string; name_en: string }[]> {
      if (codes.length === 0) return [];
      return rowsOf(await db.execute(sql`SELECT alpha3::text AS code, name_th, name_en FROM countries WHERE alpha3 = ANY(${textArray(codes)})`));
    },

    async organisations(ids: string[]): Promise<{ id: string; name_th: string; name_en: string }[]> {
      if (ids.length === 0) return [];
      return rowsOf(await db.execute(sql`SELECT id::text AS id, name_th, name_en FROM organisations WHERE id = ANY(${uuidArray(ids)})`));
    },

    async unknownProvinces(codes: string[]): Promise<string[]> {
      if (codes.length === 0) return [];
      const found = rowsOf<{ code: string }>(await db.execute(sql`SELECT code::text AS code FROM provinces WHERE code = ANY(${textArray(codes)})`));
      const known = new Set(found.map((r) => r.code.trim()));
      return codes.filter((c) => !known.has(c));
    },

    async unknownCountries(codes: string[]): Promise<string[]> {
      const real = codes.filter((c) => c !== 'unknown');
      if (real.length === 0) return [];
      const found = rowsOf<{ code: string }>(await db.execute(sql`SELECT alpha3::text AS code FROM countries WHERE alpha3 = ANY(${textArray(real)})`));
      const known = new Set(found.map((r) => r.code.trim()));
      return real.filter((c) => !known.has(c));
    },
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
