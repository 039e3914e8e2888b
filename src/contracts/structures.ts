import { z } from 'zod';
import { Page, ProvinceCode, listOf } from './common.js';
import { Contact, bool } from './network.js';

/**
 * The network's formal structures (issue 3): committees (national, coordinating, one per province),
 * members with their terms, appointment orders with the signed document, meetings with agenda,
 * attendance, resolutions and action items; multidisciplinary teams and who is on call; border
 * integration centres and seconded staff; sub-district information centres; volunteers (อพม.).
 */

const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
const text = (max: number) => z.string().trim().min(1).max(max).refine(noControl, 'control characters are not allowed');
const version = z.number().int().min(1).max(2_147_483_647);
/** A calendar date, YYYY-MM-DD (Gregorian; the web shows the Buddhist Era). */
export const IsoDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2200-12-31', 'a date between 1900 and 2200');
export const DistrictCode = z.string().regex(/^\d{4}$/, 'district code is 4 digits');
export const SubdistrictCode = z.string().regex(/^\d{6}$/, 'sub-district code is 6 digits');
const phone = z.string().trim().regex(/^\+?[0-9 ()-]{3,20}$/, 'phone number: digits, spaces, + ( ) -');
const endNotBeforeStart = <T extends Record<string, unknown>>(start: keyof T & string, end: keyof T & string) => ({
  check: (v: T) => v[start] == null || v[end] == null || String(v[end]) >= String(v[start]),
  params: { message: 'the end date is before the start date', path: [end] },
});

/** An organisation named in a structure (secretariat, member's organisation …). */
export const OrgRef = z.object({ id: z.uuid(), nameTh: z.string(), nameEn: z.string() });
export type OrgRef = z.infer<typeof OrgRef>;

// ---------------------------------------------------------------- committees

export const committeeKinds = ['national', 'coordinating', 'provincial', 'other'] as const;
export const CommitteeKind = z.enum(committeeKinds);
export type CommitteeKind = z.infer<typeof CommitteeKind>;

export const Committee = z.object({
  id: z.uuid(),
  kind: CommitteeKind,
  provinceCode: z.string().nullable(),
  nameTh: z.string(),
  nameEn: z.string(),
  secretariat: OrgRef.nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type Committee = z.infer<typeof Committee>;

export const CommitteeCreate = z.strictObject({
  kind: CommitteeKind,
  provinceCode: ProvinceCode.nullable().optional(),
  nameTh: text(300),
  nameEn: text(300),
  secretariatOrganisationId: z.uuid().nullable().optional(),
}).superRefine((v, ctx) => {
  if (v.kind === 'provincial' && !v.provinceCode) ctx.addIssue({ code: 'custom', path: ['provinceCode'], message: 'a provincial sub-committee needs its province' });
  if ((v.kind === 'national' || v.kind === 'coordinating') && v.provinceCode) ctx.addIssue({ code: 'custom', path: ['provinceCode'], message: 'the national and coordinating committees have no province' });
});
export const CommitteeUpdate = z.strictObject({
  version,
  nameTh: text(300).optional(),
  nameEn: text(300).optional(),
  secretariatOrganisationId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export const CommitteeQuery = Page.extend({ kind: CommitteeKind.optional(), province: ProvinceCode.optional() });
export const CommitteeList = listOf(Committee);

export const committeeRoles = ['chair', 'vice_chair', 'secretary', 'assistant_secretary', 'member', 'advisor'] as const;
export const CommitteeRole = z.enum(committeeRoles);

export const CommitteeMember = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  personName: z.string(),
  position: z.string().nullable(),
  organisation: OrgRef.nullable(),
  role: CommitteeRole,
  termStart: z.string(),
  termEnd: z.string().nullable(),
  /** The term covers today. */
  current: z.boolean(),
  version: z.number().int(),
});
export type CommitteeMember = z.infer<typeof CommitteeMember>;
const term = endNotBeforeStart<{ termStart?: string; termEnd?: string | null }>('termStart', 'termEnd');
export const CommitteeMemberCreate = z.strictObject({
  personName: text(200),
  position: text(300).nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
  role: CommitteeRole,
  termStart: IsoDate,
  termEnd: IsoDate.nullable().optional(),
}).refine(term.check, term.params);
export const CommitteeMemberUpdate = z.strictObject({
  version,
  personName: text(200).optional(),
  position: text(300).nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
  role: CommitteeRole.optional(),
  termStart: IsoDate.optional(),
  termEnd: IsoDate.nullable().optional(),
}).refine(term.check, term.params);
export const CommitteeMemberQuery = Page.extend({ current: bool.optional() });
export const CommitteeMemberList = listOf(CommitteeMember);

// ---------------------------------------------------------------- documents and appointment orders

export const documentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
export const DocumentMeta = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.enum(documentTypes),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;
/**
 * A file sent inside JSON as base64 (at most 5 MB once decoded). The content must be a PDF, JPEG or
 * PNG by its magic bytes, whatever its name or the type claimed.
 */
export const DocumentUpload = z.strictObject({
  filename: text(200).refine((f) => !/[\\/]/.test(f), 'a file name, not a path'),
  contentType: z.string().max(100).optional(),
  // Longer than any body the route accepts: an oversize file is answered 413, not 400.
  contentBase64: z.string().min(1).max(10_000_000),
});

export const AppointmentOrder = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  orderNumber: z.string(),
  orderDate: z.string(),
  signedBy: z.string(),
  subject: z.string().nullable(),
  document: DocumentMeta.nullable(),
  version: z.number().int(),
});
export type AppointmentOrder = z.infer<typeof AppointmentOrder>;
export const AppointmentOrderCreate = z.strictObject({
  orderNumber: text(100),
  orderDate: IsoDate,
  signedBy: text(300),
  subject: text(1000).nullable().optional(),
  document: DocumentUpload.optional(),
});
export const AppointmentOrderUpdate = z.strictObject({
  version,
  orderNumber: text(100).optional(),
  orderDate: IsoDate.optional(),
  signedBy: text(300).optional(),
  subject: text(1000).nullable().optional(),
  /** A new file replaces the old one; null removes it. */
  document: DocumentUpload.nullable().optional(),
});
export const AppointmentOrderList = listOf(AppointmentOrder);

