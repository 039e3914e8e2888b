// The statistics dashboard's filters as they sit in the page address. Kept apart from the page so the
// route tree (main bundle) can validate them without loading the dashboard's chunk. Codes and dates
// only: nothing here identifies a person.

export const periodModes = ['all', 'calendar', 'fiscal', 'range'] as const;
export type PeriodMode = (typeof periodModes)[number];

export const listFilters = ['province', 'exploitation', 'sex', 'ageBand', 'ageGroup', 'nationality', 'industry', 'stage', 'victimStatus'] as const;
export type ListFilter = (typeof listFilters)[number];

export type StatsSearch = {
  period?: PeriodMode;
  year?: number;
  from?: string;
  to?: string;
} & { [K in ListFilter]?: string };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
// A comma-separated list of codes (province "57", HTCDS names, "0-8", "48+", ISO alpha-3 …).
const codeList = /^[\w+-]{1,60}(,[\w+-]{1,60}){0,99}$/;

/** Drops anything that is not a well-formed filter; the server still refuses unknown codes (400). */
export function parseStatsSearch(s: Record<string, unknown>): StatsSearch {
  const out: StatsSearch = {};
  const period = s.period;
  if (typeof period === 'string' && (periodModes as readonly string[]).includes(period)) out.period = period as PeriodMode;
  const year = Number(s.year);
  if (s.year !== undefined && Number.isInteger(year) && year >= 2000 && year <= 2100) out.year = year;
  for (const k of ['from', 'to'] as const) {
    const v = s[k];
    if (typeof v === 'string' && isoDate.test(v)) out[k] = v;
  }
  for (const k of listFilters) {
    // The router reads `57` as a number: a province code is still a code.
    const raw = s[k];
    const v = typeof raw === 'number' ? String(raw).padStart(2, '0') : raw;
    if (typeof v === 'string' && codeList.test(v)) out[k] = v;
  }
  return out;
}

export function splitList(v: string | undefined): string[] {
  return v ? v.split(',').filter(Boolean) : [];
}

/** The API query (StatsFilter) for the filters in the address. */
export function apiFilter(s: StatsSearch): Record<string, string | number | undefined> {
  const period = s.period ?? 'all';
  const q: Record<string, string | number | undefined> = {};
  if ((period === 'calendar' || period === 'fiscal') && s.year) {
    q.year = s.year;
    q.yearType = period;
  }
  if (period === 'range') {
    q.from = s.from;
    q.to = s.to;
  }
  for (const k of listFilters) if (s[k]) q[k] = s[k];
  return q;
}
