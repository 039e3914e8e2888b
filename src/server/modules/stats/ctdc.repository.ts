import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { ctdcFlags } from '../../../contracts/ctdc.js';
import { ageLabels, levels, periodLabel, type Level, type Period } from './ctdc.anonymise.js';
import { ageBandUpper, flagSources } from './ctdc.mapping.js';

/**
 * The export's SQL. Victims are mapped to CTDC's variables in the database (one compact row each:
 * year, gender, age band, citizenship, country of exploitation, months band and a 21-bit flag set),
 * counted once per person and grouped into a temporary table of full-detail classes (one pass over the
 * victims); each generalisation level of ctdc.anonymise.ts is then a GROUP BY over that table. Only
 * class counts ever leave the database, so memory does not grow with the number of victims.
 *
 * Constants from this module (codes, labels, masks) are written into the SQL as literals; caller
 * values (years, k, the actor's scope) are bound parameters.
 */

const dialect = new PgDialect({ casing: 'snake_case' });

export interface RawQuery {
  text: string;
  params: unknown[];
}
function render(q: SQL): RawQuery {
  const r = dialect.sqlToQuery(q);
  return { text: r.sql, params: r.params };
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(', ')}]::text[]`;

/** Bit set of the 21 CTDC flags from the stored HTCDS columns of case_persons (alias cp). */
function flagsSql(): string {
  return ctdcFlags.map((f, i) => {
    const src = flagSources[f];
    if (src.codes.length === 0) return null;
    const cond = src.column === 'industry' || src.column === 'relationship_to_trafficker'
      ? `cp.${src.column} IN (${src.codes.map(lit).join(', ')})`
      : `cp.${src.column} && ${textArray(src.codes)}`;
    return `(CASE WHEN ${cond} THEN ${1 << i} ELSE 0 END)`;
  }).filter((x) => x !== null).join(' + ');
}

const ageBandSql = (age: string) =>
  `CASE WHEN ${age} IS NULL OR ${age} < 0 THEN NULL ${ageBandUpper.map((u, i) => `WHEN ${age} <= ${u} THEN ${i}`).join(' ')} ELSE ${ageBandUpper.length} END`;

export interface ExportFilter extends Period {
  k: number;
  /** Which cases the caller sees in full (cases.access.ts fullScope); undefined = national. */
  scope: SQL | undefined;
}

/**
 * The export's victims, one per person, mapped and grouped by every released variable at full detail
 * (level 0): a table of classes with their sizes `n`. Every coarser level's classes are unions of these,
 * so all later statements read this small table instead of the victims.
 */
export function createClassesTable(table: string, f: ExportFilter): RawQuery {
  return render(sql`CREATE TEMP TABLE ${sql.raw(table)} AS
