import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from './identity.js';

/**
 * Which local record an imported HTCDS record became, per sending organisation (issue 6). Importing the
 * same record again finds its case and case person here and updates them instead of adding copies.
 * The external id is the sender's and only unique within the sender, hence the organisation in the key.
 */
export const exchangeLinks = pgTable(
  'exchange_links',
  {
    sourceOrganisationId: uuid().notNull().references(() => organisations.id),
    /** case | case_person */
    kind: text().notNull(),
    externalId: text().notNull(),
    localId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceOrganisationId, t.kind, t.externalId] }),
    index('exchange_links_local_idx').on(t.localId),
  ],
);

/**
 * Long imports and exports (issue 6). pg-boss carries only the job id; what the job is about, its
 * progress and its result live here, so a user sees them and they outlast a restart. Inputs and results
 * can hold identity, so both are encrypted with the data key like every other identity field.
 */
export const backgroundJobs = pgTable(
  'background_jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** htcds_import | htcds_export */
    kind: text().notNull(),
    /** queued | running | succeeded | failed */
    status: text().notNull().default('queued'),
    organisationId: uuid().notNull().references(() => organisations.id),
    userId: uuid().references(() => users.id),
    tokenId: uuid(),
    /** Who asked, as the job runs with that caller's permissions and scope (no secrets, no identity). */
    actor: jsonb().$type<JobActor>().notNull(),
    /** The request's settings (skipInvalid, provinceCode, since …): never identity. */
    params: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    progressDone: integer().notNull().default(0),
    progressTotal: integer().notNull().default(0),
    /** What the user sees while it runs: validating | writing | exporting. */
    phase: text(),
    /** A short result for the list (counts); the full result is `resultEnc`. */
    summary: jsonb().$type<Record<string, unknown>>(),
    resultEnc: text(),
    resultType: text(),
    resultName: text(),
    errorCode: text(),
    heartbeatAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('background_jobs_user_idx').on(t.userId, t.createdAt),
    index('background_jobs_token_idx').on(t.tokenId, t.createdAt),
    check('background_jobs_status_check', sql`${t.status} IN ('queued', 'running', 'succeeded', 'failed')`),
  ],
);

export interface JobActor {
  kind: 'user' | 'token';
  userId: string | null;
  tokenId: string | null;
  organisationId: string;
  provinceCode: string | null;
  roles: string[];
  permissions: string[];
  scope: string;
}

/** A job's input in parts of up to 1,000 records, encrypted, read one part at a time. */
export const backgroundJobParts = pgTable(
  'background_job_parts',
  {
    jobId: uuid().notNull().references(() => backgroundJobs.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    records: integer().notNull(),
    dataEnc: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);
