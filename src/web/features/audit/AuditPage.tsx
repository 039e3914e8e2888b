import { Button, Code, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useCursorList, useMe } from '../../api/queries.js';
import type { AuditEntryT, ListPage, User } from '../../api/types.js';
import { NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DateField } from '../../components/DateField.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
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
  const list = useCursorList<AuditEntryT>(['audit', filters], '/api/v1/audit', {
    query: {
      userId: filters.userId ?? undefined,
      action: filters.action.trim(),
      targetType: filters.targetType.trim(),
      targetId: filters.targetId.trim(),
      from: filters.from,
      to: filters.to,
    },
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const set = (k: keyof Filters) => (v: string | null) => setDraft((d) => ({ ...d, [k]: v ?? '' }));

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters({ ...draft, userId: draft.userId || null });
  }

  return (
    <Stack>
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
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
          <DateField label={t('audit.from')} value={draft.from} onChange={set('from')} />
          <DateField label={t('audit.to')} value={draft.to} onChange={set('to')} />
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
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('audit.empty')}>
        <DataTable
          rows={rows}
          rowKey={(a, i) => a.seq ?? `${a.at}-${i}`}
          minWidth={960}
          columns={[
            { header: t('audit.time'), cell: (a) => formatDate(a.at, lang, 'dateTimeSeconds'), td: { style: { whiteSpace: 'nowrap' } } },
            { header: t('audit.actor'), cell: (a) => a.actorUsername ?? (a.actorTokenId ? t('audit.token', { id: a.actorTokenId.slice(0, 8) }) : t('audit.system')) },
            { header: t('audit.action'), cell: (a) => <Code>{a.action}</Code> },
            {
              header: t('audit.target'),
              td: { className: 'wrap-anywhere' },
              cell: (a) =>
                a.targetType ? (
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
                ),
            },
            {
              header: t('audit.outcome'),
              cell: (a) => (
                <StatusBadge tone={a.outcome === 'success' || a.outcome === 'ok' ? 'ok' : a.outcome === 'denied' || a.outcome === 'failure' ? 'bad' : 'neutral'}>
                  {t(`audit.outcomes.${a.outcome}`, { defaultValue: a.outcome })}
                </StatusBadge>
              ),
            },
            { header: t('audit.requestId'), cell: (a) => <Code>{a.requestId ?? '—'}</Code> },
            {
              header: t('audit.details'),
              hideHeader: true,
              cell: (a) => (
                <Button size="xs" variant="subtle" onClick={() => setDetails(a)} aria-label={t('audit.detailsFor', { action: a.action })}>
                  {t('audit.details')}
                </Button>
              ),
            },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
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
