import { z } from 'zod';
import { version } from './case.js';
import { ProvinceCode } from './common.js';
import { decisionOrgType, traffickingStatus } from './htcds.js';

/**
 * The NRM stage actions of a case (issue 5, "The NRM path"): screening, temporary protection,
 * identification, return, reintegration follow-up, closure and reopening.
 */

/** The clocks of Act s.29 and the NRM, shared by the server's rules and the screens that show them. */
export const nrmClocks = {
  /** s.29: a person taken into care may be held 24 hours without a court order. */
  custodyHours: 24,
  /** s.29: the court may extend custody, in all at most 7 days from being taken into care. */
  maxCustodyDays: 7,
  /** NRM: temporary shelter up to 15 days before the team's identification interview. */
  maxTemporaryShelterDays: 15,
  /** Upper bound of a reflection period (cases.reflection_days allows 1–365). */
  maxReflectionDays: 365,
  /** A screening is often entered after the interview: up to 30 days before the case was opened. */
  screeningBackdateDays: 30,
  /** Reintegration follow-up lasts at least 12 months. */
  minFollowUpMonths: 12,
  /** Returns and follow-up plans may be entered ahead of time, up to a year. */
  maxPlanAheadDays: 365,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);
/** An instant with its offset, e.g. "2026-01-05T09:30:00+07:00". */
const Instant = z.iso.datetime({ offset: true });
const Iso3 = z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3');
type Labels<T extends string> = Record<T, { th: string; en: string }>;

// ---------------------------------------------------------------------------------------------
// Screening checklist (reference data an administrator extends)

export const screeningGroups = ['ilo', 'child', 'sexual'] as const;
export const ScreeningGroup = z.enum(screeningGroups);
export type ScreeningGroup = z.infer<typeof ScreeningGroup>;
export const screeningGroupLabels: Labels<ScreeningGroup> = {
  ilo: { th: 'ตัวชี้วัดแรงงานบังคับของ ILO', en: 'ILO indicators of forced labour' },
  child: { th: 'ตัวชี้วัดกรณีเด็ก', en: 'Child indicators' },
  sexual: { th: 'ตัวชี้วัดการแสวงประโยชน์ทางเพศ', en: 'Sexual-exploitation indicators' },
};

/** `group.slug`: the group is the part before the dot. */
export const IndicatorCode = z.string().regex(/^(ilo|child|sexual)\.[a-z0-9_]{2,60}$/, 'group.slug: ilo, child or sexual, a dot, then a-z, 0-9 and _');

