import { sql } from 'drizzle-orm';
import {
  pgTable, text, uuid, integer, timestamp, char, boolean, date, index, uniqueIndex, primaryKey, check, bigserial, jsonb, smallint,
  customType,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './identity.js';
import { persons } from './persons.js';
import { provinces, districts } from './reference.js';
import { reports } from './reports.js';

/**
 * Victim cases on the National Referral Mechanism (issue 5). Field names follow HTCDS where it has one
 * (value names stored as HTCDS codes). A case belongs to the provincial centre responsible for it
 * (`organisation_id`, `province_code`); its team (team_memberships, record type 'case') and the
 * recipients of accepted referrals (only the parts they were given) are the other ways in.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Case numbers run per province and Buddhist-Era year: "57-2569-00042". */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    yearBe: integer().notNull(),
    lastSeq: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.yearBe] })],
);

export const cases = pgTable(
  'cases',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseNumber: text().notNull().unique(),
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    yearBe: integer().notNull(),
    seq: integer().notNull(),
    /** The responsible provincial centre; changes only by an accepted transfer. */
    organisationId: uuid().notNull().references(() => organisations.id),
    reportId: uuid().references(() => reports.id),
    /** HTCDS cas_Status: Active | FollowUp | Closed | ClosedReferred. */
    status: text().notNull().default('Active'),
    /** NRM stage: screening → temporary_protection → identification → assistance → return → reintegration → closed. */
    stage: text().notNull().default('screening'),
    /** Stage before closure, restored on reopening. */
    stageBeforeClose: text(),
    ownerUserId: uuid().references(() => users.id),
    /** Derived from the case's victims: any child (Act s.4) among them. */
    involvesChild: boolean().notNull().default(false),
    /** Distinct HTCDS vic_TypeOfExploitation codes over the case's victims, for search and statistics. */
    exploitationTypes: text().array().notNull().default(sql`'{}'::text[]`),
    reflectionDays: integer().notNull().default(45),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    /** cas_ReasonForCaseClosure: code, with free text in a note. */
    closureReason: text(),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_number_seq_key').on(t.provinceCode, t.yearBe, t.seq),
    uniqueIndex('cases_report_key').on(t.reportId),
    index('cases_province_opened_idx').on(t.provinceCode, t.openedAt, t.id),
    index('cases_org_opened_idx').on(t.organisationId, t.openedAt, t.id),
    // Which provinces an organisation's cases are in (the name search probes those provinces' grams).
    index('cases_org_province_idx').on(t.organisationId, t.provinceCode),
    index('cases_opened_idx').on(t.openedAt, t.id),
    index('cases_stage_idx').on(t.provinceCode, t.stage),
    index('cases_exploitation_idx').using('gin', t.exploitationTypes),
    check('cases_status_check', sql`${t.status} IN ('Active', 'FollowUp', 'Closed', 'ClosedReferred')`),
    check('cases_stage_check', sql`${t.stage} IN ('screening', 'temporary_protection', 'identification', 'assistance', 'return', 'reintegration', 'closed')`),
    check('cases_reflection_check', sql`${t.reflectionDays} BETWEEN 1 AND 365`),
  ],
);

/**
 * A person in a case: a (possible) victim or another person (family, guardian). Victim context
 * (HTCDS vic_*), the temporary-protection clocks (Act s.29), the identification decision and the
 * return are per victim, because one case can hold several victims on different paths.
 */
