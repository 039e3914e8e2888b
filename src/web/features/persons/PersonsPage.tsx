import { Alert, Button, Code, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidThaiNationalId } from '../../../contracts/common.js';
import { api, fieldErrors } from '../../api/client.js';
import { can, useCountries, useCursorList, useMe, useProvinces } from '../../api/queries.js';
import { sexes, type Person, type PersonCreateBody, type PersonIdentity, type Sex } from '../../api/types.js';
import { NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DateField } from '../../components/DateField.js';
import { DialogActions } from '../../components/DialogActions.js';
import { Fact, PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { provinceOptions } from '../organisations/OrganisationsPage.js';

export function PersonsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'person.read');
  const [identityOf, setIdentityOf] = useState<Person | null>(null);
  const [creating, setCreating] = useState(false);
  const provinces = useProvinces();
  const countries = useCountries();
  const list = useCursorList<Person>(['persons', 'list'], '/api/v1/persons', { enabled: allowed });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const canIdentity = can(me, 'person.identity.read');
  const countryName = (a3: string | null) => {
    if (!a3) return '—';
    const c = countries.data?.items.find((x) => x.alpha3 === a3);
    return c ? pick(lang, c.nameTh, c.nameEn) : a3;
  };
  const provinceName = (code: string | null) => {
    if (!code) return '—';
    const p = provinces.data?.items.find((x) => x.code === code);
    return p ? pick(lang, p.nameTh, p.nameEn) : code;
  };

  return (
    <Stack>
      <PageHeader
        title={t('persons.title')}
        action={can(me, 'person.write') && <Button onClick={() => setCreating(true)}>{t('persons.create')}</Button>}
        intro={t('persons.intro')}
      />
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('persons.empty')}>
        <DataTable
          rows={rows}
          rowKey={(p) => p.id}
          minWidth={820}
          columns={[
            { header: t('persons.reference'), cell: (p) => <Code>{p.id.slice(0, 8)}</Code> },
            {
              header: t('persons.sex'),
              cell: (p) => (
                <>
                  {t(`sex.${p.sex}`)}
                  {p.child && (
                    <StatusBadge ml="xs" tone="warn" size="sm">
                      {t('persons.child')}
                    </StatusBadge>
                  )}
                </>
              ),
            },
            {
              header: t('persons.ageOrBirth'),
              cell: (p) =>
                p.birthDate ? formatDate(p.birthDate, lang, 'date') : p.estimatedAge !== null ? t('persons.aboutAge', { age: p.estimatedAge }) : '—',
            },
            { header: t('persons.nationality'), cell: (p) => countryName(p.nationality) },
            { header: t('persons.province'), cell: (p) => provinceName(p.provinceCode) },
            { header: t('persons.recorded'), cell: (p) => formatDate(p.createdAt, lang, 'date') },
            canIdentity && {
              header: t('common.actions'),
              hideHeader: true,
              cell: (p) => (
                <Button size="xs" variant="outline" onClick={() => setIdentityOf(p)} aria-label={t('persons.showIdentityFor', { ref: p.id.slice(0, 8) })}>
                  {t('persons.showIdentity')}
                </Button>
              ),
            },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
      <AppModal opened={identityOf !== null} onClose={() => setIdentityOf(null)} title={t('persons.identityTitle')}>
        {identityOf && <IdentityView person={identityOf} />}
      </AppModal>
      <AppModal opened={creating} onClose={() => setCreating(false)} title={t('persons.create')} size="lg">
        {creating && <CreatePersonForm onDone={() => setCreating(false)} />}
      </AppModal>
    </Stack>
  );
}

