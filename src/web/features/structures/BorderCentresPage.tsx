import { Button, Group, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { AnchorLink } from '../../components/Links.js';
import { Fact, PageHeader, SectionCard } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge, StatusBadge } from '../../components/StatusBadge.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { useDistricts, useNames } from '../network/api.js';
import { canManageStructure, mayAddStructure, path, structureKeys, usePagedList, useStructure, type BorderCentre, type BorderCentreStaff, type Mdt } from './api.js';
import { LightBadge, orgName, ProvinceFilter, StructuresNav, TwoNames } from './StructuresBits.js';
import { BorderCentreForm, StaffForm } from './TeamForms.js';

/** Border integration centres (e.g. Mae Sot, Tak), where agencies second staff to work side by side. */
export function BorderCentresPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const names = useNames();
  const lang = names.lang;
  const [province, setProvince] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const query = { province: province ?? undefined };
  const list = usePagedList<BorderCentre>(structureKeys.centres(query), path('border-centres'), { query, enabled: allowed });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  return (
    <Stack>
      <PageHeader
        title={t('structures.centres.title')}
        intro={t('structures.centres.intro')}
        action={mayAddStructure(me) && <Button onClick={() => setAdding(true)}>{t('structures.centres.add')}</Button>}
      />
      <StructuresNav />
      <Group align="flex-end" role="search" aria-label={t('common.filters')}>
        <ProvinceFilter value={province} onChange={setProvince} />
      </Group>
      <QueryView query={list} isEmpty={rows.length === 0} empty={province ? t('structures.centres.noneInProvince', { province: names.province(province) }) : t('structures.centres.empty')}>
        <DataTable
          rows={rows}
          rowKey={(c) => c.id}
          minWidth={640}
          highlightOnHover
          columns={[
            {
              header: t('structures.centres.name'),
              cell: (c) => (
                <AnchorLink to="/structures/border-centres/$id" params={{ id: c.id }} fw={700} size="sm">
                  {pick(lang, c.nameTh, c.nameEn)}
                </AnchorLink>
              ),
            },
            { header: t('structures.province'), cell: (c) => names.province(c.provinceCode) },
            { header: t('structures.centres.organisation'), cell: (c) => orgName(c.organisation, lang) },
            { header: t('common.status'), cell: (c) => <ActiveBadge active={c.active} /> },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
      <AppModal opened={adding} onClose={() => setAdding(false)} size="lg" title={t('structures.centres.add')}>
        {adding && <BorderCentreForm centre={null} onDone={() => setAdding(false)} />}
      </AppModal>
    </Stack>
  );
}

export function BorderCentrePage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const centre = useStructure<BorderCentre>(structureKeys.centre(id), path('border-centres', id), { enabled: allowed });
  if (!allowed) return <NoAccess />;
  return (
    <Stack>
      <AnchorLink to="/structures/border-centres" size="sm">
        ← {t('structures.centre.back')}
      </AnchorLink>
      <QueryView query={centre}>{centre.data && <CentreView centre={centre.data} />}</QueryView>
    </Stack>
  );
}

