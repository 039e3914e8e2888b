import { Checkbox, Fieldset, MultiSelect, NumberInput, Select, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { CasePersonCreate } from '../../../contracts/case.js';
import { isValidThaiNationalId } from '../../../contracts/common.js';
import { DateField } from '../../components/DateField.js';
import { pick } from '../../lib/labels.js';
import { useNames } from '../network/api.js';
import { documentTypes, todayTh, type CasePersonRole, type DocumentType } from './api.js';
import { htcds, useHtcds } from './labels.js';

const legendStyles = { legend: { fontWeight: 700, marginBottom: 4 } };

type Gender = (typeof htcds.gender.values)[number];
type Vulnerability = (typeof htcds.vulnerability.values)[number];

/** A person as the forms hold it: strings for text inputs, '' for "not given". */
export interface PersonValues {
  role: CasePersonRole;
  guardianOf: string | null;
  relationship: string;
  givenName: string;
  familyName: string;
  latinName: string;
  otherNames: string;
  gender: Gender;
  birthDate: string;
  estimatedAge: number | string;
  nationality: string | null;
  languages: string[];
  needsInterpreter: boolean;
  disability: 'yes' | 'no' | null;
  vulnerabilities: Vulnerability[];
  nationalId: string;
  documentType: DocumentType | null;
  documentNumber: string;
  phone: string;
  address: string;
}

export function emptyPerson(role: CasePersonRole = 'victim'): PersonValues {
  return {
    role, guardianOf: null, relationship: '', givenName: '', familyName: '', latinName: '', otherNames: '', gender: 'NonSpecifiedUnknown',
    birthDate: '', estimatedAge: '', nationality: null, languages: [], needsInterpreter: false, disability: null, vulnerabilities: [],
    nationalId: '', documentType: null, documentNumber: '', phone: '', address: '',
  };
}

/** The request body of `CasePersonCreate` from the form's values (empty fields left out). */
export function personBody(v: PersonValues): CasePersonCreate {
  const text = (s: string) => s.trim() || undefined;
  const body: Record<string, unknown> = {
    role: v.role,
    gender: v.gender,
    languages: v.languages,
    needsInterpreter: v.needsInterpreter,
    vulnerabilities: v.vulnerabilities,
  };
  const put = (k: string, val: unknown) => {
    if (val !== undefined && val !== null && val !== '') body[k] = val;
  };
  put('guardianOf', v.role === 'guardian' ? v.guardianOf : null);
  put('relationship', text(v.relationship));
  put('givenName', text(v.givenName));
  put('familyName', text(v.familyName));
  put('latinName', text(v.latinName));
  put('otherNames', text(v.otherNames));
  put('birthDate', v.birthDate || undefined);
  put('estimatedAge', v.estimatedAge === '' ? undefined : Number(v.estimatedAge));
  put('nationality', v.nationality);
  put('disability', v.disability === null ? undefined : v.disability === 'yes');
  put('nationalId', v.nationalId.replace(/[\s-]/g, '') || undefined);
  put('documentType', v.documentType);
  put('documentNumber', text(v.documentNumber));
  put('phone', text(v.phone));
  put('address', text(v.address));
  return body as CasePersonCreate;
}

/** Client-side checks that mirror the contract, so most mistakes show before the request. */
export function personValidation(t: (k: string, o?: Record<string, unknown>) => string) {
  return {
    nationalId: (v: string) => {
      const id = v.replace(/[\s-]/g, '');
      return !id || isValidThaiNationalId(id) ? null : t('validation.nationalId');
    },
    phone: (v: string) => (!v.trim() || /^\+?[0-9 ()-]{6,20}$/.test(v.trim()) ? null : t('validation.phone')),
    estimatedAge: (v: number | string) => {
      if (v === '' || v === null) return null;
      const n = Number(v);
      return Number.isInteger(n) && n >= 0 && n <= 120 ? null : t('validation.range', { min: 0, max: 120 });
    },
    documentNumber: (v: string) => (!v.trim() || /^[A-Za-z0-9 -]{4,30}$/.test(v.trim()) ? null : t('cases.person.documentNumberRule')),
    documentType: (v: DocumentType | null, all: unknown, path: string) => {
      const number = path.replace(/documentType$/, 'documentNumber');
      const values = all as Record<string, unknown>;
      const n = number.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), values);
      return typeof n === 'string' && n.trim() && !v ? t('cases.person.documentTypeNeeded') : null;
    },
  };
}

