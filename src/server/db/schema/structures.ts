import { sql } from 'drizzle-orm';
import {
  pgTable, text, uuid, integer, timestamp, char, boolean, date, index, uniqueIndex, primaryKey, check, customType,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './identity.js';
import { districts, provinces, subdistricts } from './reference.js';

/**
 * The network's formal structures (issue 3): committees and their members, appointment orders and
 * meetings; multidisciplinary teams with an on-call roster; border integration centres and their
 * seconded staff; sub-district information centres; community volunteers (อพม.).
 * A structure's province decides who may edit it (`canManageStructure`); null = national.
 */

/** Bytes, as Buffer on both drivers (node-postgres gives Buffer, PGlite a Uint8Array). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Uploaded files (appointment orders …): content checked by its magic bytes, kept with its SHA-256. */
export const documents = pgTable(
  'documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: char({ length: 64 }).notNull(),
    content: bytea().notNull(),
    uploadedBy: uuid().references(() => users.id),
    uploadedByOrganisationId: uuid().references(() => organisations.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('documents_content_type_check', sql`${t.contentType} IN ('application/pdf', 'image/jpeg', 'image/png')`),
    check('documents_size_check', sql`${t.sizeBytes} > 0 AND ${t.sizeBytes} <= 5242880`),
  ],
);

/**
 * National committee, coordinating committee, one provincial sub-committee per province (76 + Bangkok),
 * and other committees. National and coordinating committees have no province and exist once.
 */
export const committees = pgTable(
  'committees',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    provinceCode: char({ length: 2 }).references(() => provinces.code),
    nameTh: text().notNull(),
    nameEn: text().notNull(),
    secretariatOrganisationId: uuid().references(() => organisations.id),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('committees_kind_check', sql`${t.kind} IN ('national', 'coordinating', 'provincial', 'other')`),
    check('committees_province_check', sql`(${t.kind} = 'provincial' AND ${t.provinceCode} IS NOT NULL)
      OR (${t.kind} IN ('national', 'coordinating') AND ${t.provinceCode} IS NULL) OR ${t.kind} = 'other'`),
    uniqueIndex('committees_kind_province_key').on(t.kind, t.provinceCode).where(sql`${t.kind} = 'provincial'`),
    uniqueIndex('committees_national_key').on(t.kind).where(sql`${t.kind} IN ('national', 'coordinating')`),
    index('committees_secretariat_idx').on(t.secretariatOrganisationId),
    index('committees_province_idx').on(t.provinceCode),
  ],
);

export const committeeMembers = pgTable(
  'committee_members',
  {
    id: uuid().primaryKey().defaultRandom(),
    committeeId: uuid().notNull().references(() => committees.id),
    personName: text().notNull(),
    /** Their post, e.g. ผู้ว่าราชการจังหวัด (the provincial governor). */
    position: text(),
    organisationId: uuid().references(() => organisations.id),
    /** chair, vice_chair, secretary, assistant_secretary, member, advisor. */
    role: text().notNull(),
    termStart: date({ mode: 'string' }).notNull(),
    termEnd: date({ mode: 'string' }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('committee_members_term_check', sql`${t.termEnd} IS NULL OR ${t.termEnd} >= ${t.termStart}`),
    index('committee_members_committee_idx').on(t.committeeId),
  ],
);

export const appointmentOrders = pgTable(
  'appointment_orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    committeeId: uuid().notNull().references(() => committees.id),
    orderNumber: text().notNull(),
    orderDate: date({ mode: 'string' }).notNull(),
    signedBy: text().notNull(),
    subject: text(),
    documentId: uuid().references(() => documents.id),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('appointment_orders_committee_idx').on(t.committeeId, t.orderDate)],
);

export const meetings = pgTable(
  'meetings',
  {
    id: uuid().primaryKey().defaultRandom(),
    committeeId: uuid().notNull().references(() => committees.id),
    meetingDate: date({ mode: 'string' }).notNull(),
    place: text(),
    title: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meetings_committee_idx').on(t.committeeId, t.meetingDate)],
);

export const meetingAgendaItems = pgTable(
  'meeting_agenda_items',
  {
    meetingId: uuid().notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    title: text().notNull(),
    detail: text(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.position] })],
);

export const meetingResolutions = pgTable(
  'meeting_resolutions',
  {
    meetingId: uuid().notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    text: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.position] })],
);

/** Members of the committee who attended. */
export const meetingAttendees = pgTable(
  'meeting_attendees',
  {
    meetingId: uuid().notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: uuid().notNull().references(() => committeeMembers.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] })],
);

/** Guests, recorded by the organisation they came from. */
export const meetingGuests = pgTable(
  'meeting_guests',
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid().notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    organisationId: uuid().notNull().references(() => organisations.id),
    personName: text(),
    position: text(),
  },
  (t) => [index('meeting_guests_meeting_idx').on(t.meetingId)],
);