export const ScreeningIndicator = z.object({
  code: z.string(),
  group: ScreeningGroup,
  labelTh: z.string(),
  labelEn: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type ScreeningIndicator = z.infer<typeof ScreeningIndicator>;

export const ScreeningIndicatorCreate = z.strictObject({
  code: IndicatorCode,
  labelTh: text(300),
  labelEn: text(300),
  /** Defaults to after the last indicator of its group. */
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export const ScreeningIndicatorUpdate = z.strictObject({
  labelTh: text(300).optional(),
  labelEn: text(300).optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  active: z.boolean().optional(),
}).refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' });

// ---------------------------------------------------------------------------------------------
// Screening

export const screeningAnswers = ['yes', 'no', 'unknown'] as const;
export const ScreeningAnswer = z.enum(screeningAnswers);

export const ScreeningCreate = z.strictObject({
  /** The case's version. */
  version,
  /** A victim (or possible victim) of the case. */
  casePersonId: z.uuid(),
  screenedAt: Instant,
  /** The language of the interview: ISO 639 alpha-3 (e.g. mya, lao, khm, tha). */
  language: z.string().regex(/^[a-z]{3}$/, 'ISO 639 alpha-3 code (e.g. mya)'),
  interpreterUsed: z.boolean().default(false),
  /** Indicator code → answer; indicators not asked are left out. */
  answers: z.record(z.string().max(80), ScreeningAnswer)
    .refine((a) => Object.keys(a).length >= 1 && Object.keys(a).length <= 200, 'answer at least one indicator (at most 200)'),
  /** Free text that may name people: encrypted, shown only with the identity part. */
  summary: text(8000).optional(),
});
export type ScreeningCreate = z.infer<typeof ScreeningCreate>;

export const Screening = z.object({
  id: z.uuid(),
  casePersonId: z.uuid(),
  screenedAt: z.string(),
  interviewerUserId: z.uuid().nullable(),
  interviewerName: z.string().nullable(),
  interviewerOrganisationId: z.uuid().nullable(),
  interviewerOrganisationNameTh: z.string().nullable(),
  interviewerOrganisationNameEn: z.string().nullable(),
  language: z.string().nullable(),
  interpreterUsed: z.boolean(),
  answers: z.record(z.string(), ScreeningAnswer),
  /** The number of indicators answered "yes". */
  indicatorsMet: z.number().int(),
  /** Present (possibly null) only with the identity part. */
  summary: z.string().nullable().optional(),
  createdAt: z.string(),
});
export type Screening = z.infer<typeof Screening>;

// ---------------------------------------------------------------------------------------------
// Temporary protection (Act s.29, NRM)

export const ProtectionRecord = z.strictObject({
  version,
  takenIntoCareAt: Instant,
  /** A court's extension of custody beyond 24 hours (at most 7 days from being taken into care). */
  custodyExtendedUntil: Instant.optional(),
  /** The court order's reference; required with an extension. */
  custodyCourtOrder: text(300).optional(),
  /** An existing, active organisation. */
  temporaryShelterOrganisationId: z.uuid().optional(),
  temporaryShelterUntil: Instant.optional(),
  /** Defaults to takenIntoCareAt + the case's reflection days. */
  reflectionUntil: Instant.optional(),
});
export type ProtectionRecord = z.infer<typeof ProtectionRecord>;

// ---------------------------------------------------------------------------------------------
// Identification by the team

export const IdentificationRecord = z.strictObject({
  version,
  decision: traffickingStatus.schema,
  decidingOrgType: decisionOrgType.schema,
  identifiedAt: Instant,
  /** May name people: encrypted, shown only with the identity part. */
  reasons: text(8000),
});
export type IdentificationRecord = z.infer<typeof IdentificationRecord>;

// ---------------------------------------------------------------------------------------------
// Return

export const returnKinds = ['repatriation', 'domicile'] as const;
export const ReturnKind = z.enum(returnKinds);
export const returnKindLabels: Labels<(typeof returnKinds)[number]> = {
  repatriation: { th: 'ส่งกลับประเทศต้นทาง', en: 'Repatriation to the home country' },
  domicile: { th: 'ส่งกลับภูมิลำเนาในประเทศไทย', en: 'Return to the domicile in Thailand' },
};

export const ReturnRecord = z.strictObject({
  version,
  kind: ReturnKind,
  /** The partner organisation that receives or accompanies the person. */
  partnerId: z.uuid().optional(),
  date: z.iso.date(),
  /** Repatriation: the home country (ISO alpha-3, not THA). */
  country: Iso3.optional(),
  /** Domicile: the province of the domicile. */
  provinceCode: ProvinceCode.optional(),
  /** May carry document numbers: encrypted, shown only with the identity part. */
  travelDocuments: text(2000).optional(),
});
export type ReturnRecord = z.infer<typeof ReturnRecord>;

// ---------------------------------------------------------------------------------------------
// Reintegration follow-up

export const FollowUpPlan = z.strictObject({
  version,
  /** The first visit; the last is `months` later. */
  startDate: z.iso.date(),
  months: z.number().int().min(nrmClocks.minFollowUpMonths).max(60).default(12),
  everyMonths: z.number().int().min(1).max(12).default(3),
});
export type FollowUpPlan = z.infer<typeof FollowUpPlan>;

const rating = z.number().int().min(1).max(5);
/** The four dimensions the seed names, each rated 1 (poor) to 5 (good). */
export const followUpDimensions = ['livelihood', 'family', 'justice', 'future'] as const;
export const followUpDimensionLabels: Labels<(typeof followUpDimensions)[number]> = {
  livelihood: { th: 'การเงินและการประกอบอาชีพ', en: 'Finances and livelihood' },
  family: { th: 'ครอบครัว', en: 'Family' },
  justice: { th: 'กระบวนการยุติธรรม (ผลคดี ค่าสินไหมทดแทน)', en: 'Justice (case outcome, compensation)' },
  future: { th: 'อนาคต (การศึกษา การทำงาน)', en: 'Future (education, work)' },
};

export const FollowUpVisit = z.strictObject({
  /** The case's version. */
  version,
  visitedAt: z.iso.date(),
  livelihood: rating,
  family: rating,
  justice: rating,
  future: rating,
  /** Act s.34 compensation received by the time of the visit. */
  compensationReceived: z.boolean().optional(),
  /** May name people: encrypted, shown only with the identity part. */
  notes: text(8000).optional(),
});
export type FollowUpVisit = z.infer<typeof FollowUpVisit>;

export const FollowUp = z.object({
  id: z.uuid(),
  casePersonId: z.uuid(),
  scheduledFor: z.string(),
  visitedAt: z.string().nullable(),
  visitedBy: z.uuid().nullable(),
  livelihood: z.number().int().nullable(),
  family: z.number().int().nullable(),
  justice: z.number().int().nullable(),
  future: z.number().int().nullable(),
  compensationReceived: z.boolean().nullable(),
  /** Not visited and its date (Thai time) has passed. */
  overdue: z.boolean(),
  /** Present (possibly null) only with the identity part. */
  notes: z.string().nullable().optional(),
  version: z.number().int(),
});
export type FollowUp = z.infer<typeof FollowUp>;

// ---------------------------------------------------------------------------------------------
// Closure and reopening

/** HTCDS cas_ReasonForCaseClosure is free text; these codes keep it countable (details go in a note). */
export const closureReasons = [
  'reintegrated', 'repatriated', 'not_a_victim', 'transferred', 'lost_contact', 'declined_assistance', 'deceased', 'other',
] as const;
export const ClosureReason = z.enum(closureReasons);
export type ClosureReason = z.infer<typeof ClosureReason>;
export const closureReasonLabels: Labels<ClosureReason> = {
  reintegrated: { th: 'คืนสู่สังคมแล้ว', en: 'Reintegrated' },
  repatriated: { th: 'ส่งกลับประเทศต้นทางแล้ว', en: 'Repatriated' },
  not_a_victim: { th: 'ไม่ใช่ผู้เสียหายจากการค้ามนุษย์', en: 'Not a victim of trafficking' },
  transferred: { th: 'ส่งต่อให้หน่วยงานอื่นรับผิดชอบ', en: 'Transferred to another organisation' },
  lost_contact: { th: 'ขาดการติดต่อ', en: 'Lost contact' },
  declined_assistance: { th: 'ผู้เสียหายปฏิเสธความช่วยเหลือ', en: 'Assistance declined by the person' },
  deceased: { th: 'เสียชีวิต', en: 'Deceased' },
  other: { th: 'อื่น ๆ', en: 'Other' },
};

export const reopenReasons = ['new_information', 'new_needs', 'contact_restored', 'legal_proceedings', 'closed_in_error', 'other'] as const;
export const ReopenReason = z.enum(reopenReasons);
export const reopenReasonLabels: Labels<(typeof reopenReasons)[number]> = {
  new_information: { th: 'มีข้อมูลใหม่', en: 'New information' },
  new_needs: { th: 'ผู้เสียหายต้องการความช่วยเหลือเพิ่มเติม', en: 'The person needs further assistance' },
  contact_restored: { th: 'ติดต่อผู้เสียหายได้อีกครั้ง', en: 'Contact restored' },
  legal_proceedings: { th: 'มีการดำเนินคดีต่อ', en: 'Legal proceedings continue' },
  closed_in_error: { th: 'ปิดกรณีโดยผิดพลาด', en: 'Closed in error' },
  other: { th: 'อื่น ๆ', en: 'Other' },
};

export const closedStatuses = ['Closed', 'ClosedReferred'] as const;
export const CaseClose = z.strictObject({
  version,
  status: z.enum(closedStatuses),
  reason: ClosureReason,
});
export type CaseClose = z.infer<typeof CaseClose>;

export const CaseReopen = z.strictObject({
  version,
  reason: ReopenReason,
});
export type CaseReopen = z.infer<typeof CaseReopen>;
