import { Button } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorAlert, Loading } from './States.js';

/** The part of a TanStack query result that {@link QueryView} reads. */
interface QueryState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * Loading, then an error with a retry button, then `empty` when `isEmpty`; otherwise the children.
 * Children are only rendered once the query has data, so they may read it.
 */
export function QueryView({ query, isEmpty = false, empty, children }: { query: QueryState; isEmpty?: boolean; empty?: ReactNode; children: ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty) return <Empty>{empty}</Empty>;
  return <>{children}</>;
}

/** "Load more" for an infinite query; renders nothing when there is no next page. */
export function LoadMore({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} style={{ alignSelf: 'center' }}>
      {t('common.loadMore')}
    </Button>
  );
}