export const casePersons = pgTable(
  'case_persons',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    personId: uuid().notNull().references(() => persons.id),
    /** victim | family | guardian | other (offenders get their own issue). */
    role: text().notNull(),
    /** For a guardian: the victim (case person) they are guardian of. */
    guardianOf: uuid(),
    relationship: text(),
    // HTCDS victim context
    traffickingStatus: text(),
    exploitationTypes: text().array().notNull().default(sql`'{}'::text[]`),
    meansOfControl: text().array().notNull().default(sql`'{}'::text[]`),
    recruitmentMethods: text().array().notNull().default(sql`'{}'::text[]`),
    relationshipToTrafficker: text(),
    industry: text(),
    sexExploitationTypes: text().array().notNull().default(sql`'{}'::text[]`),
    recruitmentApps: text().array().notNull().default(sql`'{}'::text[]`),
    exploitationApps: text().array().notNull().default(sql`'{}'::text[]`),
    vulnerabilities: text().array().notNull().default(sql`'{}'::text[]`),
    ageWhenTrafficked: integer(),
    // Temporary protection (Act s.29; NRM)
    takenIntoCareAt: timestamp({ withTimezone: true }),
    custodyExtendedUntil: timestamp({ withTimezone: true }),
    custodyCourtOrder: text(),
    temporaryShelterOrganisationId: uuid().references(() => organisations.id),
    temporaryShelterUntil: timestamp({ withTimezone: true }),
    reflectionUntil: timestamp({ withTimezone: true }),
    // Identification by the team (HTCDS vic_TraffickingStatus + decision-making organisation)
    identifiedAt: timestamp({ withTimezone: true }),
    identificationOrgType: text(),
    identificationReasons: text(),
    identifiedBy: uuid().references(() => users.id),
    // Return
    returnKind: text(),
    returnPartnerId: uuid().references(() => organisations.id),
    returnDate: date(),
    returnCountry: char({ length: 3 }),
    returnProvinceCode: char({ length: 2 }).references(() => provinces.code),
    travelDocuments: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('case_persons_case_person_key').on(t.caseId, t.personId),
    index('case_persons_person_idx').on(t.personId),
    index('case_persons_custody_idx').on(t.takenIntoCareAt).where(sql`${t.identifiedAt} IS NULL AND ${t.takenIntoCareAt} IS NOT NULL`),
    check('case_persons_role_check', sql`${t.role} IN ('victim', 'family', 'guardian', 'other')`),
  ],
);

/** HTCDS historic trafficking events: recruitment, transit, exploitation, with place and date. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    casePersonId: uuid().notNull().references(() => casePersons.id),
    type: text().notNull(),
    eventDate: date(),
    country: char({ length: 3 }),
    provinceCode: char({ length: 2 }).references(() => provinces.code),
    districtCode: char({ length: 4 }).references(() => districts.code),
    placeEnc: text(),
    descriptionEnc: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_events_person_idx').on(t.casePersonId), check('case_events_type_check', sql`${t.type} IN ('Recruitment', 'Transit', 'Exploitation')`)],
);

/** The screening checklist (ILO 11 + child and sexual-exploitation indicators); administrators extend it. */
export const screeningIndicators = pgTable('screening_indicators', {
  code: text().primaryKey(),
  groupCode: text().notNull(),
  labelTh: text().notNull(),
  labelEn: text().notNull(),
  sortOrder: integer().notNull().default(0),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const screenings = pgTable(
  'screenings',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    casePersonId: uuid().notNull().references(() => casePersons.id),
    screenedAt: timestamp({ withTimezone: true }).notNull(),
    interviewerUserId: uuid().references(() => users.id),
    interviewerOrganisationId: uuid().references(() => organisations.id),
    language: text(),
    interpreterUsed: boolean().notNull().default(false),
    /** { indicatorCode: 'yes' | 'no' | 'unknown' } */
    answers: jsonb().$type<Record<string, 'yes' | 'no' | 'unknown'>>().notNull(),
    indicatorsMet: integer().notNull(),
    summaryEnc: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('screenings_case_idx').on(t.caseId, t.screenedAt)],
);

/** PDPA consent: what, by whom (victim or guardian), when, how; withdrawal stops new sharing. */
export const consents = pgTable(
  'consents',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    casePersonId: uuid().notNull().references(() => casePersons.id),
    /** data_processing | sharing | referral */
    purposes: text().array().notNull(),
    givenBy: text().notNull(),
    guardianCasePersonId: uuid().references(() => casePersons.id),
    givenAt: timestamp({ withTimezone: true }).notNull(),
    method: text().notNull(),
    recordedBy: uuid().references(() => users.id),
    withdrawnAt: timestamp({ withTimezone: true }),
    withdrawnBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('consents_case_idx').on(t.caseId),
    check('consents_given_by_check', sql`${t.givenBy} IN ('victim', 'guardian')`),
  ],
);

/** Referral to another organisation, or (kind = transfer) of responsibility to another province's centre. */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    kind: text().notNull().default('referral'),
    casePersonId: uuid().references(() => casePersons.id),
    fromOrganisationId: uuid().notNull().references(() => organisations.id),
    toOrganisationId: uuid().notNull().references(() => organisations.id),
    service: text(),
    /** HTCDS cas_ReasonForOutgoingReferral. */
    reason: text().notNull(),
    detailsEnc: text(),
    /** Which parts of the case the recipient sees once it accepts. */
    sharedParts: text().array().notNull(),
    consentId: uuid().references(() => consents.id),
    overrideReasonEnc: text(),
    overrideBy: uuid().references(() => users.id),
    /** requested | accepted | declined | revoked | withdrawn */
    status: text().notNull().default('requested'),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    requestedBy: uuid().references(() => users.id),
    answeredAt: timestamp({ withTimezone: true }),
    answeredBy: uuid().references(() => users.id),
    answerReason: text(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('referrals_case_idx').on(t.caseId),
    index('referrals_to_org_idx').on(t.toOrganisationId, t.status),
    check('referrals_kind_check', sql`${t.kind} IN ('referral', 'transfer')`),
    check('referrals_status_check', sql`${t.status} IN ('requested', 'accepted', 'declined', 'revoked', 'withdrawn')`),
  ],
);

