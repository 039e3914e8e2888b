import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Country, Province } from '../../api/types.js';

/** Public pages use the reference endpoints that need no sign-in; staff pages the ordinary ones. */
export type ReferenceSource = 'public' | 'staff';

function base(source: ReferenceSource): string {
  return source === 'public' ? '/api/v1/public/reference' : '/api/v1/reference';
}

export function useReportProvinces(source: ReferenceSource) {
  return useQuery({
    queryKey: ['reference', source, 'provinces'],
    queryFn: () => api<{ items: Province[] }>(`${base(source)}/provinces`, { noAuthRedirect: source === 'public' }),
    staleTime: Infinity,
  });
}

export function useReportDistricts(source: ReferenceSource, provinceCode: string | null) {
  return useQuery({
    queryKey: ['reference', source, 'districts', provinceCode],
    queryFn: () => api<{ items: Province[] }>(`${base(source)}/provinces/${encodeURIComponent(provinceCode ?? '')}/districts`, { noAuthRedirect: source === 'public' }),
    enabled: !!provinceCode,
    staleTime: Infinity,
  });
}

export function useReportCountries(source: ReferenceSource) {
  return useQuery({
    queryKey: ['reference', source, 'countries'],
    queryFn: () => api<{ items: Country[] }>(`${base(source)}/countries`, { noAuthRedirect: source === 'public' }),
    staleTime: Infinity,
  });
}

/** Thai names in Thai, English names in every other language. */
export function areaName(item: { nameTh: string; nameEn: string } | undefined, lang: string): string | undefined {
  if (!item) return undefined;
  return lang.startsWith('th') ? item.nameTh : item.nameEn;
}