/**
 * The fields of one person (identity, demographics, document). `prefix` is the path of the person in
 * the form (`persons.0.` in the new-case form, '' in the add-person dialog).
 */
export function PersonFields<T>({ form, prefix, withRole, victims }: { form: UseFormReturnType<T>; prefix: string; withRole?: boolean; victims?: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const names = useNames();
  const h = useHtcds();
  const p = (field: keyof PersonValues) => form.getInputProps(`${prefix}${field}`);
  const get = (field: keyof PersonValues) => p(field).value as unknown;
  const birth = p('birthDate');
  const roleOptions = (['victim', 'family', 'guardian', 'other'] as const).map((r) => ({ value: r, label: t(`cases.role.${r}`) }));
  const countryOptions = (names.countries.data?.items ?? []).map((c) => ({ value: c.alpha3, label: `${pick(names.lang, c.nameTh, c.nameEn)} (${c.alpha3})` }));
  const languageOptions = (names.languages.data?.items ?? []).map((l) => ({ value: l.code, label: pick(names.lang, l.nameTh, l.nameEn) }));
  return (
    <>
      {withRole && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('cases.person.role')} data={roleOptions} allowDeselect={false} required {...p('role')} />
          {get('role') === 'guardian' ? (
            <Select label={t('cases.person.guardianOf')} data={victims ?? []} required {...p('guardianOf')} />
          ) : (
            <TextInput label={t('cases.person.relationship')} {...p('relationship')} />
          )}
        </SimpleGrid>
      )}
      <Fieldset legend={t('cases.person.identity')} variant="unstyled" styles={legendStyles}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('cases.person.givenName')} autoComplete="off" {...p('givenName')} />
          <TextInput label={t('cases.person.familyName')} autoComplete="off" {...p('familyName')} />
          <TextInput label={t('cases.person.latinName')} description={t('cases.person.latinNameHelp')} autoComplete="off" lang="en" {...p('latinName')} />
          <TextInput label={t('cases.person.otherNames')} autoComplete="off" {...p('otherNames')} />
        </SimpleGrid>
      </Fieldset>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select label={t('cases.person.gender')} data={h.options(htcds.gender)} allowDeselect={false} {...p('gender')} />
        <DateField label={t('cases.person.birthDate')} value={String(birth.value ?? '')} onChange={birth.onChange as (v: string) => void} error={birth.error} maxDate={todayTh()} />
        <NumberInput label={t('cases.person.estimatedAge')} description={t('cases.person.estimatedAgeHelp')} min={0} max={120} allowDecimal={false} {...p('estimatedAge')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('cases.person.nationality')} searchable clearable data={countryOptions} {...p('nationality')} />
        <MultiSelect label={t('cases.person.languages')} searchable clearable data={languageOptions} maxValues={10} {...p('languages')} />
      </SimpleGrid>
      <Checkbox label={t('cases.person.needsInterpreter')} {...form.getInputProps(`${prefix}needsInterpreter`, { type: 'checkbox' })} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('cases.person.disability')}
          clearable
          data={[{ value: 'yes', label: t('cases.yes') }, { value: 'no', label: t('cases.no') }]}
          {...p('disability')}
        />
        <MultiSelect label={t('cases.person.vulnerabilities')} searchable clearable data={h.options(htcds.vulnerability)} {...p('vulnerabilities')} />
      </SimpleGrid>
      <Fieldset legend={t('cases.person.documents')} variant="unstyled" styles={legendStyles}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('cases.person.nationalId')} description={t('cases.person.nationalIdHelp')} inputMode="numeric" maxLength={17} autoComplete="off" {...p('nationalId')} />
          <Select label={t('cases.person.documentType')} clearable data={documentTypes.map((d) => ({ value: d, label: t(`cases.documentType.${d}`) }))} {...p('documentType')} />
          <TextInput label={t('cases.person.documentNumber')} autoComplete="off" {...p('documentNumber')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
          <TextInput label={t('cases.person.phone')} type="tel" autoComplete="off" {...p('phone')} />
          <Textarea label={t('cases.person.address')} autosize minRows={1} autoComplete="off" {...p('address')} />
        </SimpleGrid>
      </Fieldset>
    </>
  );
}
