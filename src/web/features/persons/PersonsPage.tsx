import { Alert, Button, Code, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidThaiNationalId } from '../../../contracts/common.js';
import { api, fieldErrors } from '../../api/client.js';
import { can, useCountries, useMe, useProvinces } from '../../api/queries.js';
import { sexes, type ListPage, type Person, type PersonCreateBody, type PersonIdentity, type Sex } from '../../api/types.js';
import { Empty, ErrorAlert, Loading, NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
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
  const list = useInfiniteQuery({
    queryKey: ['persons', 'list'],
    queryFn: ({ pageParam }) => api<ListPage<Person>>('/api/v1/persons', { query: { limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
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
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('persons.title')}
        </Title>
        {can(me, 'person.write') && <Button onClick={() => setCreating(true)}>{t('persons.create')}</Button>}
      </Group>
      <Text size="sm" c="gray.7">
        {t('persons.intro')}
      </Text>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('persons.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('persons.reference')}</Table.Th>
                  <Table.Th>{t('persons.sex')}</Table.Th>
                  <Table.Th>{t('persons.ageOrBirth')}</Table.Th>
                  <Table.Th>{t('persons.nationality')}</Table.Th>
                  <Table.Th>{t('persons.province')}</Table.Th>
                  <Table.Th>{t('persons.recorded')}</Table.Th>
                  {canIdentity && (
                    <Table.Th>
                      <span className="sr-only">{t('common.actions')}</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Code>{p.id.slice(0, 8)}</Code>
                    </Table.Td>
                    <Table.Td>
                      {t(`sex.${p.sex}`)}
                      {p.child && (
                        <StatusBadge ml="xs" tone="warn" size="sm">
                          {t('persons.child')}
                        </StatusBadge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {p.birthDate
                        ? formatDate(p.birthDate, lang, 'date')
                        : p.estimatedAge !== null
                          ? t('persons.aboutAge', { age: p.estimatedAge })
                          : '—'}
                    </Table.Td>
                    <Table.Td>{countryName(p.nationality)}</Table.Td>
                    <Table.Td>{provinceName(p.provinceCode)}</Table.Td>
                    <Table.Td>{formatDate(p.createdAt, lang, 'date')}</Table.Td>
                    {canIdentity && (
                      <Table.Td>
                        <Button size="xs" variant="outline" onClick={() => setIdentityOf(p)} aria-label={t('persons.showIdentityFor', { ref: p.id.slice(0, 8) })}>
                          {t('persons.showIdentity')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.hasNextPage && (
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ alignSelf: 'center' }}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
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
      {identity.isPending ? (
        <Loading />
      ) : identity.isError ? (
        <ErrorAlert error={identity.error} onRetry={() => void identity.refetch()} />
      ) : (
        <dl className="facts">
          {rows.map(([label, value]) => (
            <div key={label} style={{ marginBottom: '0.5rem' }}>
              <Text component="dt" size="sm" fw={700}>
                {label}
              </Text>
              <Text component="dd" m={0} className="wrap-anywhere">
                {value || t('persons.notRecorded')}
              </Text>
            </div>
          ))}
        </dl>
      )}
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
          <TextInput label={t('persons.birthDate')} type="date" {...form.getInputProps('birthDate')} />
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
        {create.isError && <ErrorAlert error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
