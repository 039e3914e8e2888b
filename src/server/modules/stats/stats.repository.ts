import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { textArray, uuidArray } from '../../db/sql-arrays.js';
import { cases } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { caseScopeCondition } from '../cases/cases.access.js';

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

/** Thai local time (UTC+7, no daylight saving) of an instant. */
export const thaiLocal = (col: SQL) => sql`((${col} AT TIME ZONE 'UTC') + interval '7 hours')`;

const AGE = sql`coalesce(
  CASE WHEN p.birth_date IS NOT NULL THEN date_part('year', age((${thaiLocal(sql`cases.opened_at`)})::date, p.birth_date))::int END,
  p.estimated_age, cp.age_when_trafficked)`;
const AGE_BAND = sql`CASE WHEN b.age IS NULL THEN 'unknown' WHEN b.age <= 8 THEN '0-8' WHEN b.age <= 17 THEN '9-17' WHEN b.age <= 20 THEN '18-20'
  WHEN b.age <= 23 THEN '21-23' WHEN b.age <= 26 THEN '24-26' WHEN b.age <= 29 THEN '27-29' WHEN b.age <= 38 THEN '30-38'
  WHEN b.age <= 47 THEN '39-47' ELSE '48+' END`;

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
  if (f.province.length) conds.push(sql`cases.province_code = ANY(${textArray(f.province)})`);
  if (f.stage.length) conds.push(sql`cases.stage = ANY(${textArray(f.stage)})`);
  if (f.exploitation.length) conds.push(sql`cases.exploitation_types && ${textArray(f.exploitation)}`);
  return conds.length ? sql.join(conds, sql` AND `) : sql`true`;
}

/**
 * Victim records matching the filter, one per case person. `includeNotVictims` keeps persons the team
 * decided are not victims (their clocks still count for timeliness).
 */
export function victimRows(actor: Actor, f: ResolvedFilter, opts: { includeNotVictims?: boolean; caseIds?: string[] } = {}): SQL {
  const inner: SQL[] = [sql`cp.role = 'victim'`, caseConditions(actor, f)];
  if (!opts.includeNotVictims) inner.push(sql`cp.trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking'`);
  if (opts.caseIds) inner.push(sql`cp.case_id = ANY(${uuidArray(opts.caseIds)})`);
  if (f.exploitation.length) inner.push(sql`cp.exploitation_types && ${textArray(f.exploitation)}`);
  if (f.nationality.length) inner.push(sql`coalesce(p.nationality::text, 'unknown') = ANY(${textArray(f.nationality)})`);
  if (f.sex.length) inner.push(sql`coalesce(p.gender, 'NonSpecifiedUnknown') = ANY(${textArray(f.sex)})`);
  if (f.industry.length) inner.push(sql`coalesce(cp.industry, 'unknown') = ANY(${textArray(f.industry)})`);
  const outer: SQL[] = [sql`true`];
  if (f.ageBand.length) outer.push(sql`a.age_band = ANY(${textArray(f.ageBand)})`);
  if (f.ageGroup.length) outer.push(sql`a.age_group = ANY(${textArray(f.ageGroup)})`);
  if (f.victimStatus.length) outer.push(sql`a.status = ANY(${textArray(f.victimStatus)})`);
  return sql`SELECT a.* FROM (
      SELECT b.*, ${AGE_BAND} AS age_band,
        CASE WHEN b.age IS NULL THEN 'unknown' WHEN b.age < 18 THEN 'child' ELSE 'adult' END AS age_group
      FROM (
        SELECT cp.id AS cp_id, cp.case_id, cases.province_code::text AS province_code, cases.stage, cases.opened_at, cases.report_id,
          ${thaiLocal(sql`cases.opened_at`)} AS opened_local,
          coalesce('d:' || p.document_index, 'n:' || p.national_id_index, 'p:' || p.id::text) AS person_key,
          CASE WHEN cp.trafficking_status = 'ActualVictimOfTrafficking' THEN 'identified'
               WHEN cp.trafficking_status = 'NotAVictimOfTrafficking' THEN 'not_a_victim' ELSE 'possible' END AS status,
          coalesce(p.gender, 'NonSpecifiedUnknown') AS sex,
          ${AGE} AS age,
          coalesce(p.nationality::text, 'unknown') AS nationality,
          coalesce(cp.industry, 'unknown') AS industry,
          cp.exploitation_types, cp.identified_at, cp.taken_into_care_at, cp.custody_extended_until
        FROM case_persons cp
          JOIN ${cases} ON cases.id = cp.case_id
          JOIN persons p ON p.id = cp.person_id
        WHERE ${sql.join(inner, sql` AND `)}
      ) b
    ) a
    WHERE ${sql.join(outer, sql` AND `)}`;
}