SELECT yr, g, ab, cit, coe, tm, fl, count(*)::int AS n FROM (
  SELECT DISTINCT ON (dk) yr, g, ab, cit, coe, tm, fl FROM (
    SELECT coalesce('d:' || p.document_index, 'n:' || p.national_id_index, 'p:' || p.id::text) AS dk,
      cp.trafficking_status = 'ActualVictimOfTrafficking' AS identified, cases.opened_at AS opened, cp.id AS cpid,
      extract(year FROM reg.d)::int AS yr,
      CASE coalesce(p.gender, p.sex) WHEN 'Masculine' THEN 0 WHEN 'male' THEN 0 WHEN 'Feminine' THEN 1 WHEN 'female' THEN 1
        WHEN 'TransgenderFeminine' THEN 2 WHEN 'TransgenderMasculine' THEN 2 WHEN 'NonConforming' THEN 2 END AS g,
      ${sql.raw(ageBandSql('age.a'))} AS ab,
      p.nationality::text AS cit,
      ev.coe::text AS coe,
      CASE WHEN ev.first IS NULL OR ev.first > reg.care THEN NULL
        WHEN date_part('year', age(reg.care, ev.first)) * 12 + date_part('month', age(reg.care, ev.first)) <= 12 THEN 0
        WHEN date_part('year', age(reg.care, ev.first)) * 12 + date_part('month', age(reg.care, ev.first)) <= 24 THEN 1
        ELSE 2 END AS tm,
      ${sql.raw(flagsSql())} AS fl
    FROM case_persons cp
    JOIN cases ON cases.id = cp.case_id
    JOIN persons p ON p.id = cp.person_id
    CROSS JOIN LATERAL (SELECT (cases.opened_at AT TIME ZONE 'Asia/Bangkok')::date AS d,
      (coalesce(cp.taken_into_care_at, cp.identified_at, cases.opened_at) AT TIME ZONE 'Asia/Bangkok')::date AS care) reg
    CROSS JOIN LATERAL (SELECT coalesce(CASE WHEN p.birth_date IS NOT NULL THEN date_part('year', age(reg.d, p.birth_date))::int END,
      p.estimated_age, cp.age_when_trafficked) AS a) age
    LEFT JOIN (SELECT e.case_person_id, min(e.event_date) AS first,
        (array_agg(e.country ORDER BY e.event_date DESC NULLS LAST, e.created_at DESC)
          FILTER (WHERE e.type = 'Exploitation' AND e.country IS NOT NULL))[1] AS coe
      FROM case_events e GROUP BY e.case_person_id) ev ON ev.case_person_id = cp.id
    WHERE cp.role = 'victim' AND cp.trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking'
      AND cases.opened_at >= make_timestamptz(${f.from}::int, 1, 1, 0, 0, 0, 'Asia/Bangkok')
      AND cases.opened_at < make_timestamptz(${f.to}::int + 1, 1, 1, 0, 0, 0, 'Asia/Bangkok')
      AND ${f.scope ?? sql`true`}
  ) x ORDER BY dk, identified DESC NULLS LAST, opened, cpid
) v GROUP BY yr, g, ab, cit, coe, tm, fl`);
}

/** The level-0 classes with the 'rare' codes marked (held by fewer than k victims of the export). */
function classesCte(table: string, k: number): SQL {
  return sql`WITH w AS (
  SELECT t.*,
    CASE WHEN sum(n) OVER (PARTITION BY cit) >= ${k}::int THEN cit END AS cit_c,
    CASE WHEN sum(n) OVER (PARTITION BY coe) >= ${k}::int THEN coe END AS coe_c
  FROM ${sql.raw(table)} t
)`;
}

/** A level's class key as SQL over `w`: [alias, expression, constant?]. */
function levelColumns(l: Level, p: Period): [string, string, boolean][] {
  const ages = l.age === 'blank' ? null : ageLabels[l.age];
  return [
    ['y', l.year === 'exact' ? 'yr::text' : `${lit(periodLabel(p.from, p.to))}::text`, l.year !== 'exact'],
    ['g', l.gender === 'keep' ? 'g' : 'NULL::int', l.gender !== 'keep'],
    ['a', ages ? `(${textArray(ages)})[ab + 1]` : 'NULL::text', ages === null],
    ['c', l.places === 'exact' ? 'cit' : l.places === 'rare' ? 'cit_c' : 'NULL::text', l.places === 'blank'],
    ['o', l.places === 'exact' ? 'coe' : l.places === 'rare' ? 'coe_c' : 'NULL::text', l.places === 'blank'],
    ['m', l.months === 'band' ? 'tm' : 'NULL::int', l.months !== 'band'],
    ['f', l.flags === 0 ? '0' : `(fl & ${l.flags})`, l.flags === 0],
  ];
}

/** GROUP BY the level's non-constant keys (PostgreSQL refuses constants there; they do not split classes anyway). */
function groupBy(l: Level, p: Period): string {
  const keys = levelColumns(l, p).filter(([, , constant]) => !constant).map(([, e]) => e);
  return keys.length ? `GROUP BY ${keys.join(', ')}` : '';
}

/** Victims in the export and, for every level, how many of them sit in classes smaller than k. */
export function levelCountsQuery(table: string, f: ExportFilter): RawQuery {
  const perLevel = levels.map((l, i) => sql`, (SELECT coalesce(sum(n), 0) FROM (SELECT sum(n) AS n FROM w ${sql.raw(groupBy(l, f))}) q
    WHERE n < ${f.k}::int)::int AS ${sql.raw(`s${i}`)}`);
  return render(sql`${classesCte(table, f.k)} SELECT (SELECT coalesce(sum(n), 0) FROM w)::int AS total${sql.join(perLevel)}`);
}

export interface LevelCounts {
  total: number;
  suppressedByLevel: number[];
}
export function parseLevelCounts(row: Record<string, unknown>): LevelCounts {
  return { total: Number(row.total), suppressedByLevel: levels.map((_, i) => Number(row[`s${i}`])) };
}

/** The classes of one level that hold at least k victims. */
export function classesQuery(table: string, f: ExportFilter, level: number): RawQuery {
  const l = levels[level]!;
  const select = levelColumns(l, f).map(([alias, e]) => `${e} AS ${alias}`).join(', ');
  return render(sql`${classesCte(table, f.k)}
SELECT * FROM (
  SELECT ${sql.raw(select)}, sum(n)::int AS n
  FROM w ${sql.raw(groupBy(l, f))}
) q WHERE n >= ${f.k}::int ORDER BY y, g, a, c, o, m, f`);
}

export interface ClassRow {
  y: string;
  g: number | null;
  a: string | null;
  c: string | null;
  o: string | null;
  m: number | null;
  f: number;
  n: number;
}