function CentreView({ centre: c }: { centre: BorderCentre }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const lang = names.lang;
  const districts = useDistricts(c.districtCode ? c.provinceCode : null);
  const district = c.districtCode ? districts.data?.items.find((d) => d.code === c.districtCode) : undefined;
  const manage = canManageStructure(me, c.provinceCode);
  const [currentOnly, setCurrentOnly] = useState(true);
  const [editing, setEditing] = useState<BorderCentreStaff | 'new' | null>(null);
  const [editingCentre, setEditingCentre] = useState(false);
  const q = currentOnly ? { current: true } : {};
  const staff = usePagedList<BorderCentreStaff>(structureKeys.staff(c.id, q), path('border-centres', c.id, 'staff'), { query: q, limit: 100 });
  const teams = usePagedList<Mdt>(structureKeys.mdts({ borderCentre: c.id }), path('mdts'), { query: { borderCentre: c.id } });
  const rows = staff.data ?? [];
  const agencies = new Set(rows.filter((s) => s.current).map((s) => s.homeOrganisation.id)).size;

  return (
    <Stack>
      <TwoNames th={c.nameTh} en={c.nameEn}>
        <LightBadge color="gray">{names.province(c.provinceCode)}</LightBadge>
        <ActiveBadge active={c.active} />
        {manage && <StatusBadge tone="ok">{t('structures.youMayEdit')}</StatusBadge>}
      </TwoNames>
      <StructuresNav />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard
          title={t('structures.centre.about')}
          action={manage && (
            <Button size="xs" variant="outline" onClick={() => setEditingCentre(true)}>
              {t('structures.centre.edit')}
            </Button>
          )}
        >
          <dl className="facts">
            <Fact label={t('structures.province')}>{names.province(c.provinceCode)}</Fact>
            <Fact label={t('structures.district')}>{c.districtCode ? (district ? pick(lang, district.nameTh, district.nameEn) : c.districtCode) : '—'}</Fact>
            <Fact label={t('structures.centres.organisation')}>{orgName(c.organisation, lang)}</Fact>
            <Fact label={t('structures.centre.address')}>{c.address || '—'}</Fact>
          </dl>
        </SectionCard>
        <SectionCard title={t('structures.centre.teams')}>
          <QueryView query={teams} isEmpty={(teams.data ?? []).length === 0} empty={t('structures.centre.noTeams')}>
            <Stack gap={4} component="ul" className="plain-list">
              {(teams.data ?? []).map((m) => (
                <li key={m.id}>
                  <AnchorLink to="/structures/teams/$id" params={{ id: m.id }} fw={700}>
                    {pick(lang, m.nameTh, m.nameEn)}
                  </AnchorLink>
                </li>
              ))}
            </Stack>
          </QueryView>
        </SectionCard>
      </SimpleGrid>

      <SectionCard
        title={t('structures.centre.staff')}
        action={manage && (
          <Button size="xs" onClick={() => setEditing('new')}>
            {t('structures.centre.addStaff')}
          </Button>
        )}
      >
        <Stack gap="xs">
          <Switch label={t('structures.centre.currentOnly')} checked={currentOnly} onChange={(e) => setCurrentOnly(e.currentTarget.checked)} />
          <QueryView query={staff} isEmpty={rows.length === 0} empty={t('structures.centre.noStaff')}>
            {currentOnly && (
              <Text size="sm" c="gray.7">
                {t('structures.centre.staffSummary', { count: rows.length, agencies })}
              </Text>
            )}
            <div data-testid="centre-staff">
              <DataTable
                rows={rows}
                rowKey={(s) => s.id}
                minWidth={760}
                columns={[
                  { header: t('structures.member.name'), cell: (s) => <Text size="sm" fw={700}>{s.personName}</Text> },
                  { header: t('structures.centre.homeOrganisation'), cell: (s) => orgName(s.homeOrganisation, lang) },
                  { header: t('structures.centre.staffRole'), cell: (s) => s.role },
                  {
                    header: t('structures.centre.period'),
                    cell: (s) => (
                      <Stack gap={2}>
                        <Text size="sm">
                          {formatDate(s.fromDate, lang, 'date')} – {s.toDate ? formatDate(s.toDate, lang, 'date') : t('structures.centre.ongoing')}
                        </Text>
                        {!s.current && <StatusBadge tone="neutral">{t('structures.centre.ended')}</StatusBadge>}
                      </Stack>
                    ),
                    td: { style: { whiteSpace: 'nowrap' } },
                  },
                  manage && {
                    header: t('common.actions'),
                    hideHeader: true,
                    cell: (s) => (
                      <Button size="xs" variant="outline" onClick={() => setEditing(s)} aria-label={t('structures.member.editNamed', { name: s.personName })}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]}
              />
            </div>
            <LoadMore query={staff} />
          </QueryView>
        </Stack>
      </SectionCard>
      <AppModal opened={editingCentre} onClose={() => setEditingCentre(false)} size="lg" title={t('structures.centre.edit')}>
        {editingCentre && <BorderCentreForm centre={c} onDone={() => setEditingCentre(false)} />}
      </AppModal>
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} size="lg"
        title={editing && editing !== 'new' ? t('structures.memberForm.editTitle', { name: editing.personName }) : t('structures.centre.addStaff')}
      >
        {editing !== null && <StaffForm centre={c} staff={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}
