import { Alert, Button, Checkbox, Group, Radio, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  consentMethodLabels, recordableConsentMethods, consentPurposeLabels, consentPurposes, type Consent, type ConsentPurpose,
} from '../../../../contracts/referral.js';
import { AppModal } from '../../../components/AppModal.js';
import { DataTable } from '../../../components/DataTable.js';
import { QueryView } from '../../../components/QueryView.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors } from '../../network/api.js';
import { casePath, send, todayTh, useCasePart, useCaseWrite, type Case } from '../api.js';
import { CaseForm, DateTimeField, instantTh, nowTh, type LocalDateTime } from '../CaseBits.js';
import { usePersonLabels } from '../people.js';

type Method = (typeof recordableConsentMethods)[number];

/** Consent records (PDPA): what, by whom (the victim or, for a child, the guardian), when, how; withdrawal. */
export function ConsentsPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const labels = usePersonLabels(kase);
  const consents = useCasePart<{ items: Consent[] }>(kase.id, 'consents');
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const withdraw = useCaseWrite(kase.id, (c: Consent) => send<Consent>('POST', casePath(kase.id, 'consents', c.id, 'withdraw'), { version: kase.version }));
  const items = consents.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7" style={{ flex: 1, minWidth: 240 }}>
          {t('cases.consents.intro')}
        </Text>
        {writable && labels.victims.length > 0 && <Button onClick={() => setAdding(true)}>{t('cases.consents.add')}</Button>}
      </Group>
      <QueryView query={consents} isEmpty={items.length === 0} empty={t('cases.consents.empty')}>
        <div data-testid="consents">
          <DataTable
            rows={items}
            rowKey={(c) => c.id}
            minWidth={860}
            columns={[
              { header: t('cases.consents.person'), cell: (c) => labels.long(c.casePersonId) },
              { header: t('cases.consents.purposes'), cell: (c) => c.purposes.map((p) => pick(lang, consentPurposeLabels[p].th, consentPurposeLabels[p].en)).join(', ') },
              { header: t('cases.consents.givenBy'), cell: (c) => (c.givenBy === 'guardian' ? `${t('cases.consents.guardian')} (${labels.short(c.guardianCasePersonId)})` : t('cases.consents.victim')) },
              { header: t('cases.consents.method'), cell: (c) => pick(lang, consentMethodLabels[c.method].th, consentMethodLabels[c.method].en) },
              { header: t('cases.consents.givenAt'), cell: (c) => formatDate(c.givenAt, lang) },
              {
                header: t('common.status'),
                cell: (c) =>
                  c.withdrawnAt ? (
                    <StatusBadge tone="neutral" size="sm">
                      {t('cases.consents.withdrawnOn', { date: formatDate(c.withdrawnAt, lang, 'date') })}
                    </StatusBadge>
                  ) : (
                    <StatusBadge tone="ok" size="sm">
                      {t('cases.consents.inForce')}
                    </StatusBadge>
                  ),
              },
              writable && {
                header: t('common.actions'),
                hideHeader: true,
                cell: (c) =>
                  !c.withdrawnAt && (
                    <Button size="xs" variant="outline" color="red.9" onClick={() => setWithdrawing(c)} aria-label={`${t('cases.consents.withdraw')} — ${labels.short(c.casePersonId)}`}>
                      {t('cases.consents.withdraw')}
                    </Button>
                  ),
              },
            ]}
          />
        </div>
      </QueryView>
      <AppModal opened={adding} onClose={() => setAdding(false)} title={t('cases.consents.add')} size="lg">
        {adding && <ConsentForm kase={kase} onDone={() => setAdding(false)} />}
      </AppModal>
      <AppModal opened={withdrawing !== null} onClose={() => { setWithdrawing(null); withdraw.reset(); }} title={t('cases.consents.withdraw')}>
        {withdrawing && (
          <CaseForm
            mutation={withdraw}
            danger
            confirmLabel={t('cases.consents.withdraw')}
            onCancel={() => { setWithdrawing(null); withdraw.reset(); }}
            onSubmit={() => withdraw.mutate(withdrawing, { onSuccess: () => setWithdrawing(null) })}
          >
            <Text size="sm">{t('cases.consents.withdrawConfirm')}</Text>
          </CaseForm>
        )}
      </AppModal>
    </Stack>
  );
}

function ConsentForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const labels = usePersonLabels(kase);
  const [personId, setPersonId] = useState<string | null>(labels.victims.length === 1 ? labels.victims[0]!.id : null);
  const person = kase.persons.find((p) => p.id === personId);
  const guardians = personId ? labels.guardians(personId) : [];
  const [purposes, setPurposes] = useState<ConsentPurpose[]>(['data_processing', 'sharing', 'referral']);
  const [givenBy, setGivenBy] = useState<'victim' | 'guardian'>(person?.child ? 'guardian' : 'victim');
  const [guardian, setGuardian] = useState<string | null>(null);
  const [when, setWhen] = useState<LocalDateTime>(nowTh);
  const [method, setMethod] = useState<Method>('written');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Consent>('POST', casePath(kase.id, 'consents'), body));
  const submit = () => {
    const e: Record<string, string> = {};
    const at = instantTh(when);
    if (!personId) e.casePersonId = t('validation.required');
    if (purposes.length === 0) e.purposes = t('validation.required');
    if (givenBy === 'guardian' && !guardian) e.guardianCasePersonId = t('validation.required');
    if (!at) e.givenAt = t('validation.required');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(
      { version: kase.version, casePersonId: personId, purposes, givenBy, ...(givenBy === 'guardian' ? { guardianCasePersonId: guardian } : {}), givenAt: at, method },
      { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) },
    );
  };
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit}>
      <Select
        label={t('cases.consents.person')}
        required
        data={labels.victimOptions}
        value={personId}
        onChange={(v) => {
          setPersonId(v);
          setGuardian(null);
          if (kase.persons.find((p) => p.id === v)?.child) setGivenBy('guardian');
        }}
        error={errors.casePersonId}
      />
      {person?.child && (
        <Alert color="orange" variant="light">
          {t('cases.consents.childNote')}
        </Alert>
      )}
      <Checkbox.Group label={t('cases.consents.purposes')} required value={purposes} onChange={(v) => setPurposes(v as ConsentPurpose[])} error={errors.purposes}>
        <Stack gap={6} mt={4}>
          {consentPurposes.map((p) => (
            <Checkbox key={p} value={p} label={pick(lang, consentPurposeLabels[p].th, consentPurposeLabels[p].en)} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Radio.Group label={t('cases.consents.givenBy')} required value={givenBy} onChange={(v) => setGivenBy(v as 'victim' | 'guardian')}>
        <Group gap="md" mt={4}>
          <Radio value="victim" label={t('cases.consents.victim')} />
          <Radio value="guardian" label={t('cases.consents.guardian')} />
        </Group>
      </Radio.Group>
      {givenBy === 'guardian' &&
        (guardians.length === 0 && personId ? (
          <Alert color="orange" variant="light" role="alert">
            {t('cases.consents.noGuardian')}
          </Alert>
        ) : (
          <Select
            label={t('cases.consents.whichGuardian')}
            required
            data={guardians.map((g) => ({ value: g.id, label: labels.long(g.id) }))}
            value={guardian}
            onChange={setGuardian}
            error={errors.guardianCasePersonId}
          />
        ))}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateTimeField label={t('cases.consents.givenAt')} value={when} onChange={setWhen} error={errors.givenAt} maxDate={todayTh()} />
        <Select
          label={t('cases.consents.method')}
          required
          allowDeselect={false}
          data={recordableConsentMethods.map((m) => ({ value: m, label: pick(lang, consentMethodLabels[m].th, consentMethodLabels[m].en) }))}
          value={method}
          onChange={(v) => setMethod((v as Method) ?? 'written')}
        />
      </SimpleGrid>
    </CaseForm>
  );
}
