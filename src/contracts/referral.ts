import { z } from 'zod';
import { CasePart, CaseStage, version } from './case.js';
import { referralReason, supportPlanType } from './htcds.js';
import { Service } from './network.js';

/**
 * Consent, referral (and transfer of responsibility) and the protection plan's services (issue 5,
 * "The NRM path" 4 and 5, "Consent records").
 */

const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
const text = (min: number, max: number) => z.string().trim().min(min).max(max).refine(noControl, 'control characters are not allowed');
const unique = <T>(a: readonly T[]) => new Set(a).size === a.length;
/** Timestamps the database can hold and a person can have lived through; "not in the future" is a rule of the service (422). */
const pastInstant = z.iso.datetime({ offset: true }).refine((s) => s >= '2000-01-01', 'a date from the year 2000');
const planDate = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'a date between 2000 and 2100');

// ── Consent (PDPA; the Act s.33 duty to protect victims' information) ─────────────────────────────

export const consentPurposes = ['data_processing', 'sharing', 'referral'] as const;
export const ConsentPurpose = z.enum(consentPurposes);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;
export const consentPurposeLabels: Record<ConsentPurpose, { th: string; en: string }> = {
  data_processing: { th: 'การเก็บและใช้ข้อมูลส่วนบุคคล', en: 'Processing of personal data' },
  sharing: { th: 'การเปิดเผยข้อมูลแก่หน่วยงานที่เกี่ยวข้อง', en: 'Sharing with partner agencies' },
  referral: { th: 'การส่งต่อไปยังหน่วยงานอื่น', en: 'Referral to another organisation' },
};

export const consentGivers = ['victim', 'guardian'] as const;
export const ConsentGiver = z.enum(consentGivers);
/** Methods a user records a consent by. */
export const recordableConsentMethods = ['written', 'verbal_witnessed', 'thumbprint', 'electronic'] as const;
/** Plus `partner_attested`: an HTCDS import whose sending organisation stated the consent (con_Consent). */
export const consentMethods = [...recordableConsentMethods, 'partner_attested'] as const;
export const ConsentMethod = z.enum(consentMethods);
export const consentMethodLabels: Record<z.infer<typeof ConsentMethod>, { th: string; en: string }> = {
  written: { th: 'ลงลายมือชื่อเป็นลายลักษณ์อักษร', en: 'Written, signed' },
  verbal_witnessed: { th: 'วาจา มีพยานรับรู้', en: 'Verbal, witnessed' },
  thumbprint: { th: 'พิมพ์ลายนิ้วมือ', en: 'Thumbprint' },
  electronic: { th: 'อิเล็กทรอนิกส์', en: 'Electronic' },
  partner_attested: { th: 'หน่วยงานที่ส่งข้อมูลรับรอง (นำเข้า HTCDS)', en: 'Attested by the sending organisation (HTCDS import)' },
};

export const ConsentCreate = z
  .strictObject({
    /** The case's version. */
    version,
    /** The victim the consent is about. */
    casePersonId: z.uuid(),
    purposes: z.array(ConsentPurpose).min(1).max(consentPurposes.length).refine(unique, 'no repeated values'),
    givenBy: ConsentGiver,
    /** With `givenBy: guardian`: the case person (role guardian) who is guardian of this victim. */
    guardianCasePersonId: z.uuid().optional(),
    givenAt: pastInstant,
    method: z.enum(recordableConsentMethods),
  })
  .refine((c) => c.givenBy !== 'guardian' || c.guardianCasePersonId, { path: ['guardianCasePersonId'], message: 'the guardian who gave consent is required' })
  .refine((c) => c.givenBy !== 'victim' || !c.guardianCasePersonId, { path: ['guardianCasePersonId'], message: 'only with consent given by a guardian' });
export type ConsentCreate = z.infer<typeof ConsentCreate>;

export const ConsentWithdraw = z.strictObject({ version });

export const Consent = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  casePersonId: z.uuid(),
  purposes: z.array(ConsentPurpose),
  givenBy: ConsentGiver,
  guardianCasePersonId: z.uuid().nullable(),
  givenAt: z.string(),
  method: ConsentMethod,
  recordedBy: z.uuid().nullable(),
  recordedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.uuid().nullable(),
});
export type Consent = z.infer<typeof Consent>;

// ── Referral and transfer of responsibility ─────────────────────────────────────────────────────