export const actionItems = pgTable(
  'action_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid().notNull().references(() => meetings.id),
    /** Copied from the meeting: the secretariat's overdue list reads by committee. */
    committeeId: uuid().notNull().references(() => committees.id),
    text: text().notNull(),
    responsibleOrganisationId: uuid().notNull().references(() => organisations.id),
    dueDate: date({ mode: 'string' }),
    status: text().notNull().default('open'),
    completedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('action_items_status_check', sql`${t.status} IN ('open', 'in_progress', 'done', 'cancelled')`),
    index('action_items_committee_due_idx').on(t.committeeId, t.dueDate),
    index('action_items_open_due_idx').on(t.dueDate).where(sql`${t.status} IN ('open', 'in_progress')`),
    index('action_items_meeting_idx').on(t.meetingId),
  ],
);

/** Border integration centres (e.g. Mae Sot, Tak), staffed by several agencies. */
export const borderCentres = pgTable(
  'border_centres',
  {
    id: uuid().primaryKey().defaultRandom(),
    nameTh: text().notNull(),
    nameEn: text().notNull(),
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    districtCode: char({ length: 4 }).references(() => districts.code),
    /** The centre's own entry in the partner directory, if it has one. */
    organisationId: uuid().references(() => organisations.id),
    address: text(),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('border_centres_province_idx').on(t.provinceCode)],
);

export const borderCentreStaff = pgTable(
  'border_centre_staff',
  {
    id: uuid().primaryKey().defaultRandom(),
    centreId: uuid().notNull().references(() => borderCentres.id),
    personName: text().notNull(),
    homeOrganisationId: uuid().notNull().references(() => organisations.id),
    role: text().notNull(),
    fromDate: date({ mode: 'string' }).notNull(),
    toDate: date({ mode: 'string' }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('border_centre_staff_dates_check', sql`${t.toDate} IS NULL OR ${t.toDate} >= ${t.fromDate}`),
    index('border_centre_staff_centre_idx').on(t.centreId),
  ],
);

/** Multidisciplinary teams (ทีมสหวิชาชีพ): per province, optionally attached to a border centre. */
export const mdts = pgTable(
  'mdts',
  {
    id: uuid().primaryKey().defaultRandom(),
    nameTh: text().notNull(),
    nameEn: text().notNull(),
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    borderCentreId: uuid().references(() => borderCentres.id),
    coordinatorOrganisationId: uuid().references(() => organisations.id),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mdts_province_idx').on(t.provinceCode), index('mdts_border_centre_idx').on(t.borderCentreId)],
);

export const mdtMembers = pgTable(
  'mdt_members',
  {
    id: uuid().primaryKey().defaultRandom(),
    mdtId: uuid().notNull().references(() => mdts.id),
    /** A Phakhi user, or a named person without an account: exactly one. */
    userId: uuid().references(() => users.id),
    personName: text(),
    organisationId: uuid().notNull().references(() => organisations.id),
    /** police, social_worker, labour, immigration, prosecutor, health, ngo, other. */
    role: text().notNull(),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('mdt_members_who_check', sql`num_nonnulls(${t.userId}, ${t.personName}) = 1`),
    index('mdt_members_mdt_idx').on(t.mdtId),
  ],
);

/** Who is on call on a day. */
export const mdtOnCall = pgTable(
  'mdt_on_call',
  {
    mdtId: uuid().notNull().references(() => mdts.id),
    onDate: date({ mode: 'string' }).notNull(),
    memberId: uuid().notNull().references(() => mdtMembers.id),
  },
  (t) => [primaryKey({ columns: [t.mdtId, t.onDate, t.memberId] })],
);

/** Sub-district information centres, led by a community leader. */
export const subdistrictCentres = pgTable(
  'subdistrict_centres',
  {
    id: uuid().primaryKey().defaultRandom(),
    subdistrictCode: char({ length: 6 }).notNull().references(() => subdistricts.code),
    /** Derived from the sub-district, kept for scope and filters. */
    districtCode: char({ length: 4 }).notNull().references(() => districts.code),
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    nameTh: text().notNull(),
    nameEn: text(),
    leaderName: text().notNull(),
    /** Encrypted (AES-256-GCM, "v1:…"): a community leader's own phone. */
    leaderPhoneEnc: text(),
    /** Before 0015 the phone in clear; emptied into leader_phone_enc at start-up (sealLegacyContacts). */
    leaderPhone: text(),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subdistrict_centres_subdistrict_key').on(t.subdistrictCode),
    index('subdistrict_centres_area_idx').on(t.provinceCode, t.districtCode),
  ],
);

/** Social development volunteers (อพม.). Names and phones are personal data: network members only, reads audited. */
export const volunteers = pgTable(
  'volunteers',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    districtCode: char({ length: 4 }).references(() => districts.code),
    subdistrictCode: char({ length: 6 }).references(() => subdistricts.code),
    /** Encrypted (AES-256-GCM, "v1:…"): a volunteer's own phone. */
    phoneEnc: text(),
    /** Before 0015 the phone in clear; emptied into phone_enc at start-up (sealLegacyContacts). */
    phone: text(),
    organisationId: uuid().references(() => organisations.id),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('volunteers_area_idx').on(t.provinceCode, t.districtCode, t.subdistrictCode)],
);

export const volunteerTrainings = pgTable(
  'volunteer_trainings',
  {
    id: uuid().primaryKey().defaultRandom(),
    volunteerId: uuid().notNull().references(() => volunteers.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    completedOn: date({ mode: 'string' }).notNull(),
  },
  (t) => [index('volunteer_trainings_volunteer_idx').on(t.volunteerId)],
);
