import { Alert, Button, Checkbox, FileInput, Group, Paper, Radio, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_MAX_BYTES } from '../../../contracts/structures.js';
import { api, ApiError } from '../../api/client.js';
import { useMe } from '../../api/queries.js';
import type { ListPage } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { DialogActions } from '../../components/DialogActions.js';
import { formErrors } from '../network/api.js';
import {
  actionStatuses, changedOnly, committeeRoles, creatableKinds, fileSize, fileToBase64, kindHasProvince, ownProvince, path, structureKeys,
  type ActionItem, type ActionStatus, type AppointmentOrder, type Committee, type CommitteeKind, type CommitteeMember, type CommitteeRole, type Meeting,
} from './api.js';
import { OrgSelect, ProvinceFilter } from './StructuresBits.js';

export const textOrNull = (v: string): string | null => (v.trim() ? v.trim() : null);

/** After a write: refresh every structures page, then close the dialog. */
export function useSaved(onDone: () => void) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: structureKeys.all });
    onDone();
  };
}

const isStale = (err: unknown) => err instanceof ApiError && err.code === 'STALE_VERSION';

/**
 * A write refused: the server's field errors go on the form's fields (`remap` moves some, e.g. a code
 * onto its picker); the message shows above the buttons (DialogActions). A stale version (409) also
 * refreshes the pages, so the record behind the dialog, and the next save, carry the current version.
 */
export function useFailed(setErrors: (errors: Record<string, string>) => void, remap: (errors: Record<string, string>) => Record<string, string> = (e) => e) {
  const queryClient = useQueryClient();
  return (err: unknown) => {
    setErrors(remap(formErrors(err)));
    if (isStale(err)) void queryClient.invalidateQueries({ queryKey: structureKeys.all });
  };
}

/**
 * The foot of a form that sends only the changed fields (changedOnly): a 409 gets its own message,
 * what saving again does (the server's "reload and try again" is done already, see useFailed).
 */
export function StructureFormActions({ mutation, onCancel }: { mutation: { isError: boolean; error: unknown; isPending: boolean }; onCancel: () => void }) {
  const { t } = useTranslation();
  const stale = isStale(mutation.error);
  return (
    <>
      {stale && (
        <Alert color="orange" variant="light" role="alert">
          <Text size="sm">{t('structures.structureForm.staleRetry')}</Text>
        </Alert>
      )}
      <DialogActions mutation={{ isError: mutation.isError && !stale, error: mutation.error, isPending: mutation.isPending }} onCancel={onCancel} />
    </>
  );
}

export function useRequired() {
  const { t } = useTranslation();
  return (max: number) => (v: string) => (!v.trim() ? t('validation.required') : v.length > max ? t('validation.tooLong', { max }) : null);
}

function useOptionalMax() {
  const { t } = useTranslation();
  return (max: number) => (v: string) => (v.length > max ? t('validation.tooLong', { max }) : null);
}

// ---------------------------------------------------------------- a structure itself (committee, team, centre)

/**
 * The province of a structure in its form: fixed once saved (no update changes it), and fixed to the
 * caller's own when a provincial manager adds one (the only province they may add to). `saved` is the
 * record's province, undefined while adding; `note` says why the picker is locked.
 */
export function useProvinceLock(saved: string | null | undefined): { initial: string | null; locked: boolean; note: string | null } {
  const { t } = useTranslation();
  const me = useMe();
  if (saved !== undefined) return { initial: saved, locked: true, note: t('structures.structureForm.provinceFixed') };
  const own = ownProvince(me);
  return own ? { initial: own, locked: true, note: t('structures.structureForm.ownProvinceOnly') } : { initial: null, locked: false, note: null };
}

/** The Thai and English names every structure has, both required (300 characters at most). */
export function nameRules(required: ReturnType<typeof useRequired>) {
  return { nameTh: required(300), nameEn: required(300) };
}

export function NameFields<V extends { nameTh: string; nameEn: string }>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('structures.structureForm.nameTh')} required data-autofocus {...form.getInputProps('nameTh')} />
      <TextInput label={t('structures.structureForm.nameEn')} required lang="en" {...form.getInputProps('nameEn')} />
    </>
  );
}

