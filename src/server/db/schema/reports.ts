import { sql, type SQLWrapper } from 'drizzle-orm';
import {
  pgTable, text, uuid, integer, timestamp, char, boolean, index, primaryKey, real, bigserial,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './identity.js';
import { districts, provinces } from './reference.js';

/** Days since 2000-01-01 in UTC. Immutable (an explicit zone, date arithmetic), so an index may use it. */
export const utcDay = (ts: SQLWrapper) => sql`((${ts} AT TIME ZONE 'UTC')::date - DATE '2000-01-01')`;

/**
 * One GIN key for a queue and a day, e.g. `63/9826` (`/9826` for the national queue): the duplicate
 * search asks for the keys of its area's days. Text, so a province code need not be a number.
 */
export const areaDayKey = (provinceCode: SQLWrapper, day: SQLWrapper) =>
  sql`(coalesce(${provinceCode}::text, '') || '/' || ${day}::text)`;

/**
 * A report of suspected trafficking: from the public page or recorded by staff (hotline, volunteer …).
 * Contact details are identity (`*_enc`, AES-256-GCM); the description is stored as typed and always
 * rendered as text. `routed_province_code` decides who sees it (null = the national queue).
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    reference: text().notNull().unique(),
    pinHash: text(),
    source: text().notNull(),
    channel: text().notNull(),
    language: text().notNull().default('th'),
    sourceOrganisationId: uuid().references(() => organisations.id),
    createdBy: uuid().references(() => users.id),
    description: text().notNull(),
    /** Thai words split by Intl.Segmenter, for trigram similarity (PostgreSQL cannot split Thai). */
    descriptionSegmented: text().notNull(),
    provinceCode: char({ length: 2 }).references(() => provinces.code),
    districtCode: char({ length: 4 }).references(() => districts.code),
    placeDescription: text(),
    happenedOn: text(),
    whenDescription: text(),
    peopleCount: integer(),
    approxAge: integer(),
    sexOfPeople: text().notNull().default('unknown'),
    nationality: char({ length: 3 }),
    childrenInvolved: text().notNull().default('unknown'),
    immediateDanger: boolean().notNull().default(false),
    urgent: boolean().notNull().default(false),
    contactNameEnc: text(),
    contactPhoneEnc: text(),
    contactLineEnc: text(),
    contactPhoneIndex: text(),
    contactLineIndex: text(),
    routedProvinceCode: char({ length: 2 }).references(() => provinces.code),
    status: text().notNull().default('received'),
    assignedTo: uuid().references(() => users.id),
    acknowledgedAt: timestamp({ withTimezone: true }),
    actionedAt: timestamp({ withTimezone: true }),
    ackDueAt: timestamp({ withTimezone: true }),
    actionDueAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    closeReason: text(),
    duplicateOf: uuid(),
    caseDecisionAt: timestamp({ withTimezone: true }),
    caseDecisionBy: uuid().references(() => users.id),
    /** Filled when the cases module opens the case (issue 5). */
    caseId: uuid(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The triage queue: open reports of a province, urgent first, then oldest.
    index('reports_queue_idx').on(t.routedProvinceCode, t.urgent.desc(), t.createdAt, t.id).where(sql`${t.closedAt} IS NULL`),
    // The same order over every report, for status=closed and status=all: of one queue, and of all queues
    // (national roles). Without them both sorted the whole table (bench/RESULTS.md, reports-queue).
    index('reports_province_order_idx').on(t.routedProvinceCode, t.urgent.desc(), t.createdAt, t.id),
    index('reports_order_idx').on(t.urgent.desc(), t.createdAt, t.id),
    index('reports_province_created_idx').on(t.routedProvinceCode, t.createdAt),
    index('reports_created_idx').on(t.createdAt),
    // Duplicate search by contact: one blind index, then the last 14 days; only reports that have one.
    index('reports_contact_phone_idx').on(t.contactPhoneIndex, t.createdAt).where(sql`${t.contactPhoneIndex} IS NOT NULL`),
    index('reports_contact_line_idx').on(t.contactLineIndex, t.createdAt).where(sql`${t.contactLineIndex} IS NOT NULL`),
    // Duplicate search by area, time and similar text in one GIN index: the area-and-day keys narrow the
    // trigram match to the area's last 14 days, however long the history. fastupdate off: every new
    // report is searched right after its insert, and a pending list would be scanned by every search.
    index('reports_duplicate_search_idx')
      .using('gin', sql`(ARRAY[${areaDayKey(t.routedProvinceCode, utcDay(t.createdAt))}])`, sql`${t.descriptionSegmented} gin_trgm_ops`)
      .with({ fastupdate: false }),
    // GET /reports/overdue: open and urgent counts per queue, and the running clocks that are overdue.
    index('reports_open_counts_idx').on(t.routedProvinceCode, t.urgent).where(sql`${t.closedAt} IS NULL`),
    index('reports_ack_clock_idx').on(t.routedProvinceCode, t.ackDueAt)
      .where(sql`${t.closedAt} IS NULL AND ${t.acknowledgedAt} IS NULL AND ${t.ackDueAt} IS NOT NULL`),
    index('reports_action_clock_idx').on(t.routedProvinceCode, t.actionDueAt)
      .where(sql`${t.closedAt} IS NULL AND ${t.actionedAt} IS NULL AND ${t.actionDueAt} IS NOT NULL`),
  ],
);

export const reportNotes = pgTable(
  'report_notes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    reportId: uuid().notNull().references(() => reports.id),
    authorId: uuid().references(() => users.id),
    kind: text().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_notes_report_idx').on(t.reportId, t.createdAt)],
);

export const reportDuplicateCandidates = pgTable(
  'report_duplicate_candidates',
  {
    reportId: uuid().notNull().references(() => reports.id),
    candidateId: uuid().notNull().references(() => reports.id),
    score: real().notNull(),
    reasons: text().array().notNull(),
    status: text().notNull().default('proposed'),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.candidateId] }), index('report_dup_candidate_idx').on(t.candidateId)],
);

/** Fixed-window counters for anonymous routes (public reports, status checks), shared by all instances. */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  windowStart: timestamp({ withTimezone: true }).notNull(),
  count: integer().notNull(),
});
