import { Button, Checkbox, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { DialogActions } from '../../components/DialogActions.js';
import { pick } from '../../lib/labels.js';
import {
  formErrors, measures, networkKeys, serviceSexes, useDistricts, useNames,
  type Contact, type MeasureName, type OrganisationService, type Partner, type ServiceName,
} from './api.js';
import { useServiceOptions } from './NetworkBits.js';

type Num = number | string;
const numOrNull = (v: Num): number | null => (v === '' || v === null || v === undefined ? null : Number(v));
const textOrNull = (v: string): string | null => (v.trim() ? v.trim() : null);

function useSaved(onDone: () => void) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: networkKeys.all });
    onDone();
  };
}

// ---------------------------------------------------------------- free places

interface CapacityValues {
  capacityFree: Num;
  capacityTotal: Num;
}

/** The quick update a shelter makes every day: free places now (and the total). */
export function CapacityForm({ service, onDone }: { service: OrganisationService; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const form = useForm<CapacityValues>({
    mode: 'controlled',
    initialValues: { capacityFree: service.capacityFree ?? '', capacityTotal: service.capacityTotal ?? '' },
    validate: { capacityFree: (v, all) => freeWithinTotal(v, all.capacityTotal, t) },
  });
  const save = useMutation({
    mutationFn: (v: CapacityValues) =>
      api<OrganisationService>(`/api/v1/network/services/${encodeURIComponent(service.id)}`, {
        method: 'PATCH',
        body: { version: service.version, capacityFree: numOrNull(v.capacityFree), capacityTotal: numOrNull(v.capacityTotal) },
      }),
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  return (
    <form className="network-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <SimpleGrid cols={2}>
          <NumberInput label={t('network.serviceForm.capacityFree')} min={0} max={100000} allowDecimal={false} allowNegative={false} data-autofocus {...form.getInputProps('capacityFree')} />
          <NumberInput label={t('network.serviceForm.capacityTotal')} min={0} max={100000} allowDecimal={false} allowNegative={false} {...form.getInputProps('capacityTotal')} />
        </SimpleGrid>
        <Text size="sm" c="gray.7">
          {t('network.capacityForm.help')}
        </Text>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

function freeWithinTotal(free: Num, total: Num, t: (k: string) => string): string | null {
  const f = numOrNull(free);
  const tot = numOrNull(total);
  return f != null && tot != null && f > tot ? t('network.serviceForm.freeOverTotal') : null;
}

// ---------------------------------------------------------------- a service

interface ServiceValues {
  service: ServiceName | null;
  acceptsSexes: string[];
  minAge: Num;
  maxAge: Num;
  nationalities: string[];
  languages: string[];
  acceptsDisability: boolean;
  capacityTotal: Num;
  capacityFree: Num;
  hours: string;
  available24h: boolean;
  notes: string;
}

export function ServiceForm({ partnerId, service, onDone }: { partnerId: string; service: OrganisationService | null; onDone: () => void }) {
  const { t } = useTranslation();
  const names = useNames();
  const lang = names.lang;
  const serviceOptions = useServiceOptions();
  const saved = useSaved(onDone);
  const form = useForm<ServiceValues>({
    mode: 'controlled',
    initialValues: {
      service: service?.service ?? null,
      acceptsSexes: service?.acceptsSexes ?? [],
      minAge: service?.minAge ?? '',
      maxAge: service?.maxAge ?? '',
      nationalities: service?.nationalities ?? [],
      languages: service?.languages ?? [],
      acceptsDisability: service?.acceptsDisability ?? true,
      capacityTotal: service?.capacityTotal ?? '',
      capacityFree: service?.capacityFree ?? '',
      hours: service?.hours ?? '',
      available24h: service?.available24h ?? false,
      notes: service?.notes ?? '',
    },
    validate: {
      service: (v) => (v ? null : t('validation.required')),
      minAge: (v, all) => {
        const min = numOrNull(v);
        const max = numOrNull(all.maxAge);
        return min != null && max != null && min > max ? t('network.serviceForm.agesOrder') : null;
      },
      capacityFree: (v, all) => freeWithinTotal(v, all.capacityTotal, t),
      hours: (v) => (v.length > 200 ? t('validation.tooLong', { max: 200 }) : null),
      notes: (v) => (v.length > 1000 ? t('validation.tooLong', { max: 1000 }) : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: ServiceValues) => {
      const body = {
        acceptsSexes: v.acceptsSexes,
        minAge: numOrNull(v.minAge),
        maxAge: numOrNull(v.maxAge),
        nationalities: v.nationalities,
        languages: v.languages,
        acceptsDisability: v.acceptsDisability,
        hours: textOrNull(v.hours),
        available24h: v.available24h,
        notes: textOrNull(v.notes),
      };
      const capacity = { capacityTotal: numOrNull(v.capacityTotal), capacityFree: numOrNull(v.capacityFree) };
      if (!service) {
        const withCapacity = capacity.capacityTotal != null || capacity.capacityFree != null ? capacity : {};
        return api<OrganisationService>(`/api/v1/network/partners/${encodeURIComponent(partnerId)}/services`, { method: 'POST', body: { service: v.service, ...body, ...withCapacity } });
      }
      // Places are sent only when changed: sending them marks them "updated now".
      const changedCapacity = capacity.capacityTotal !== service.capacityTotal || capacity.capacityFree !== service.capacityFree ? capacity : {};
      return api<OrganisationService>(`/api/v1/network/services/${encodeURIComponent(service.id)}`, { method: 'PATCH', body: { version: service.version, ...body, ...changedCapacity } });
    },
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });

  return (
    <form className="network-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        {!service && <Select label={t('network.serviceForm.service')} required data={serviceOptions} searchable data-autofocus {...form.getInputProps('service')} />}
        <Checkbox.Group label={t('network.serviceForm.acceptsSexes')} description={t('network.serviceForm.acceptsSexesHelp')} {...form.getInputProps('acceptsSexes')}>
          <Group mt="xs">
            {serviceSexes.map((s) => (
              <Checkbox key={s} value={s} label={t(`network.sex.${s}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <NumberInput label={t('network.serviceForm.minAge')} description={t('network.serviceForm.ageHelp')} min={0} max={120} allowDecimal={false} allowNegative={false} {...form.getInputProps('minAge')} />
          <NumberInput label={t('network.serviceForm.maxAge')} description={t('network.serviceForm.ageHelp')} min={0} max={120} allowDecimal={false} allowNegative={false} {...form.getInputProps('maxAge')} />
        </SimpleGrid>
        <MultiSelect
          label={t('network.serviceForm.nationalities')}
          description={t('network.serviceForm.nationalitiesHelp')}
          data={(names.countries.data?.items ?? []).map((c) => ({ value: c.alpha3, label: pick(lang, c.nameTh, c.nameEn) }))}
          searchable
          clearable
          {...form.getInputProps('nationalities')}
        />
        <MultiSelect
          label={t('network.serviceForm.languages')}
          data={(names.languages.data?.items ?? []).map((l) => ({ value: l.code, label: pick(lang, l.nameTh, l.nameEn) }))}
          searchable
          clearable
          {...form.getInputProps('languages')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <NumberInput label={t('network.serviceForm.capacityTotal')} min={0} max={100000} allowDecimal={false} allowNegative={false} {...form.getInputProps('capacityTotal')} />
          <NumberInput label={t('network.serviceForm.capacityFree')} min={0} max={100000} allowDecimal={false} allowNegative={false} {...form.getInputProps('capacityFree')} />
        </SimpleGrid>
        <TextInput label={t('network.serviceForm.hours')} placeholder={t('network.serviceForm.hoursPlaceholder')} {...form.getInputProps('hours')} />
        <Switch label={t('network.serviceForm.available24h')} {...form.getInputProps('available24h', { type: 'checkbox' })} />
        <Switch label={t('network.serviceForm.acceptsDisability')} {...form.getInputProps('acceptsDisability', { type: 'checkbox' })} />
        <Textarea label={t('network.serviceForm.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- a contact

interface ContactValues {
  name: string;
  role: string;
  mobile: string;
  officePhone: string;
  lineId: string;
  email: string;
  urgent24h: boolean;
}

export function ContactForm({ partnerId, contact, onDone }: { partnerId: string; contact: Contact | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const form = useForm<ContactValues>({
    mode: 'controlled',
    initialValues: {
      name: contact?.name ?? '',
      role: contact?.role ?? '',
      mobile: contact?.mobile ?? '',
      officePhone: contact?.officePhone ?? '',
      lineId: contact?.lineId ?? '',
      email: contact?.email ?? '',
      urgent24h: contact?.urgent24h ?? false,
    },
    validate: {
      name: (v) => (v.trim() ? (v.length > 200 ? t('validation.tooLong', { max: 200 }) : null) : t('validation.required')),
      mobile: (v) => (v.trim() && !/^\+?[0-9 ()-]{3,20}$/.test(v.trim()) ? t('network.contactForm.phoneInvalid') : null),
      officePhone: (v) => (v.trim() && !/^\+?[0-9 ()-]{3,20}$/.test(v.trim()) ? t('network.contactForm.phoneInvalid') : null),
      lineId: (v) => (v.trim() && !/^[A-Za-z0-9._@-]{1,50}$/.test(v.trim()) ? t('network.contactForm.lineInvalid') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: ContactValues) => {
      const body = {
        name: v.name.trim(),
        role: textOrNull(v.role),
        mobile: textOrNull(v.mobile),
        officePhone: textOrNull(v.officePhone),
        lineId: textOrNull(v.lineId),
        email: textOrNull(v.email),
        urgent24h: v.urgent24h,
      };
      return contact
        ? api<Contact>(`/api/v1/network/contacts/${encodeURIComponent(contact.id)}`, { method: 'PATCH', body: { version: contact.version, ...body } })
        : api<Contact>(`/api/v1/network/partners/${encodeURIComponent(partnerId)}/contacts`, { method: 'POST', body });
    },
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  return (
    <form className="network-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('network.contactForm.name')} required data-autofocus {...form.getInputProps('name')} />
        <TextInput label={t('network.contactForm.role')} {...form.getInputProps('role')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label={t('network.contactForm.mobile')} type="tel" autoComplete="off" {...form.getInputProps('mobile')} />
          <TextInput label={t('network.contactForm.officePhone')} type="tel" autoComplete="off" {...form.getInputProps('officePhone')} />
          <TextInput label={t('network.contactForm.lineId')} autoComplete="off" {...form.getInputProps('lineId')} />
          <TextInput label={t('network.contactForm.email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
        </SimpleGrid>
        <Switch label={t('network.contactForm.urgent24h')} description={t('network.contactForm.urgent24hHelp')} {...form.getInputProps('urgent24h', { type: 'checkbox' })} />
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- the profile

interface AreaRow {
  provinceCode: string | null;
  districtCode: string | null;
  subdistrictCode: string | null;
}
interface ProfileValues {
  measures: MeasureName[];
  address: string;
  areas: AreaRow[];
}

export function ProfileForm({ partner, onDone }: { partner: Partner; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const form = useForm<ProfileValues>({
    mode: 'controlled',
    initialValues: {
      measures: partner.measures,
      address: partner.address ?? '',
      areas: partner.areas.map((a) => ({ provinceCode: a.provinceCode, districtCode: a.districtCode, subdistrictCode: a.subdistrictCode })),
    },
    validate: {
      address: (v) => (v.length > 1000 ? t('validation.tooLong', { max: 1000 }) : null),
      areas: { provinceCode: (v) => (v ? null : t('validation.required')) },
    },
  });
  const save = useMutation({
    mutationFn: (v: ProfileValues) =>
      api<Partner>(`/api/v1/network/partners/${encodeURIComponent(partner.id)}`, {
        method: 'PATCH',
        body: {
          version: partner.version,
          measures: v.measures,
          address: textOrNull(v.address),
          areas: v.areas.map((a) => ({ provinceCode: a.provinceCode!, districtCode: a.districtCode, subdistrictCode: a.districtCode ? a.subdistrictCode : null })),
        },
      }),
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  return (
    <form className="network-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Checkbox.Group label={t('network.partner.measures')} {...form.getInputProps('measures')}>
          <Group mt="xs">
            {measures.map((m) => (
              <Checkbox key={m} value={m} label={t(`network.measure.${m}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Textarea label={t('network.partner.address')} autosize minRows={2} {...form.getInputProps('address')} />
        <Stack gap="xs" role="group" aria-labelledby="areas-label">
          <Text fw={500} size="sm" id="areas-label">
            {t('network.partner.areas')}
          </Text>
          <Text size="xs" c="gray.7">
            {t('network.profileForm.areasHelp')}
          </Text>
          {form.values.areas.map((_, i) => (
            <AreaFields key={i} form={form} index={i} />
          ))}
          <Button variant="default" size="xs" style={{ alignSelf: 'flex-start' }} onClick={() => form.insertListItem('areas', { provinceCode: null, districtCode: null, subdistrictCode: null })}>
            {t('network.profileForm.addArea')}
          </Button>
        </Stack>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

function AreaFields({ form, index }: { form: UseFormReturnType<ProfileValues>; index: number }) {
  const { t } = useTranslation();
  const names = useNames();
  const row = form.values.areas[index]!;
  const districts = useDistricts(row.provinceCode);
  const n = index + 1;
  return (
    <Paper withBorder p="xs">
      <Group align="flex-end" gap="xs">
        <Select
          label={t('network.profileForm.areaProvince', { n })}
          data={(names.provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(names.lang, p.nameTh, p.nameEn) }))}
          searchable
          style={{ flex: '1 1 12rem' }}
          {...form.getInputProps(`areas.${index}.provinceCode`)}
          onChange={(v) => form.setFieldValue(`areas.${index}`, { provinceCode: v, districtCode: null, subdistrictCode: null })}
        />
        <Select
          label={t('network.profileForm.areaDistrict', { n })}
          placeholder={t('network.profileForm.wholeProvince')}
          data={(districts.data?.items ?? []).map((d) => ({ value: d.code, label: pick(names.lang, d.nameTh, d.nameEn) }))}
          disabled={!row.provinceCode}
          searchable
          clearable
          style={{ flex: '1 1 12rem' }}
          {...form.getInputProps(`areas.${index}.districtCode`)}
          onChange={(v) => form.setFieldValue(`areas.${index}`, { ...row, districtCode: v, subdistrictCode: null })}
        />
        <Button variant="outline" color="red.9" size="sm" onClick={() => form.removeListItem('areas', index)} aria-label={t('network.profileForm.removeArea', { n })}>
          {t('network.remove')}
        </Button>
      </Group>
    </Paper>
  );
}
