import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { ReportFields, peopleSexes, yesNoUnknown } from '../../../contracts/report.js';

export type Sex = (typeof peopleSexes)[number];
export type YesNoUnknown = (typeof yesNoUnknown)[number];
/** The request body fields every report has (`ReportFields` in the contract, before defaults). */
export type ReportFieldsBody = z.input<typeof ReportFields>;

export const DESCRIPTION_MAX = 5000;

/** What the report form holds while it is being filled in (text fields as strings, '' = empty). */
export interface ReportFormValues {
  description: string;
  provinceCode: string | null;
  provinceUnknown: boolean;
  districtCode: string | null;
  placeDescription: string;
  happenedOn: string;
  whenDescription: string;
  peopleCount: number | string;
  approxAge: number | string;
  sexOfPeople: Sex;
  nationality: string | null;
  childrenInvolved: YesNoUnknown;
  /** '' until answered; not answered is sent as "no". */
  immediateDanger: '' | 'yes' | 'no';
  contactName: string;
  contactPhone: string;
  contactLine: string;
}

export function emptyReportValues(): ReportFormValues {
  return {
    description: '',
    provinceCode: null,
    provinceUnknown: false,
    districtCode: null,
    placeDescription: '',
    happenedOn: '',
    whenDescription: '',
    peopleCount: '',
    approxAge: '',
    sexOfPeople: 'unknown',
    nationality: null,
    childrenInvolved: 'unknown',
    immediateDanger: '',
    contactName: '',
    contactPhone: '',
    contactLine: '',
  };
}

/** Today's calendar date in Thailand, `YYYY-MM-DD` (the latest date a report may name). */
export function todayInBangkok(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function intIn(v: number | string, min: number, max: number): boolean {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max;
}

/** Client-side checks mirroring the contract, so most mistakes are shown before sending. `t` reads the `report` namespace. */
export function reportValidators(t: TFunction) {
  const maxLen = (max: number) => (v: string) => (v.trim().length > max ? t('form.validation.tooLong', { max }) : null);
  return {
    description: (v: string) => {
      const n = v.trim().length;
      if (n === 0) return t('form.validation.required');
      if (n < 10) return t('form.validation.descriptionMin');
      if (n > DESCRIPTION_MAX) return t('form.validation.tooLong', { max: DESCRIPTION_MAX });
      return null;
    },
    provinceCode: (v: string | null, values: ReportFormValues) => (v || values.provinceUnknown ? null : t('form.validation.chooseProvince')),
    placeDescription: maxLen(500),
    whenDescription: maxLen(300),
    happenedOn: (v: string) => (!v || v <= todayInBangkok() ? null : t('form.validation.futureDate')),
    peopleCount: (v: number | string) => (v === '' || intIn(v, 1, 10_000) ? null : t('form.validation.range', { min: 1, max: 10_000 })),
    approxAge: (v: number | string) => (v === '' || intIn(v, 0, 120) ? null : t('form.validation.range', { min: 0, max: 120 })),
    contactName: maxLen(200),
    contactPhone: (v: string) => (!v.trim() || /^\+?[0-9 ()-]{6,20}$/.test(v.trim()) ? null : t('form.validation.phone')),
    contactLine: (v: string) => (!v.trim() || /^[A-Za-z0-9._@-]{1,50}$/.test(v.trim()) ? null : t('form.validation.line')),
  };
}

/** The request body for the form's values: empty optional fields are left out. */
export function toReportBody(v: ReportFormValues, language: ReportFieldsBody['language']): ReportFieldsBody {
  const body: ReportFieldsBody = {
    description: v.description.trim(),
    sexOfPeople: v.sexOfPeople,
    childrenInvolved: v.childrenInvolved,
    immediateDanger: v.immediateDanger === 'yes',
    language,
  };
  if (v.provinceUnknown || !v.provinceCode) body.provinceCode = null;
  else {
    body.provinceCode = v.provinceCode;
    if (v.districtCode) body.districtCode = v.districtCode;
  }
  const text = (s: string) => s.trim() || undefined;
  if (text(v.placeDescription)) body.placeDescription = v.placeDescription.trim();
  if (v.happenedOn) body.happenedOn = v.happenedOn;
  if (text(v.whenDescription)) body.whenDescription = v.whenDescription.trim();
  if (v.peopleCount !== '') body.peopleCount = Number(v.peopleCount);
  if (v.approxAge !== '') body.approxAge = Number(v.approxAge);
  if (v.nationality) body.nationality = v.nationality;
  if (text(v.contactName)) body.contactName = v.contactName.trim();
  if (text(v.contactPhone)) body.contactPhone = v.contactPhone.trim();
  if (text(v.contactLine)) body.contactLine = v.contactLine.trim();
  return body;
}

/** Server field errors (`path` dotted) keyed by the form field they belong to. */
export function serverFieldErrors(fields: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const key = f.path.split('.')[0] ?? f.path;
    if (key && !out[key]) out[key] = f.message;
  }
  return out;
}

/** Countries the network meets most often are listed first in the nationality picker. */
export const commonNationalities = ['MMR', 'LAO', 'KHM', 'THA', 'VNM', 'CHN'];

export function nationalityOptions(items: { alpha3: string; nameTh: string; nameEn: string }[] | undefined, lang: string) {
  const name = (c: { nameTh: string; nameEn: string }) => (lang.startsWith('th') ? c.nameTh : c.nameEn);
  const list = items ?? [];
  const first = commonNationalities.map((a) => list.find((c) => c.alpha3 === a)).filter((c): c is NonNullable<typeof c> => !!c);
  const rest = list.filter((c) => !commonNationalities.includes(c.alpha3)).sort((a, b) => name(a).localeCompare(name(b), lang));
  return [...first, ...rest].map((c) => ({ value: c.alpha3, label: name(c) }));
}