/** "Still in operation": only when editing (a new structure is active). */
export function ActiveSwitch<V extends { active: boolean }>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  return <Switch label={t('structures.structureForm.active')} description={t('structures.structureForm.activeHelp')} {...form.getInputProps('active', { type: 'checkbox' })} />;
}

export function FormNote({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="gray.7">
      {children}
    </Text>
  );
}

interface CommitteeValues {
  kind: CommitteeKind;
  provinceCode: string | null;
  nameTh: string;
  nameEn: string;
  secretariatOrganisationId: string | null;
  active: boolean;
}

/**
 * Adds a committee (then opens it) or changes one. Kind and province are set once: a provincial
 * manager adds their own province's sub-committee or another committee there; national-level
 * committees (no province) are national managers' only.
 */
export function CommitteeForm({ committee, onDone }: { committee: Committee | null; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const saved = useSaved(onDone);
  const required = useRequired();
  const lock = useProvinceLock(committee ? committee.provinceCode : undefined);
  const kinds = committee ? [committee.kind] : creatableKinds(me);
  const form = useForm<CommitteeValues>({
    mode: 'controlled',
    initialValues: {
      kind: committee?.kind ?? (kinds.includes('provincial') ? 'provincial' : kinds[0]!),
      provinceCode: lock.initial,
      nameTh: committee?.nameTh ?? '',
      nameEn: committee?.nameEn ?? '',
      secretariatOrganisationId: committee?.secretariat?.id ?? null,
      active: committee?.active ?? true,
    },
    validate: {
      provinceCode: (v, all) => (all.kind === 'provincial' && !v ? t('validation.required') : null),
      ...nameRules(required),
    },
  });
  const failed = useFailed(form.setErrors);
  const save = useMutation({
    mutationFn: (v: CommitteeValues) => {
      const body = { nameTh: v.nameTh.trim(), nameEn: v.nameEn.trim(), secretariatOrganisationId: v.secretariatOrganisationId };
      return committee
        ? api<Committee>(path('committees', committee.id), { method: 'PATCH', body: { version: committee.version, ...changedOnly({ ...body, active: v.active }, form.isDirty) } })
        : api<Committee>(path('committees'), { method: 'POST', body: { kind: v.kind, provinceCode: kindHasProvince(v.kind) ? v.provinceCode : null, ...body } });
    },
    onSuccess: async (c) => {
      await saved();
      if (!committee) await navigate({ to: '/structures/committees/$id', params: { id: c.id } });
    },
    onError: failed,
  });
  const kind = form.values.kind;
  const note = !kindHasProvince(kind) ? t('structures.committeeForm.noProvince') : lock.note ?? (kind === 'other' ? t('structures.committeeForm.otherProvince') : null);
  const chooseKind = (k: CommitteeKind) => {
    // "This committee exists already" was about the kind chosen before.
    save.reset();
    form.setFieldValue('kind', k);
    // National-level committees have no province; the others start from the one the caller may use.
    form.setFieldValue('provinceCode', kindHasProvince(k) ? form.values.provinceCode ?? lock.initial : null);
  };
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('structures.committees.kind')}
            required
            disabled={!!committee}
            data={kinds.map((k) => ({ value: k, label: t(`structures.kind.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
            onChange={(k) => k && chooseKind(k as CommitteeKind)}
          />
          {kindHasProvince(kind) && (
            <ProvinceFilter required={kind === 'provincial'} disabled={lock.locked} w="100%" {...form.getInputProps('provinceCode')} />
          )}
        </SimpleGrid>
        {note && <FormNote>{note}</FormNote>}
        <NameFields form={form} />
        <OrgSelect
          label={t('structures.committee.secretariat')}
          initial={committee?.secretariat}
          provinceCode={form.values.provinceCode}
          {...form.getInputProps('secretariatOrganisationId')}
        />
        {committee && <ActiveSwitch form={form} />}
        <StructureFormActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- members

interface MemberValues {
  personName: string;
  position: string;
  organisationId: string | null;
  role: CommitteeRole;
  termStart: string;
  termEnd: string;
}

export function MemberForm({ committee, member, onDone }: { committee: Committee; member: CommitteeMember | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const required = useRequired();
  const optional = useOptionalMax();
  const form = useForm<MemberValues>({
    mode: 'controlled',
    initialValues: {
      personName: member?.personName ?? '',
      position: member?.position ?? '',
      organisationId: member?.organisation?.id ?? null,
      role: member?.role ?? 'member',
      termStart: member?.termStart ?? '',
      termEnd: member?.termEnd ?? '',
    },
    validate: {
      personName: required(200),
      position: optional(300),
      termStart: (v) => (v ? null : t('validation.required')),
      termEnd: (v, all) => (v && all.termStart && v < all.termStart ? t('structures.validation.endBeforeStart') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: MemberValues) => {
      const body = {
        personName: v.personName.trim(),
        position: textOrNull(v.position),
        organisationId: v.organisationId,
        role: v.role,
        termStart: v.termStart,
        termEnd: v.termEnd || null,
      };
      return member
        ? api<CommitteeMember>(path('committee-members', member.id), { method: 'PATCH', body: { version: member.version, ...body } })
        : api<CommitteeMember>(path('committees', committee.id, 'members'), { method: 'POST', body });
    },
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('structures.member.name')} required data-autofocus {...form.getInputProps('personName')} />
        <TextInput label={t('structures.member.position')} description={t('structures.memberForm.positionHelp')} {...form.getInputProps('position')} />
        <OrgSelect
          label={t('structures.member.organisation')}
          initial={member?.organisation}
          provinceCode={committee.provinceCode}
          {...form.getInputProps('organisationId')}
        />
        <Select
          label={t('structures.member.role')}
          required
          data={committeeRoles.map((r) => ({ value: r, label: t(`structures.committeeRole.${r}`) }))}
          allowDeselect={false}
          {...form.getInputProps('role')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <DateField label={t('structures.member.termStart')} {...dateProps(form, 'termStart')} />
          <DateField label={t('structures.member.termEnd')} {...dateProps(form, 'termEnd')} />
        </SimpleGrid>
        <Text size="xs" c="gray.7">
          {t('structures.memberForm.termHelp')}
        </Text>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** A DateField bound to a form's ISO date field. */
function dateProps<V>(form: UseFormReturnType<V>, field: keyof V & string) {
  const p = form.getInputProps(field);
  return { value: (p.value as string | undefined) ?? '', onChange: (v: string) => form.setFieldValue(field as never, v as never), error: p.error as ReactNode };
}

// ---------------------------------------------------------------- appointment orders

interface OrderValues {
  orderNumber: string;
  orderDate: string;
  signedBy: string;
  subject: string;
  file: File | null;
  removeDocument: boolean;
}

const allowedTypes = ['application/pdf', 'image/jpeg', 'image/png'];

export function OrderForm({ committeeId, order, onDone }: { committeeId: string; order: AppointmentOrder | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const saved = useSaved(onDone);
  const required = useRequired();
  const optional = useOptionalMax();
  const form = useForm<OrderValues>({
    mode: 'controlled',
    initialValues: {
      orderNumber: order?.orderNumber ?? '',
      orderDate: order?.orderDate ?? '',
      signedBy: order?.signedBy ?? '',
      subject: order?.subject ?? '',
      file: null,
      removeDocument: false,
    },
    validate: {
      orderNumber: required(100),
      orderDate: (v) => (v ? null : t('validation.required')),
      signedBy: required(300),
      subject: optional(1000),
      file: (f) => {
        if (!f) return null;
        // The server decides by the file's first bytes; this only spares a 5 MB upload that would be refused.
        if (f.size > DOCUMENT_MAX_BYTES) return t('structures.orderForm.tooLarge');
        if (f.type && !allowedTypes.includes(f.type)) return t('structures.orderForm.wrongType');
        return null;
      },
    },
  });
  const save = useMutation({
    mutationFn: async (v: OrderValues) => {
      const document = v.file ? { filename: v.file.name, ...(v.file.type ? { contentType: v.file.type } : {}), contentBase64: await fileToBase64(v.file) } : undefined;
      const body = { orderNumber: v.orderNumber.trim(), orderDate: v.orderDate, signedBy: v.signedBy.trim(), subject: textOrNull(v.subject) };
      if (!order) return api<AppointmentOrder>(path('committees', committeeId, 'orders'), { method: 'POST', body: { ...body, ...(document ? { document } : {}) } });
      const doc = document ? { document } : v.removeDocument ? { document: null } : {};
      return api<AppointmentOrder>(path('appointment-orders', order.id), { method: 'PATCH', body: { version: order.version, ...body, ...doc } });
    },
    onSuccess: saved,
    onError: (err) => {
      const errors = formErrors(err);
      // The upload's own fields (`document.contentBase64` …) belong under the file chooser.
      if (errors.document) errors.file = errors.document;
      form.setErrors(errors);
    },
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('structures.order.number')} placeholder={t('structures.orderForm.numberPlaceholder')} required data-autofocus {...form.getInputProps('orderNumber')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <DateField label={t('structures.order.date')} {...dateProps(form, 'orderDate')} />
          <TextInput label={t('structures.order.signedBy')} required {...form.getInputProps('signedBy')} />
        </SimpleGrid>
        <Textarea label={t('structures.order.subject')} autosize minRows={2} {...form.getInputProps('subject')} />
        {order?.document && (
          <Paper withBorder p="xs">
            <Text size="sm">
              {t('structures.orderForm.current', { file: order.document.filename, size: fileSize(order.document.sizeBytes, i18n.language) })}
            </Text>
            <Switch mt="xs" label={t('structures.orderForm.remove')} disabled={!!form.values.file} {...form.getInputProps('removeDocument', { type: 'checkbox' })} />
          </Paper>
        )}
        <FileInput
          label={order?.document ? t('structures.orderForm.replaceFile') : t('structures.orderForm.file')}
          description={t('structures.orderForm.fileHelp')}
          accept="application/pdf,image/jpeg,image/png"
          clearable
          clearButtonProps={{ 'aria-label': t('structures.orderForm.clearFile') }}
          placeholder={t('structures.orderForm.choose')}
          {...form.getInputProps('file')}
        />
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- meetings

interface MeetingValues {
  meetingDate: string;
  title: string;
  place: string;
  agenda: { title: string; detail: string }[];
  attendeeMemberIds: string[];
  guests: { organisationId: string | null; personName: string; position: string; key: number }[];
  resolutions: { text: string }[];
}

let guestKey = 0;

/** Records a meeting (or changes one): the lists given replace the meeting's. Action items are added on the meeting's page. */
export function MeetingForm({ committee, meeting, onDone }: { committee: Committee; meeting: Meeting | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const required = useRequired();
  const optional = useOptionalMax();
  const members = useQuery({
    queryKey: structureKeys.members(committee.id, { all: true }),
    queryFn: () => api<ListPage<CommitteeMember>>(path('committees', committee.id, 'members'), { query: { limit: 500 } }),
  });
  const form = useForm<MeetingValues>({
    mode: 'controlled',
    initialValues: {
      meetingDate: meeting?.meetingDate ?? '',
      title: meeting?.title ?? '',
      place: meeting?.place ?? '',
      agenda: meeting ? meeting.agenda.map((a) => ({ title: a.title, detail: a.detail ?? '' })) : [{ title: '', detail: '' }],
      attendeeMemberIds: meeting?.attendees.map((a) => a.memberId) ?? [],
      guests: meeting?.guests.map((g) => ({ organisationId: g.organisation.id, personName: g.personName ?? '', position: g.position ?? '', key: ++guestKey })) ?? [],
      resolutions: meeting?.resolutions.map((r) => ({ text: r.text })) ?? [],
    },
    validate: {
      meetingDate: (v) => (v ? null : t('validation.required')),
      title: optional(500),
      place: optional(500),
      agenda: { title: required(500), detail: optional(4000) },
      guests: { organisationId: (v) => (v ? null : t('validation.required')) },
      resolutions: { text: required(4000) },
    },
  });
  const save = useMutation({
    mutationFn: (v: MeetingValues) => {
      const body = {
        meetingDate: v.meetingDate,
        title: textOrNull(v.title),
        place: textOrNull(v.place),
        agenda: v.agenda.map((a) => ({ title: a.title.trim(), detail: textOrNull(a.detail) })),
        attendeeMemberIds: v.attendeeMemberIds,
        guests: v.guests.map((g) => ({ organisationId: g.organisationId!, personName: textOrNull(g.personName), position: textOrNull(g.position) })),
        resolutions: v.resolutions.map((r) => r.text.trim()),
      };
      return meeting
        ? api<Meeting>(path('meetings', meeting.id), { method: 'PATCH', body: { version: meeting.version, ...body } })
        : api<Meeting>(path('committees', committee.id, 'meetings'), { method: 'POST', body });
    },
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  // Members whose term covers the meeting day (all, until a day is chosen); anyone already ticked stays listed.
  const day = form.values.meetingDate;
  const choosable = (members.data?.items ?? []).filter(
    (m) => form.values.attendeeMemberIds.includes(m.id) || !day || (m.termStart <= day && (m.termEnd === null || m.termEnd >= day)),
  );

  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label={t('structures.meeting.date')} {...dateProps(form, 'meetingDate')} />
          <TextInput label={t('structures.meeting.place')} {...form.getInputProps('place')} />
        </SimpleGrid>
        <TextInput label={t('structures.meeting.title')} placeholder={t('structures.meetingForm.titlePlaceholder')} {...form.getInputProps('title')} />

        <ListSection legend={t('structures.meeting.agenda')} addLabel={t('structures.meetingForm.addAgenda')} onAdd={() => form.insertListItem('agenda', { title: '', detail: '' })}>
          {form.values.agenda.map((_, i) => (
            <Paper key={i} withBorder p="xs">
              <Stack gap="xs">
                <TextInput label={t('structures.meetingForm.agendaTitle', { n: i + 1 })} required {...form.getInputProps(`agenda.${i}.title`)} />
                <Textarea label={t('structures.meetingForm.agendaDetail', { n: i + 1 })} autosize minRows={1} {...form.getInputProps(`agenda.${i}.detail`)} />
                <RemoveButton label={t('structures.meetingForm.removeAgenda', { n: i + 1 })} onClick={() => form.removeListItem('agenda', i)} />
              </Stack>
            </Paper>
          ))}
        </ListSection>

        <Checkbox.Group label={t('structures.meeting.attendance')} description={t('structures.meetingForm.attendanceHelp')} {...form.getInputProps('attendeeMemberIds')}>
          <Stack gap={6} mt="xs">
            {members.isPending && <Text size="sm">{t('common.loading')}</Text>}
            {!members.isPending && choosable.length === 0 && <Text size="sm">{t('structures.meetingForm.noMembers')}</Text>}
            {choosable.map((m) => (
              <Checkbox key={m.id} value={m.id} label={`${m.personName} — ${t(`structures.committeeRole.${m.role}`)}`} />
            ))}
          </Stack>
        </Checkbox.Group>

        <ListSection legend={t('structures.meeting.guests')} addLabel={t('structures.meetingForm.addGuest')}
          onAdd={() => form.insertListItem('guests', { organisationId: null, personName: '', position: '', key: ++guestKey })}
        >
          {form.values.guests.map((g, i) => (
            <Paper key={g.key} withBorder p="xs">
              <Stack gap="xs">
                <OrgSelect
                  label={t('structures.meetingForm.guestOrganisation', { n: i + 1 })}
                  required
                  provinceCode={committee.provinceCode}
                  initial={meeting?.guests.find((x) => x.organisation.id === g.organisationId)?.organisation ?? null}
                  {...form.getInputProps(`guests.${i}.organisationId`)}
                />
                <SimpleGrid cols={{ base: 1, xs: 2 }}>
                  <TextInput label={t('structures.meetingForm.guestName', { n: i + 1 })} {...form.getInputProps(`guests.${i}.personName`)} />
                  <TextInput label={t('structures.meetingForm.guestPosition', { n: i + 1 })} {...form.getInputProps(`guests.${i}.position`)} />
                </SimpleGrid>
                <RemoveButton label={t('structures.meetingForm.removeGuest', { n: i + 1 })} onClick={() => form.removeListItem('guests', i)} />
              </Stack>
            </Paper>
          ))}
        </ListSection>

        <ListSection legend={t('structures.meeting.resolutions')} addLabel={t('structures.meetingForm.addResolution')} onAdd={() => form.insertListItem('resolutions', { text: '' })}>
          {form.values.resolutions.map((_, i) => (
            <Paper key={i} withBorder p="xs">
              <Stack gap="xs">
                <Textarea label={t('structures.meetingForm.resolution', { n: i + 1 })} required autosize minRows={2} {...form.getInputProps(`resolutions.${i}.text`)} />
                <RemoveButton label={t('structures.meetingForm.removeResolution', { n: i + 1 })} onClick={() => form.removeListItem('resolutions', i)} />
              </Stack>
            </Paper>
          ))}
        </ListSection>
        {!meeting && (
          <Text size="xs" c="gray.7">
            {t('structures.meetingForm.actionsLater')}
          </Text>
        )}
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

function ListSection({ legend, addLabel, onAdd, children }: { legend: string; addLabel: string; onAdd: () => void; children: ReactNode }) {
  return (
    <fieldset className="structures-fieldset">
      <legend>{legend}</legend>
      <Stack gap="xs">
        {children}
        <Button variant="default" size="xs" style={{ alignSelf: 'flex-start' }} onClick={onAdd}>
          {addLabel}
        </Button>
      </Stack>
    </fieldset>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button variant="outline" color="red.9" size="xs" style={{ alignSelf: 'flex-end' }} onClick={onClick} aria-label={label}>
      {t('structures.remove')}
    </Button>
  );
}

// ---------------------------------------------------------------- action items

interface ActionValues {
  text: string;
  responsibleOrganisationId: string | null;
  dueDate: string;
  status: ActionStatus;
}

/** Adds an action item to a meeting, or changes one. The responsible organisation is required. */
export function ActionItemForm({ meetingId, provinceCode, item, onDone }: { meetingId: string; provinceCode: string | null; item: ActionItem | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const required = useRequired();
  const form = useForm<ActionValues>({
    mode: 'controlled',
    initialValues: {
      text: item?.text ?? '',
      responsibleOrganisationId: item?.responsibleOrganisation.id ?? null,
      dueDate: item?.dueDate ?? '',
      status: item?.status ?? 'open',
    },
    validate: {
      text: required(2000),
      responsibleOrganisationId: (v) => (v ? null : t('structures.actionForm.ownerRequired')),
    },
  });
  const save = useMutation({
    mutationFn: (v: ActionValues) => {
      const body = { text: v.text.trim(), responsibleOrganisationId: v.responsibleOrganisationId!, dueDate: v.dueDate || null, status: v.status };
      return item
        ? api<ActionItem>(path('action-items', item.id), { method: 'PATCH', body: { version: item.version, ...body } })
        : api<ActionItem>(path('meetings', meetingId, 'action-items'), { method: 'POST', body });
    },
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Textarea label={t('structures.action.text')} required autosize minRows={2} data-autofocus {...form.getInputProps('text')} />
        <OrgSelect
          label={t('structures.action.responsible')}
          required
          initial={item?.responsibleOrganisation ?? null}
          provinceCode={provinceCode}
          {...form.getInputProps('responsibleOrganisationId')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <DateField label={t('structures.action.dueDate')} {...dateProps(form, 'dueDate')} />
          <Select
            label={t('structures.action.status')}
            data={actionStatuses.map((s) => ({ value: s, label: t(`structures.actionStatus.${s}`) }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
        </SimpleGrid>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** The quick change the secretariat makes most: an item's status. */
export function StatusForm({ item, onDone }: { item: ActionItem; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const form = useForm<{ status: ActionStatus }>({ mode: 'controlled', initialValues: { status: item.status } });
  const save = useMutation({
    mutationFn: (v: { status: ActionStatus }) => api<ActionItem>(path('action-items', item.id), { method: 'PATCH', body: { version: item.version, status: v.status } }),
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Text size="sm" className="wrap-anywhere">
          {item.text}
        </Text>
        <Radio.Group label={t('structures.action.status')} {...form.getInputProps('status')}>
          <Group mt="xs">
            {actionStatuses.map((s) => (
              <Radio key={s} value={s} label={t(`structures.actionStatus.${s}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Text size="xs" c="gray.7">
          {t('structures.statusForm.help')}
        </Text>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}
