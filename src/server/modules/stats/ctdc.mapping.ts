import { ctdcAgeBands, ctdcFlags, ctdcGenders, ctdcTraffickMonths, type CtdcFlag, type CtdcGender } from '../../../contracts/ctdc.js';
import type {
  exploitationType, gender as htcdsGender, industry, meansOfControl, relationshipToTrafficker, sexExploitationType,
} from '../../../contracts/htcds.js';

/**
 * HTCDS (what Phakhi stores per victim) → CTDC's 27 variables. One table, read by the SQL that builds
 * the export (ctdc.repository.ts) and by the pure functions the tests use, so the two cannot drift.
 *
 * Decisions (HTCDS is finer than CTDC in most places, coarser in one):
 * - Who is a victim: a case person with role `victim` whose trafficking status is Actual or Possible
 *   victim, or not yet decided (a person in screening is a possible victim in the NRM's sense); people
 *   decided NotAVictimOfTrafficking are left out.
 * - Registration is the case's opening (`cases.opened_at`, Thai time): yearOfRegistration is its year,
 *   ageBroad the age then (from the birth date, else the recorded estimated age, else the age when
 *   trafficked), as the statistics dashboard counts it (stats.repository.ts).
 * - traffickMonths: months from the earliest dated trafficking event (recruitment, transit or
 *   exploitation) to the victim's being taken into care (else identification, else the case's opening);
 *   empty without a dated event.
 * - CountryOfExploitation: the country of the latest Exploitation event that names one.
 * - isForcedLabour also takes child labour, forced begging and servitude (ILO C29 forced labour);
 *   isOtherExploit takes forced marriage, forced military service, organ removal, forced adoption,
 *   surrogacy and other.
 * - recruiterRelation: HTCDS vic_RelationshipToTrafficker Familial → Family, Acquainted → Friend,
 *   Unaquainted → Other. HTCDS has no intimate-partner value, so recruiterRelationIntimatePartner is
 *   always empty (the column is kept: CTDC's 27 names are the contract).
 * - Persons recorded twice (same travel-document or national-ID blind index) count once, with the same
 *   person key and choice as the dashboard: the record that identified them as a victim, else the
 *   earliest registration in the period.
 */

type Means = (typeof meansOfControl.values)[number];
type Exploitation = (typeof exploitationType.values)[number];
type Industry = (typeof industry.values)[number];
type SexType = (typeof sexExploitationType.values)[number];
type Relation = (typeof relationshipToTrafficker.values)[number];
type HtcdsGender = (typeof htcdsGender.values)[number];

/** Which stored HTCDS column and codes set each CTDC flag. */
export type FlagSource =
  | { column: 'means_of_control'; codes: readonly Means[] }
  | { column: 'exploitation_types'; codes: readonly Exploitation[] }
  | { column: 'industry'; codes: readonly Industry[] }
  | { column: 'sex_exploitation_types'; codes: readonly SexType[] }
  | { column: 'relationship_to_trafficker'; codes: readonly Relation[] };

export const flagSources: Record<CtdcFlag, FlagSource> = {
  meansDebtBondageEarnings: { column: 'means_of_control', codes: ['DebtBondage', 'TakesEarnings'] },
  meansThreats: { column: 'means_of_control', codes: ['PhysicalThreats', 'ThreatensChildrenFamily', 'ThreatsLawEnforcement'] },
  meansAbusePsyPhySex: { column: 'means_of_control', codes: ['PsychologicalAbuse', 'PhysicalAbuse', 'SexualAbuse'] },
  meansFalsePromises: { column: 'means_of_control', codes: ['FalsePromises'] },
  meansDrugsAlcohol: { column: 'means_of_control', codes: ['PsychoactiveSubstance'] },
  meansExcessiveWorkHours: { column: 'means_of_control', codes: ['ExcessiveWorkingHours'] },
  meansWithholdDocs: { column: 'means_of_control', codes: ['WithholdsDocuments'] },
  meansDenyBasicNeeds: { column: 'means_of_control', codes: ['RestrictsFinancialAccess', 'RestrictsMedicalCare', 'WithholdsNecessities'] },
  isForcedLabour: { column: 'exploitation_types', codes: ['ForcedLabour', 'ChildLabour', 'ForcedBegging', 'Servitude'] },
  isSexualExploit: { column: 'exploitation_types', codes: ['SexualExploitation'] },
  isOtherExploit: {
    column: 'exploitation_types',
    codes: ['ForcedMarriage', 'ForcedMilitaryByNonStateActors', 'OrganRemoval', 'ForcedAdoption', 'Surrogacy', 'Other'],
  },
  typeOfLabourAgriculture: { column: 'industry', codes: ['A_AgricultureForestryAndFishing'] },
  typeOfLabourConstruction: { column: 'industry', codes: ['F_Construction'] },
  typeOfLabourDomesticWork: { column: 'industry', codes: ['T_ActivitiesOfHouseholdsAsEmployers'] },
  typeOfLabourHospitality: { column: 'industry', codes: ['I_AccommodationAndFoodServiceActivities'] },
  typeOfSexProstitution: { column: 'sex_exploitation_types', codes: ['Prostitution'] },
  typeOfSexPornography: { column: 'sex_exploitation_types', codes: ['Pornography'] },
  recruiterRelationIntimatePartner: { column: 'relationship_to_trafficker', codes: [] },
  recruiterRelationFriend: { column: 'relationship_to_trafficker', codes: ['Acquainted'] },
  recruiterRelationFamily: { column: 'relationship_to_trafficker', codes: ['Familial'] },
  recruiterRelationOther: { column: 'relationship_to_trafficker', codes: ['Unaquainted'] },
};

