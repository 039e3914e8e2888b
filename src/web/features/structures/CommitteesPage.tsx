import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { AnchorLink } from '../../components/Links.js';
import { PageHeader, SectionCard } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge } from '../../components/StatusBadge.js';
import { NoAccess } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { useNames } from '../network/api.js';
import { formatDate } from '../../lib/dates.js';
import { committeeKinds, mayAddStructure, path, structureKeys, usePagedList, type Committee, type CommitteeKind, type OverdueItem } from './api.js';
import { CommitteeForm } from './CommitteeForms.js';
import { ActionStatusBadges, orgName, ProvinceFilter, StructuresNav } from './StructuresBits.js';

/** Committees: the national one, the coordinating one, a sub-committee in every province; filtered by kind and province. */
export function CommitteesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const names = useNames();
  const lang = names.lang;
  const [kind, setKind] = useState<CommitteeKind | 'all'>('all');
  const [province, setProvince] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const query = { kind: kind === 'all' ? undefined : kind, province: province ?? undefined };
  const list = usePagedList<Committee>(structureKeys.committees(query), path('committees'), { query, enabled: allowed, limit: 100 });
  // The caller's own province's sub-committee, one click away.
  const ownProvince = me.organisation.provinceCode;
  const own = usePagedList<Committee>(structureKeys.committees({ province: ownProvince }), path('committees'), { query: { province: ownProvince ?? undefined }, enabled: allowed && !!ownProvince });

  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const mine = own.data?.[0];

  return (
    <Stack>
      <PageHeader
        title={t('structures.committees.title')}
        intro={t('structures.committees.intro')}
        action={mayAddStructure(me) && <Button onClick={() => setAdding(true)}>{t('structures.committees.add')}</Button>}
      />
      <StructuresNav />
      {mine && (
        <Paper withBorder p="sm" bg="blue.0">
          <Text size="sm">{t('structures.committees.yourProvince')}</Text>
          <AnchorLink to="/structures/committees/$id" params={{ id: mine.id }} fw={700}>
            {pick(lang, mine.nameTh, mine.nameEn)}
          </AnchorLink>
        </Paper>
      )}
      <SecretariatOverdue />
      <Group align="flex-end" role="search" aria-label={t('common.filters')}>
        <Select
          label={t('structures.committees.kind')}
          data={[{ value: 'all', label: t('common.all') }, ...committeeKinds.map((k) => ({ value: k, label: t(`structures.kind.${k}`) }))]}
          value={kind}
          onChange={(v) => setKind((v ?? 'all') as CommitteeKind | 'all')}
          allowDeselect={false}
          w={{ base: '100%', sm: 300 }}
        />
        <ProvinceFilter value={province} onChange={setProvince} />
      </Group>
      <QueryView query={list} isEmpty={rows.length === 0} empty={province || kind !== 'all' ? t('structures.committees.noMatch') : t('structures.committees.empty')}>
        <Text size="sm" c="gray.7" aria-live="polite">
          {t('structures.committees.count', { count: rows.length })}
        </Text>
        <DataTable
          rows={rows}
          rowKey={(c) => c.id}
          minWidth={720}
          highlightOnHover
          columns={[
            {
              header: t('structures.committees.name'),
              cell: (c) => (
                <AnchorLink to="/structures/committees/$id" params={{ id: c.id }} fw={700} size="sm">
                  {pick(lang, c.nameTh, c.nameEn)}
                </AnchorLink>
              ),
            },
            { header: t('structures.committees.kind'), cell: (c) => t(`structures.kind.${c.kind}`) },
            { header: t('structures.province'), cell: (c) => (c.provinceCode ? names.province(c.provinceCode) : t('structures.national')) },
            { header: t('structures.committee.secretariat'), cell: (c) => orgName(c.secretariat, lang) },
            { header: t('common.status'), cell: (c) => <ActiveBadge active={c.active} /> },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
      <AppModal opened={adding} onClose={() => setAdding(false)} size="lg" title={t('structures.committees.add')}>
        {adding && <CommitteeForm committee={null} onDone={() => setAdding(false)} />}
      </AppModal>
    </Stack>
  );
}

/**
 * Overdue action items of the committees the caller's organisation is the secretariat of (network
 * managers: of every committee they may edit), the list the secretariat chases. Nothing when none.
 */
function SecretariatOverdue() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = usePagedList<OverdueItem>(['structures', 'overdue-mine'], path('action-items', 'overdue'));
  const rows = list.data ?? [];
  if (!rows.length) return null;
  return (
    <SectionCard title={t('structures.committees.overdueTitle', { count: rows.length })} data-testid="secretariat-overdue">
      <Text size="sm" c="gray.7" mb="xs">
        {t('structures.committees.overdueIntro')}
      </Text>
      <Stack gap="xs" component="ul" className="plain-list">
        {rows.map((a) => (
          <li key={a.id} className="overdue-item">
            <Text size="sm" fw={700} className="wrap-anywhere">
              {a.text}
            </Text>
            <Text size="xs">
              {pick(lang, a.committee.nameTh, a.committee.nameEn)} · {orgName(a.responsibleOrganisation, lang)} · {t('structures.action.due')} {formatDate(a.dueDate, lang, 'date')}
            </Text>
            <Group gap="xs" mt={2}>
              <ActionStatusBadges item={a} daysOverdue={a.daysOverdue} />
              <AnchorLink to="/structures/meetings/$id" params={{ id: a.meetingId }} size="xs">
                {t('structures.committee.openMeeting')}
              </AnchorLink>
            </Group>
          </li>
        ))}
      </Stack>
      <LoadMore query={list} />
    </SectionCard>
  );
}