function IdentityView({ person }: { person: Person }) {
  const { t } = useTranslation();
  // Identity is fetched on demand, never cached after the dialog closes (gcTime 0), never put in a URL.
  const identity = useQuery({
    queryKey: ['persons', 'identity', person.id],
    queryFn: () => api<PersonIdentity>(`/api/v1/persons/${person.id}/identity`),
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  const rows: [string, string | null][] = identity.data
    ? [
        [t('persons.givenName'), identity.data.givenName],
        [t('persons.familyName'), identity.data.familyName],
        [t('persons.nationalId'), identity.data.nationalId],
        [t('persons.phone'), identity.data.phone],
        [t('persons.address'), identity.data.address],
      ]
    : [];
  return (
    <Stack>
      <Alert color="orange" variant="light">
        {t('persons.identityAudited')}
      </Alert>
      <QueryView query={identity}>
        <dl className="facts">
          {rows.map(([label, value]) => (
            <Fact key={label} label={label}>
              {value || t('persons.notRecorded')}
            </Fact>
          ))}
        </dl>
      </QueryView>
    </Stack>
  );
}

interface PersonValues {
  givenName: string;
  familyName: string;
  nationalId: string;
  phone: string;
  address: string;
  sex: Sex;
  birthDate: string;
  estimatedAge: number | string;
  nationality: string | null;
  provinceCode: string | null;
}

function CreatePersonForm({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const me = useMe();
  const provinces = useProvinces();
  const countries = useCountries();
  const form = useForm<PersonValues>({
    mode: 'controlled',
    initialValues: {
      givenName: '',
      familyName: '',
      nationalId: '',
      phone: '',
      address: '',
      sex: 'unknown',
      birthDate: '',
      estimatedAge: '',
      nationality: null,
      provinceCode: me.organisation.provinceCode,
    },
    validate: {
      nationalId: (v) => {
        const id = v.replace(/[\s-]/g, '');
        return !id || isValidThaiNationalId(id) ? null : t('validation.nationalId');
      },
      birthDate: (v) => {
        if (!v) return null;
        const d = new Date(`${v}T00:00:00Z`);
        return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.getTime() <= Date.now() ? null : t('validation.birthDate');
      },
      phone: (v) => (!v.trim() || /^\+?[0-9 ()-]{6,20}$/.test(v.trim()) ? null : t('validation.phone')),
      estimatedAge: (v) => {
        if (v === '' || v === null) return null;
        const n = Number(v);
        return Number.isInteger(n) && n >= 0 && n <= 120 ? null : t('validation.range', { min: 0, max: 120 });
      },
    },
  });
  const create = useMutation({
    mutationFn: (v: PersonValues) => {
      const body: PersonCreateBody = { sex: v.sex };
      const text = (s: string) => s.trim() || undefined;
      if (text(v.givenName)) body.givenName = v.givenName.trim();
      if (text(v.familyName)) body.familyName = v.familyName.trim();
      if (text(v.nationalId)) body.nationalId = v.nationalId.replace(/[\s-]/g, '');
      if (text(v.phone)) body.phone = v.phone.trim();
      if (text(v.address)) body.address = v.address.trim();
      if (v.birthDate) body.birthDate = v.birthDate;
      if (v.estimatedAge !== '') body.estimatedAge = Number(v.estimatedAge);
      if (v.nationality) body.nationality = v.nationality;
      if (v.provinceCode) body.provinceCode = v.provinceCode;
      return api<Person>('/api/v1/persons', { method: 'POST', body });
    },
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['persons', 'list'] });
      onDone();
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate autoComplete="off">
      <Stack>
        <Alert color="blue" variant="light">
          {t('persons.identityNote')}
        </Alert>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('persons.givenName')} autoComplete="off" {...form.getInputProps('givenName')} />
          <TextInput label={t('persons.familyName')} autoComplete="off" {...form.getInputProps('familyName')} />
          <TextInput label={t('persons.nationalId')} description={t('persons.nationalIdHelp')} inputMode="numeric" autoComplete="off" maxLength={17} {...form.getInputProps('nationalId')} />
          <TextInput label={t('persons.phone')} type="tel" autoComplete="off" {...form.getInputProps('phone')} />
        </SimpleGrid>
        <Textarea label={t('persons.address')} autosize minRows={2} autoComplete="off" {...form.getInputProps('address')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('persons.sex')} required data={sexes.map((s) => ({ value: s, label: t(`sex.${s}`) }))} allowDeselect={false} {...form.getInputProps('sex')} />
          <DateField
            label={t('persons.birthDate')}
            value={form.values.birthDate}
            onChange={(v) => form.setFieldValue('birthDate', v)}
            error={form.errors.birthDate}
            maxDate={new Date().toISOString().slice(0, 10)}
          />
          <NumberInput label={t('persons.estimatedAge')} description={t('persons.estimatedAgeHelp')} min={0} max={120} allowDecimal={false} {...form.getInputProps('estimatedAge')} />
          <Select
            label={t('persons.nationality')}
            searchable
            clearable
            data={(countries.data?.items ?? []).map((c) => ({ value: c.alpha3, label: `${pick(lang, c.nameTh, c.nameEn)} (${c.alpha3})` }))}
            {...form.getInputProps('nationality')}
          />
          <Select label={t('persons.province')} searchable clearable data={provinceOptions(provinces.data?.items, lang)} {...form.getInputProps('provinceCode')} />
        </SimpleGrid>
        <DialogActions mutation={create} onCancel={onDone} />
      </Stack>
    </form>
  );
}
