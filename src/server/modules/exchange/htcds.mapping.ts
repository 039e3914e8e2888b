import { isValidThaiNationalId } from '../../../contracts/common.js';
import type { HtcdsCase, HtcdsEvent, HtcdsPerson, HtcdsPersonIn, HtcdsSupportPlan } from '../../../contracts/exchange.js';
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

// ---------------------------------------------------------------------------------------------------------
// Import: HTCDS records onto Phakhi's model (the reverse of the above; pure, no database).

/** spl_Type → the plan service that exports as that type again, so an export re-imported exports the same. */
const planServiceOfType: Record<HtcdsSupportPlan['spl_Type'], { service: PlanService; exact: boolean }> = {
  SocialCare: { service: 'psychosocial_support', exact: true },
  Health: { service: 'medical_care', exact: true },
  Livelihood: { service: 'vocational_training', exact: true },
  Education: { service: 'education', exact: true },
  Legal: { service: 'legal_assistance', exact: true },
  Financial: { service: 'compensation_claim', exact: true },
  // Types Phakhi's plan has no own service for: kept as the nearest service (a warning says so).
  LabourExploitationRehabilitation: { service: 'psychological_rehabilitation', exact: false },
  SexualExploitationRehabilitation: { service: 'psychological_rehabilitation', exact: false },
  RightsBasedTraining: { service: 'legal_assistance', exact: false },
};

export interface ImportWarning { path: string; message: string; messageTh: string }

export interface ImportedPerson {
  /** Fields for `persons` / CasePersonCreate (identity only when the record carries it). */
  person: {
    givenName?: string; familyName?: string; nationalId?: string; documentType?: 'other'; documentNumber?: string;
    phone?: string; address?: string;
    gender: HtcdsPerson['prs_Gender']; birthDate?: string; nationality?: string; languages: string[];
    vulnerabilities: HtcdsPerson['vic_Vulnerabilities'];
  };
  /** Which identity fields the record named at all (null clears, absent keeps). */
  identityKeys: readonly ('givenName' | 'familyName' | 'identityNumber' | 'phone' | 'address')[];
  context: {
    traffickingStatus: string | null; identificationOrgType: string | null; relationshipToTrafficker: string | null;
    ageWhenTrafficked: number | null; recruitmentApps: string[]; recruitmentMethods: string[]; meansOfControl: string[];
    exploitationTypes: string[]; industry: string | null; sexExploitationTypes: string[]; exploitationApps: string[]; vulnerabilities: string[];
  };
  events: { type: HtcdsEvent['hte_Type']; eventDate: string | null; country: string | null; provinceCode: string | null }[];
  services: { service: PlanService; plannedEnd: string | null; actualEnd: string | null; status: 'planned' | 'delivered' }[];
  warnings: ImportWarning[];
}

export function fromHtcdsPerson(p: HtcdsPersonIn, path: string): ImportedPerson {
  const warnings: ImportWarning[] = [];
  const id = p.prs_IdentityNumber ?? undefined;
  const thaiId = id !== undefined && /^\d{13}$/.test(id.replace(/[ -]/g, '')) && isValidThaiNationalId(id.replace(/[ -]/g, ''));
  if (p.prs_Citizenship.length > 1) {
    warnings.push({ path: `${path}prs_Citizenship`, message: 'only the first citizenship is kept', messageTh: 'เก็บเฉพาะสัญชาติแรก' });
  }
  const identityKeys = ([
    ['givenName', p.prs_FirstName], ['familyName', p.prs_SecondName], ['identityNumber', p.prs_IdentityNumber],
    ['phone', p.prs_MobilePhone], ['address', p.prs_MailingStreet],
  ] as const).filter(([, v]) => v !== undefined).map(([k]) => k);
  const person: ImportedPerson['person'] = {
    gender: p.prs_Gender,
    languages: [p.prs_PrimaryLanguage, p.prs_SecondaryLanguage].filter((l): l is string => l !== null),
    vulnerabilities: [...p.vic_Vulnerabilities],
  };
  if (p.prs_Birthdate) person.birthDate = p.prs_Birthdate;
  if (p.prs_Citizenship[0]) person.nationality = p.prs_Citizenship[0];
  if (p.prs_FirstName) person.givenName = p.prs_FirstName;
  if (p.prs_SecondName) person.familyName = p.prs_SecondName;
  if (id) {
    if (thaiId) person.nationalId = id.replace(/[ -]/g, '');
    else { person.documentType = 'other'; person.documentNumber = id; }
  }
  if (p.prs_MobilePhone) person.phone = p.prs_MobilePhone;
  if (p.prs_MailingStreet) person.address = p.prs_MailingStreet;
  const services = p.supportPlans.map((s, i) => {
    const m = planServiceOfType[s.spl_Type];
    if (!m.exact) {
      warnings.push({
        path: `${path}supportPlans.${i}.spl_Type`,
        message: `kept as the plan service "${m.service}" (Phakhi has no own service for ${s.spl_Type})`,
        messageTh: `บันทึกเป็นบริการ "${planServiceInfo[m.service].th}" (ไม่มีบริการที่ตรงกับ ${s.spl_Type})`,
      });
    }
    return { service: m.service, plannedEnd: s.spl_PlannedEndDate, actualEnd: s.spl_ActualEndDate, status: s.spl_ActualEndDate ? 'delivered' as const : 'planned' as const };
  });
  return {
    person,
    identityKeys,
    context: {
      traffickingStatus: p.vic_TraffickingStatus, identificationOrgType: p.vic_TraffickingStatusDecisionMakingOrg,
      relationshipToTrafficker: p.vic_RelationshipToTrafficker, ageWhenTrafficked: p.vic_AgeWhenTrafficked,
      recruitmentApps: [...p.vic_RecruitmentWebsitesAndApps], recruitmentMethods: [...p.vic_MethodOfRecruitment],
      meansOfControl: [...p.vic_MethodsOfControl], exploitationTypes: [...p.vic_TypeOfExploitation], industry: p.vic_ForcedLabourIndustry,
      sexExploitationTypes: [...p.vic_TypeOfSexExploitation], exploitationApps: [...p.vic_ExploitationWebsitesAndApps],
      vulnerabilities: [...p.vic_Vulnerabilities],
    },
    events: p.events.map((e) => ({ type: e.hte_Type, eventDate: e.hte_Date, country: e.hte_Country, provinceCode: e.hte_State })),
    services,
    warnings,
  };
}

/** NRM stage an imported case starts in: HTCDS has status only, so the stage follows from what the record holds. */
export function stageOfImported(status: HtcdsCase['cas_Status'], persons: readonly ImportedPerson[]): { stage: string; stageBeforeClose: string | null } {
  const open = status === 'FollowUp' ? 'reintegration'
    : persons.some((p) => p.services.length > 0) ? 'assistance'
      : persons.some((p) => p.context.traffickingStatus !== null) ? 'identification' : 'screening';
  return status === 'Closed' || status === 'ClosedReferred' ? { stage: 'closed', stageBeforeClose: open } : { stage: open, stageBeforeClose: null };
}
