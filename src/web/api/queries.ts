import { queryOptions, useInfiniteQuery, useQuery, useSuspenseQuery, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import type { Permission } from '../../contracts/access.js';
import { api, type RequestOptions } from './client.js';
import type { Country, ListPage, Me, Organisation, Province, RoleInfoT } from './types.js';

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: () => api<Me>('/api/v1/me'),
  staleTime: 60_000,
  retry: false,
});

/** The signed-in user. Only used below the authenticated layout, which loads `me` before rendering. */
export function useMe(): Me {
  return useSuspenseQuery(meQuery).data;
}

/** Whether the user holds the permission (any of them, given a list). The server still checks. */
export function can(me: Me, permission: Permission | readonly Permission[]): boolean {
  return typeof permission === 'string' ? me.permissions.includes(permission) : permission.some((p) => me.permissions.includes(p));
}

export function useProvinces() {
  return useQuery({
    queryKey: ['reference', 'provinces'],
    queryFn: () => api<{ items: Province[] }>('/api/v1/reference/provinces'),
    staleTime: Infinity,
  });
}

export function useCountries() {
  return useQuery({
    queryKey: ['reference', 'countries'],
    queryFn: () => api<{ items: Country[] }>('/api/v1/reference/countries'),
    staleTime: Infinity,
  });
}

export function useRoles() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: () => api<{ items: RoleInfoT[] }>('/api/v1/roles'),
    staleTime: Infinity,
  });
}

/** Organisations for pickers (first 500, the API maximum). */
export function useOrganisationOptions(enabled = true) {
  return useQuery({
    queryKey: ['organisations', 'options'],
    queryFn: () => api<ListPage<Organisation>>('/api/v1/organisations', { query: { limit: 500 } }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

function flattenPages<T>(data: InfiniteData<ListPage<T>>): T[] {
  return data.pages.flatMap((p) => p.items);
}

/**
 * A cursor-paged list endpoint (`{ items, nextCursor }`), 50 rows a page. `data` is the rows of
 * every page fetched so far; `fetchNextPage` / `hasNextPage` drive the "load more" button.
 */
export function useCursorList<T>(queryKey: QueryKey, path: string, opts: { query?: RequestOptions['query']; enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => api<ListPage<T>>(path, { query: { ...opts.query, limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: flattenPages<T>,
    enabled: opts.enabled,
  });
}
