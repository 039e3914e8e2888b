import type { HtcdsCase, HtcdsEvent, HtcdsPerson, HtcdsSupportPlan } from '../../../contracts/exchange.js';
import { planServiceInfo, type PlanService } from '../../../contracts/referral.js';
import { gender as genderSet } from '../../../contracts/htcds.js';

/**
 * Pure mapping of Phakhi's case model onto HTCDS v2.0 records (field names as in htcds-fields.tsv,
 * value names as codes). No database, no decryption: the service hands in what the caller may see.
 */

/** Phakhi's plan services onto the HTCDS spl_Type picklist (planServiceInfo keeps the one mapping). */
export function supportPlanTypeOf(service: string): HtcdsSupportPlan['spl_Type'] {
  return planServiceInfo[service as PlanService]?.htcds ?? 'SocialCare';
}

export interface ExportCaseInput {
  id: string;
  caseNumber: string;
  updatedAt: Date;
  status: string;
  closureReason: string | null;
  ownerUserId: string | null;
}

export interface ExportIdentity {
  givenName: string | null;
  familyName: string | null;
  /** Thai national ID, or else the travel/identity document's number. */
  identityNumber: string | null;
  phone: string | null;
  address: string | null;
}

export interface ExportVictimInput {
  casePersonId: string;
  gender: string | null;
  birthDate: string | null;
  nationality: string | null;
  languages: readonly string[];
  traffickingStatus: string | null;
  identificationOrgType: string | null;
  relationshipToTrafficker: string | null;
  ageWhenTrafficked: number | null;
  recruitmentApps: readonly string[];
  recruitmentMethods: readonly string[];
  meansOfControl: readonly string[];
  exploitationTypes: readonly string[];
  industry: string | null;
  sexExploitationTypes: readonly string[];
  exploitationApps: readonly string[];
  vulnerabilities: readonly string[];
  events: readonly { type: string; eventDate: string | null; country: string | null; provinceCode: string | null }[];
  services: readonly { service: string; plannedEnd: string | null; actualEnd: string | null; status: string }[];
  /** Present only when the caller may read identity. */
  identity?: ExportIdentity;
}

type Codes<K extends keyof HtcdsPerson> = HtcdsPerson[K];

export function toHtcdsEvent(e: ExportVictimInput['events'][number]): HtcdsEvent {
  return {
    hte_Type: e.type as HtcdsEvent['hte_Type'],
    hte_Date: e.eventDate,
    hte_Country: e.country?.trim() ?? null,
    hte_State: e.provinceCode?.trim() ?? null,
  };
}

export function toHtcdsSupportPlans(services: ExportVictimInput['services']): HtcdsSupportPlan[] {
  return services
    .filter((s) => s.status !== 'cancelled')
    .map((s) => ({
      spl_Type: supportPlanTypeOf(s.service),
      spl_PlannedEndDate: s.plannedEnd,
      spl_ActualEndDate: s.actualEnd,
    }));
}

export function toHtcdsPerson(v: ExportVictimInput): HtcdsPerson {
  const g = v.gender && (genderSet.values as readonly string[]).includes(v.gender) ? v.gender : 'NonSpecifiedUnknown';
  const out: HtcdsPerson = {
    id: v.casePersonId,
    prs_Gender: g as Codes<'prs_Gender'>,
    prs_Birthdate: v.birthDate,
    prs_Citizenship: v.nationality ? [v.nationality.trim()] : [],
    prs_PrimaryLanguage: v.languages[0] ?? null,
    prs_SecondaryLanguage: v.languages[1] ?? null,
    vic_TraffickingStatus: v.traffickingStatus as Codes<'vic_TraffickingStatus'>,
    vic_TraffickingStatusDecisionMakingOrg: v.identificationOrgType as Codes<'vic_TraffickingStatusDecisionMakingOrg'>,
    vic_RelationshipToTrafficker: v.relationshipToTrafficker as Codes<'vic_RelationshipToTrafficker'>,
    vic_AgeWhenTrafficked: v.ageWhenTrafficked,
    vic_RecruitmentWebsitesAndApps: [...v.recruitmentApps] as Codes<'vic_RecruitmentWebsitesAndApps'>,
    vic_MethodOfRecruitment: [...v.recruitmentMethods] as Codes<'vic_MethodOfRecruitment'>,
    vic_MethodsOfControl: [...v.meansOfControl] as Codes<'vic_MethodsOfControl'>,
    vic_TypeOfExploitation: [...v.exploitationTypes] as Codes<'vic_TypeOfExploitation'>,
    vic_ForcedLabourIndustry: v.industry as Codes<'vic_ForcedLabourIndustry'>,
    vic_TypeOfSexExploitation: [...v.sexExploitationTypes] as Codes<'vic_TypeOfSexExploitation'>,
    vic_ExploitationWebsitesAndApps: [...v.exploitationApps] as Codes<'vic_ExploitationWebsitesAndApps'>,
    vic_Vulnerabilities: [...v.vulnerabilities] as Codes<'vic_Vulnerabilities'>,
    con_Consent: true,
    events: v.events.map(toHtcdsEvent),
    supportPlans: toHtcdsSupportPlans(v.services),
  };
  if (v.identity) {
    out.prs_FirstName = v.identity.givenName;
    out.prs_SecondName = v.identity.familyName;
    out.prs_IdentityNumber = v.identity.identityNumber;
    out.prs_MobilePhone = v.identity.phone;
    out.prs_MailingStreet = v.identity.address;
  }
  return out;
}

export function toHtcdsCase(c: ExportCaseInput, victims: readonly ExportVictimInput[]): HtcdsCase {
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    updatedAt: c.updatedAt.toISOString(),
    cas_Status: c.status as HtcdsCase['cas_Status'],
    cas_ReasonForCaseClosure: c.closureReason,
    cas_CaseOwner: c.ownerUserId,
    persons: victims.map(toHtcdsPerson),
  };
}

/** The keys of a record that are not HTCDS fields (record identity and nesting). */
export const envelopeKeys = new Set(['id', 'caseNumber', 'updatedAt', 'persons', 'events', 'supportPlans']);
