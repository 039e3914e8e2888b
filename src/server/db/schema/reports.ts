import { sql } from 'drizzle-orm';
import {
  pgTable, text, uuid, integer, timestamp, char, boolean, index, primaryKey, real, bigserial,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './identity.js';
import { districts, provinces } from './reference.js';

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
    index('reports_province_created_idx').on(t.routedProvinceCode, t.createdAt),
    index('reports_created_idx').on(t.createdAt),
    index('reports_contact_phone_idx').on(t.contactPhoneIndex),
    index('reports_contact_line_idx').on(t.contactLineIndex),
    index('reports_description_trgm_idx').using('gin', sql`${t.descriptionSegmented} gin_trgm_ops`),
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