export const referralKinds = ['referral', 'transfer'] as const;
export const ReferralKind = z.enum(referralKinds);
export const referralStatuses = ['requested', 'accepted', 'declined', 'revoked', 'withdrawn'] as const;
export const ReferralStatus = z.enum(referralStatuses);
export type ReferralStatus = z.infer<typeof ReferralStatus>;
export const referralStatusLabels: Record<ReferralStatus, { th: string; en: string }> = {
  requested: { th: 'รอตอบรับ', en: 'Requested' },
  accepted: { th: 'ตอบรับแล้ว', en: 'Accepted' },
  declined: { th: 'ปฏิเสธ', en: 'Declined' },
  revoked: { th: 'ยกเลิกการเข้าถึงแล้ว', en: 'Revoked' },
  withdrawn: { th: 'ถอนคำขอแล้ว', en: 'Withdrawn' },
};

/** A written override of missing consent (users with `referral.consent_override`); stored encrypted, audited. */
const OverrideReason = text(10, 2000);

export const ReferralCreate = z.strictObject({
  /** The case's version. */
  version,
  /** The victim referred. */
  casePersonId: z.uuid(),
  toOrganisationId: z.uuid(),
  /** A service of the network directory the recipient must offer. */
  service: Service,
  reason: referralReason.schema,
  /** Free text for the recipient; may name people, so it is stored encrypted. */
  details: text(1, 4000).optional(),
  /** The parts the recipient will see once it accepts; `summary` is always added. */
  sharedParts: z.array(CasePart).max(CasePart.options.length).refine(unique, 'no repeated values'),
  overrideReason: OverrideReason.optional(),
});
export type ReferralCreate = z.infer<typeof ReferralCreate>;

/** Transfer of responsibility to another province's centre: it sees (and owns) the whole case once it accepts. */
export const TransferCreate = z.strictObject({
  /** The case's version. */
  version,
  toOrganisationId: z.uuid(),
  reason: referralReason.schema,
  details: text(1, 4000).optional(),
  overrideReason: OverrideReason.optional(),
});
export type TransferCreate = z.infer<typeof TransferCreate>;

/** Accept or withdraw: the referral's own version. */
export const ReferralVersion = z.strictObject({ version });
export const ReferralDecline = z.strictObject({ version, reason: text(3, 1000) });
/** Revocation changes who sees the case, so it takes the case's version (like the request). */
export const ReferralRevoke = z.strictObject({ version, reason: text(3, 1000) });

