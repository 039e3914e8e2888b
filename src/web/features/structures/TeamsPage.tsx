import { Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { AnchorLink } from '../../components/Links.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge } from '../../components/StatusBadge.js';
import { NoAccess } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { useNames } from '../network/api.js';
import { mayAddStructure, ownProvince, path, structureKeys, usePagedList, type Mdt } from './api.js';
import { orgName, ProvinceFilter, StructuresNav } from './StructuresBits.js';
import { MdtForm } from './TeamForms.js';

/** Multidisciplinary teams by province (and border centre). */
export function TeamsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const names = useNames();
  const lang = names.lang;
  // A provincial user starts with their own province's teams.
  const [province, setProvince] = useState<string | null>(ownProvince(me));
  const [adding, setAdding] = useState(false);
  const query = { province: province ?? undefined };
  const list = usePagedList<Mdt>(structureKeys.mdts(query), path('mdts'), { query, enabled: allowed });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  return (
    <Stack>
      <PageHeader
        title={t('structures.teams.title')}
        intro={t('structures.teams.intro')}
        action={mayAddStructure(me) && <Button onClick={() => setAdding(true)}>{t('structures.teams.add')}</Button>}
      />
      <StructuresNav />
      <Group align="flex-end" role="search" aria-label={t('common.filters')}>
        <ProvinceFilter value={province} onChange={setProvince} />
      </Group>
      <QueryView query={list} isEmpty={rows.length === 0} empty={province ? t('structures.teams.noneInProvince', { province: names.province(province) }) : t('structures.teams.empty')}>
        <DataTable
          rows={rows}
          rowKey={(m) => m.id}
          minWidth={720}
          highlightOnHover
          columns={[
            {
              header: t('structures.teams.name'),
              cell: (m) => (
                <AnchorLink to="/structures/teams/$id" params={{ id: m.id }} fw={700} size="sm">
                  {pick(lang, m.nameTh, m.nameEn)}
                </AnchorLink>
              ),
            },
            { header: t('structures.province'), cell: (m) => names.province(m.provinceCode) },
            { header: t('structures.team.borderCentre'), cell: (m) => (m.borderCentre ? pick(lang, m.borderCentre.nameTh, m.borderCentre.nameEn) : '—') },
            { header: t('structures.team.coordinator'), cell: (m) => orgName(m.coordinatorOrganisation, lang) },
            { header: t('common.status'), cell: (m) => <ActiveBadge active={m.active} /> },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
      <AppModal opened={adding} onClose={() => setAdding(false)} size="lg" title={t('structures.teams.add')}>
        {adding && <MdtForm team={null} onDone={() => setAdding(false)} />}
      </AppModal>
    </Stack>
  );
}
