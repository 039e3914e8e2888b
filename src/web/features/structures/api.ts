import { useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  actionStatuses, committeeKinds, committeeRoles, mdtRoles,
  type ActionItem, type AppointmentOrder, type BorderCentre, type BorderCentreStaff, type Committee, type CommitteeMember,
  type Mdt, type MdtMember, type Meeting, type MeetingSummary, type OnCall, type OrgRef, type OverdueActionItem, type Roster,
  type SubdistrictCentre, type Volunteer,
} from '../../../contracts/structures.js';
import { api, type RequestOptions } from '../../api/client.js';
import type { ListPage, Me } from '../../api/types.js';

export { actionStatuses, committeeKinds, committeeRoles, mdtRoles };
export type { ActionItem, AppointmentOrder, BorderCentre, BorderCentreStaff, Committee, CommitteeMember, Mdt, MdtMember, Meeting, OrgRef, Volunteer };
export type MeetingSummaryT = z.infer<typeof MeetingSummary>;
export type OverdueItem = z.infer<typeof OverdueActionItem>;
export type RosterT = z.infer<typeof Roster>;
export type OnCallT = z.infer<typeof OnCall>;
export type SubdistrictCentreT = z.infer<typeof SubdistrictCentre>;
export type CommitteeKind = (typeof committeeKinds)[number];
export type CommitteeRole = (typeof committeeRoles)[number];
export type ActionStatus = (typeof actionStatuses)[number];
export type MdtRole = (typeof mdtRoles)[number];

const base = '/api/v1';
export const path = (...parts: string[]) => `${base}/${parts.map(encodeURIComponent).join('/')}`;

/** Every structures query starts with this key, so one invalidation after a write refreshes the pages. */
export const structureKeys = {
  all: ['structures'] as const,
  committees: (q: object) => ['structures', 'committees', q] as const,
  committee: (id: string) => ['structures', 'committee', id] as const,
  members: (id: string, q: object) => ['structures', 'committee', id, 'members', q] as const,
  orders: (id: string) => ['structures', 'committee', id, 'orders'] as const,
  meetings: (id: string) => ['structures', 'committee', id, 'meetings'] as const,
  overdue: (id: string) => ['structures', 'committee', id, 'overdue'] as const,
  meeting: (id: string) => ['structures', 'meeting', id] as const,
  mdts: (q: object) => ['structures', 'mdts', q] as const,
  mdt: (id: string) => ['structures', 'mdt', id] as const,
  mdtMembers: (id: string) => ['structures', 'mdt', id, 'members'] as const,
  roster: (id: string, from: string, to: string) => ['structures', 'mdt', id, 'roster', from, to] as const,
  centres: (q: object) => ['structures', 'border-centres', q] as const,
  centre: (id: string) => ['structures', 'border-centre', id] as const,
  staff: (id: string, q: object) => ['structures', 'border-centre', id, 'staff', q] as const,
  subdistrictCentres: (q: object) => ['structures', 'subdistrict-centres', q] as const,
  // Volunteers' names and phones are not kept under the shared key: they are fetched on demand only.
  volunteers: (q: object) => ['volunteers', q] as const,
};

/**
 * Who may change a structure of a province (null: a national one), the rule the server applies:
 * `network.manage`, and national scope or the caller's own province. The server still checks.
 */
export function canManageStructure(me: Me, provinceCode: string | null): boolean {
  if (!me.permissions.includes('network.manage')) return false;
  if (me.scope === 'national') return true;
  return me.scope === 'province' && provinceCode !== null && me.organisation.provinceCode === provinceCode;
}

/** The province a provincial user's new structures go in (theirs, the only one they may add to); null for national users. */
export function ownProvince(me: Me): string | null {
  return me.scope === 'national' ? null : me.organisation.provinceCode;
}

/** Who may add a structure at all: a provincial manager in their own province, national managers anywhere. */
export function mayAddStructure(me: Me): boolean {
  return me.permissions.includes('network.manage') && (me.scope === 'national' || (me.scope === 'province' && !!me.organisation.provinceCode));
}

/** The committee kinds a caller may create: national-level ones (no province) are national managers' only. */
export function creatableKinds(me: Me): readonly CommitteeKind[] {
  return me.scope === 'national' ? committeeKinds : committeeKinds.filter((k) => k === 'provincial' || k === 'other');
}

/** Whether a committee of this kind sits in a province: the sub-committees always, "other" ones may, national-level ones never. */
export function kindHasProvince(kind: CommitteeKind): boolean {
  return kind === 'provincial' || kind === 'other';
}

/**
 * Of a PATCH body, the fields the user changed in the form (`formField` names the form's field where it
 * differs): saving again after a 409 then leaves what another person changed in the other fields.
 */
export function changedOnly<B extends object>(body: B, isDirty: (field: string) => boolean, formField: Partial<Record<keyof B, string>> = {}): Partial<B> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => isDirty(formField[k as keyof B] ?? k))) as Partial<B>;
}

/** GET one thing from the structures API. */
export function useStructure<T>(key: readonly unknown[], url: string, opts: { enabled?: boolean; query?: RequestOptions['query'] } = {}) {
  return useQuery({ queryKey: key, queryFn: () => api<T>(url, { query: opts.query }), enabled: opts.enabled ?? true });
}

/**
 * A cursor-paged list (`{ items, nextCursor }`), `limit` rows a page; `data` is every row fetched so far.
 * `audited` lists (volunteers) are fetched once on demand and dropped when the page closes.
 */
export function usePagedList<T>(key: readonly unknown[], url: string, opts: { query?: RequestOptions['query']; enabled?: boolean; limit?: number; audited?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => api<ListPage<T>>(url, { query: { ...opts.query, limit: opts.limit ?? 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (d: InfiniteData<ListPage<T>>) => d.pages.flatMap((p) => p.items),
    enabled: opts.enabled,
    ...(opts.audited ? { gcTime: 0, staleTime: Infinity, retry: false } : {}),
  });
}

// ---------------------------------------------------------------- documents

/** Reads a chosen file as the base64 the API takes inside JSON. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function fileSize(bytes: number, lang: string): string {
  const n = new Intl.NumberFormat(lang.startsWith('th') ? 'th-TH' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${n.format(bytes)} B`;
  const kb = bytes / 1024;
  return kb < 1024 ? `${n.format(kb)} KB` : `${n.format(kb / 1024)} MB`;
}