export const ReferralListQuery = z.object({
  direction: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: ReferralStatus.optional(),
  kind: ReferralKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A referral in a list: codes, dates and the case's number and stage; never identity or free text. */
export const ReferralItem = z.object({
  id: z.uuid(),
  kind: ReferralKind,
  caseId: z.uuid(),
  caseNumber: z.string(),
  caseStage: CaseStage,
  /** The referred victim is a child (Act s.4); for a transfer, whether the case involves a child. Null: age unknown. */
  child: z.boolean().nullable(),
  service: Service.nullable(),
  reason: referralReason.schema,
  sharedParts: z.array(CasePart),
  status: ReferralStatus,
  fromOrganisationId: z.uuid(),
  fromOrganisationNameTh: z.string(),
  fromOrganisationNameEn: z.string(),
  toOrganisationId: z.uuid(),
  toOrganisationNameTh: z.string(),
  toOrganisationNameEn: z.string(),
  /** Given with consent on record, or by an authorised override. */
  consentOverridden: z.boolean(),
  requestedAt: z.string(),
  answeredAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ReferralItem = z.infer<typeof ReferralItem>;

/** One referral with its free text (decrypted, audited): for the case side and the recipient. */
export const Referral = ReferralItem.extend({
  casePersonId: z.uuid().nullable(),
  consentId: z.uuid().nullable(),
  details: z.string().nullable(),
  /** The written override: the case side only. */
  overrideReason: z.string().nullable().optional(),
  /** The decline or revocation reason. */
  answerReason: z.string().nullable(),
  requestedBy: z.uuid().nullable(),
  answeredBy: z.uuid().nullable(),
  revokedBy: z.uuid().nullable(),
});
export type Referral = z.infer<typeof Referral>;

// ── Protection plan services ────────────────────────────────────────────────────────────────────

/** The protection plan's services (issue 5, NRM step 4; s.33 assistance and s.34 compensation). */
export const planServices = [
  'shelter', 'food', 'medical_care', 'psychological_rehabilitation', 'psychosocial_support', 'vocational_training', 'education',
  'recreation', 'legal_assistance', 'interpretation', 'compensation_claim', 'repatriation',
] as const;
export const PlanService = z.enum(planServices);
export type PlanService = z.infer<typeof PlanService>;
type SupportPlanType = z.infer<typeof supportPlanType.schema>;

/** Thai and English labels, and the HTCDS `spl_Type` each service is counted under in exports. */
export const planServiceInfo: Record<PlanService, { th: string; en: string; htcds: SupportPlanType }> = {
  shelter: { th: 'ที่พักพิง', en: 'Shelter', htcds: 'SocialCare' },
  food: { th: 'อาหารและปัจจัยสี่', en: 'Food and necessities', htcds: 'SocialCare' },
  medical_care: { th: 'การรักษาพยาบาล', en: 'Medical care', htcds: 'Health' },
  psychological_rehabilitation: { th: 'การฟื้นฟูสภาพจิตใจ', en: 'Psychological rehabilitation', htcds: 'Health' },
  psychosocial_support: { th: 'การสนับสนุนด้านจิตสังคม', en: 'Psychosocial support', htcds: 'SocialCare' },
  vocational_training: { th: 'การฝึกอาชีพ', en: 'Vocational training', htcds: 'Livelihood' },
  education: { th: 'การศึกษา', en: 'Education', htcds: 'Education' },
  recreation: { th: 'นันทนาการ', en: 'Recreation', htcds: 'SocialCare' },
  legal_assistance: { th: 'ความช่วยเหลือทางกฎหมาย', en: 'Legal assistance', htcds: 'Legal' },
  interpretation: { th: 'ล่าม', en: 'Interpretation', htcds: 'SocialCare' },
  compensation_claim: { th: 'การเรียกร้องค่าสินไหมทดแทน (มาตรา 34)', en: 'Compensation claim (s.34)', htcds: 'Financial' },
  repatriation: { th: 'การส่งกลับ', en: 'Repatriation', htcds: 'SocialCare' },
};

export const caseServiceStatuses = ['planned', 'in_progress', 'delivered', 'cancelled'] as const;
export const CaseServiceStatus = z.enum(caseServiceStatuses);
export const caseServiceStatusLabels: Record<z.infer<typeof CaseServiceStatus>, { th: string; en: string }> = {
  planned: { th: 'วางแผนแล้ว', en: 'Planned' },
  in_progress: { th: 'กำลังให้บริการ', en: 'In progress' },
  delivered: { th: 'ให้บริการแล้ว', en: 'Delivered' },
  cancelled: { th: 'ยกเลิก', en: 'Cancelled' },
};

export const CaseServiceCreate = z.strictObject({
  /** The case's version, when the caller has it (a referral recipient may not). */
  version: version.optional(),
  casePersonId: z.uuid(),
  service: PlanService,
  /** Defaults to the referral's recipient, or (for a recipient recording its own work) the caller's organisation. */
  providerOrganisationId: z.uuid().optional(),
  referralId: z.uuid().optional(),
  plannedStart: planDate.optional(),
  plannedEnd: planDate.optional(),
  actualStart: planDate.optional(),
  actualEnd: planDate.optional(),
  status: CaseServiceStatus.default('planned'),
  /** Free text about the victim's progress: stored encrypted. */
  outcome: text(1, 4000).optional(),
});
export type CaseServiceCreate = z.infer<typeof CaseServiceCreate>;

export const CaseServiceUpdate = z.strictObject({
  /** The service row's version. */
  version,
  plannedStart: planDate.nullable().optional(),
  plannedEnd: planDate.nullable().optional(),
  actualStart: planDate.nullable().optional(),
  actualEnd: planDate.nullable().optional(),
  status: CaseServiceStatus.optional(),
  outcome: text(1, 4000).nullable().optional(),
});
export type CaseServiceUpdate = z.infer<typeof CaseServiceUpdate>;

export const CaseService = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  casePersonId: z.uuid(),
  service: PlanService,
  htcdsType: supportPlanType.schema,
  providerOrganisationId: z.uuid().nullable(),
  providerNameTh: z.string().nullable(),
  providerNameEn: z.string().nullable(),
  referralId: z.uuid().nullable(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  actualStart: z.string().nullable(),
  actualEnd: z.string().nullable(),
  status: CaseServiceStatus,
  outcome: z.string().nullable(),
  /** Whether the caller may change this row (the case side, or the provider recording its own work). */
  canEdit: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseService = z.infer<typeof CaseService>;
