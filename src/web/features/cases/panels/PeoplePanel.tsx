import { Alert, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.js';
import { AppModal } from '../../../components/AppModal.js';
import { DateField } from '../../../components/DateField.js';
import { Fact } from '../../../components/Page.js';
import { QueryView } from '../../../components/QueryView.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors, useNames } from '../../network/api.js';
import { casePath, send, todayTh, useCaseWrite, type Case, type CaseEventT, type CaseIdentity, type CasePerson } from '../api.js';
import { CaseForm, ChildBadge, yesNo } from '../CaseBits.js';
import { htcds, useHtcds } from '../labels.js';
import { usePersonLabels } from '../people.js';
import { emptyPerson, PersonFields, personBody, personValidation, type PersonValues } from '../PersonFields.js';

type Dialog = { kind: 'add' } | { kind: 'edit' | 'trafficking' | 'event'; person: CasePerson } | null;

/** The people of the case: victims first, then family, guardians and others. */
export function PeoplePanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t } = useTranslation();
  const labels = usePersonLabels(kase);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const order = ['victim', 'guardian', 'family', 'other'];
  const people = [...kase.persons].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return (
    <Stack>
      {writable && (
        <Group justify="flex-end">
          <Button onClick={() => setDialog({ kind: 'add' })}>{t('cases.people.add')}</Button>
        </Group>
      )}
      {people.length === 0 && <Text c="gray.7">{t('cases.people.empty')}</Text>}
      {people.map((p) => (
        <PersonCard key={p.id} kase={kase} person={p} label={labels.long(p.id)} wardLabel={labels.short(p.guardianOf)} writable={writable} onDialog={setDialog} />
      ))}
      <AppModal opened={dialog?.kind === 'add'} onClose={close} title={t('cases.people.add')} size="xl">
        {dialog?.kind === 'add' && <AddPersonForm kase={kase} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'edit'} onClose={close} title={dialog && dialog.kind === 'edit' ? t('cases.people.editOf', { who: labels.short(dialog.person.id) }) : ''} size="lg">
        {dialog?.kind === 'edit' && <EditPersonForm kase={kase} person={dialog.person} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'trafficking'} onClose={close} title={dialog && dialog.kind === 'trafficking' ? t('cases.trafficking.editOf', { who: labels.short(dialog.person.id) }) : ''} size="xl">
        {dialog?.kind === 'trafficking' && <TraffickingForm kase={kase} person={dialog.person} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'event'} onClose={close} title={dialog && dialog.kind === 'event' ? t('cases.events.addOf', { who: labels.short(dialog.person.id) }) : ''} size="lg">
        {dialog?.kind === 'event' && <EventForm kase={kase} person={dialog.person} onDone={close} />}
      </AppModal>
    </Stack>
  );
}

