import { Anchor, Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DialogActions } from '../../components/DialogActions.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge } from '../../components/StatusBadge.js';
import { NoAccess } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { formErrors, telHref } from '../network/api.js';
import { canManageStructure, mayAddStructure, path, structureKeys, usePagedList, type SubdistrictCentreT } from './api.js';
import { AreaFields, AreaText, type AreaValue } from './Area.js';
import { useSaved } from './CommitteeForms.js';
import { StructuresNav } from './StructuresBits.js';

/** Sub-district information centres, each led by a community leader. */
export function SubdistrictCentresPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'network.read');
  const [area, setArea] = useState<AreaValue>({ province: me.scope === 'national' ? null : me.organisation.provinceCode, district: null, subdistrict: null });
  const [editing, setEditing] = useState<SubdistrictCentreT | 'new' | null>(null);
  const query = { province: area.province ?? undefined, district: area.district ?? undefined };
  const list = usePagedList<SubdistrictCentreT>(structureKeys.subdistrictCentres(query), path('subdistrict-centres'), { query, enabled: allowed });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const mayAdd = mayAddStructure(me);
  return (
    <Stack>
      <PageHeader
        title={t('structures.infoCentre.title')}
        intro={t('structures.infoCentre.intro')}
        action={mayAdd && <Button onClick={() => setEditing('new')}>{t('structures.infoCentre.add')}</Button>}
      />
      <StructuresNav />
      <div role="search" aria-label={t('common.filters')}>
        <AreaFields value={area} onChange={setArea} withSubdistrict={false} allLabel />
      </div>
      <QueryView query={list} isEmpty={rows.length === 0} empty={area.province ? t('structures.infoCentre.noneInArea') : t('structures.infoCentre.empty')}>
        <DataTable
          rows={rows}
          rowKey={(c) => c.id}
          minWidth={820}
          columns={[
            {
              header: t('structures.infoCentre.name'),
              cell: (c) => (
                <Text size="sm" fw={700}>
                  {pick(lang, c.nameTh, c.nameEn)}
                </Text>
              ),
            },
            { header: t('structures.area'), cell: (c) => <AreaText provinceCode={c.provinceCode} districtCode={c.districtCode} subdistrictCode={c.subdistrictCode} /> },
            { header: t('structures.infoCentre.leader'), cell: (c) => c.leaderName },
            {
              header: t('structures.infoCentre.leaderPhone'),
              cell: (c) => (c.leaderPhone ? <Anchor href={telHref(c.leaderPhone)} size="sm">{c.leaderPhone}</Anchor> : '—'),
              td: { style: { whiteSpace: 'nowrap' } },
            },
            { header: t('common.status'), cell: (c) => <ActiveBadge active={c.active} /> },
            can(me, 'network.manage') && {
              header: t('common.actions'),
              hideHeader: true,
              cell: (c) =>
                canManageStructure(me, c.provinceCode) && (
                  <Button size="xs" variant="outline" onClick={() => setEditing(c)} aria-label={t('structures.infoCentre.editNamed', { name: pick(lang, c.nameTh, c.nameEn) })}>
                    {t('common.edit')}
                  </Button>
                ),
            },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} size="lg" title={editing && editing !== 'new' ? t('structures.infoCentre.editTitle') : t('structures.infoCentre.add')}>
        {editing !== null && <CentreForm centre={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}

interface CentreValues {
  area: AreaValue;
  nameTh: string;
  nameEn: string;
  leaderName: string;
  leaderPhone: string;
  active: boolean;
}

const PHONE = /^\+?[0-9 ()-]{3,20}$/;

function CentreForm({ centre, onDone }: { centre: SubdistrictCentreT | null; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const saved = useSaved(onDone);
  const form = useForm<CentreValues>({
    mode: 'controlled',
    initialValues: {
      area: { province: centre?.provinceCode ?? (me.scope === 'national' ? null : me.organisation.provinceCode), district: centre?.districtCode ?? null, subdistrict: centre?.subdistrictCode ?? null },
      nameTh: centre?.nameTh ?? '',
      nameEn: centre?.nameEn ?? '',
      leaderName: centre?.leaderName ?? '',
      leaderPhone: centre?.leaderPhone ?? '',
      active: centre?.active ?? true,
    },
    validate: {
      area: (v) => (centre || v.subdistrict ? null : t('structures.infoCentre.pickSubdistrict')),
      nameTh: (v) => (!v.trim() ? t('validation.required') : v.length > 300 ? t('validation.tooLong', { max: 300 }) : null),
      nameEn: (v) => (v.length > 300 ? t('validation.tooLong', { max: 300 }) : null),
      leaderName: (v) => (!v.trim() ? t('validation.required') : v.length > 200 ? t('validation.tooLong', { max: 200 }) : null),
      leaderPhone: (v) => (v.trim() && !PHONE.test(v.trim()) ? t('structures.validation.phone') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: CentreValues) => {
      const body = { nameTh: v.nameTh.trim(), nameEn: v.nameEn.trim() || null, leaderName: v.leaderName.trim(), leaderPhone: v.leaderPhone.trim() || null };
      return centre
        ? api<SubdistrictCentreT>(path('subdistrict-centres', centre.id), { method: 'PATCH', body: { version: centre.version, ...body, active: v.active } })
        : api<SubdistrictCentreT>(path('subdistrict-centres'), { method: 'POST', body: { subdistrictCode: v.area.subdistrict, ...body } });
    },
    onSuccess: saved,
    onError: (err) => {
      const e = formErrors(err);
      if (e.subdistrictCode) e.area = e.subdistrictCode;
      form.setErrors(e);
    },
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        {centre ? (
          <Text size="sm">
            <Text span fw={700} size="sm">
              {t('structures.area')}:
            </Text>{' '}
            <AreaText provinceCode={centre.provinceCode} districtCode={centre.districtCode} subdistrictCode={centre.subdistrictCode} />
          </Text>
        ) : (
          <AreaFields
            value={form.values.area}
            onChange={(a) => form.setFieldValue('area', a)}
            required={{ province: true, district: true, subdistrict: true }}
            errors={{ subdistrict: form.errors.area }}
          />
        )}
        <TextInput label={t('structures.infoCentre.nameTh')} required {...form.getInputProps('nameTh')} />
        <TextInput label={t('structures.infoCentre.nameEn')} {...form.getInputProps('nameEn')} />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput label={t('structures.infoCentre.leader')} required miw={200} {...form.getInputProps('leaderName')} />
          <TextInput label={t('structures.infoCentre.leaderPhone')} type="tel" autoComplete="off" miw={200} {...form.getInputProps('leaderPhone')} />
        </Group>
        {centre && <Switch label={t('structures.infoCentre.active')} {...form.getInputProps('active', { type: 'checkbox' })} />}
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}
