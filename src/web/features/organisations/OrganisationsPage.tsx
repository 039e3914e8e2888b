import { Button, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { levels, sectors } from '../../../contracts/admin.js';
import { api, fieldErrors } from '../../api/client.js';
import { can, useCursorList, useMe, useProvinces } from '../../api/queries.js';
import type { Organisation, Province } from '../../api/types.js';
import { NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DialogActions } from '../../components/DialogActions.js';
import { PageHeader, SearchBar } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge } from '../../components/StatusBadge.js';
import { pick } from '../../lib/labels.js';

type Sector = (typeof sectors)[number];
type Level = (typeof levels)[number];

export function provinceOptions(items: Province[] | undefined, lang: string) {
  return (items ?? []).map((p) => ({ value: p.code, label: `${pick(lang, p.nameTh, p.nameEn)} (${p.code})` }));
}

export function OrganisationsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const [q, setQ] = useState('');
  const [provinceCode, setProvinceCode] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [editing, setEditing] = useState<Organisation | 'new' | null>(null);
  const provinces = useProvinces();
  const provinceName = (code: string | null) => {
    if (!code) return '—';
    const p = provinces.data?.items.find((x) => x.code === code);
    return p ? pick(lang, p.nameTh, p.nameEn) : code;
  };

  const list = useCursorList<Organisation>(['organisations', 'list', { q: debouncedQ, provinceCode }], '/api/v1/organisations', {
    query: { q: debouncedQ, provinceCode: provinceCode ?? undefined },
    enabled: can(me, 'organisation.read'),
  });

  if (!can(me, 'organisation.read')) return <NoAccess />;
  const manage = can(me, 'organisation.manage');
  const rows = list.data ?? [];

  return (
    <Stack>
      <PageHeader title={t('orgs.title')} action={manage && <Button onClick={() => setEditing('new')}>{t('orgs.create')}</Button>} />
      <SearchBar value={q} onChange={setQ} placeholder={t('orgs.searchPlaceholder')}>
        <Select
          label={t('orgs.province')}
          placeholder={t('common.all')}
          data={provinceOptions(provinces.data?.items, lang)}
          value={provinceCode}
          onChange={setProvinceCode}
          searchable
          clearable
          w={{ base: '100%', sm: 260 }}
        />
      </SearchBar>
      <QueryView query={list} isEmpty={rows.length === 0} empty={debouncedQ || provinceCode ? t('orgs.noMatch') : t('orgs.empty')}>
        <DataTable
          rows={rows}
          rowKey={(o) => o.id}
          minWidth={760}
          highlightOnHover
          columns={[
            {
              header: t('orgs.name'),
              cell: (o) => (
                <>
                  <Text size="sm" fw={700}>
                    {pick(lang, o.nameTh, o.nameEn)}
                  </Text>
                  <Text size="xs" c="gray.7">
                    {pick(lang, o.nameEn, o.nameTh)}
                  </Text>
                </>
              ),
            },
            { header: t('orgs.sector'), cell: (o) => t(`sector.${o.sector}`) },
            { header: t('orgs.level'), cell: (o) => t(`level.${o.level}`) },
            { header: t('orgs.province'), cell: (o) => provinceName(o.provinceCode) },
            { header: t('common.status'), cell: (o) => <ActiveBadge active={o.active} /> },
            manage && {
              header: t('common.actions'),
              hideHeader: true,
              cell: (o) => (
                <Button size="xs" variant="outline" onClick={() => setEditing(o)} aria-label={t('orgs.editNamed', { name: pick(lang, o.nameTh, o.nameEn) })}>
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
      <AppModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('orgs.create') : t('orgs.edit')}
        size="lg"
      >
        {editing !== null && (
          <OrganisationForm
            key={editing === 'new' ? 'new' : editing.id}
            organisation={editing === 'new' ? null : editing}
            provinces={provinces.data?.items}
            onDone={() => setEditing(null)}
          />
        )}
      </AppModal>
    </Stack>
  );
}

interface OrgFormValues {
  nameTh: string;
  nameEn: string;
  sector: Sector | '';
  level: Level | '';
  provinceCode: string | null;
  active: boolean;
}

function OrganisationForm({ organisation, provinces, onDone }: { organisation: Organisation | null; provinces: Province[] | undefined; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<OrgFormValues>({
    mode: 'controlled',
    initialValues: {
      nameTh: organisation?.nameTh ?? '',
      nameEn: organisation?.nameEn ?? '',
      sector: organisation?.sector ?? '',
      level: organisation?.level ?? '',
      provinceCode: organisation?.provinceCode ?? null,
      active: organisation?.active ?? true,
    },
    validate: {
      nameTh: (v) => (v.trim() ? (v.length > 300 ? t('validation.tooLong', { max: 300 }) : null) : t('validation.required')),
      nameEn: (v) => (v.trim() ? (v.length > 300 ? t('validation.tooLong', { max: 300 }) : null) : t('validation.required')),
      sector: (v) => (v ? null : t('validation.required')),
      level: (v) => (v ? null : t('validation.required')),
    },
  });
  const save = useMutation({
    mutationFn: (v: OrgFormValues) => {
      const body = {
        nameTh: v.nameTh.trim(),
        nameEn: v.nameEn.trim(),
        sector: v.sector,
        level: v.level,
        provinceCode: v.provinceCode,
      };
      return organisation
        ? api<Organisation>(`/api/v1/organisations/${organisation.id}`, { method: 'PATCH', body: { ...body, active: v.active, version: organisation.version } })
        : api<Organisation>('/api/v1/organisations', { method: 'POST', body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
      onDone();
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('orgs.nameTh')} required lang="th" {...form.getInputProps('nameTh')} />
        <TextInput label={t('orgs.nameEn')} required lang="en" {...form.getInputProps('nameEn')} />
        <Select
          label={t('orgs.sector')}
          required
          data={sectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))}
          {...form.getInputProps('sector')}
        />
        <Select label={t('orgs.level')} required data={levels.map((l) => ({ value: l, label: t(`level.${l}`) }))} {...form.getInputProps('level')} />
        <Select
          label={t('orgs.province')}
          description={t('orgs.provinceHelp')}
          data={provinceOptions(provinces, i18n.language)}
          searchable
          clearable
          {...form.getInputProps('provinceCode')}
        />
        {organisation && <Switch label={t('common.active')} {...form.getInputProps('active', { type: 'checkbox' })} />}
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}