// ---------------------------------------------------------------- meetings and action items

export const actionStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const ActionStatus = z.enum(actionStatuses);

export const ActionItem = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  committeeId: z.uuid(),
  text: z.string(),
  responsibleOrganisation: OrgRef,
  dueDate: z.string().nullable(),
  status: ActionStatus,
  completedAt: z.string().nullable(),
  /** Past its due date (Thailand time) and neither done nor cancelled. */
  overdue: z.boolean(),
  version: z.number().int(),
});
export type ActionItem = z.infer<typeof ActionItem>;
export const ActionItemCreate = z.strictObject({
  text: text(2000),
  responsibleOrganisationId: z.uuid(),
  dueDate: IsoDate.nullable().optional(),
  status: ActionStatus.optional(),
});
export const ActionItemUpdate = z.strictObject({
  version,
  text: text(2000).optional(),
  responsibleOrganisationId: z.uuid().optional(),
  dueDate: IsoDate.nullable().optional(),
  status: ActionStatus.optional(),
});
export const ActionItemQuery = Page.extend({ overdue: bool.optional(), status: ActionStatus.optional() });
export const ActionItemList = listOf(ActionItem);
export const OverdueActionItem = ActionItem.extend({
  committee: z.object({ id: z.uuid(), kind: CommitteeKind, provinceCode: z.string().nullable(), nameTh: z.string(), nameEn: z.string() }),
  meetingDate: z.string(),
  daysOverdue: z.number().int(),
});
export const OverdueActionItemList = listOf(OverdueActionItem);

const AgendaItemInput = z.strictObject({ title: text(500), detail: text(4000).nullable().optional() });
const GuestInput = z.strictObject({ organisationId: z.uuid(), personName: text(200).nullable().optional(), position: text(300).nullable().optional() });

export const MeetingSummary = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  meetingDate: z.string(),
  place: z.string().nullable(),
  title: z.string().nullable(),
  version: z.number().int(),
});
export const Meeting = MeetingSummary.extend({
  agenda: z.array(z.object({ position: z.number().int(), title: z.string(), detail: z.string().nullable() })),
  attendees: z.array(z.object({ memberId: z.uuid(), personName: z.string(), role: CommitteeRole, organisation: OrgRef.nullable() })),
  guests: z.array(z.object({ id: z.uuid(), organisation: OrgRef, personName: z.string().nullable(), position: z.string().nullable() })),
  resolutions: z.array(z.object({ position: z.number().int(), text: z.string() })),
  actionItems: z.array(ActionItem),
});
export type Meeting = z.infer<typeof Meeting>;
export const MeetingCreate = z.strictObject({
  meetingDate: IsoDate,
  place: text(500).nullable().optional(),
  title: text(500).nullable().optional(),
  /** In order: the first is agenda item 1. */
  agenda: z.array(AgendaItemInput).max(100).default([]),
  attendeeMemberIds: z.array(z.uuid()).max(500).default([]),
  guests: z.array(GuestInput).max(500).default([]),
  resolutions: z.array(text(4000)).max(200).default([]),
  actionItems: z.array(ActionItemCreate).max(200).default([]),
});
/** The lists given replace the meeting's; action items change through their own routes. */
export const MeetingUpdate = z.strictObject({
  version,
  meetingDate: IsoDate.optional(),
  place: text(500).nullable().optional(),
  title: text(500).nullable().optional(),
  agenda: z.array(AgendaItemInput).max(100).optional(),
  attendeeMemberIds: z.array(z.uuid()).max(500).optional(),
  guests: z.array(GuestInput).max(500).optional(),
  resolutions: z.array(text(4000)).max(200).optional(),
});
export const MeetingList = listOf(MeetingSummary);

