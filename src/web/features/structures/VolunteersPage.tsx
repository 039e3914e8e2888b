import { Alert, Anchor, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { telHref } from '../network/api.js';
import { canManageStructure, mayAddStructure, path, structureKeys, usePagedList, type Volunteer } from './api.js';
import { AreaFields, AreaText, type AreaValue } from './Area.js';
import { orgName, StructuresNav } from './StructuresBits.js';
import { VolunteerForm } from './VolunteerForm.js';

type ActiveFilter = 'all' | 'active' | 'inactive';
interface Filters {
  area: AreaValue;
  active: ActiveFilter;
}

/**
 * Community volunteers (อพม.). Their names and phones are personal data: every list the server
 * sends is recorded, so the list is fetched only when the user asks for it, and each phone number
 * only when its own button is pressed (a separate, recorded read).
 */
export function VolunteersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const [draft, setDraft] = useState<Filters>({ area: { province: me.scope === 'national' ? null : me.organisation.provinceCode, district: null, subdistrict: null }, active: 'all' });
  const [submitted, setSubmitted] = useState<Filters | null>(null);
  const [editing, setEditing] = useState<Volunteer | 'new' | null>(null);
  const queryClient = useQueryClient();
  const query = submitted
    ? {
        province: submitted.area.province ?? undefined,
        district: submitted.area.district ?? undefined,
        subdistrict: submitted.area.subdistrict ?? undefined,
        active: submitted.active === 'all' ? undefined : submitted.active === 'active',
      }
    : {};
  const list = usePagedList<Volunteer>(structureKeys.volunteers(query), path('volunteers'), { query, enabled: allowed && submitted !== null, audited: true });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const mayAdd = mayAddStructure(me);
  const done = () => {
    setEditing(null);
    // The list shown was changed: show it again (one more recorded read, asked for by the save).
    void queryClient.invalidateQueries({ queryKey: ['volunteers'] });
  };

  return (
    <Stack>
      <PageHeader title={t('structures.volunteers.title')} intro={t('structures.volunteers.intro')} action={mayAdd && <Button onClick={() => setEditing('new')}>{t('structures.volunteers.add')}</Button>} />
      <StructuresNav />
      <Paper withBorder p="md" component="form" role="search" aria-label={t('common.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(draft);
        }}
      >
        <Stack>
          <AreaFields value={draft.area} onChange={(area) => setDraft((d) => ({ ...d, area }))} allLabel />
          <Group align="flex-end">
            <Select
              label={t('structures.volunteers.activeFilter')}
              data={[
                { value: 'all', label: t('common.all') },
                { value: 'active', label: t('structures.volunteers.active') },
                { value: 'inactive', label: t('structures.volunteers.inactive') },
              ]}
              value={draft.active}
              onChange={(v) => setDraft((d) => ({ ...d, active: (v ?? 'all') as ActiveFilter }))}
              allowDeselect={false}
              w={{ base: '100%', sm: 220 }}
            />
            <Button type="submit">{t('structures.volunteers.show')}</Button>
          </Group>
          <Text size="xs" c="gray.7">
            {t('structures.volunteers.recorded')}
          </Text>
        </Stack>
      </Paper>
      {submitted === null ? (
        <Alert variant="light" color="blue">
          {t('structures.volunteers.notShown')}
        </Alert>
      ) : (
        <QueryView query={list} isEmpty={rows.length === 0} empty={t('structures.volunteers.noMatch')}>
          <Text size="sm" c="gray.7" aria-live="polite">
            {list.hasNextPage ? t('structures.volunteers.countMore', { count: rows.length }) : t('structures.volunteers.count', { count: rows.length })}
          </Text>
          <div data-testid="volunteers">
            <DataTable
              rows={rows}
              rowKey={(v) => v.id}
              minWidth={900}
              columns={[
                {
                  header: t('structures.volunteers.name'),
                  cell: (v) => (
                    <>
                      <Text size="sm" fw={700}>
                        {v.name}
                      </Text>
                      <Text size="xs" c="gray.7">
                        {orgName(v.organisation, i18n.language)}
                      </Text>
                    </>
                  ),
                },
                { header: t('structures.area'), cell: (v) => <AreaText provinceCode={v.provinceCode} districtCode={v.districtCode} subdistrictCode={v.subdistrictCode} /> },
                { header: t('structures.volunteers.trainings'), cell: (v) => <Trainings volunteer={v} /> },
                {
                  header: t('common.status'),
                  cell: (v) => <StatusBadge tone={v.active ? 'ok' : 'neutral'}>{v.active ? t('structures.volunteers.active') : t('structures.volunteers.inactive')}</StatusBadge>,
                },
                { header: t('structures.volunteers.phone'), cell: (v) => <PhoneReveal volunteer={v} />, td: { style: { whiteSpace: 'nowrap' } } },
                can(me, 'network.manage') && {
                  header: t('common.actions'),
                  hideHeader: true,
                  cell: (v) =>
                    canManageStructure(me, v.provinceCode) && (
                      <Button size="xs" variant="outline" onClick={() => setEditing(v)} aria-label={t('structures.member.editNamed', { name: v.name })}>
                        {t('common.edit')}
                      </Button>
                    ),
                },
              ]}
            />
          </div>
          <LoadMore query={list} />
        </QueryView>
      )}
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} size="lg" title={editing && editing !== 'new' ? t('structures.memberForm.editTitle', { name: editing.name }) : t('structures.volunteers.add')}>
        {editing !== null && <VolunteerForm volunteer={editing === 'new' ? null : editing} onDone={done} />}
      </AppModal>
    </Stack>
  );
}

function Trainings({ volunteer: v }: { volunteer: Volunteer }) {
  const { t, i18n } = useTranslation();
  if (!v.trainings.length) return <Text size="sm">{t('structures.volunteers.noTrainings')}</Text>;
  return (
    <ul className="structures-ul">
      {v.trainings.map((x, i) => (
        <li key={i}>
          <Text size="xs">
            {x.name} ({formatDate(x.completedOn, i18n.language, 'date')})
          </Text>
        </li>
      ))}
    </ul>
  );
}

/** The phone number, read on its own (and recorded) when asked for; not cached. */
function PhoneReveal({ volunteer: v }: { volunteer: Volunteer }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const one = useQuery({
    queryKey: ['volunteer-phone', v.id],
    queryFn: () => api<Volunteer>(path('volunteers', v.id)),
    enabled: shown,
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
  });
  if (!shown) {
    return (
      <Button size="xs" variant="default" onClick={() => setShown(true)} aria-label={t('structures.volunteers.showPhoneOf', { name: v.name })}>
        {t('structures.volunteers.showPhone')}
      </Button>
    );
  }
  if (one.isPending) return <Text size="sm">{t('common.loading')}</Text>;
  if (one.isError) return <Text size="sm" c="red.9">{t('common.errorGeneric')}</Text>;
  return one.data.phone ? (
    <Anchor href={telHref(one.data.phone)} size="sm" fw={700}>
      {one.data.phone}
    </Anchor>
  ) : (
    <Text size="sm">{t('structures.volunteers.noPhone')}</Text>
  );
}
