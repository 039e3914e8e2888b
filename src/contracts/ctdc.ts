import { z } from 'zod';

/**
 * The anonymised victim export in the Counter Trafficking Data Collaborative's format (IOM, Global
 * Synthetic Dataset codebook v2, Feb 2024; ../shared/standards/README.md): 27 variables, names and
 * value sets exactly as CTDC spells them, flags `1` or empty (never 0).
 */
export const ctdcVariables = [
  'yearOfRegistration', 'gender', 'ageBroad', 'citizenship', 'CountryOfExploitation', 'traffickMonths',
  'meansDebtBondageEarnings', 'meansThreats', 'meansAbusePsyPhySex', 'meansFalsePromises', 'meansDrugsAlcohol',
  'meansExcessiveWorkHours', 'meansWithholdDocs', 'meansDenyBasicNeeds',
  'isForcedLabour', 'isSexualExploit', 'isOtherExploit',
  'typeOfLabourAgriculture', 'typeOfLabourConstruction', 'typeOfLabourDomesticWork', 'typeOfLabourHospitality',
  'typeOfSexProstitution', 'typeOfSexPornography',
  'recruiterRelationIntimatePartner', 'recruiterRelationFriend', 'recruiterRelationFamily', 'recruiterRelationOther',
] as const;
export type CtdcVariable = (typeof ctdcVariables)[number];

/** The 21 flag variables, in column order (bit i of an encoded record = flag i). */
export const ctdcFlags = ctdcVariables.slice(6) as unknown as readonly CtdcFlag[];
export type CtdcFlag = Exclude<CtdcVariable, 'yearOfRegistration' | 'gender' | 'ageBroad' | 'citizenship' | 'CountryOfExploitation' | 'traffickMonths'>;

export const ctdcGenders = ['Man', 'Woman', 'Trans/Transgender/NonConforming'] as const;
export type CtdcGender = (typeof ctdcGenders)[number];

/** CTDC's age bands at registration (en dash, as the codebook writes them). */
export const ctdcAgeBands = ['0–8', '9–17', '18–20', '21–23', '24–26', '27–29', '30–38', '39–47', '48+'] as const;
export const ctdcTraffickMonths = ['0–12', '13–24', '25+'] as const;

export const CtdcExportQuery = z.strictObject({
  from: z.coerce.number().int().min(1900).max(2200).describe('First year of registration (Gregorian, Thai time)'),
  to: z.coerce.number().int().min(1900).max(2200).describe('Last year of registration (Gregorian), not before `from`'),
  k: z.coerce.number().int().max(1000).default(11)
    .describe('k of k-anonymity: every released combination of the 27 values occurs at least k times; at least 2 (CTDC used 11)'),
});
export type CtdcExportQuery = z.infer<typeof CtdcExportQuery>;

/**
 * Response headers that state what was done to the data (API.md). The counts follow the statistics'
 * small-cell rule: a suppressed count from 1 to the threshold reads "<5", and so does `records` then (it is
 * released + suppressed, and the lines of the file count the released) or when it is itself that small.
 */
export const ctdcHeaders = {
  method: 'x-anonymisation-method',
  k: 'x-anonymisation-k',
  /** Victims in scope and period after counting each person once, or "<5" (see above). */
  records: 'x-anonymisation-records',
  /** Lines in the file: always exact. */
  released: 'x-anonymisation-released',
  /** Records withheld, or "<5" (see above). */
  suppressed: 'x-anonymisation-suppressed',
  /** The generalisation level applied (`none`, or the steps of the hierarchy, comma-separated). */
  generalisation: 'x-anonymisation-generalisation',
} as const;