// ---------------------------------------------------------------- border integration centres

export const BorderCentre = z.object({
  id: z.uuid(),
  nameTh: z.string(),
  nameEn: z.string(),
  provinceCode: z.string(),
  districtCode: z.string().nullable(),
  organisation: OrgRef.nullable(),
  address: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type BorderCentre = z.infer<typeof BorderCentre>;
export const BorderCentreCreate = z.strictObject({
  nameTh: text(300),
  nameEn: text(300),
  provinceCode: ProvinceCode,
  districtCode: DistrictCode.nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
  address: text(1000).nullable().optional(),
});
export const BorderCentreUpdate = z.strictObject({
  version,
  nameTh: text(300).optional(),
  nameEn: text(300).optional(),
  districtCode: DistrictCode.nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
  address: text(1000).nullable().optional(),
  active: z.boolean().optional(),
});
export const BorderCentreQuery = Page.extend({ province: ProvinceCode.optional() });
export const BorderCentreList = listOf(BorderCentre);

export const BorderCentreStaff = z.object({
  id: z.uuid(),
  centreId: z.uuid(),
  personName: z.string(),
  homeOrganisation: OrgRef,
  role: z.string(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  current: z.boolean(),
  version: z.number().int(),
});
export type BorderCentreStaff = z.infer<typeof BorderCentreStaff>;
const secondment = endNotBeforeStart<{ fromDate?: string; toDate?: string | null }>('fromDate', 'toDate');
export const BorderCentreStaffCreate = z.strictObject({
  personName: text(200),
  homeOrganisationId: z.uuid(),
  role: text(200),
  fromDate: IsoDate,
  toDate: IsoDate.nullable().optional(),
}).refine(secondment.check, secondment.params);
export const BorderCentreStaffUpdate = z.strictObject({
  version,
  personName: text(200).optional(),
  homeOrganisationId: z.uuid().optional(),
  role: text(200).optional(),
  fromDate: IsoDate.optional(),
  toDate: IsoDate.nullable().optional(),
}).refine(secondment.check, secondment.params);
export const BorderCentreStaffQuery = Page.extend({ current: bool.optional() });
export const BorderCentreStaffList = listOf(BorderCentreStaff);

// ---------------------------------------------------------------- multidisciplinary teams

export const mdtRoles = ['police', 'social_worker', 'labour', 'immigration', 'prosecutor', 'health', 'ngo', 'other'] as const;
export const MdtRole = z.enum(mdtRoles);

export const Mdt = z.object({
  id: z.uuid(),
  nameTh: z.string(),
  nameEn: z.string(),
  provinceCode: z.string(),
  borderCentre: z.object({ id: z.uuid(), nameTh: z.string(), nameEn: z.string() }).nullable(),
  coordinatorOrganisation: OrgRef.nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type Mdt = z.infer<typeof Mdt>;
export const MdtCreate = z.strictObject({
  nameTh: text(300),
  nameEn: text(300),
  provinceCode: ProvinceCode,
  borderCentreId: z.uuid().nullable().optional(),
  coordinatorOrganisationId: z.uuid().nullable().optional(),
});
export const MdtUpdate = z.strictObject({
  version,
  nameTh: text(300).optional(),
  nameEn: text(300).optional(),
  borderCentreId: z.uuid().nullable().optional(),
  coordinatorOrganisationId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export const MdtQuery = Page.extend({ province: ProvinceCode.optional(), borderCentre: z.uuid().optional() });
export const MdtList = listOf(Mdt);

export const MdtMember = z.object({
  id: z.uuid(),
  mdtId: z.uuid(),
  userId: z.uuid().nullable(),
  /** The user's display name, or the named person. */
  name: z.string(),
  organisation: OrgRef,
  role: MdtRole,
  active: z.boolean(),
  version: z.number().int(),
});
export type MdtMember = z.infer<typeof MdtMember>;
export const MdtMemberCreate = z.strictObject({
  userId: z.uuid().optional(),
  personName: text(200).optional(),
  /** Defaults to the user's organisation; required for a named person. */
  organisationId: z.uuid().optional(),
  role: MdtRole,
}).superRefine((v, ctx) => {
  if ((v.userId === undefined) === (v.personName === undefined)) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'give a user id or a person\'s name, not both' });
  if (v.personName !== undefined && v.organisationId === undefined) ctx.addIssue({ code: 'custom', path: ['organisationId'], message: 'a named person needs an organisation' });
});
export const MdtMemberUpdate = z.strictObject({
  version,
  personName: text(200).optional(),
  organisationId: z.uuid().optional(),
  role: MdtRole.optional(),
  active: z.boolean().optional(),
});
export const MdtMemberQuery = Page.extend({ active: bool.optional() });
export const MdtMemberList = listOf(MdtMember);

export const RosterQuery = z.object({ from: IsoDate, to: IsoDate }).refine((v) => v.to >= v.from, { message: 'the end date is before the start date', path: ['to'] });
export const Roster = z.object({
  mdtId: z.uuid(),
  version: z.number().int(),
  days: z.array(z.object({ date: z.string(), members: z.array(MdtMember) })),
});
/** Each day given replaces who is on call that day (an empty list clears it); other days are kept. */
export const RosterUpdate = z.strictObject({
  version,
  days: z.array(z.strictObject({ date: IsoDate, memberIds: z.array(z.uuid()).max(50) })).min(1).max(366)
    .refine((d) => new Set(d.map((x) => x.date)).size === d.length, 'each date once'),
});
export const OnCallQuery = z.object({ date: IsoDate });
export const OnCall = z.object({
  mdtId: z.uuid(),
  date: z.string(),
  items: z.array(z.object({ member: MdtMember, urgentContact: Contact.nullable() })),
});

// ---------------------------------------------------------------- sub-district information centres

export const SubdistrictCentre = z.object({
  id: z.uuid(),
  subdistrictCode: z.string(),
  districtCode: z.string(),
  provinceCode: z.string(),
  nameTh: z.string(),
  nameEn: z.string().nullable(),
  leaderName: z.string(),
  leaderPhone: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export const SubdistrictCentreCreate = z.strictObject({
  subdistrictCode: SubdistrictCode,
  nameTh: text(300),
  nameEn: text(300).nullable().optional(),
  leaderName: text(200),
  leaderPhone: phone.nullable().optional(),
});
export const SubdistrictCentreUpdate = z.strictObject({
  version,
  nameTh: text(300).optional(),
  nameEn: text(300).nullable().optional(),
  leaderName: text(200).optional(),
  leaderPhone: phone.nullable().optional(),
  active: z.boolean().optional(),
});
export const SubdistrictCentreQuery = Page.extend({ province: ProvinceCode.optional(), district: DistrictCode.optional() });
export const SubdistrictCentreList = listOf(SubdistrictCentre);

// ---------------------------------------------------------------- volunteers (อพม.)

const TrainingInput = z.strictObject({ name: text(300), completedOn: IsoDate });
export const Volunteer = z.object({
  id: z.uuid(),
  name: z.string(),
  provinceCode: z.string(),
  districtCode: z.string().nullable(),
  subdistrictCode: z.string().nullable(),
  phone: z.string().nullable(),
  organisation: OrgRef.nullable(),
  active: z.boolean(),
  trainings: z.array(z.object({ name: z.string(), completedOn: z.string() })),
  version: z.number().int(),
});
export type Volunteer = z.infer<typeof Volunteer>;
export const VolunteerCreate = z.strictObject({
  name: text(200),
  provinceCode: ProvinceCode,
  districtCode: DistrictCode.nullable().optional(),
  subdistrictCode: SubdistrictCode.nullable().optional(),
  phone: phone.nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
  trainings: z.array(TrainingInput).max(100).default([]),
});
/** An area given replaces the whole area (province, district, sub-district); trainings given replace the list. */
export const VolunteerUpdate = z.strictObject({
  version,
  name: text(200).optional(),
  provinceCode: ProvinceCode.optional(),
  districtCode: DistrictCode.nullable().optional(),
  subdistrictCode: SubdistrictCode.nullable().optional(),
  phone: phone.nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
  trainings: z.array(TrainingInput).max(100).optional(),
});
export const VolunteerQuery = Page.extend({
  province: ProvinceCode.optional(),
  district: DistrictCode.optional(),
  subdistrict: SubdistrictCode.optional(),
  active: bool.optional(),
});
export const VolunteerList = listOf(Volunteer);