/** Protection plan: assessed needs and services (HTCDS spl_*), each with its provider. */
export const caseServices = pgTable(
  'case_services',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    casePersonId: uuid().notNull().references(() => casePersons.id),
    service: text().notNull(),
    providerOrganisationId: uuid().references(() => organisations.id),
    referralId: uuid().references(() => referrals.id),
    plannedStart: date(),
    plannedEnd: date(),
    actualStart: date(),
    actualEnd: date(),
    /** planned | in_progress | delivered | cancelled */
    status: text().notNull().default('planned'),
    outcomeEnc: text(),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('case_services_case_idx').on(t.caseId),
    index('case_services_provider_idx').on(t.providerOrganisationId, t.status),
    check('case_services_status_check', sql`${t.status} IN ('planned', 'in_progress', 'delivered', 'cancelled')`),
  ],
);

/** Reintegration follow-up visits, rated on the seed's four dimensions (1–5). */
export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    casePersonId: uuid().notNull().references(() => casePersons.id),
    scheduledFor: date().notNull(),
    visitedAt: date(),
    visitedBy: uuid().references(() => users.id),
    livelihood: smallint(),
    family: smallint(),
    justice: smallint(),
    future: smallint(),
    compensationReceived: boolean(),
    notesEnc: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('follow_ups_case_idx').on(t.caseId, t.scheduledFor),
    index('follow_ups_due_idx').on(t.scheduledFor).where(sql`${t.visitedAt} IS NULL`),
    check('follow_ups_ratings_check', sql`coalesce(${t.livelihood}, 1) BETWEEN 1 AND 5 AND coalesce(${t.family}, 1) BETWEEN 1 AND 5
      AND coalesce(${t.justice}, 1) BETWEEN 1 AND 5 AND coalesce(${t.future}, 1) BETWEEN 1 AND 5`),
  ],
);

/** Notes: normal (anyone who sees the case's notes part) or team (the case team only). Body encrypted. */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    sensitivity: text().notNull().default('normal'),
    bodyEnc: text().notNull(),
    authorId: uuid().references(() => users.id),
    authorOrganisationId: uuid().references(() => organisations.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_notes_case_idx').on(t.caseId, t.createdAt), check('case_notes_sensitivity_check', sql`${t.sensitivity} IN ('normal', 'team')`)],
);

/** Attachments: type sniffed from the bytes, size-limited, content encrypted (AES-256-GCM). */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid().notNull().references(() => cases.id),
    sensitivity: text().notNull().default('normal'),
    filenameEnc: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: char({ length: 64 }).notNull(),
    contentEnc: bytea().notNull(),
    uploadedBy: uuid().references(() => users.id),
    uploadedByOrganisationId: uuid().references(() => organisations.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_attachments_case_idx').on(t.caseId, t.createdAt)],
);

/** The case timeline: one row per thing that happened, written in the same transaction as the change. */
export const caseActivity = pgTable(
  'case_activity',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    caseId: uuid().notNull().references(() => cases.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid().references(() => users.id),
    actorOrganisationId: uuid().references(() => organisations.id),
    kind: text().notNull(),
    /** Codes and ids only (never identity), like the audit log. */
    details: jsonb().$type<Record<string, string | number | boolean | null | string[]>>().notNull().default({}),
    /** The part of the case it belongs to, so a referral recipient sees only its parts' history. */
    part: text().notNull().default('summary'),
  },
  (t) => [index('case_activity_case_idx').on(t.caseId, t.at)],
);

/** In-app notifications. They name the case number and link to it, never the victim. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    caseId: uuid().references(() => cases.id),
    caseNumber: text(),
    /** A key the dedupe of clock reminders relies on (one reminder per clock per user). */
    dedupeKey: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} IS NULL`),
    uniqueIndex('notifications_dedupe_key').on(t.userId, t.dedupeKey),
  ],
);

/** Mail waiting for SMTP (or kept for an administrator to read when SMTP_URL is not set). */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    notificationId: uuid().references(() => notifications.id, { onDelete: 'set null' }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('email_outbox_pending_idx').on(t.createdAt).where(sql`${t.sentAt} IS NULL`)],
);
