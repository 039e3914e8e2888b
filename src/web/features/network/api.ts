import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  measures, ranks, services, serviceSexes,
  type Contact, type CoverageResponse, type MapResponse, type OrganisationService, type Partner, type PartnerSearchResult,
} from '../../../contracts/network.js';
import type { Language } from '../../../contracts/reference.js';
import { api, ApiError, fieldText } from '../../api/client.js';
import { useCountries, useMe, useProvinces } from '../../api/queries.js';
import type { Me, Province } from '../../api/types.js';
import { pick } from '../../lib/labels.js';

export { measures, ranks, services, serviceSexes };
export type ServiceName = (typeof services)[number];
export type MeasureName = (typeof measures)[number];
export type ServiceSex = (typeof serviceSexes)[number];
export type Rank = (typeof ranks)[number];
export type { Contact, OrganisationService, Partner };
export type SearchResult = z.infer<typeof PartnerSearchResult>;
export type Coverage = z.infer<typeof CoverageResponse>;
export type MapCounts = z.infer<typeof MapResponse>;

/** Every network query starts with this key, so one invalidation refreshes search, map, coverage and partner pages. */
export const networkKeys = {
  all: ['network'] as const,
  search: (q: object) => ['network', 'search', q] as const,
  partner: (id: string) => ['network', 'partner', id] as const,
  contacts: (id: string) => ['network', 'contacts', id] as const,
  map: (q: object) => ['network', 'map', q] as const,
  coverage: (q: object) => ['network', 'coverage', q] as const,
};

/** The query string of `GET /network/search` (empty values are left out by the api client). */
export interface SearchParams {
  q?: string;
  service?: ServiceName;
  province?: string;
  district?: string;
  sex?: ServiceSex;
  age?: number;
  nationality?: string;
  language?: string;
  freeCapacity?: boolean;
  measure?: MeasureName;
  /** false: names only, without the urgent contacts (whose reads are audited). */
  withContacts?: boolean;
  limit?: number;
}

export function useNetworkSearch(params: SearchParams | null) {
  return useQuery({
    queryKey: networkKeys.search(params ?? {}),
    queryFn: () => api<{ items: SearchResult[] }>('/api/v1/network/search', { query: { ...params } }),
    enabled: params !== null,
    // Each answer that carries contacts is audited: do not ask again just because the page re-rendered.
    staleTime: 60_000,
  });
}

export function useLanguages() {
  return useQuery({
    queryKey: ['reference', 'languages'],
    queryFn: () => api<{ items: Language[] }>('/api/v1/reference/languages'),
    staleTime: Infinity,
  });
}

export function useDistricts(provinceCode: string | null | undefined) {
  return useQuery({
    queryKey: ['reference', 'staff', 'districts', provinceCode ?? null],
    queryFn: () => api<{ items: Province[] }>(`/api/v1/reference/provinces/${encodeURIComponent(provinceCode ?? '')}/districts`),
    enabled: !!provinceCode,
    staleTime: Infinity,
  });
}

/** Names for codes (provinces, countries, languages) in the UI language; the code itself while loading. */
export function useNames() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const provinces = useProvinces();
  const countries = useCountries();
  const languages = useLanguages();
  const province = (code: string | null | undefined) => {
    if (!code) return '';
    const p = provinces.data?.items.find((x) => x.code === code);
    return p ? pick(lang, p.nameTh, p.nameEn) : code;
  };
  const country = (alpha3: string) => {
    const c = countries.data?.items.find((x) => x.alpha3 === alpha3);
    return c ? pick(lang, c.nameTh, c.nameEn) : alpha3;
  };
  const language = (code: string) => {
    const l = languages.data?.items.find((x) => x.code === code || x.alpha2 === code);
    return l ? pick(lang, l.nameTh, l.nameEn) : code;
  };
  return { province, country, language, provinces, countries, languages, lang };
}

/**
 * The server's field errors for a Mantine form: each under its full path (`areas.0.districtCode`) and
 * under its first segment (`capacityFree`), without the `query.` prefix of query-string errors.
 */
export function formErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const f of err.fields) {
    const path = f.path.replace(/^query\./, '');
    if (!path) continue;
    out[path] ??= fieldText(f);
    const first = path.split('.')[0]!;
    out[first] ??= fieldText(f);
  }
  return out;
}

/** `tel:` link target: digits and a leading +. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