function PersonCard({ kase, person: p, label, wardLabel, writable, onDialog }: {
  kase: Case;
  person: CasePerson;
  label: string;
  wardLabel: string;
  writable: boolean;
  onDialog: (d: Dialog) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const h = useHtcds();
  const names = useNames();
  const headingId = `person-${p.id}`;
  const mayShowIdentity = kase.access.canReadIdentity && (p.role === 'victim' || kase.access.parts.includes('persons'));
  const age = p.birthDate
    ? `${formatDate(p.birthDate, lang, 'date')} (${t('cases.person.ageYears', { age: p.age })})`
    : p.estimatedAge !== null
      ? t('cases.person.aboutAge', { age: p.estimatedAge })
      : t('cases.notRecorded');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="case-person">
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {label}
          </Title>
          {p.child && <ChildBadge size="sm" />}
          {p.traffickingStatus && (
            <StatusBadge tone={p.traffickingStatus === 'ActualVictimOfTrafficking' ? 'bad' : p.traffickingStatus === 'NotAVictimOfTrafficking' ? 'neutral' : 'warn'} size="sm">
              {h.label(htcds.traffickingStatus, p.traffickingStatus)}
            </StatusBadge>
          )}
        </Group>
        {writable && (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => onDialog({ kind: 'edit', person: p })} aria-label={`${t('common.edit')} — ${label}`}>
              {t('common.edit')}
            </Button>
          </Group>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" className="facts" spacing="xs">
        {p.role === 'guardian' && <Fact label={t('cases.person.guardianOf')}>{wardLabel}</Fact>}
        {p.relationship && <Fact label={t('cases.person.relationship')}>{p.relationship}</Fact>}
        <Fact label={t('cases.person.gender')}>{h.label(htcds.gender, p.gender)}</Fact>
        <Fact label={t('cases.person.age')}>{age}</Fact>
        <Fact label={t('cases.person.nationality')}>{p.nationality ? names.country(p.nationality) : t('cases.notRecorded')}</Fact>
        <Fact label={t('cases.person.languages')}>{p.languages.length ? p.languages.map(names.language).join(', ') : t('cases.notRecorded')}</Fact>
        <Fact label={t('cases.person.needsInterpreter')}>{yesNo(p.needsInterpreter, t)}</Fact>
        <Fact label={t('cases.person.disability')}>{yesNo(p.disability, t)}</Fact>
        <Fact label={t('cases.person.vulnerabilities')}>{h.list(htcds.vulnerability, p.vulnerabilities)}</Fact>
        <Fact label={t('cases.person.documentOnFile')}>{yesNo(p.hasIdentityDocument, t)}</Fact>
      </SimpleGrid>
      {mayShowIdentity && <IdentityBlock kase={kase} person={p} label={label} />}
      {p.trafficking && <TraffickingBlock kase={kase} person={p} label={label} writable={writable} onDialog={onDialog} />}
    </Paper>
  );
}

/** The identity: fetched only on an explicit click (the read is audited), never cached or put in a URL. */
function IdentityBlock({ kase, person, label }: { kase: Case; person: CasePerson; label: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const identity = useQuery({
    // Outside the ['cases'] keys, so no invalidation after a write ever reads the identity again.
    queryKey: ['case-identity', kase.id, person.id],
    queryFn: () => api<CaseIdentity>(casePath(kase.id, 'persons', person.id, 'identity')),
    enabled: shown,
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
  });
  if (!shown) {
    return (
      <Group gap="sm" mt="sm">
        <Button variant="outline" size="xs" onClick={() => setShown(true)} aria-label={`${t('cases.identity.show')} — ${label}`} data-testid="show-identity">
          {t('cases.identity.show')}
        </Button>
        <Text size="xs" c="gray.7">
          {t('cases.identity.audited')}
        </Text>
      </Group>
    );
  }
  const d = identity.data;
  const docType = d?.documentType ? t(`cases.documentType.${d.documentType}`) : null;
  return (
    <Paper withBorder p="sm" mt="sm" bg="orange.0" data-testid="person-identity">
      <Group justify="space-between" mb="xs">
        <Text size="sm" fw={700}>
          {t('cases.identity.title')}
        </Text>
        <Button size="xs" variant="default" onClick={() => setShown(false)} aria-label={`${t('cases.identity.hide')} — ${label}`}>
          {t('cases.identity.hide')}
        </Button>
      </Group>
      <Text size="xs" mb="xs">
        {t('cases.identity.recorded')}
      </Text>
      <QueryView query={identity}>
        {d && (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" className="facts" spacing="xs">
            <Fact label={t('cases.person.givenName')}>{d.givenName || '—'}</Fact>
            <Fact label={t('cases.person.familyName')}>{d.familyName || '—'}</Fact>
            <Fact label={t('cases.person.latinName')}>{d.latinName ? <span lang="en">{d.latinName}</span> : '—'}</Fact>
            <Fact label={t('cases.person.otherNames')}>{d.otherNames || '—'}</Fact>
            <Fact label={t('cases.person.nationalId')}>{d.nationalId || '—'}</Fact>
            <Fact label={t('cases.person.document')}>{d.documentNumber ? `${docType ?? ''} ${d.documentNumber}`.trim() : '—'}</Fact>
            <Fact label={t('cases.person.phone')}>{d.phone || '—'}</Fact>
            <Fact label={t('cases.person.address')}>{d.address ? <span className="case-text">{d.address}</span> : '—'}</Fact>
          </SimpleGrid>
        )}
      </QueryView>
    </Paper>
  );
}

function TraffickingBlock({ kase, person: p, label, writable, onDialog }: { kase: Case; person: CasePerson; label: string; writable: boolean; onDialog: (d: Dialog) => void }) {
  const { t, i18n } = useTranslation();
  const h = useHtcds();
  const names = useNames();
  const tr = p.trafficking!;
  const isVictim = p.role === 'victim';
  if (!isVictim) return null;
  return (
    <Stack gap="xs" mt="md">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('cases.trafficking.title')}
        </Title>
        {writable && (
          <Button size="xs" variant="default" onClick={() => onDialog({ kind: 'trafficking', person: p })} aria-label={`${t('cases.trafficking.edit')} — ${label}`}>
            {t('cases.trafficking.edit')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" className="facts" spacing="xs" data-testid="trafficking-details">
        <Fact label={t('cases.trafficking.exploitationTypes')}>{h.list(htcds.exploitationType, tr.exploitationTypes)}</Fact>
        <Fact label={t('cases.trafficking.meansOfControl')}>{h.list(htcds.meansOfControl, tr.meansOfControl)}</Fact>
        <Fact label={t('cases.trafficking.recruitmentMethods')}>{h.list(htcds.recruitmentMethod, tr.recruitmentMethods)}</Fact>
        <Fact label={t('cases.trafficking.relationshipToTrafficker')}>{h.label(htcds.relationshipToTrafficker, tr.relationshipToTrafficker)}</Fact>
        <Fact label={t('cases.trafficking.industry')}>{h.label(htcds.industry, tr.industry)}</Fact>
        <Fact label={t('cases.trafficking.sexExploitationTypes')}>{h.list(htcds.sexExploitationType, tr.sexExploitationTypes)}</Fact>
        <Fact label={t('cases.trafficking.recruitmentApps')}>{h.list(htcds.apps, tr.recruitmentApps)}</Fact>
        <Fact label={t('cases.trafficking.exploitationApps')}>{h.list(htcds.apps, tr.exploitationApps)}</Fact>
        <Fact label={t('cases.trafficking.ageWhenTrafficked')}>{tr.ageWhenTrafficked ?? '—'}</Fact>
      </SimpleGrid>
      <Group justify="space-between" mt="xs">
        <Title order={3} size="h5">
          {t('cases.events.title')}
        </Title>
        {writable && (
          <Button size="xs" variant="default" onClick={() => onDialog({ kind: 'event', person: p })} aria-label={`${t('cases.events.add')} — ${label}`}>
            {t('cases.events.add')}
          </Button>
        )}
      </Group>
      {tr.events.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t('cases.events.empty')}
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {tr.events.map((e) => (
            <EventLine key={e.id} event={e} lang={i18n.language} names={names} label={h.label(htcds.eventType, e.type)} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function EventLine({ event: e, lang, names, label }: { event: CaseEventT; lang: string; names: ReturnType<typeof useNames>; label: string }) {
  const where = [e.provinceCode ? names.province(e.provinceCode) : null, e.country && e.country !== 'THA' ? names.country(e.country) : e.country === 'THA' && !e.provinceCode ? names.country('THA') : null]
    .filter(Boolean)
    .join(', ');
  return (
    <Paper component="li" withBorder p="xs" data-testid="case-event">
      <Group gap="xs">
        <Text size="sm" fw={700}>
          {label}
        </Text>
        <Text size="sm">{e.eventDate ? formatDate(e.eventDate, lang, 'date') : '—'}</Text>
        {where && <Text size="sm">· {where}</Text>}
      </Group>
      {e.place && (
        <Text size="sm" className="case-text">
          {e.place}
        </Text>
      )}
      {e.description && (
        <Text size="sm" c="gray.8" className="case-text">
          {e.description}
        </Text>
      )}
    </Paper>
  );
}

function AddPersonForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t } = useTranslation();
  const labels = usePersonLabels(kase);
  const form = useForm<PersonValues>({
    mode: 'controlled',
    initialValues: emptyPerson('victim'),
    validate: { ...personValidation(t), guardianOf: (v, all) => (all.role === 'guardian' && !v ? t('validation.required') : null) },
  });
  const add = useCaseWrite(kase.id, (v: PersonValues) => send<CasePerson>('POST', casePath(kase.id, 'persons'), personBody(v)));
  return (
    <CaseForm
      mutation={add}
      onCancel={onDone}
      onSubmit={form.onSubmit((v) => add.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(formErrors(err)) }))}
      confirmLabel={t('cases.people.addConfirm')}
    >
      <Alert color="orange" variant="light">
        {t('cases.new.identityNote')}
      </Alert>
      <PersonFields form={form} prefix="" withRole victims={labels.victimOptions} />
    </CaseForm>
  );
}

interface EditValues {
  relationship: string;
  gender: PersonValues['gender'];
  birthDate: string;
  estimatedAge: number | string;
  nationality: string | null;
  languages: string[];
  needsInterpreter: boolean;
  disability: 'yes' | 'no' | null;
  vulnerabilities: PersonValues['vulnerabilities'];
}

/** Demographics (identity is not edited here: it stays behind its own audited read). */
function EditPersonForm({ kase, person: p, onDone }: { kase: Case; person: CasePerson; onDone: () => void }) {
  const { t } = useTranslation();
  const h = useHtcds();
  const names = useNames();
  const form = useForm<EditValues>({
    mode: 'controlled',
    initialValues: {
      relationship: p.relationship ?? '',
      gender: p.gender,
      birthDate: p.birthDate ?? '',
      estimatedAge: p.estimatedAge ?? '',
      nationality: p.nationality,
      languages: p.languages,
      needsInterpreter: p.needsInterpreter,
      disability: p.disability === null ? null : p.disability ? 'yes' : 'no',
      vulnerabilities: p.vulnerabilities as PersonValues['vulnerabilities'],
    },
    validate: { estimatedAge: personValidation(t).estimatedAge },
  });
  const save = useCaseWrite(kase.id, (v: EditValues) =>
    send<CasePerson>('PATCH', casePath(kase.id, 'persons', p.id), {
      version: p.version,
      ...(p.role !== 'victim' ? { relationship: v.relationship.trim() || null } : {}),
      gender: v.gender,
      birthDate: v.birthDate || null,
      estimatedAge: v.estimatedAge === '' ? null : Number(v.estimatedAge),
      nationality: v.nationality || null,
      languages: v.languages,
      needsInterpreter: v.needsInterpreter,
      disability: v.disability === null ? null : v.disability === 'yes',
      vulnerabilities: v.vulnerabilities,
    }),
  );
  const birth = form.getInputProps('birthDate');
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={form.onSubmit((v) => save.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(formErrors(err)) }))}>
      {p.role !== 'victim' && <TextInput label={t('cases.person.relationship')} {...form.getInputProps('relationship')} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select label={t('cases.person.gender')} data={h.options(htcds.gender)} allowDeselect={false} {...form.getInputProps('gender')} />
        <DateField label={t('cases.person.birthDate')} value={String(birth.value ?? '')} onChange={birth.onChange as (v: string) => void} error={birth.error} maxDate={todayTh()} />
        <NumberInput label={t('cases.person.estimatedAge')} min={0} max={120} allowDecimal={false} {...form.getInputProps('estimatedAge')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('cases.person.nationality')}
          searchable
          clearable
          data={(names.countries.data?.items ?? []).map((c) => ({ value: c.alpha3, label: `${pick(names.lang, c.nameTh, c.nameEn)} (${c.alpha3})` }))}
          {...form.getInputProps('nationality')}
        />
        <MultiSelect
          label={t('cases.person.languages')}
          searchable
          clearable
          maxValues={10}
          data={(names.languages.data?.items ?? []).map((l) => ({ value: l.code, label: pick(names.lang, l.nameTh, l.nameEn) }))}
          {...form.getInputProps('languages')}
        />
      </SimpleGrid>
      <Checkbox label={t('cases.person.needsInterpreter')} {...form.getInputProps('needsInterpreter', { type: 'checkbox' })} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('cases.person.disability')} clearable data={[{ value: 'yes', label: t('cases.yes') }, { value: 'no', label: t('cases.no') }]} {...form.getInputProps('disability')} />
        <MultiSelect label={t('cases.person.vulnerabilities')} searchable clearable data={h.options(htcds.vulnerability)} {...form.getInputProps('vulnerabilities')} />
      </SimpleGrid>
    </CaseForm>
  );
}

type Tr = NonNullable<CasePerson['trafficking']>;
interface TraffickingValues {
  exploitationTypes: Tr['exploitationTypes'];
  meansOfControl: Tr['meansOfControl'];
  recruitmentMethods: Tr['recruitmentMethods'];
  relationshipToTrafficker: Tr['relationshipToTrafficker'];
  industry: Tr['industry'];
  sexExploitationTypes: Tr['sexExploitationTypes'];
  recruitmentApps: Tr['recruitmentApps'];
  exploitationApps: Tr['exploitationApps'];
  ageWhenTrafficked: number | string;
}

/** HTCDS victim context, every field with its Thai label. */
function TraffickingForm({ kase, person: p, onDone }: { kase: Case; person: CasePerson; onDone: () => void }) {
  const { t } = useTranslation();
  const h = useHtcds();
  const tr = p.trafficking!;
  const form = useForm<TraffickingValues>({
    mode: 'controlled',
    initialValues: {
      exploitationTypes: tr.exploitationTypes,
      meansOfControl: tr.meansOfControl,
      recruitmentMethods: tr.recruitmentMethods,
      relationshipToTrafficker: tr.relationshipToTrafficker,
      industry: tr.industry,
      sexExploitationTypes: tr.sexExploitationTypes,
      recruitmentApps: tr.recruitmentApps,
      exploitationApps: tr.exploitationApps,
      ageWhenTrafficked: tr.ageWhenTrafficked ?? '',
    },
    validate: { ageWhenTrafficked: personValidation(t).estimatedAge },
  });
  const save = useCaseWrite(kase.id, (v: TraffickingValues) =>
    send<CasePerson>('PATCH', casePath(kase.id, 'persons', p.id), {
      version: p.version,
      trafficking: { ...v, ageWhenTrafficked: v.ageWhenTrafficked === '' ? null : Number(v.ageWhenTrafficked) },
    }),
  );
  const sexual = form.values.exploitationTypes.includes('SexualExploitation');
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={form.onSubmit((v) => save.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(formErrors(err)) }))}>
      <MultiSelect label={t('cases.trafficking.exploitationTypes')} searchable data={h.options(htcds.exploitationType)} {...form.getInputProps('exploitationTypes')} />
      {(sexual || form.values.sexExploitationTypes.length > 0) && (
        <MultiSelect label={t('cases.trafficking.sexExploitationTypes')} data={h.options(htcds.sexExploitationType)} {...form.getInputProps('sexExploitationTypes')} />
      )}
      <MultiSelect label={t('cases.trafficking.meansOfControl')} searchable data={h.options(htcds.meansOfControl)} {...form.getInputProps('meansOfControl')} />
      <MultiSelect label={t('cases.trafficking.recruitmentMethods')} searchable data={h.options(htcds.recruitmentMethod)} {...form.getInputProps('recruitmentMethods')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('cases.trafficking.relationshipToTrafficker')} clearable data={h.options(htcds.relationshipToTrafficker)} {...form.getInputProps('relationshipToTrafficker')} />
        <Select label={t('cases.trafficking.industry')} clearable searchable data={h.options(htcds.industry)} {...form.getInputProps('industry')} />
        <MultiSelect label={t('cases.trafficking.recruitmentApps')} searchable data={h.options(htcds.apps)} {...form.getInputProps('recruitmentApps')} />
        <MultiSelect label={t('cases.trafficking.exploitationApps')} searchable data={h.options(htcds.apps)} {...form.getInputProps('exploitationApps')} />
        <NumberInput label={t('cases.trafficking.ageWhenTrafficked')} min={0} max={120} allowDecimal={false} {...form.getInputProps('ageWhenTrafficked')} />
      </SimpleGrid>
    </CaseForm>
  );
}

