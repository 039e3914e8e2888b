import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  caseParts, caseStages, documentTypes, teamRoles,
  type Case, type CasePart, type CasePerson, type CaseStage, type CaseSummary,
  type CaseEvent, type CasePersonIdentity, type TeamMember, type TimelineEntry,
} from '../../../contracts/case.js';
import { api, ApiError, type RequestOptions } from '../../api/client.js';

export { caseParts, caseStages, documentTypes, teamRoles };
export type { Case, CasePart, CasePerson, CaseStage, CaseSummary };
export type CaseEventT = z.infer<typeof CaseEvent>;
export type CaseIdentity = z.infer<typeof CasePersonIdentity>;
export type TeamMemberT = z.infer<typeof TeamMember>;
export type TimelineEntryT = z.infer<typeof TimelineEntry>;
export type CasePersonRole = CasePerson['role'];
export type TeamRole = (typeof teamRoles)[number];
export type DocumentType = (typeof documentTypes)[number];

/** `/api/v1/cases/<id>/<rest…>`, each segment encoded. */
export function casePath(id: string, ...rest: string[]): string {
  return ['/api/v1/cases', id, ...rest].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}

/**
 * Every query about one case starts with `['cases', 'case', id]`, so one invalidation after a write
 * refreshes the case and all its panels (the case's version moves with every write).
 */
export const caseKeys = {
  all: ['cases'] as const,
  list: (q: object) => ['cases', 'list', q] as const,
  case: (id: string) => ['cases', 'case', id] as const,
  part: (id: string, ...rest: unknown[]) => ['cases', 'case', id, ...rest] as const,
  tasks: ['cases', 'tasks'] as const,
  overview: (q: object) => ['cases', 'overview', q] as const,
  incoming: ['cases', 'incoming-referrals'] as const,
  notifications: ['notifications'] as const,
};

/** The case itself (GET is audited as a view: fetched when the page opens and after each write, not on focus). */
export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.case(id),
    queryFn: () => api<Case>(casePath(id)),
    staleTime: 60_000,
  });
}

/** A read of one panel of the case (`/api/v1/cases/<id>/<path>`), refreshed with the case. */
export function useCasePart<T>(id: string, path: string, opts: { enabled?: boolean; query?: RequestOptions['query'] } = {}) {
  return useQuery({
    queryKey: caseKeys.part(id, path, opts.query ?? {}),
    queryFn: () => api<T>(casePath(id, ...path.split('/')), { query: opts.query }),
    enabled: opts.enabled ?? true,
    staleTime: 60_000,
  });
}

export function isStale(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'STALE_VERSION';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

/**
 * A write on a case. On success the case and its panels are fetched again (every write moves the
 * case's version). A stale version (409) also reloads the case, so the next try carries the current
 * version; the form shows {@link MutationError}'s message and stays open.
 */
export function useCaseWrite<V, R = unknown>(caseId: string, fn: (vars: V) => Promise<R>, extra: QueryKey[] = []) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([caseKeys.case(caseId), ...extra].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  return useMutation({
    mutationFn: fn,
    onSuccess: refresh,
    onError: (err) => {
      if (isStale(err)) void refresh();
    },
  });
}

/** `api` with the method and JSON body of a write. */
export function send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return api<T>(path, { method, body });
}

/** Today as a calendar date in Thailand (YYYY-MM-DD). */
export function todayTh(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}
