import { Button, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import type { AuditEntryT, ListPage, User } from '../../api/types.js';
import { Empty, ErrorAlert, Loading, NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';

interface Filters {
  userId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}
const emptyFilters: Filters = { userId: null, action: '', targetType: '', targetId: '', from: '', to: '' };

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'audit.read');
  const [draft, setDraft] = useState<Filters>(emptyFilters);
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [details, setDetails] = useState<AuditEntryT | null>(null);
  const users = useQuery({
    queryKey: ['users', 'options'],
    queryFn: () => api<ListPage<User>>('/api/v1/users', { query: { limit: 500 } }),
    enabled: allowed && can(me, 'user.read'),
    staleTime: 5 * 60_000,
  });
  const list = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      api<ListPage<AuditEntryT>>('/api/v1/audit', {
        query: {
          userId: filters.userId ?? undefined,
          action: filters.action.trim(),
          targetType: filters.targetType.trim(),
          targetId: filters.targetId.trim(),
          from: filters.from,
          to: filters.to,
          limit: 50,
          cursor: pageParam,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: keyof Filters) => (v: string | null) => setDraft((d) => ({ ...d, [k]: v ?? '' }));

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters({ ...draft, userId: draft.userId || null });
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('audit.title')}
      </Title>
      <Text size="sm" c="gray.7">
        {t('audit.intro')}
      </Text>
      <form onSubmit={apply} role="search" aria-label={t('common.filters')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <Select
            label={t('audit.user')}
            placeholder={t('common.all')}
            searchable
            clearable
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
            value={draft.userId}
            onChange={(v) => setDraft((d) => ({ ...d, userId: v }))}
          />
          <TextInput label={t('audit.action')} placeholder="user.create" value={draft.action} onChange={(e) => set('action')(e.currentTarget.value)} />
          <TextInput label={t('audit.targetType')} placeholder="user" value={draft.targetType} onChange={(e) => set('targetType')(e.currentTarget.value)} />
          <TextInput label={t('audit.targetId')} value={draft.targetId} onChange={(e) => set('targetId')(e.currentTarget.value)} />
          <TextInput label={t('audit.from')} type="date" value={draft.from} onChange={(e) => set('from')(e.currentTarget.value)} />
          <TextInput label={t('audit.to')} type="date" value={draft.to} onChange={(e) => set('to')(e.currentTarget.value)} />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit">{t('common.applyFilters')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(emptyFilters);
              setFilters(emptyFilters);
            }}
          >
            {t('common.clearFilters')}
          </Button>
        </Group>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('audit.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={960}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.time')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.target')}</Table.Th>
                  <Table.Th>{t('audit.outcome')}</Table.Th>
                  <Table.Th>{t('audit.requestId')}</Table.Th>
                  <Table.Th>
                    <span className="sr-only">{t('audit.details')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a, i) => (
                  <Table.Tr key={a.seq ?? `${a.at}-${i}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(a.at, lang, 'dateTimeSeconds')}</Table.Td>
                    <Table.Td>{a.actorUsername ?? (a.actorTokenId ? t('audit.token', { id: a.actorTokenId.slice(0, 8) }) : t('audit.system'))}</Table.Td>
                    <Table.Td>
                      <Code>{a.action}</Code>
                    </Table.Td>
                    <Table.Td className="wrap-anywhere">
                      {a.targetType ? (
                        <Text size="sm">
                          {a.targetType}
                          {a.targetId && (
                            <Text span size="xs" c="gray.7" display="block">
                              {a.targetId}
                            </Text>
                          )}
                        </Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge tone={a.outcome === 'success' || a.outcome === 'ok' ? 'ok' : a.outcome === 'denied' || a.outcome === 'failure' ? 'bad' : 'neutral'}>
                        {t(`audit.outcomes.${a.outcome}`, { defaultValue: a.outcome })}
                      </StatusBadge>
                    </Table.Td>
                    <Table.Td>
                      <Code>{a.requestId ?? '—'}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" onClick={() => setDetails(a)} aria-label={t('audit.detailsFor', { action: a.action })}>
                        {t('audit.details')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.hasNextPage && (
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ alignSelf: 'center' }}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
      <AppModal opened={details !== null} onClose={() => setDetails(null)} title={t('audit.details')} size="lg">
        {details && (
          <Code block className="wrap-anywhere">
            {JSON.stringify(details, null, 2)}
          </Code>
        )}
      </AppModal>
    </Stack>
  );
}
