import { Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { DateField } from '../../components/DateField.js';
import { DialogActions } from '../../components/DialogActions.js';
import { formErrors } from '../network/api.js';
import { mdtRoles, path, type BorderCentre, type BorderCentreStaff, type Mdt, type MdtMember, type MdtRole } from './api.js';
import { useSaved } from './CommitteeForms.js';
import { OrgSelect } from './StructuresBits.js';

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
