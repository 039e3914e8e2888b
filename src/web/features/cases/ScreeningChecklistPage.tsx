import { Button, Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { screeningGroupLabels, screeningGroups, type ScreeningGroup, type ScreeningIndicator } from '../../../contracts/nrm.js';
import { api, fieldErrors } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DialogActions } from '../../components/DialogActions.js';
import { PageHeader } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { pick } from '../../lib/labels.js';
import { send } from './api.js';

const allKey = ['reference', 'screening-indicators', 'all'] as const;

/**
 * The screening checklist as reference data (issue 5, NRM stage 1): administrators add indicators in
 * Thai and English, reword, reorder and retire them. Retiring keeps the answers already recorded.
 */
export function ScreeningChecklistPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'reference.manage');
  const [editing, setEditing] = useState<ScreeningIndicator | 'new' | null>(null);
  const list = useQuery({
    queryKey: allKey,
    queryFn: () => api<{ items: ScreeningIndicator[] }>('/api/v1/screening-indicators/all'),
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  const rows = list.data?.items ?? [];

  return (
    <Stack>
      <PageHeader
        title={t('cases.checklist.title')}
        intro={t('cases.checklist.intro')}
        action={<Button onClick={() => setEditing('new')}>{t('cases.checklist.add')}</Button>}
      />
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('cases.checklist.empty')}>
        <DataTable
          rows={rows}
          rowKey={(r) => r.code}
          minWidth={760}
          columns={[
            { header: t('cases.checklist.group'), cell: (r) => pick(lang, screeningGroupLabels[r.group].th, screeningGroupLabels[r.group].en) },
            {
              header: t('cases.checklist.label'),
              cell: (r) => (
                <>
                  <Text size="sm" fw={600}>{pick(lang, r.labelTh, r.labelEn)}</Text>
                  <Text size="xs" c="dimmed">{pick(lang, r.labelEn, r.labelTh)}</Text>
                </>
              ),
            },
            { header: t('cases.checklist.code'), cell: (r) => <Text size="xs" ff="monospace">{r.code}</Text> },
            { header: t('cases.checklist.order'), cell: (r) => r.sortOrder },
            {
              header: t('common.status'),
              cell: (r) => (
                <StatusBadge tone={r.active ? 'ok' : 'neutral'}>{t(r.active ? 'cases.checklist.active' : 'cases.checklist.retired')}</StatusBadge>
              ),
            },
            {
              header: t('common.actions'),
              hideHeader: true,
              cell: (r) => (
                <Button size="xs" variant="light" onClick={() => setEditing(r)} aria-label={`${t('common.edit')} ${r.code}`}>
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </QueryView>
      <AppModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('cases.checklist.add') : t('cases.checklist.edit')}
      >
        {editing !== null && <IndicatorForm existing={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}

interface Values {
  group: ScreeningGroup;
  slug: string;
  labelTh: string;
  labelEn: string;
  sortOrder: number | '';
  active: boolean;
}

function IndicatorForm({ existing, onDone }: { existing?: ScreeningIndicator; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      group: existing?.group ?? 'ilo',
      slug: existing ? existing.code.slice(existing.code.indexOf('.') + 1) : '',
      labelTh: existing?.labelTh ?? '',
      labelEn: existing?.labelEn ?? '',
      sortOrder: existing?.sortOrder ?? '',
      active: existing?.active ?? true,
    },
    validate: {
      slug: (v) => (existing || /^[a-z0-9_]{2,60}$/.test(v) ? null : t('cases.checklist.slugRule')),
      labelTh: (v) => (v.trim() ? null : t('validation.required')),
      labelEn: (v) => (v.trim() ? null : t('validation.required')),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const sortOrder = v.sortOrder === '' ? undefined : v.sortOrder;
      return existing
        ? send<ScreeningIndicator>('PATCH', `/api/v1/screening-indicators/${encodeURIComponent(existing.code)}`, {
            labelTh: v.labelTh.trim(), labelEn: v.labelEn.trim(), active: v.active, ...(sortOrder === undefined ? {} : { sortOrder }),
          })
        : send<ScreeningIndicator>('POST', '/api/v1/screening-indicators', {
            code: `${v.group}.${v.slug}`, labelTh: v.labelTh.trim(), labelEn: v.labelEn.trim(), ...(sortOrder === undefined ? {} : { sortOrder }),
          });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['reference', 'screening-indicators'] });
      onDone();
    },
    onError: (err) => {
      const { code, ...rest } = fieldErrors(err);
      form.setErrors({ ...rest, ...(code ? { slug: code } : {}) });
    },
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Group grow align="flex-start">
          <Select
            label={t('cases.checklist.group')}
            data={screeningGroups.map((g) => ({ value: g, label: pick(lang, screeningGroupLabels[g].th, screeningGroupLabels[g].en) }))}
            allowDeselect={false}
            disabled={!!existing}
            {...form.getInputProps('group')}
          />
          <TextInput
            label={t('cases.checklist.slug')}
            description={t('cases.checklist.slugRule')}
            disabled={!!existing}
            required={!existing}
            {...form.getInputProps('slug')}
          />
        </Group>
        <TextInput label={t('cases.checklist.labelTh')} required maxLength={300} {...form.getInputProps('labelTh')} />
        <TextInput label={t('cases.checklist.labelEn')} required maxLength={300} lang="en" {...form.getInputProps('labelEn')} />
        <NumberInput label={t('cases.checklist.order')} description={t('cases.checklist.orderHelp')} min={0} max={100_000} allowDecimal={false} {...form.getInputProps('sortOrder')} />
        {existing && (
          <Switch label={t('cases.checklist.activeSwitch')} description={t('cases.checklist.retireHelp')} {...form.getInputProps('active', { type: 'checkbox' })} />
        )}
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}