/** One row per person: the record that identified them, else the earliest. */
const PERSONS = sql`SELECT DISTINCT ON (v.person_key) v.* FROM v
  ORDER BY v.person_key, (v.status = 'identified') DESC, v.opened_at, v.cp_id`;

export interface DimRow { dim: string; key: string; n: number }

export function createStatsRepository(db: Db) {
  return {
    /** Distinct persons by every dimension, in one statement. */
    async victimBreakdowns(actor: Actor, f: ResolvedFilter): Promise<DimRow[]> {
      const by = (dim: string, key: SQL) => sql`SELECT ${dim}::text AS dim, (${key})::text AS key, count(*)::int AS n FROM d GROUP BY 2`;
      const fiscal = sql`(extract(year FROM d.opened_local)::int + CASE WHEN extract(month FROM d.opened_local) >= 10 THEN 1 ELSE 0 END)`;
      return rowsOf<DimRow>(await db.execute(sql`
        WITH v AS (${victimRows(actor, f)}), d AS MATERIALIZED (${PERSONS})
        ${by('status', sql`d.status`)}
        UNION ALL ${by('month', sql`to_char(d.opened_local, 'YYYY-MM')`)}
        UNION ALL ${by('year', sql`to_char(d.opened_local, 'YYYY')`)}
        UNION ALL ${by('fiscal', fiscal)}
        UNION ALL ${by('province', sql`d.province_code`)}
        UNION ALL ${by('sex', sql`d.sex`)}
        UNION ALL ${by('age_band', sql`d.age_band`)}
        UNION ALL ${by('age_group', sql`d.age_group`)}
        UNION ALL ${by('nationality', sql`d.nationality`)}
        UNION ALL ${by('industry', sql`d.industry`)}
        UNION ALL SELECT 'exploitation', coalesce(e.code, 'unknown'), count(*)::int FROM d LEFT JOIN LATERAL unnest(d.exploitation_types) AS e(code) ON true GROUP BY 2`));
    },

    /** Cases matching the filter by NRM stage; with a person filter, cases with at least one matching victim. */
    async casesByStage(actor: Actor, f: ResolvedFilter): Promise<{ stage: string; n: number }[]> {
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
      if (f.province.length) conds.push(sql`r.routed_province_code = ANY(${textArray(f.province)})`);
      return rowsOf<{ month: string; n: number }>(await db.execute(sql`
        SELECT to_char(${thaiLocal(sql`r.created_at`)}, 'YYYY-MM') AS month, count(*)::int AS n FROM reports r
        WHERE ${conds.length ? sql.join(conds, sql` AND `) : sql`true`} GROUP BY 1`));
    },

    /** Days between the steps (negative intervals — a screening entered before the report — count as 0). */
    async timeliness(actor: Actor, f: ResolvedFilter): Promise<{ k: string; n: number; median: number | null; p90: number | null }[]> {
      const rows = rowsOf<{ k: string; n: number; median: number | string | null; p90: number | string | null }>(await db.execute(sql`
        WITH v AS MATERIALIZED (${victimRows(actor, f, { includeNotVictims: f.victimStatus.length === 0 })}),
        fs AS (SELECT s.case_person_id, min(s.screened_at) AS first_screened FROM screenings s JOIN v ON v.cp_id = s.case_person_id GROUP BY 1),
        sv AS (SELECT x.case_person_id, min(x.actual_start) AS first_service FROM case_services x JOIN v ON v.cp_id = x.case_person_id
               WHERE x.actual_start IS NOT NULL AND x.status <> 'cancelled' GROUP BY 1),
        iv AS (
          SELECT 'report_to_screening' AS k, extract(epoch FROM fs.first_screened - r.created_at) / 86400.0 AS days
            FROM v JOIN reports r ON r.id = v.report_id JOIN fs ON fs.case_person_id = v.cp_id
          UNION ALL
          SELECT 'screening_to_identification', extract(epoch FROM v.identified_at - fs.first_screened) / 86400.0
            FROM v JOIN fs ON fs.case_person_id = v.cp_id WHERE v.identified_at IS NOT NULL
          UNION ALL
          SELECT 'identification_to_first_service', (sv.first_service - (${thaiLocal(sql`v.identified_at`)})::date)::numeric
            FROM v JOIN sv ON sv.case_person_id = v.cp_id WHERE v.identified_at IS NOT NULL AND v.status <> 'not_a_victim'
          UNION ALL
          SELECT 'referral_request_to_acceptance', extract(epoch FROM r.answered_at - r.requested_at) / 86400.0
            FROM referrals r JOIN v ON v.cp_id = r.case_person_id
            WHERE r.kind = 'referral' AND r.status IN ('accepted', 'revoked') AND r.answered_at IS NOT NULL
        )
        SELECT k, count(*)::int AS n,
          (percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(days, 0)))::float8 AS median,
          (percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(days, 0)))::float8 AS p90
        FROM iv GROUP BY k`));
      return rows.map((r) => ({ k: r.k, n: Number(r.n), median: r.median === null ? null : Number(r.median), p90: r.p90 === null ? null : Number(r.p90) }));
    },

    /**
     * Act s.29 custody clocks of the counted persons: ended (identified, or the deadline passed) and met
     * (identified by the deadline: 24 hours, or a court's extension, never beyond 7 days).
     */
    async s29(actor: Actor, f: ResolvedFilter): Promise<{ clocks: number; met: number }> {
      const [row] = rowsOf<{ clocks: number; met: number }>(await db.execute(sql`
        WITH v AS (${victimRows(actor, f, { includeNotVictims: f.victimStatus.length === 0 })}),
        c AS (SELECT v.identified_at,
                least(coalesce(v.custody_extended_until, v.taken_into_care_at + interval '24 hours'), v.taken_into_care_at + interval '7 days') AS due
              FROM v WHERE v.taken_into_care_at IS NOT NULL)
        SELECT count(*) FILTER (WHERE c.identified_at IS NOT NULL OR c.due < now())::int AS clocks,
               count(*) FILTER (WHERE c.identified_at IS NOT NULL AND c.identified_at <= c.due)::int AS met
        FROM c`));
      return { clocks: Number(row?.clocks ?? 0), met: Number(row?.met ?? 0) };
    },

    async servicesDelivered(actor: Actor, f: ResolvedFilter): Promise<{ service: string; provider: string | null; n: number }[]> {
      return rowsOf<{ service: string; provider: string | null; n: number }>(await db.execute(sql`
        WITH v AS (${victimRows(actor, f)})
        SELECT x.service, x.provider_organisation_id::text AS provider, count(*)::int AS n
        FROM case_services x JOIN v ON v.cp_id = x.case_person_id
        WHERE x.status = 'delivered' GROUP BY 1, 2`));
    },

    async referralsByStatus(actor: Actor, f: ResolvedFilter): Promise<{ status: string; n: number }[]> {
      return rowsOf<{ status: string; n: number }>(await db.execute(sql`
        WITH v AS (${victimRows(actor, f)})
        SELECT r.status, count(*)::int AS n FROM referrals r JOIN v ON v.cp_id = r.case_person_id
        WHERE r.kind = 'referral' GROUP BY 1`));
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
