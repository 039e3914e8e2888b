import { Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { DateField } from '../../components/DateField.js';
import { DialogActions } from '../../components/DialogActions.js';
import { pick } from '../../lib/labels.js';
import { formErrors } from '../network/api.js';
import { changedOnly, mdtRoles, path, structureKeys, usePagedList, type BorderCentre, type BorderCentreStaff, type Mdt, type MdtMember, type MdtRole } from './api.js';
import { AreaFields, type AreaValue } from './Area.js';
import { ActiveSwitch, FormNote, NameFields, nameRules, StructureFormActions, textOrNull, useFailed, useProvinceLock, useRequired, useSaved } from './CommitteeForms.js';
import { OrgSelect, ProvinceFilter } from './StructuresBits.js';

interface MdtValues {
  provinceCode: string | null;
  nameTh: string;
  nameEn: string;
  borderCentreId: string | null;
  coordinatorOrganisationId: string | null;
  active: boolean;
}

/** Adds a multidisciplinary team (then opens it) or changes one; its border centre must be in its province. */
export function MdtForm({ team, onDone }: { team: Mdt | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const saved = useSaved(onDone);
  const required = useRequired();
  const lock = useProvinceLock(team?.provinceCode);
  const form = useForm<MdtValues>({
    mode: 'controlled',
    initialValues: {
      provinceCode: lock.initial,
      nameTh: team?.nameTh ?? '',
      nameEn: team?.nameEn ?? '',
      borderCentreId: team?.borderCentre?.id ?? null,
      coordinatorOrganisationId: team?.coordinatorOrganisation?.id ?? null,
      active: team?.active ?? true,
    },
    validate: {
      provinceCode: (v) => (v ? null : t('validation.required')),
      ...nameRules(required),
    },
  });
  const province = form.values.provinceCode;
  // The same query as the border centres page's for that province: one cache entry.
  const centresQuery = { province: province ?? undefined };
  const centres = usePagedList<BorderCentre>(structureKeys.centres(centresQuery), path('border-centres'), { query: centresQuery, enabled: !!province });
  const failed = useFailed(form.setErrors);
  const save = useMutation({
    mutationFn: (v: MdtValues) => {
      const body = { nameTh: v.nameTh.trim(), nameEn: v.nameEn.trim(), borderCentreId: v.borderCentreId, coordinatorOrganisationId: v.coordinatorOrganisationId };
      return team
        ? api<Mdt>(path('mdts', team.id), { method: 'PATCH', body: { version: team.version, ...changedOnly({ ...body, active: v.active }, form.isDirty) } })
        : api<Mdt>(path('mdts'), { method: 'POST', body: { provinceCode: v.provinceCode!, ...body } });
    },
    onSuccess: async (m) => {
      await saved();
      if (!team) await navigate({ to: '/structures/teams/$id', params: { id: m.id } });
    },
    onError: failed,
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <ProvinceFilter
          required
          disabled={lock.locked}
          w="100%"
          {...form.getInputProps('provinceCode')}
          onChange={(p) => {
            // A team's border centre is in its province: another province's centre cannot stay chosen.
            form.setFieldValue('provinceCode', p);
            form.setFieldValue('borderCentreId', null);
          }}
        />
        {lock.note && <FormNote>{lock.note}</FormNote>}
        <NameFields form={form} />
        <Select
          label={t('structures.team.borderCentre')}
          description={t('structures.teamForm.borderCentreHelp')}
          placeholder={province && centres.data?.length === 0 ? t('structures.teamForm.noCentres') : undefined}
          data={(centres.data ?? []).map((c) => ({ value: c.id, label: pick(i18n.language, c.nameTh, c.nameEn) }))}
          disabled={!province}
          clearable
          {...form.getInputProps('borderCentreId')}
        />
        <OrgSelect label={t('structures.team.coordinator')} initial={team?.coordinatorOrganisation} provinceCode={province} {...form.getInputProps('coordinatorOrganisationId')} />
        {team && <ActiveSwitch form={form} />}
        <StructureFormActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

interface CentreValues {
  area: AreaValue;
  nameTh: string;
  nameEn: string;
  organisationId: string | null;
  address: string;
  active: boolean;
}

/** Adds a border integration centre (then opens it) or changes one; its district may change, its province not. */
export function BorderCentreForm({ centre, onDone }: { centre: BorderCentre | null; onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const saved = useSaved(onDone);
  const required = useRequired();
  const lock = useProvinceLock(centre?.provinceCode);
  const form = useForm<CentreValues>({
    mode: 'controlled',
    initialValues: {
      area: { province: lock.initial, district: centre?.districtCode ?? null, subdistrict: null },
      nameTh: centre?.nameTh ?? '',
      nameEn: centre?.nameEn ?? '',
      organisationId: centre?.organisation?.id ?? null,
      address: centre?.address ?? '',
      active: centre?.active ?? true,
    },
    validate: {
      area: (a) => (a.province ? null : t('validation.required')),
      ...nameRules(required),
      address: (v) => (v.length > 1000 ? t('validation.tooLong', { max: 1000 }) : null),
    },
  });
  // The server names the codes; the form shows them on the area pickers.
  const failed = useFailed(form.setErrors, (e) => ({ ...e, ...(e.provinceCode || e.districtCode ? { area: e.provinceCode ?? e.districtCode } : {}) }));
  const save = useMutation({
    mutationFn: (v: CentreValues) => {
      const body = { nameTh: v.nameTh.trim(), nameEn: v.nameEn.trim(), districtCode: v.area.district, organisationId: v.organisationId, address: textOrNull(v.address) };
      return centre
        ? api<BorderCentre>(path('border-centres', centre.id), { method: 'PATCH', body: { version: centre.version, ...changedOnly({ ...body, active: v.active }, form.isDirty, { districtCode: 'area' }) } })
        : api<BorderCentre>(path('border-centres'), { method: 'POST', body: { provinceCode: v.area.province!, ...body } });
    },
    onSuccess: async (c) => {
      await saved();
      if (!centre) await navigate({ to: '/structures/border-centres/$id', params: { id: c.id } });
    },
    onError: failed,
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <AreaFields
          value={form.values.area}
          onChange={(a) => form.setFieldValue('area', a)}
          withSubdistrict={false}
          required={{ province: true }}
          lockProvince={lock.locked}
          errors={{ province: form.errors.area }}
        />
        {lock.note && <FormNote>{lock.note}</FormNote>}
        <NameFields form={form} />
        <OrgSelect label={t('structures.centres.organisation')} initial={centre?.organisation} provinceCode={form.values.area.province} {...form.getInputProps('organisationId')} />
        <Textarea label={t('structures.centre.address')} autosize minRows={2} {...form.getInputProps('address')} />
        {centre && <ActiveSwitch form={form} />}
        <StructureFormActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

interface MdtMemberValues {
  personName: string;
  organisationId: string | null;
  role: MdtRole;
  active: boolean;
}

/** A team member: a named person from an agency (members who are users keep their account's name). */
export function MdtMemberForm({ team, member, onDone }: { team: Mdt; member: MdtMember | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const isUser = !!member?.userId;
  const form = useForm<MdtMemberValues>({
    mode: 'controlled',
    initialValues: { personName: member?.name ?? '', organisationId: member?.organisation.id ?? null, role: member?.role ?? 'police', active: member?.active ?? true },
    validate: {
      personName: (v) => (isUser ? null : !v.trim() ? t('validation.required') : v.length > 200 ? t('validation.tooLong', { max: 200 }) : null),
      organisationId: (v) => (v ? null : t('validation.required')),
    },
  });
  const save = useMutation({
    mutationFn: (v: MdtMemberValues) => {
      if (!member) return api<MdtMember>(path('mdts', team.id, 'members'), { method: 'POST', body: { personName: v.personName.trim(), organisationId: v.organisationId, role: v.role } });
      return api<MdtMember>(path('mdt-members', member.id), {
        method: 'PATCH',
        body: { version: member.version, ...(isUser ? {} : { personName: v.personName.trim() }), organisationId: v.organisationId, role: v.role, active: v.active },
      });
    },
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('structures.member.name')} required={!isUser} disabled={isUser} description={isUser ? t('structures.teamForm.userName') : undefined} data-autofocus {...form.getInputProps('personName')} />
        <OrgSelect label={t('structures.member.organisation')} required initial={member?.organisation} provinceCode={team.provinceCode} {...form.getInputProps('organisationId')} />
        <Select label={t('structures.team.role')} required data={mdtRoles.map((r) => ({ value: r, label: t(`structures.mdtRole.${r}`) }))} allowDeselect={false} {...form.getInputProps('role')} />
        {member && <Switch label={t('structures.teamForm.active')} description={t('structures.teamForm.activeHelp')} {...form.getInputProps('active', { type: 'checkbox' })} />}
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

interface StaffValues {
  personName: string;
  homeOrganisationId: string | null;
  role: string;
  fromDate: string;
  toDate: string;
}

/** A secondment to a border centre: who, from which agency, as what, from when (until when). */
export function StaffForm({ centre, staff, onDone }: { centre: BorderCentre; staff: BorderCentreStaff | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const form = useForm<StaffValues>({
    mode: 'controlled',
    initialValues: {
      personName: staff?.personName ?? '',
      homeOrganisationId: staff?.homeOrganisation.id ?? null,
      role: staff?.role ?? '',
      fromDate: staff?.fromDate ?? '',
      toDate: staff?.toDate ?? '',
    },
    validate: {
      personName: (v) => (!v.trim() ? t('validation.required') : v.length > 200 ? t('validation.tooLong', { max: 200 }) : null),
      homeOrganisationId: (v) => (v ? null : t('validation.required')),
      role: (v) => (!v.trim() ? t('validation.required') : v.length > 200 ? t('validation.tooLong', { max: 200 }) : null),
      fromDate: (v) => (v ? null : t('validation.required')),
      toDate: (v, all) => (v && all.fromDate && v < all.fromDate ? t('structures.validation.endBeforeStart') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: StaffValues) => {
      const body = { personName: v.personName.trim(), homeOrganisationId: v.homeOrganisationId!, role: v.role.trim(), fromDate: v.fromDate, toDate: v.toDate || null };
      return staff
        ? api<BorderCentreStaff>(path('border-centre-staff', staff.id), { method: 'PATCH', body: { version: staff.version, ...body } })
        : api<BorderCentreStaff>(path('border-centres', centre.id, 'staff'), { method: 'POST', body });
    },
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  const date = (field: 'fromDate' | 'toDate') => {
    const p = form.getInputProps(field);
    return { value: form.values[field], onChange: (v: string) => form.setFieldValue(field, v), error: p.error as string | undefined };
  };
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('structures.member.name')} required data-autofocus {...form.getInputProps('personName')} />
        <OrgSelect label={t('structures.centre.homeOrganisation')} required initial={staff?.homeOrganisation} provinceCode={centre.provinceCode} {...form.getInputProps('homeOrganisationId')} />
        <TextInput label={t('structures.centre.staffRole')} required placeholder={t('structures.centre.staffRolePlaceholder')} {...form.getInputProps('role')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <DateField label={t('structures.centre.from')} {...date('fromDate')} />
          <DateField label={t('structures.centre.to')} {...date('toDate')} />
        </SimpleGrid>
        <Text size="xs" c="gray.7">
          {t('structures.centre.toHelp')}
        </Text>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}
