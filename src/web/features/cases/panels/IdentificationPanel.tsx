import { Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../../components/AppModal.js';
import { Fact } from '../../../components/Page.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { formErrors } from '../../network/api.js';
import { casePath, send, todayTh, useCaseWrite, type Case, type CasePerson } from '../api.js';
import { CaseForm, DateTimeField, instantTh, nowTh, type LocalDateTime } from '../CaseBits.js';
import { htcds, useHtcds } from '../labels.js';
import { usePersonLabels } from '../people.js';

type Decision = (typeof htcds.traffickingStatus.values)[number];
type OrgType = (typeof htcds.decisionOrgType.values)[number];

/** The team's identification decision per victim (HTCDS vic_TraffickingStatus), after a screening. */
export function IdentificationPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const h = useHtcds();
  const labels = usePersonLabels(kase);
  const [editing, setEditing] = useState<CasePerson | null>(null);
  if (labels.victims.length === 0) return <Text c="gray.7">{t('cases.people.noVictims')}</Text>;
  return (
    <Stack>
      <Text size="sm" c="gray.7">
        {t('cases.identification.intro')}
      </Text>
      {labels.victims.map((p) => {
        const pr = p.protection;
        const headingId = `identification-${p.id}`;
        const label = labels.long(p.id);
        return (
          <Paper key={p.id} withBorder p="md" component="section" aria-labelledby={headingId} data-testid="identification-card">
            <Group justify="space-between" mb="sm">
              <Group gap="xs">
                <Title order={2} size="h5" id={headingId}>
                  {label}
                </Title>
                {p.traffickingStatus && (
                  <StatusBadge tone={p.traffickingStatus === 'NotAVictimOfTrafficking' ? 'neutral' : 'bad'} size="sm">
                    {h.label(htcds.traffickingStatus, p.traffickingStatus)}
                  </StatusBadge>
                )}
              </Group>
              {writable && (
                <Button size="xs" variant={pr?.identifiedAt ? 'default' : 'filled'} onClick={() => setEditing(p)} aria-label={`${t('cases.identification.record')} — ${label}`}>
                  {t('cases.identification.record')}
                </Button>
              )}
            </Group>
            {!pr?.identifiedAt ? (
              <Text size="sm" c="gray.7">
                {t('cases.identification.none')}
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" className="facts" spacing="xs">
                <Fact label={t('cases.identification.decision')}>{h.label(htcds.traffickingStatus, p.traffickingStatus)}</Fact>
                <Fact label={t('cases.identification.date')}>{formatDate(pr.identifiedAt, lang)}</Fact>
                <Fact label={t('cases.identification.orgType')}>{h.label(htcds.decisionOrgType, pr.identificationOrgType)}</Fact>
                {pr.identificationReasons && (
                  <div style={{ gridColumn: '1 / -1' }}>
                    <Fact label={t('cases.identification.reasons')}>
                      <span className="case-text">{pr.identificationReasons}</span>
                    </Fact>
                  </div>
                )}
              </SimpleGrid>
            )}
          </Paper>
        );
      })}
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? t('cases.identification.recordFor', { who: labels.short(editing.id) }) : ''} size="lg">
        {editing && <IdentificationForm kase={kase} person={editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}

function IdentificationForm({ kase, person: p, onDone }: { kase: Case; person: CasePerson; onDone: () => void }) {
  const { t } = useTranslation();
  const h = useHtcds();
  const [decision, setDecision] = useState<Decision | null>(p.traffickingStatus);
  const [orgType, setOrgType] = useState<OrgType | null>((p.protection?.identificationOrgType as OrgType | null) ?? null);
  const [when, setWhen] = useState<LocalDateTime>(nowTh);
  const [reasons, setReasons] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Case>('POST', casePath(kase.id, 'persons', p.id, 'identification'), body));
  const submit = () => {
    const e: Record<string, string> = {};
    const at = instantTh(when);
    if (!decision) e.decision = t('validation.required');
    if (!orgType) e.decidingOrgType = t('validation.required');
    if (!at) e.identifiedAt = t('validation.required');
    if (!reasons.trim()) e.reasons = t('validation.required');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate({ version: kase.version, decision, decidingOrgType: orgType, identifiedAt: at, reasons: reasons.trim() }, { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) });
  };
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit}>
      <Radio.Group label={t('cases.identification.decision')} required value={decision ?? ''} onChange={(v) => setDecision(v as Decision)} error={errors.decision}>
        <Stack gap={6} mt={4}>
          {htcds.traffickingStatus.values.map((v) => (
            <Radio key={v} value={v} label={h.label(htcds.traffickingStatus, v)} />
          ))}
        </Stack>
      </Radio.Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('cases.identification.orgType')} required data={h.options(htcds.decisionOrgType)} value={orgType} onChange={(v) => setOrgType(v as OrgType | null)} error={errors.decidingOrgType} />
        <DateTimeField label={t('cases.identification.date')} value={when} onChange={setWhen} error={errors.identifiedAt} maxDate={todayTh()} />
      </SimpleGrid>
      <Textarea label={t('cases.identification.reasons')} required autosize minRows={3} maxLength={8000} value={reasons} onChange={(e) => setReasons(e.currentTarget.value)} error={errors.reasons} />
    </CaseForm>
  );
}
