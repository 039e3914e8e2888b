import { sql } from 'drizzle-orm';
import { bigserial, boolean, char, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Statistics read model (issue 6). The dashboard cannot join a million cases to two million persons on
 * every request, so each victim record is kept here as one row with its dimensions already worked out,
 * and the counts of each province and month are kept beside them. Both are derived, never edited: triggers
 * on the source tables queue the case, and the stats service re-derives queued cases before it reads
 * (modules/stats/stats.facts.ts). Identity never enters these tables: a person is a blind-index key.
 */

/** Cases whose facts must be derived again. An append-only queue: a refresh removes the rows it read, no more. */
export const statsDirtyCases = pgTable('stats_dirty_cases', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  caseId: uuid().notNull(),
});

/** One row per case: what the count of cases by stage needs. */
export const statsCaseFacts = pgTable(
  'stats_case_facts',
  {
    caseId: uuid().primaryKey(),
    provinceCode: char({ length: 2 }).notNull(),
    month: char({ length: 7 }).notNull(),
    stage: text().notNull(),
  },
  (t) => [index('stats_case_facts_cell_idx').on(t.provinceCode, t.month)],
);

/** One row per victim record (case person with role victim), whatever the team decided. */
export const statsVictimFacts = pgTable(
  'stats_victim_facts',
  {
    cpId: uuid().primaryKey(),
    caseId: uuid().notNull(),
    provinceCode: char({ length: 2 }).notNull(),
    stage: text().notNull(),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    /** Registration in Thai time: the period filters and the month/year axes. */
    openedLocal: timestamp().notNull(),
    month: char({ length: 7 }).notNull(),
    reportId: uuid(),
    /** d:<document blind index> | n:<national-ID blind index> | p:<person id>. */
    personKey: text().notNull(),
    /** Whether this is the person's only counted (not "not a victim") record: such rows can be summed in cells. */
    single: boolean().notNull(),
    /** identified | possible | not_a_victim */
    status: text().notNull(),
    sex: text().notNull(),
    age: integer(),
    ageBand: text().notNull(),
    ageGroup: text().notNull(),
    nationality: text().notNull(),
    industry: text().notNull(),
    exploitationTypes: text().array().notNull(),
    identifiedAt: timestamp({ withTimezone: true }),
    takenIntoCareAt: timestamp({ withTimezone: true }),
    custodyExtendedUntil: timestamp({ withTimezone: true }),
    /** Days between the NRM steps (timeliness), unclamped; null when a step is missing. */
    reportToScreening: numeric(),
    screeningToIdentification: numeric(),
    identificationToFirstService: numeric(),
    /** Days from request to answer of each accepted (or later revoked) referral of this person. */
    referralDays: numeric().array().notNull(),
    /** End of the s.29 custody clock: 24 hours from care, or the court's extension, never beyond 7 days. */
    s29Due: timestamp({ withTimezone: true }),
    /** '<plan service> <provider id or ->' of each delivered service of this person. */
    servicesDelivered: text().array().notNull(),
    /** Status of each referral (not transfer) of this person. */
    referralStatuses: text().array().notNull(),
  },
  (t) => [
    index('stats_victim_facts_case_idx').on(t.caseId),
    index('stats_victim_facts_cell_idx').on(t.provinceCode, t.month),
    index('stats_victim_facts_person_idx').on(t.personKey),
    index('stats_victim_facts_shared_idx').on(t.month).where(sql`NOT ${t.single}`),
    index('stats_victim_facts_open_clock_idx').on(t.s29Due).where(sql`${t.identifiedAt} IS NULL`),
  ],
);

/**
 * Counts per province (or '00' for the whole country) and month of registration, by dimension and key: the
 * counts every dashboard chart sums. Persons with several victim records are not in `victims` dimensions
 * (they are counted from the facts, once per filter); per-record measures (services, referrals, clocks) are.
 */
export const statsCells = pgTable(
  'stats_cells',
  {
    provinceCode: char({ length: 2 }).notNull(),
    month: char({ length: 7 }).notNull(),
    dim: text().notNull(),
    key: text().notNull(),
    n: integer().notNull(),
  },
  // Dimension before month: a chart reads one dimension over a range of months; a refresh recounts whole cells.
  (t) => [primaryKey({ columns: [t.provinceCode, t.dim, t.month, t.key] }), index('stats_cells_cell_idx').on(t.provinceCode, t.month)],
);

/**
 * Each timeliness interval of each victim record (clamped at 0 days), with its bucket on a log scale (32 per
 * doubling). The cells count records per bucket; a percentile is found by walking those counts to its
 * bucket, then reading the few values of that bucket in order (the index below, no table access).
 */
export const statsDurations = pgTable(
  'stats_durations',
  {
    cpId: uuid().notNull(),
    caseId: uuid().notNull(),
    provinceCode: char({ length: 2 }).notNull(),
    month: char({ length: 7 }).notNull(),
    measure: text().notNull(),
    days: numeric().notNull(),
    bucket: smallint().notNull(),
  },
  (t) => [index('stats_durations_case_idx').on(t.caseId), index('stats_durations_cell_idx').on(t.provinceCode, t.month)],
);
