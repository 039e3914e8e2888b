import { Checkbox, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/Links.js';
import { api } from '../../api/client.js';
import { can, useCursorList, useMe, useProvinces } from '../../api/queries.js';
import type { Province } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { reportKeys, type OverdueCountT, type ReportT } from './api.js';
import { assigneeLabel, Clock, ReportFlags, ReportStatusBadge, useUserNames } from './ReportBits.js';

type StatusFilter = 'open' | 'closed' | 'all';

/** Province and district names for the rows on screen (districts fetched per province, cached). */
export function useAreaNames(provinceCodes: (string | null)[]) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const provinces = useProvinces();
  const codes = [...new Set(provinceCodes.filter((c): c is string => !!c))];
  const districts = useQueries({
    queries: codes.map((code) => ({
      queryKey: ['reference', 'staff', 'districts', code],
      queryFn: () => api<{ items: Province[] }>(`/api/v1/reference/provinces/${code}/districts`),
      staleTime: Infinity,
    })),
  });
  const districtNames = new Map<string, string>();
  for (const q of districts) for (const d of q.data?.items ?? []) districtNames.set(d.code, pick(lang, d.nameTh, d.nameEn));
  return {
    province: (code: string | null) => {
      if (!code) return null;
      const p = provinces.data?.items.find((x) => x.code === code);
      return p ? pick(lang, p.nameTh, p.nameEn) : code;
    },
    district: (code: string | null) => (code ? districtNames.get(code) ?? code : null),
  };
}

export function ReportsQueuePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'report.read');
  const national = me.scope === 'national';
  const [status, setStatus] = useState<StatusFilter>('open');
  const [urgent, setUrgent] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [mine, setMine] = useState(false);
  const [province, setProvince] = useState<string | null>(null);
  const provinces = useProvinces();
  const filters = {
    status,
    urgent: urgent ? 'true' : undefined,
    overdue: overdue ? 'true' : undefined,
    assignedToMe: mine ? 'true' : undefined,
    province: national ? province ?? undefined : undefined,
  };
  const list = useCursorList<ReportT>(reportKeys.list(filters), '/api/v1/reports', { query: filters, enabled: allowed });
  const counts = useQuery({
    queryKey: reportKeys.overdue,
    queryFn: () => api<{ items: OverdueCountT[] }>('/api/v1/reports/overdue'),
    enabled: allowed,
  });
  const rows = list.data ?? [];
  const areas = useAreaNames([...rows.map((r) => r.provinceCode), ...(counts.data?.items ?? []).map((c) => c.provinceCode)]);
  const names = useUserNames();
  if (!allowed) return <NoAccess />;

  const totals = (counts.data?.items ?? []).reduce(
    (s, c) => ({ open: s.open + c.open, urgent: s.urgent + c.urgent, ackOverdue: s.ackOverdue + c.ackOverdue, actionOverdue: s.actionOverdue + c.actionOverdue }),
    { open: 0, urgent: 0, ackOverdue: 0, actionOverdue: 0 },
  );
  const provinceOptions = [
    { value: 'national', label: t('reports.filters.national') },
    ...(provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(lang, p.nameTh, p.nameEn) })),
  ];

  return (
    <Stack>
      <PageHeader title={t('reports.queueTitle')} intro={t('reports.queueIntro')} />
      <section aria-label={t('reports.counts.label')} data-testid="queue-counts">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Count label={t('reports.counts.open')} value={totals.open} />
          <Count label={t('reports.counts.urgent')} value={totals.urgent} bad={totals.urgent > 0} />
          <Count label={t('reports.counts.ackOverdue')} value={totals.ackOverdue} bad={totals.ackOverdue > 0} />
          <Count label={t('reports.counts.actionOverdue')} value={totals.actionOverdue} bad={totals.actionOverdue > 0} />
        </SimpleGrid>
        {national && (counts.data?.items.length ?? 0) > 1 && (
          <Text size="xs" c="dimmed" mt={4}>
            {(counts.data?.items ?? [])
              .map((c) => `${areas.province(c.provinceCode) ?? t('reports.unknownProvince')}: ${c.open}`)
              .join(' · ')}
          </Text>
        )}
      </section>
      <Group align="flex-end" role="search" aria-label={t('common.filters')} gap="md">
        <div>
          <Text size="sm" fw={500} id="queue-status-label" mb={4}>
            {t('reports.filters.status')}
          </Text>
          <SegmentedControl
            aria-labelledby="queue-status-label"
            value={status}
            onChange={(v) => setStatus(v as StatusFilter)}
            data={[
              { value: 'open', label: t('reports.filters.open') },
              { value: 'closed', label: t('reports.filters.closed') },
              { value: 'all', label: t('reports.filters.all') },
            ]}
          />
        </div>
        {national && (
          <Select
            label={t('reports.filters.province')}
            placeholder={t('reports.filters.allProvinces')}
            searchable
            clearable
            data={provinceOptions}
            value={province}
            onChange={setProvince}
            w={{ base: '100%', sm: 280 }}
          />
        )}
        <Checkbox label={t('reports.filters.urgent')} checked={urgent} onChange={(e) => setUrgent(e.currentTarget.checked)} />
        <Checkbox label={t('reports.filters.overdue')} checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} />
        <Checkbox label={t('reports.filters.assignedToMe')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
      </Group>
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('reports.empty')}>
        <DataTable
          rows={rows}
          rowKey={(r) => r.id}
          minWidth={960}
          highlightOnHover
          columns={[
            {
              header: t('reports.col.reference'),
              cell: (r) => (
                <AnchorLink to="/reports/$id" params={{ id: r.id }} fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {r.reference}
                </AnchorLink>
              ),
            },
            { header: t('reports.col.received'), cell: (r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(r.createdAt, lang)}</span> },
            {
              header: t('reports.col.area'),
              cell: (r) =>
                r.provinceCode ? (
                  <>
                    {areas.province(r.provinceCode)}
                    {r.districtCode && (
                      <Text size="xs" c="dimmed" component="span" display="block">
                        {areas.district(r.districtCode)}
                      </Text>
                    )}
                  </>
                ) : (
                  <Text size="sm" fs="italic">
                    {t('reports.unknownProvince')}
                  </Text>
                ),
            },
            { header: t('reports.col.flags'), cell: (r) => <ReportFlags report={r} /> },
            { header: t('reports.col.status'), cell: (r) => <ReportStatusBadge status={r.status} /> },
            { header: t('reports.col.assigned'), cell: (r) => assigneeLabel(r.assignedTo, names, me.user.id, t) },
            {
              header: t('reports.col.clocks'),
              cell: (r) => (
                <Stack gap={2}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs" c="gray.7" w={90}>
                      {t('reports.col.ackDue')}
                    </Text>
                    <Clock due={r.ackDueAt} overdue={r.ackOverdue} doneAt={r.acknowledgedAt} />
                  </Group>
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs" c="gray.7" w={90}>
                      {t('reports.col.actionDue')}
                    </Text>
                    <Clock due={r.actionDueAt} overdue={r.actionOverdue} doneAt={r.actionedAt} />
                  </Group>
                </Stack>
              ),
            },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
    </Stack>
  );
}

function Count({ label, value, bad }: { label: string; value: number; bad?: boolean }) {
  return (
    <Paper withBorder p="sm" style={bad ? { borderColor: 'var(--mantine-color-red-9)' } : undefined}>
      <Text size="xs" c="gray.7">
        {label}
      </Text>
      <Text size="xl" fw={700} c={bad ? 'red.9' : undefined}>
        {value}
      </Text>
    </Paper>
  );
}
