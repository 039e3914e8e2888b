import { z } from 'zod';
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
