import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { caseStages } from '../../../contracts/case.js';
import { exploitationType, gender, industry } from '../../../contracts/htcds.js';
import { ageBands, statsAgeGroups, victimStatuses, type Breakdown, type BreakdownItem, type Cell, type StatsServices, type StatsSummary, type StatsTimeliness } from '../../../contracts/stats.js';
import type { z } from 'zod';
import type { StatsCasesPage } from '../../../contracts/stats.js';
import { ApiError, api } from '../../api/client.js';
import { saveBlob } from '../../lib/save-blob.js';

export { saveBlob };

export type { Breakdown, BreakdownItem, Cell, StatsServices, StatsSummary, StatsTimeliness };
export type StatsCaseItem = z.infer<typeof StatsCasesPage>['items'][number];
type CasesPage = z.infer<typeof StatsCasesPage>;

export type ApiFilter = Record<string, string | number | undefined>;

export const statsKeys = {
  all: ['stats'] as const,
  summary: (f: ApiFilter) => ['stats', 'summary', f] as const,
  timeliness: (f: ApiFilter) => ['stats', 'timeliness', f] as const,
  services: (f: ApiFilter) => ['stats', 'services', f] as const,
  cases: (f: ApiFilter) => ['stats', 'cases', f] as const,
};

// Numbers change as casework goes on, but not by the second: a minute before asking again.
const staleTime = 60_000;

export function useStatsSummary(filter: ApiFilter, enabled: boolean) {
  return useQuery({ queryKey: statsKeys.summary(filter), queryFn: () => api<StatsSummary>('/api/v1/stats/summary', { query: filter }), enabled, staleTime, placeholderData: (p) => p });
}
export function useStatsTimeliness(filter: ApiFilter, enabled: boolean) {
  return useQuery({ queryKey: statsKeys.timeliness(filter), queryFn: () => api<StatsTimeliness>('/api/v1/stats/timeliness', { query: filter }), enabled, staleTime, placeholderData: (p) => p });
}
export function useStatsServices(filter: ApiFilter, enabled: boolean) {
  return useQuery({ queryKey: statsKeys.services(filter), queryFn: () => api<StatsServices>('/api/v1/stats/services', { query: filter }), enabled, staleTime, placeholderData: (p) => p });
}

/** The cases behind a number, 50 a page (`nextCursor`). */
export function useStatsCases(filter: ApiFilter | null) {
  return useInfiniteQuery({
    queryKey: statsKeys.cases(filter ?? {}),
    queryFn: ({ pageParam }) => api<CasesPage>('/api/v1/stats/cases', { query: { ...filter, limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (d) => d.pages.flatMap((p) => p.items),
    enabled: filter !== null,
    // Who may see which case changes with referrals: always ask again.
    gcTime: 0,
  });
}

// ── Drill-down ───────────────────────────────────────────────────────────────────────────────────

/** The breakdowns a click can drill into, and how a bar's key becomes a filter. */
export type Dimension =
  | 'month' | 'year' | 'fiscalYear' | 'province' | 'exploitation' | 'sex' | 'ageBand' | 'ageGroup' | 'nationality' | 'industry'
  | 'stage' | 'victimStatus';

const valueSets: Partial<Record<Dimension, readonly string[]>> = {
  exploitation: exploitationType.values,
  sex: gender.values,
  ageBand: ageBands,
  ageGroup: statsAgeGroups,
  industry: industry.values,
  stage: caseStages,
  victimStatus: victimStatuses,
};

const pad = (n: number) => String(n).padStart(2, '0');
function monthEnd(y: number, m: number): string {
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/** The dates a filter's period covers (null = open). */
function periodOf(f: ApiFilter): { from: string | null; to: string | null } {
  if (typeof f.year === 'number') {
    return f.yearType === 'fiscal' ? { from: `${f.year - 1}-10-01`, to: `${f.year}-09-30` } : { from: `${f.year}-01-01`, to: `${f.year}-12-31` };
  }
  return { from: typeof f.from === 'string' ? f.from : null, to: typeof f.to === 'string' ? f.to : null };
}

/** The filter narrowed to one period: the overlap of the filter's period and the bar's. */
function withPeriod(f: ApiFilter, from: string, to: string): ApiFilter {
  const p = periodOf(f);
  const { year: _y, yearType: _t, from: _f, to: _to, ...rest } = f;
  return { ...rest, from: p.from && p.from > from ? p.from : from, to: p.to && p.to < to ? p.to : to };
}

/**
 * The drill-down filter for a bar: the dashboard's filter with the bar's value as one more filter, or
 * null when the bar is not a case filter ("other", "unknown" of a value set without it, a suppressed cell).
 */
export function drillFilter(base: ApiFilter, dim: Dimension, key: string): ApiFilter | null {
  switch (dim) {
    case 'month': {
      const m = /^(\d{4})-(\d{2})$/.exec(key);
      if (!m) return null;
      const y = Number(m[1]);
      const mo = Number(m[2]);
      return withPeriod(base, `${y}-${pad(mo)}-01`, monthEnd(y, mo));
    }
    case 'year':
      return /^\d{4}$/.test(key) ? withPeriod(base, `${key}-01-01`, `${key}-12-31`) : null;
    case 'fiscalYear':
      return /^\d{4}$/.test(key) ? withPeriod(base, `${Number(key) - 1}-10-01`, `${key}-09-30`) : null;
    case 'province':
      return /^\d{2}$/.test(key) ? { ...base, province: key } : null;
    case 'nationality':
      return /^[A-Z]{3}$/.test(key) ? { ...base, nationality: key } : null;
    default: {
      const set = valueSets[dim];
      return set?.includes(key) ? { ...base, [dim]: key } : null;
    }
  }
}

// ── Files ────────────────────────────────────────────────────────────────────────────────────────

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s) && s !== '-') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text with a byte-order mark, so spreadsheet programs read the Thai as UTF-8. */
export function toCsv(rows: (string | number)[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Fetches a file from the API (same-origin cookies) and saves it under the server's file name; API errors are thrown as ApiError. */
export async function downloadFile(path: string, query: Record<string, string | number | undefined>, fallbackName: string): Promise<{ name: string; headers: Headers }> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  let res: Response;
  try {
    res = await fetch(`${path}?${params.toString()}`, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the connection and try again.', 'ติดต่อเซิร์ฟเวอร์ไม่ได้ โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง');
  }
  if (!res.ok) {
    // The error body is the API's usual JSON: let the client's parser turn it into an ApiError.
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; messageTh?: string } } | null;
    const e = body?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `Request failed (${res.status})`, e?.messageTh ?? `คำขอไม่สำเร็จ (${res.status})`);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  saveBlob(await res.blob(), name);
  return { name, headers: res.headers };
}

/** The count of a cell as text: "<5" when hidden. */
export function cellText(c: Cell, suppressedText: string, lang: string): string {
  return c.suppressed || c.count === null ? suppressedText : c.count.toLocaleString(lang.startsWith('th') ? 'th-TH' : 'en-GB');
}

export const isHidden = (c: Cell) => c.suppressed || c.count === null;
