import { z } from 'zod';
import { ProvinceCode } from './common.js';
import {
  apps, caseStatus, decisionOrgType, eventType, exploitationType, gender, industry, meansOfControl, recruitmentMethod,
  relationshipToTrafficker, sexExploitationType, supportPlanType, traffickingStatus, vulnerability,
} from './htcds.js';

/**
 * HTCDS v2.0 exchange of cases (API.md "Data exchange"; ../shared/standards/htcds-fields.tsv).
 * Every field of a record carries its HTCDS name (cas_, prs_, vic_, hte_, spl_, con_) and value names as
 * codes. Only `id`, `caseNumber`, `updatedAt`, `persons`, `events` and `supportPlans` are Phakhi's own
 * keys (record identity and nesting), since HTCDS is a flat field sheet without record keys.
 */
export const HtcdsExportQuery = z.object({
  /** Cases updated at or after this instant (ISO 8601 with a zone, e.g. 2026-01-01T00:00:00Z). */
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type HtcdsExportQuery = z.infer<typeof HtcdsExportQuery>;

export const HtcdsEvent = z.object({
  hte_Type: eventType.schema,
  hte_Date: z.string().nullable(),
  /** ISO 3166-1 alpha-3, as Phakhi stores countries. */
  hte_Country: z.string().nullable(),
  /** Thai province code (2 digits) when in Thailand. */
  hte_State: z.string().nullable(),
});
export type HtcdsEvent = z.infer<typeof HtcdsEvent>;

export const HtcdsSupportPlan = z.object({
  spl_Type: supportPlanType.schema,
  spl_PlannedEndDate: z.string().nullable(),
  spl_ActualEndDate: z.string().nullable(),
});
export type HtcdsSupportPlan = z.infer<typeof HtcdsSupportPlan>;

export const HtcdsPerson = z.object({
  id: z.string(),
  // Identity: present only for callers holding case.identity.read (each read audited).
  prs_FirstName: z.string().nullable().optional(),
  prs_SecondName: z.string().nullable().optional(),
  prs_IdentityNumber: z.string().nullable().optional(),
  prs_MobilePhone: z.string().nullable().optional(),
  prs_MailingStreet: z.string().nullable().optional(),
  // Demographics
  prs_Gender: gender.schema,
  prs_Birthdate: z.string().nullable(),
  prs_Citizenship: z.array(z.string()),
  prs_PrimaryLanguage: z.string().nullable(),
  prs_SecondaryLanguage: z.string().nullable(),
  // Victim context
  vic_TraffickingStatus: traffickingStatus.schema.nullable(),
  vic_TraffickingStatusDecisionMakingOrg: decisionOrgType.schema.nullable(),
  vic_RelationshipToTrafficker: relationshipToTrafficker.schema.nullable(),
  vic_AgeWhenTrafficked: z.number().int().nullable(),
  vic_RecruitmentWebsitesAndApps: z.array(apps.schema),
  vic_MethodOfRecruitment: z.array(recruitmentMethod.schema),
  vic_MethodsOfControl: z.array(meansOfControl.schema),
  vic_TypeOfExploitation: z.array(exploitationType.schema),
  vic_ForcedLabourIndustry: industry.schema.nullable(),
  vic_TypeOfSexExploitation: z.array(sexExploitationType.schema),
  vic_ExploitationWebsitesAndApps: z.array(apps.schema),
  vic_Vulnerabilities: z.array(vulnerability.schema),
  /** Always true in an export: a victim without a current sharing consent keeps the case out. */
  con_Consent: z.boolean(),
  events: z.array(HtcdsEvent),
  supportPlans: z.array(HtcdsSupportPlan),
});
export type HtcdsPerson = z.infer<typeof HtcdsPerson>;

export const HtcdsCase = z.object({
  id: z.string(),
  caseNumber: z.string(),
  updatedAt: z.string(),
  cas_Status: caseStatus.schema,
  cas_ReasonForCaseClosure: z.string().nullable(),
  /** The owning case worker's user id (no name). */
  cas_CaseOwner: z.string().nullable(),
  /** The case's victims (family and guardians are not exported: their consent is not recorded). */
  persons: z.array(HtcdsPerson),
});
export type HtcdsCase = z.infer<typeof HtcdsCase>;

export const HtcdsCasePage = z.object({ items: z.array(HtcdsCase), nextCursor: z.string().nullable() });
export type HtcdsCasePage = z.infer<typeof HtcdsCasePage>;

// ---------------------------------------------------------------------------------------------------------
// Import (POST /exchange/htcds/cases)

const isoDate = z.iso.date();
const codeList = <T extends z.ZodType>(item: T) => z.array(item).max(30).refine((a) => new Set(a).size === a.length, 'no repeated values');
const identityText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

/** One HTCDS event as a partner sends it: unknown keys are refused, not dropped. */
export const HtcdsEventIn = z.strictObject({
  hte_Type: eventType.schema,
  hte_Date: isoDate.nullable().default(null),
  hte_Country: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3').nullable().default(null),
  hte_State: ProvinceCode.nullable().default(null),
});

export const HtcdsSupportPlanIn = z.strictObject({
  spl_Type: supportPlanType.schema,
  spl_PlannedEndDate: isoDate.nullable().default(null),
  spl_ActualEndDate: isoDate.nullable().default(null),
});

export const HtcdsPersonIn = z.strictObject({
  /** The sender's id of the person in the case; the same id again updates the same person. */
  id: z.string().trim().min(1).max(200),
  prs_FirstName: identityText(200),
  prs_SecondName: identityText(200),
  /** A Thai national ID (13 digits, valid check digit) or another document's number. */
  prs_IdentityNumber: z.string().trim().regex(/^[A-Za-z0-9 -]{4,30}$/, 'letters, digits, spaces and dashes (4–30)').nullable().optional(),
  prs_MobilePhone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'phone number: digits, spaces, + ( ) -').nullable().optional(),
  prs_MailingStreet: identityText(1000),
  prs_Gender: gender.schema.default('NonSpecifiedUnknown'),
  prs_Birthdate: isoDate.refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'a date between 1900 and today')
    .nullable().default(null),
  prs_Citizenship: z.array(z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3')).max(5).default([]),
  prs_PrimaryLanguage: z.string().regex(/^[a-z]{2,3}$/, 'ISO 639 code').nullable().default(null),
  prs_SecondaryLanguage: z.string().regex(/^[a-z]{2,3}$/, 'ISO 639 code').nullable().default(null),
  vic_TraffickingStatus: traffickingStatus.schema.nullable().default(null),
  vic_TraffickingStatusDecisionMakingOrg: decisionOrgType.schema.nullable().default(null),
  vic_RelationshipToTrafficker: relationshipToTrafficker.schema.nullable().default(null),
  vic_AgeWhenTrafficked: z.number().int().min(0).max(120).nullable().default(null),
  vic_RecruitmentWebsitesAndApps: codeList(apps.schema).default([]),
  vic_MethodOfRecruitment: codeList(recruitmentMethod.schema).default([]),
  vic_MethodsOfControl: codeList(meansOfControl.schema).default([]),
  vic_TypeOfExploitation: codeList(exploitationType.schema).default([]),
  vic_ForcedLabourIndustry: industry.schema.nullable().default(null),
  vic_TypeOfSexExploitation: codeList(sexExploitationType.schema).default([]),
  vic_ExploitationWebsitesAndApps: codeList(apps.schema).default([]),
  vic_Vulnerabilities: codeList(vulnerability.schema).default([]),
  /** Phakhi takes in only records whose sharing the victim (a guardian for a child) consented to. */
  con_Consent: z.literal(true, { error: 'con_Consent must be true: Phakhi imports only records whose sharing was consented to' }),
  events: z.array(HtcdsEventIn).max(50).default([]),
  supportPlans: z.array(HtcdsSupportPlanIn).max(50).default([]),
});
export type HtcdsPersonIn = z.infer<typeof HtcdsPersonIn>;

/** One case as a partner sends it. `caseNumber`, `updatedAt` and `cas_CaseOwner` are the sender's and are not kept. */
export const HtcdsCaseIn = z.strictObject({
  id: z.string().trim().min(1).max(200),
  caseNumber: z.string().max(100).nullable().optional(),
  updatedAt: z.string().max(100).nullable().optional(),
  cas_Status: caseStatus.schema.default('Active'),
  cas_ReasonForCaseClosure: z.string().trim().min(1).max(500).nullable().default(null),
  cas_CaseOwner: z.string().max(200).nullable().optional(),
  persons: z.array(HtcdsPersonIn).min(1).max(50),
});
export type HtcdsCaseIn = z.infer<typeof HtcdsCaseIn>;

/** Cases per request; a larger batch is a background job. */
export const HTCDS_IMPORT_MAX = 1000;

export const HtcdsImportRequest = z.strictObject({
  /** The province whose centre becomes responsible for new cases. A provincial caller's own province is the default. */
  provinceCode: ProvinceCode.optional(),
  /** Import the valid records and report the others. Without it, one bad record means nothing is written. */
  skipInvalid: z.boolean().default(false),
  /** Check every record and report, writing nothing. */
  dryRun: z.boolean().default(false),
  /** HTCDS case records as GET /exchange/htcds/cases gives them (checked one by one, so one bad record names itself). */
  cases: z.array(z.unknown()).min(1).max(HTCDS_IMPORT_MAX),
});
export type HtcdsImportRequest = z.infer<typeof HtcdsImportRequest>;

export const HtcdsImportIssue = z.object({ path: z.string(), message: z.string(), messageTh: z.string() });
export type HtcdsImportIssue = z.infer<typeof HtcdsImportIssue>;

export const htcdsImportOutcomes = ['created', 'updated', 'invalid'] as const;
export const HtcdsImportRecord = z.object({
  /** Position in `cases`, from 0. */
  index: z.number().int(),
  /** The sender's id, when the record had one. */
  id: z.string().nullable(),
  outcome: z.enum(htcdsImportOutcomes),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  errors: z.array(HtcdsImportIssue),
  /** Values kept in a coarser form (e.g. a support plan type Phakhi has no own service for). */
  warnings: z.array(HtcdsImportIssue),
});
export type HtcdsImportRecord = z.infer<typeof HtcdsImportRecord>;

export const HtcdsImportReport = z.object({
  records: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  invalid: z.number().int(),
  /** False when nothing was written (dry run, or bad records without skipInvalid). */
  committed: z.boolean(),
  dryRun: z.boolean(),
  results: z.array(HtcdsImportRecord),
});
export type HtcdsImportReport = z.infer<typeof HtcdsImportReport>;
