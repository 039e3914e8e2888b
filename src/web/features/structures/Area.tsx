import { Select, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Province } from '../../api/types.js';
import { pick } from '../../lib/labels.js';
import { useDistricts, useNames } from '../network/api.js';
import { useProvinceOptions } from './StructuresBits.js';

export function useSubdistricts(districtCode: string | null | undefined) {
  return useQuery({
    queryKey: ['reference', 'staff', 'subdistricts', districtCode ?? null],
    queryFn: () => api<{ items: Province[] }>(`/api/v1/reference/districts/${encodeURIComponent(districtCode ?? '')}/subdistricts`),
    enabled: !!districtCode,
    staleTime: Infinity,
  });
}

/** "sub-district › district › province" in the UI language (codes while the names load). */
export function AreaText({ provinceCode, districtCode, subdistrictCode }: { provinceCode: string; districtCode: string | null; subdistrictCode: string | null }) {
  const names = useNames();
  const lang = names.lang;
  const districts = useDistricts(districtCode ? provinceCode : null);
  const subdistricts = useSubdistricts(subdistrictCode ? districtCode : null);
  const d = districtCode ? districts.data?.items.find((x) => x.code === districtCode) : undefined;
  const s = subdistrictCode ? subdistricts.data?.items.find((x) => x.code === subdistrictCode) : undefined;
  const parts = [
    subdistrictCode ? (s ? pick(lang, s.nameTh, s.nameEn) : subdistrictCode) : null,
    districtCode ? (d ? pick(lang, d.nameTh, d.nameEn) : districtCode) : null,
    names.province(provinceCode),
  ];
  return <>{parts.filter(Boolean).join(' › ')}</>;
}

export interface AreaValue {
  province: string | null;
  district: string | null;
  subdistrict: string | null;
}

/** Province → district → sub-district pickers; choosing a wider area clears the narrower ones. */
export function AreaFields({ value, onChange, required, withSubdistrict = true, errors = {}, allLabel, lockProvince }: {
  value: AreaValue;
  onChange: (v: AreaValue) => void;
  /** Which levels must be chosen. */
  required?: { province?: boolean; district?: boolean; subdistrict?: boolean };
  withSubdistrict?: boolean;
  errors?: { province?: ReactNode; district?: ReactNode; subdistrict?: ReactNode };
  /** The province may not be changed (the form says why): its picker is disabled. */
  lockProvince?: boolean;
  /** Placeholder of an empty filter ("all"). */
  allLabel?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const provinces = useProvinceOptions();
  const districts = useDistricts(value.province);
  const subdistricts = useSubdistricts(withSubdistrict ? value.district : null);
  return (
    <SimpleGrid cols={{ base: 1, sm: withSubdistrict ? 3 : 2 }}>
      <Select
        label={t('structures.province')}
        placeholder={allLabel ? t('structures.allProvinces') : undefined}
        required={required?.province}
        error={errors.province}
        disabled={lockProvince}
        data={provinces}
        value={value.province}
        onChange={(v) => onChange({ province: v, district: null, subdistrict: null })}
        searchable
        clearable={!required?.province}
      />
      <Select
        label={t('structures.district')}
        placeholder={value.province ? (allLabel ? t('structures.allDistricts') : undefined) : t('structures.pickProvinceFirst')}
        required={required?.district}
        error={errors.district}
        data={(districts.data?.items ?? []).map((d) => ({ value: d.code, label: pick(lang, d.nameTh, d.nameEn) }))}
        value={value.district}
        onChange={(v) => onChange({ ...value, district: v, subdistrict: null })}
        disabled={!value.province}
        searchable
        clearable={!required?.district}
      />
      {withSubdistrict && (
        <Select
          label={t('structures.subdistrict')}
          placeholder={value.district ? (allLabel ? t('structures.allSubdistricts') : undefined) : t('structures.pickDistrictFirst')}
          required={required?.subdistrict}
          error={errors.subdistrict}
          data={(subdistricts.data?.items ?? []).map((s) => ({ value: s.code, label: pick(lang, s.nameTh, s.nameEn) }))}
          value={value.subdistrict}
          onChange={(v) => onChange({ ...value, subdistrict: v })}
          disabled={!value.district}
          searchable
          clearable={!required?.subdistrict}
        />
      )}
    </SimpleGrid>
  );
}
