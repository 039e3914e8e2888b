import { Alert, Checkbox, Group, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.js';
import { DESCRIPTION_MAX, nationalityOptions, todayInBangkok, type ReportFormValues } from './form.js';
import { areaName, useReportCountries, useReportDistricts, useReportProvinces, type ReferenceSource } from './reference.js';

const sexes = ['female', 'male', 'mixed', 'unknown'] as const;

function Section({ title, children, danger }: { title: string; children: ReactNode; danger?: boolean }) {
  return (
    <Paper withBorder p="md" radius="md" style={danger ? { borderColor: 'var(--mantine-color-red-9)', borderWidth: 2 } : undefined} component="section">
      <Title order={2} size="h4" mb="sm" c={danger ? 'red.9' : undefined}>
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/**
 * The fields of a report, shared by the public page (five languages) and the staff intake form.
 * Labels come from the `report` namespace; area and country names are Thai in Thai, English otherwise.
 */
export function ReportFieldsForm({ form, source, lead }: { form: UseFormReturnType<ReportFormValues>; source: ReferenceSource; lead?: ReactNode }) {
  const { t, i18n } = useTranslation('report');
  const lang = i18n.language;
  const v = form.getValues();
  const provinces = useReportProvinces(source);
  const districts = useReportDistricts(source, v.provinceUnknown ? null : v.provinceCode);
  const countries = useReportCountries(source);
  const provinceData = (provinces.data?.items ?? [])
    .map((p) => ({ value: p.code, label: areaName(p, lang) ?? p.code }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const districtData = (districts.data?.items ?? []).map((d) => ({ value: d.code, label: areaName(d, lang) ?? d.code }));
  const count = v.description.trim().length;

  return (
    <Stack gap="md">
      {lead}
      <Section title={t('form.danger')} danger>
        <Radio.Group
          aria-label={t('form.danger')}
          value={v.immediateDanger}
          onChange={(val) => form.setFieldValue('immediateDanger', val as 'yes' | 'no')}
        >
          <Group gap="lg">
            <Radio value="yes" label={t('form.dangerYes')} color="red.9" size="md" />
            <Radio value="no" label={t('form.dangerNo')} size="md" />
          </Group>
        </Radio.Group>
        {v.immediateDanger === 'yes' && (
          <Alert color="red" variant="filled" role="alert" styles={{ message: { fontSize: 'var(--mantine-font-size-md)', fontWeight: 700 } }}>
            {t('form.dangerCall')}
          </Alert>
        )}
      </Section>

      <Section title={t('form.what')}>
        <Textarea
          label={t('form.description')}
          description={t('form.descriptionHelp')}
          required
          autosize
          minRows={5}
          maxRows={16}
          maxLength={DESCRIPTION_MAX}
          autoComplete="off"
          {...form.getInputProps('description')}
        />
        <Text size="sm" c="dimmed" ta="right" aria-live="polite" data-testid="description-counter">
          {t('form.counter', { count, max: DESCRIPTION_MAX })}
        </Text>
      </Section>

      <Section title={t('form.where')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('form.province')}
            placeholder={t('form.provincePlaceholder')}
            searchable
            clearable
            disabled={v.provinceUnknown}
            data={provinceData}
            nothingFoundMessage="—"
            {...form.getInputProps('provinceCode')}
            onChange={(code) => {
              form.setFieldValue('provinceCode', code);
              form.setFieldValue('districtCode', null);
            }}
          />
          <Select
            label={t('form.district')}
            placeholder={t('form.districtPlaceholder')}
            searchable
            clearable
            disabled={v.provinceUnknown || !v.provinceCode}
            data={districtData}
            nothingFoundMessage="—"
            {...form.getInputProps('districtCode')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('form.provinceUnknown')}
          {...form.getInputProps('provinceUnknown', { type: 'checkbox' })}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            form.setFieldValue('provinceUnknown', checked);
            if (checked) {
              form.setFieldValue('provinceCode', null);
              form.setFieldValue('districtCode', null);
              form.clearFieldError('provinceCode');
            }
          }}
        />
        <TextInput label={t('form.placeDescription')} description={t('form.placeHelp')} maxLength={500} autoComplete="off" {...form.getInputProps('placeDescription')} />
      </Section>

      <Section title={t('form.when')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField
            label={t('form.happenedOn')}
            value={v.happenedOn}
            onChange={(d) => form.setFieldValue('happenedOn', d)}
            maxDate={todayInBangkok()}
            error={form.errors.happenedOn}
          />
          <TextInput label={t('form.whenDescription')} description={t('form.whenHelp')} maxLength={300} autoComplete="off" {...form.getInputProps('whenDescription')} />
        </SimpleGrid>
      </Section>

      <Section title={t('form.people')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput label={t('form.peopleCount')} min={1} max={10_000} allowDecimal={false} allowNegative={false} {...form.getInputProps('peopleCount')} />
          <NumberInput label={t('form.approxAge')} min={0} max={120} allowDecimal={false} allowNegative={false} {...form.getInputProps('approxAge')} />
          <Select
            label={t('form.sexOfPeople')}
            allowDeselect={false}
            data={sexes.map((s) => ({ value: s, label: t(`form.sex.${s}`) }))}
            {...form.getInputProps('sexOfPeople')}
          />
          <Select
            label={t('form.nationality')}
            placeholder={t('form.nationalityPlaceholder')}
            searchable
            clearable
            data={nationalityOptions(countries.data?.items, lang)}
            nothingFoundMessage="—"
            {...form.getInputProps('nationality')}
          />
        </SimpleGrid>
        <Radio.Group label={t('form.childrenInvolved')} {...form.getInputProps('childrenInvolved')}>
          <Group gap="lg" mt={4}>
            <Radio value="yes" label={t('form.yes')} />
            <Radio value="no" label={t('form.no')} />
            <Radio value="unknown" label={t('form.unknown')} />
          </Group>
        </Radio.Group>
      </Section>

      <Section title={t('form.contact')}>
        <Alert color="blue" variant="light">
          {t('form.contactNote')}
        </Alert>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('form.contactName')} maxLength={200} autoComplete="off" {...form.getInputProps('contactName')} />
          <TextInput label={t('form.contactPhone')} type="tel" maxLength={20} autoComplete="off" {...form.getInputProps('contactPhone')} />
          <TextInput label={t('form.contactLine')} maxLength={50} autoComplete="off" autoCapitalize="none" spellCheck={false} {...form.getInputProps('contactLine')} />
        </SimpleGrid>
      </Section>
    </Stack>
  );
}
