import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nrmClocks } from '../../../../contracts/nrm.js';
import { AppModal } from '../../../components/AppModal.js';
import { Fact } from '../../../components/Page.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { formErrors } from '../../network/api.js';
import { casePath, send, todayTh, useCaseWrite, type Case, type CasePerson } from '../api.js';
import { CaseForm, Countdown, DateTimeField, instantTh, nowTh, toLocalTh, useOrgName, type LocalDateTime } from '../CaseBits.js';
import { usePersonLabels } from '../people.js';

/**
 * Temporary protection per victim: the s.29 custody clock (24 hours, a court may extend it to 7 days),
 * temporary shelter (up to 15 days before the identification interview) and the reflection period.
 */
export function ProtectionPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t } = useTranslation();
  const labels = usePersonLabels(kase);
  const [editing, setEditing] = useState<CasePerson | null>(null);
  if (labels.victims.length === 0) return <Text c="gray.7">{t('cases.people.noVictims')}</Text>;
  return (
    <Stack>
      <Text size="sm" c="gray.7">
        {t('cases.protection.intro')}
      </Text>
      {labels.victims.map((p) => (
        <ProtectionCard key={p.id} person={p} label={labels.long(p.id)} writable={writable} onEdit={() => setEditing(p)} />
      ))}
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? t('cases.protection.recordFor', { who: labels.short(editing.id) }) : ''} size="lg">
        {editing && <ProtectionForm kase={kase} person={editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}

function ProtectionCard({ person: p, label, writable, onEdit }: { person: CasePerson; label: string; writable: boolean; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const org = useOrgName();
  const pr = p.protection;
  const headingId = `protection-${p.id}`;
  const identified = !!pr?.identifiedAt;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="protection-card">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5" id={headingId}>
          {label}
        </Title>
        {writable && (
          <Button size="xs" variant={pr?.takenIntoCareAt ? 'default' : 'filled'} onClick={onEdit} aria-label={`${pr?.takenIntoCareAt ? t('cases.protection.update') : t('cases.protection.record')} — ${label}`}>
            {pr?.takenIntoCareAt ? t('cases.protection.update') : t('cases.protection.record')}
          </Button>
        )}
      </Group>
      {!pr?.takenIntoCareAt ? (
        <Text size="sm" c="gray.7">
          {t('cases.protection.none')}
        </Text>
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" className="facts" spacing="xs">
            <Fact label={t('cases.protection.takenIntoCare')}>{formatDate(pr.takenIntoCareAt, lang)}</Fact>
            <Fact label={t('cases.protection.custodyDeadline')}>
              {pr.custodyDeadline && !identified ? (
                <Countdown until={pr.custodyDeadline} testId="custody-countdown" />
              ) : (
                formatDate(pr.custodyDeadline, lang)
              )}
            </Fact>
            <Fact label={t('cases.protection.extension')}>
              {pr.custodyExtendedUntil ? (
                <>
                  {t('cases.protection.extendedUntil', { date: formatDate(pr.custodyExtendedUntil, lang) })}
                  {pr.custodyCourtOrder && (
                    <Text size="sm" c="gray.7" component="span" display="block">
                      {t('cases.protection.courtOrder')}: {pr.custodyCourtOrder}
                    </Text>
                  )}
                </>
              ) : (
                t('cases.protection.noExtension')
              )}
            </Fact>
            <Fact label={t('cases.protection.shelter')}>
              {pr.temporaryShelterOrganisationId ? org.name(pr.temporaryShelterOrganisationId) : t('cases.notRecorded')}
              {pr.temporaryShelterUntil && (
                <span style={{ display: 'block' }}>
                  {identified ? formatDate(pr.temporaryShelterUntil, lang) : <Countdown until={pr.temporaryShelterUntil} testId="shelter-countdown" />}
                </span>
              )}
            </Fact>
            <Fact label={t('cases.protection.reflection')}>{pr.reflectionUntil ? <Countdown until={pr.reflectionUntil} testId="reflection-countdown" /> : '—'}</Fact>
            <Fact label={t('cases.protection.identification')}>
              {identified ? (
                <StatusBadge tone="ok" size="sm">
                  {t('cases.protection.identifiedOn', { date: formatDate(pr.identifiedAt, lang, 'date') })}
                </StatusBadge>
              ) : (
                t('cases.protection.notYetIdentified')
              )}
            </Fact>
          </SimpleGrid>
        </Stack>
      )}
    </Paper>
  );
}

const addHours = (v: LocalDateTime, hours: number): LocalDateTime => {
  const at = instantTh(v);
  return at ? toLocalTh(new Date(new Date(at).getTime() + hours * 3600_000).toISOString()) : { date: '', time: '' };
};

function ProtectionForm({ kase, person: p, onDone }: { kase: Case; person: CasePerson; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const org = useOrgName();
  const pr = p.protection;
  const [taken, setTaken] = useState<LocalDateTime>(pr?.takenIntoCareAt ? toLocalTh(pr.takenIntoCareAt) : nowTh());
  const [extended, setExtended] = useState<LocalDateTime>(toLocalTh(pr?.custodyExtendedUntil));
  const [courtOrder, setCourtOrder] = useState(pr?.custodyCourtOrder ?? '');
  const [shelterOrg, setShelterOrg] = useState<string | null>(pr?.temporaryShelterOrganisationId ?? null);
  const [shelterUntil, setShelterUntil] = useState<LocalDateTime>(toLocalTh(pr?.temporaryShelterUntil));
  const [reflectionUntil, setReflectionUntil] = useState<LocalDateTime>(toLocalTh(pr?.reflectionUntil));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Case>('POST', casePath(kase.id, 'persons', p.id, 'protection'), body));
  const submit = () => {
    const e: Record<string, string> = {};
    const takenAt = instantTh(taken);
    if (!takenAt) e.takenIntoCareAt = t('validation.required');
    const ext = extended.date ? instantTh(extended) : undefined;
    if (extended.date && !ext) e.custodyExtendedUntil = t('cases.protection.timeNeeded');
    if (ext && !courtOrder.trim()) e.custodyCourtOrder = t('cases.protection.courtOrderNeeded');
    const shelter = shelterUntil.date ? instantTh(shelterUntil) : undefined;
    if (shelterUntil.date && !shelter) e.temporaryShelterUntil = t('cases.protection.timeNeeded');
    const reflection = reflectionUntil.date ? instantTh(reflectionUntil) : undefined;
    if (reflectionUntil.date && !reflection) e.reflectionUntil = t('cases.protection.timeNeeded');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(
      {
        version: kase.version,
        takenIntoCareAt: takenAt,
        ...(ext ? { custodyExtendedUntil: ext, custodyCourtOrder: courtOrder.trim() } : {}),
        ...(shelterOrg ? { temporaryShelterOrganisationId: shelterOrg } : {}),
        ...(shelter ? { temporaryShelterUntil: shelter } : {}),
        ...(reflection ? { reflectionUntil: reflection } : {}),
      },
      { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) },
    );
  };
  const deadline = instantTh(addHours(taken, nrmClocks.custodyHours));
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit}>
      <DateTimeField label={t('cases.protection.takenIntoCare')} value={taken} onChange={setTaken} error={errors.takenIntoCareAt} maxDate={todayTh()} />
      {deadline && (
        <Alert color="blue" variant="light">
          {t('cases.protection.deadlineHint', { hours: nrmClocks.custodyHours, when: formatDate(deadline, i18n.language) })}
        </Alert>
      )}
      <Title order={3} size="h6">
        {t('cases.protection.extension')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateTimeField label={t('cases.protection.extendedUntilLabel')} value={extended} onChange={setExtended} error={errors.custodyExtendedUntil} />
        <TextInput label={t('cases.protection.courtOrder')} value={courtOrder} onChange={(e) => setCourtOrder(e.currentTarget.value)} maxLength={300} error={errors.custodyCourtOrder} />
      </SimpleGrid>
      <Text size="xs" c="gray.7">
        {t('cases.protection.extensionRule', { days: nrmClocks.maxCustodyDays })}
      </Text>
      <Title order={3} size="h6">
        {t('cases.protection.shelter')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('cases.protection.shelterOrg')} searchable clearable data={org.options((o) => o.active !== false)} value={shelterOrg} onChange={setShelterOrg} error={errors.temporaryShelterOrganisationId} />
        <DateTimeField label={t('cases.protection.shelterUntil')} value={shelterUntil} onChange={setShelterUntil} error={errors.temporaryShelterUntil} />
      </SimpleGrid>
      <Text size="xs" c="gray.7">
        {t('cases.protection.shelterRule', { days: nrmClocks.maxTemporaryShelterDays })}
      </Text>
      <DateTimeField label={t('cases.protection.reflectionUntil')} value={reflectionUntil} onChange={setReflectionUntil} error={errors.reflectionUntil} />
      <Text size="xs" c="gray.7">
        {t('cases.protection.reflectionRule', { days: kase.reflectionDays })}
      </Text>
    </CaseForm>
  );
}
