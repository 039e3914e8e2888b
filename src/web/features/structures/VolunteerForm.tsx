import { Button, Paper, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useMe } from '../../api/queries.js';
import { DateField } from '../../components/DateField.js';
import { DialogActions } from '../../components/DialogActions.js';
import { formErrors } from '../network/api.js';
import { path, type Volunteer } from './api.js';
import { todayInThailand } from './calendar.js';
import { AreaFields, type AreaValue } from './Area.js';
import { OrgSelect } from './StructuresBits.js';

interface Values {
  name: string;
  area: AreaValue;
  phone: string;
  organisationId: string | null;
  active: boolean;
  trainings: { name: string; completedOn: string; key: number }[];
}

const PHONE = /^\+?[0-9 ()-]{3,20}$/;
let key = 0;

/** Registers a volunteer or changes one; the trainings given replace the list. */
export function VolunteerForm({ volunteer: v, onDone }: { volunteer: Volunteer | null; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: v?.name ?? '',
      area: { province: v?.provinceCode ?? (me.scope === 'national' ? null : me.organisation.provinceCode), district: v?.districtCode ?? null, subdistrict: v?.subdistrictCode ?? null },
      phone: v?.phone ?? '',
      organisationId: v?.organisation?.id ?? null,
      active: v?.active ?? true,
      trainings: v?.trainings.map((x) => ({ ...x, key: ++key })) ?? [],
    },
    validate: {
      name: (x) => (!x.trim() ? t('validation.required') : x.length > 200 ? t('validation.tooLong', { max: 200 }) : null),
      area: (a) => (a.province ? null : t('validation.required')),
      phone: (x) => (x.trim() && !PHONE.test(x.trim()) ? t('structures.validation.phone') : null),
      trainings: {
        name: (x) => (!x.trim() ? t('validation.required') : x.length > 300 ? t('validation.tooLong', { max: 300 }) : null),
        completedOn: (x) => (x ? null : t('validation.required')),
      },
    },
  });
  const save = useMutation({
    mutationFn: (x: Values) => {
      const body = {
        name: x.name.trim(),
        provinceCode: x.area.province!,
        districtCode: x.area.district,
        subdistrictCode: x.area.subdistrict,
        phone: x.phone.trim() || null,
        organisationId: x.organisationId,
        active: x.active,
        trainings: x.trainings.map((tr) => ({ name: tr.name.trim(), completedOn: tr.completedOn })),
      };
      return v
        ? api<Volunteer>(path('volunteers', v.id), { method: 'PATCH', body: { version: v.version, ...body } })
        : api<Volunteer>(path('volunteers'), { method: 'POST', body });
    },
    onSuccess: onDone,
    onError: (err) => {
      const e = formErrors(err);
      form.setErrors({ ...e, ...(e.provinceCode || e.districtCode || e.subdistrictCode ? { area: e.provinceCode ?? e.districtCode ?? e.subdistrictCode } : {}) });
    },
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((x) => save.mutate(x))} noValidate>
      <Stack>
        <TextInput label={t('structures.volunteers.name')} required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
        <AreaFields value={form.values.area} onChange={(a) => form.setFieldValue('area', a)} required={{ province: true }} errors={{ province: form.errors.area }} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label={t('structures.volunteers.phone')} type="tel" autoComplete="off" {...form.getInputProps('phone')} />
          <OrgSelect label={t('structures.volunteers.organisation')} initial={v?.organisation} provinceCode={form.values.area.province} {...form.getInputProps('organisationId')} />
        </SimpleGrid>
        <Switch label={t('structures.volunteers.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <fieldset className="structures-fieldset">
          <legend>{t('structures.volunteers.trainings')}</legend>
          <Stack gap="xs">
            {form.values.trainings.map((tr, i) => (
              <Paper key={tr.key} withBorder p="xs">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('structures.volunteerForm.training', { n: i + 1 })} required {...form.getInputProps(`trainings.${i}.name`)} />
                  <DateField
                    label={t('structures.volunteerForm.completedOn', { n: i + 1 })}
                    maxDate={todayInThailand()}
                    value={tr.completedOn}
                    onChange={(d) => form.setFieldValue(`trainings.${i}.completedOn`, d)}
                    error={form.errors[`trainings.${i}.completedOn`]}
                  />
                </SimpleGrid>
                <Button mt="xs" variant="outline" color="red.9" size="xs" onClick={() => form.removeListItem('trainings', i)} aria-label={t('structures.volunteerForm.removeTraining', { n: i + 1 })}>
                  {t('structures.remove')}
                </Button>
              </Paper>
            ))}
            <Button variant="default" size="xs" style={{ alignSelf: 'flex-start' }} onClick={() => form.insertListItem('trainings', { name: '', completedOn: '', key: ++key })}>
              {t('structures.volunteerForm.addTraining')}
            </Button>
          </Stack>
        </fieldset>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}