interface EventValues {
  type: CaseEventT['type'];
  eventDate: string;
  country: string | null;
  provinceCode: string | null;
  place: string;
  description: string;
}

function EventForm({ kase, person: p, onDone }: { kase: Case; person: CasePerson; onDone: () => void }) {
  const { t } = useTranslation();
  const h = useHtcds();
  const names = useNames();
  const form = useForm<EventValues>({
    mode: 'controlled',
    initialValues: { type: 'Recruitment', eventDate: '', country: null, provinceCode: null, place: '', description: '' },
    validate: {
      provinceCode: (v, all) => (v && all.country && all.country !== 'THA' ? t('cases.events.provinceThai') : null),
    },
  });
  const add = useCaseWrite(kase.id, (v: EventValues) =>
    send<CaseEventT>('POST', casePath(kase.id, 'persons', p.id, 'events'), {
      type: v.type,
      ...(v.eventDate ? { eventDate: v.eventDate } : {}),
      ...(v.country ? { country: v.country } : {}),
      ...(v.provinceCode ? { provinceCode: v.provinceCode } : {}),
      ...(v.place.trim() ? { place: v.place.trim() } : {}),
      ...(v.description.trim() ? { description: v.description.trim() } : {}),
    }),
  );
  const date = form.getInputProps('eventDate');
  const inThailand = !form.values.country || form.values.country === 'THA';
  return (
    <CaseForm mutation={add} onCancel={onDone} onSubmit={form.onSubmit((v) => add.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(formErrors(err)) }))}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('cases.events.type')} data={h.options(htcds.eventType)} allowDeselect={false} required {...form.getInputProps('type')} />
        <DateField label={t('cases.events.date')} value={String(date.value ?? '')} onChange={date.onChange as (v: string) => void} error={date.error} maxDate={todayTh()} />
        <Select
          label={t('cases.events.country')}
          searchable
          clearable
          data={(names.countries.data?.items ?? []).map((c) => ({ value: c.alpha3, label: pick(names.lang, c.nameTh, c.nameEn) }))}
          {...form.getInputProps('country')}
        />
        {inThailand && (
          <Select
            label={t('cases.events.province')}
            searchable
            clearable
            data={(names.provinces.data?.items ?? []).map((c) => ({ value: c.code, label: pick(names.lang, c.nameTh, c.nameEn) }))}
            {...form.getInputProps('provinceCode')}
          />
        )}
      </SimpleGrid>
      <TextInput label={t('cases.events.place')} description={t('cases.events.placeHelp')} maxLength={500} {...form.getInputProps('place')} />
      <Textarea label={t('cases.events.description')} autosize minRows={2} maxLength={4000} {...form.getInputProps('description')} />
    </CaseForm>
  );
}
