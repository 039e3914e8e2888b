import { Alert, Button, Group, NumberInput, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe, useProvinces } from '../../api/queries.js';
import { AnchorLink } from '../../components/Links.js';
import { PageHeader } from '../../components/Page.js';
import { ErrorAlert, NoAccess } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { formErrors } from '../network/api.js';
import type { ReportT } from '../reports/api.js';
import { caseKeys, type Case } from './api.js';
import { emptyPerson, PersonFields, personBody, personValidation, type PersonValues } from './PersonFields.js';

interface NewCaseValues {
  provinceCode: string | null;
  reflectionDays: number | string;
  persons: PersonValues[];
}

/** Opens a case, directly or from a triaged report (`?reportId=`), with one or more victims. */
export function NewCasePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { reportId } = useSearch({ strict: false }) as { reportId?: string };
  const provinces = useProvinces();
  const allowed = can(me, 'case.write');
  const national = me.scope === 'national';
  const report = useQuery({
    queryKey: ['reports', 'detail', reportId ?? ''],
    queryFn: () => api<ReportT>(`/api/v1/reports/${encodeURIComponent(reportId ?? '')}`),
    enabled: allowed && !!reportId && can(me, 'report.read'),
  });
  const form = useForm<NewCaseValues>({
    mode: 'controlled',
    initialValues: { provinceCode: null, reflectionDays: 45, persons: [emptyPerson('victim')] },
    validate: {
      reflectionDays: (v) => {
        const n = Number(v);
        return v === '' || (Number.isInteger(n) && n >= 1 && n <= 365) ? null : t('validation.range', { min: 1, max: 365 });
      },
      persons: personValidation(t),
    },
  });
  const create = useMutation({
    mutationFn: (v: NewCaseValues) =>
      api<Case>('/api/v1/cases', {
        method: 'POST',
        body: {
          ...(reportId ? { reportId } : {}),
          ...(national && v.provinceCode ? { provinceCode: v.provinceCode } : {}),
          ...(v.reflectionDays !== '' ? { reflectionDays: Number(v.reflectionDays) } : {}),
          persons: v.persons.map(personBody),
        },
      }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
      if (reportId) await queryClient.invalidateQueries({ queryKey: ['reports'] });
      queryClient.setQueryData(caseKeys.case(created.id), created);
      await navigate({ to: '/cases/$id', params: { id: created.id } });
    },
    onError: (err) => form.setErrors(formErrors(err)),
  });
  if (!allowed) return <NoAccess />;
  const persons = form.values.persons;

  return (
    <Stack>
      <AnchorLink to="/cases" size="sm">
        ← {t('cases.backToList')}
      </AnchorLink>
      <PageHeader title={t('cases.new.title')} intro={t('cases.new.intro')} />
      {reportId && (
        <Alert color="blue" variant="light" data-testid="new-case-report">
          {report.data ? (
            <>
              {t('cases.new.fromReport')}{' '}
              <AnchorLink to="/reports/$id" params={{ id: reportId }} fw={700}>
                {report.data.reference}
              </AnchorLink>
            </>
          ) : (
            t('cases.new.fromReportPlain')
          )}
        </Alert>
      )}
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate autoComplete="off" aria-label={t('cases.new.title')}>
        <Stack>
          <Paper withBorder p="md">
            <Group align="flex-end" gap="md">
              {national && (
                <Select
                  label={t('cases.new.province')}
                  description={t('cases.new.provinceHelp')}
                  searchable
                  required={!reportId}
                  data={(provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(i18n.language, p.nameTh, p.nameEn) }))}
                  w={{ base: '100%', sm: 320 }}
                  {...form.getInputProps('provinceCode')}
                />
              )}
              <NumberInput
                label={t('cases.new.reflectionDays')}
                description={t('cases.new.reflectionHelp')}
                min={1}
                max={365}
                allowDecimal={false}
                w={{ base: '100%', sm: 260 }}
                {...form.getInputProps('reflectionDays')}
              />
            </Group>
          </Paper>
          <Alert color="orange" variant="light">
            {t('cases.new.identityNote')}
          </Alert>
          {persons.map((_, i) => (
            <Paper key={i} withBorder p="md" component="section" aria-labelledby={`victim-${i}-heading`} data-testid="new-case-victim">
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h4" id={`victim-${i}-heading`}>
                  {t('cases.new.victimN', { n: i + 1 })}
                </Title>
                {persons.length > 1 && (
                  <Button variant="subtle" color="red.9" size="xs" onClick={() => form.removeListItem('persons', i)}>
                    {t('cases.new.removeVictim', { n: i + 1 })}
                  </Button>
                )}
              </Group>
              <Stack gap="sm">
                <PersonFields form={form} prefix={`persons.${i}.`} />
              </Stack>
            </Paper>
          ))}
          {persons.length < 20 && (
            <Button variant="default" onClick={() => form.insertListItem('persons', emptyPerson('victim'))} style={{ alignSelf: 'flex-start' }}>
              + {t('cases.new.addVictim')}
            </Button>
          )}
          {Object.keys(form.errors).length > 0 && (
            <Text c="red.9" size="sm" role="alert">
              {t('cases.new.fixErrors')}
            </Text>
          )}
          {create.isError && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate({ to: '/cases' })}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('cases.new.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