export const flagBit = (f: CtdcFlag): number => 1 << ctdcFlags.indexOf(f);
export const ALL_FLAGS = (1 << ctdcFlags.length) - 1;
/** Bit masks of the flag groups the generalisation hierarchy blanks as a whole. */
export const flagGroups = {
  means: maskOf((f) => f.startsWith('means')),
  exploitation: maskOf((f) => f.startsWith('is')),
  labour: maskOf((f) => f.startsWith('typeOfLabour')),
  sex: maskOf((f) => f.startsWith('typeOfSex')),
  recruiter: maskOf((f) => f.startsWith('recruiterRelation')),
};
function maskOf(pred: (f: CtdcFlag) => boolean): number {
  return ctdcFlags.reduce((m, f, i) => (pred(f) ? m | (1 << i) : m), 0);
}

/** HTCDS prs_Gender → CTDC gender index (Man, Woman, Trans…); persons.sex when gender is not recorded. */
export const genderIndex: Record<HtcdsGender | 'female' | 'male', number | null> = {
  Masculine: 0, Feminine: 1, TransgenderFeminine: 2, TransgenderMasculine: 2, NonConforming: 2, NonSpecifiedUnknown: null,
  male: 0, female: 1,
};

/** Upper bounds (inclusive) of CTDC's age bands, 48+ last. */
export const ageBandUpper = [8, 17, 20, 23, 26, 29, 38, 47] as const;
export function ageBandOf(age: number | null): number | null {
  if (age === null || !Number.isFinite(age) || age < 0) return null;
  const i = ageBandUpper.findIndex((u) => age <= u);
  return i === -1 ? ageBandUpper.length : i;
}
export function traffickBandOf(months: number | null): number | null {
  if (months === null || months < 0) return null;
  return months <= 12 ? 0 : months <= 24 ? 1 : 2;
}

/**
 * A victim as the export sees it before generalisation: every released variable, encoded compactly
 * (indices into CTDC's value lists and a bit set of the 21 flags) so that SQL can group a million of
 * them quickly. `null` is an empty cell.
 */
export interface CtdcBase {
  year: number;
  /** Index into ctdcGenders. */
  gender: number | null;
  /** Index into ctdcAgeBands. */
  age: number | null;
  citizenship: string | null;
  country: string | null;
  /** Index into ctdcTraffickMonths. */
  months: number | null;
  /** Bit i = ctdcFlags[i]. */
  flags: number;
}

/** The stored HTCDS facts of one victim the mapping reads (the pure twin of the export's SQL). */
export interface VictimFacts {
  registrationYear: number;
  ageAtRegistration: number | null;
  gender: string | null;
  sex: string | null;
  nationality: string | null;
  meansOfControl: readonly string[];
  exploitationTypes: readonly string[];
  industry: string | null;
  sexExploitationTypes: readonly string[];
  relationshipToTrafficker: string | null;
  exploitationCountry: string | null;
  traffickMonths: number | null;
}

export function mapVictim(v: VictimFacts): CtdcBase {
  let flags = 0;
  ctdcFlags.forEach((f, i) => {
    const src = flagSources[f];
    const codes = src.codes as readonly string[];
    const stored = src.column === 'means_of_control' ? v.meansOfControl
      : src.column === 'exploitation_types' ? v.exploitationTypes
        : src.column === 'sex_exploitation_types' ? v.sexExploitationTypes
          : src.column === 'industry' ? (v.industry ? [v.industry] : [])
            : (v.relationshipToTrafficker ? [v.relationshipToTrafficker] : []);
    if (stored.some((c) => codes.includes(c))) flags |= 1 << i;
  });
  const g = v.gender ?? v.sex;
  return {
    year: v.registrationYear,
    gender: g !== null && g in genderIndex ? genderIndex[g as keyof typeof genderIndex] : null,
    age: ageBandOf(v.ageAtRegistration),
    citizenship: v.nationality,
    country: v.exploitationCountry,
    months: traffickBandOf(v.traffickMonths),
    flags,
  };
}

export const labels = {
  gender: (i: number | null): string => (i === null ? '' : ctdcGenders[i] as CtdcGender),
  age: (i: number | null): string => (i === null ? '' : ctdcAgeBands[i]!),
  months: (i: number | null): string => (i === null ? '' : ctdcTraffickMonths[i]!),
};
