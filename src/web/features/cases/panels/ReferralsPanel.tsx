import { Alert, Badge, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseParts, type CasePart } from '../../../../contracts/case.js';
import type { Service } from '../../../../contracts/network.js';
import type { Consent, Referral } from '../../../../contracts/referral.js';
import { can, useMe } from '../../../api/queries.js';
import { AppModal } from '../../../components/AppModal.js';
import { Fact } from '../../../components/Page.js';
import { QueryView } from '../../../components/QueryView.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors, services, useNames, useNetworkSearch } from '../../network/api.js';
import { caseKeys, casePath, send, useCasePart, useCaseWrite, type Case } from '../api.js';
import { CaseForm, useOrgName } from '../CaseBits.js';
import { htcds, useHtcds } from '../labels.js';
import { usePersonLabels } from '../people.js';
import { ReferralStatusBadge } from '../ReferralBits.js';

/** Parts a referral may share; `summary` always goes with it. */
const shareable = caseParts.filter((p) => p !== 'summary');
const defaultShared: CasePart[] = ['persons', 'protection', 'services'];

/** A consent on record lets a referral go without an override: in force, for referral, from the guardian for a child. */
export function consentCovers(consents: Consent[], person: { id: string; child: boolean | null } | undefined): boolean {
  if (!person) return false;
  return consents.some((c) => c.casePersonId === person.id && !c.withdrawnAt && c.purposes.includes('referral') && (!person.child || c.givenBy === 'guardian'));
}

export function ReferralsPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const h = useHtcds();
  const labels = usePersonLabels(kase);
  const referrals = useCasePart<{ items: Referral[] }>(kase.id, 'referrals');
  const [dialog, setDialog] = useState<null | 'refer' | 'transfer' | { revoke: Referral } | { withdraw: Referral }>(null);
  const close = () => setDialog(null);
  const items = [...(referrals.data?.items ?? [])].reverse();
  const provincial = me.scope === 'province' || me.scope === 'national';
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7" style={{ flex: 1, minWidth: 240 }}>
          {t('cases.referrals.intro')}
        </Text>
        {writable && (
          <Group gap="xs">
            {labels.victims.length > 0 && <Button onClick={() => setDialog('refer')}>{t('cases.referrals.refer')}</Button>}
            {provincial && (
              <Button variant="default" onClick={() => setDialog('transfer')}>
                {t('cases.referrals.transfer')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      <QueryView query={referrals} isEmpty={items.length === 0} empty={t('cases.referrals.empty')}>
        <Stack data-testid="case-referrals">
          {items.map((r) => (
            <Paper key={r.id} withBorder p="md" data-testid="case-referral">
              <Group justify="space-between" align="flex-start" mb="xs">
                <Group gap="xs">
                  <Title order={2} size="h5">
                    {r.kind === 'transfer' ? t('cases.referrals.transferTo') : t('cases.referrals.referralTo')} {pick(lang, r.toOrganisationNameTh, r.toOrganisationNameEn)}
                  </Title>
                  <ReferralStatusBadge status={r.status} />
                  {r.consentOverridden && (
                    <Badge color="orange" variant="light" tt="none">
                      {t('cases.referrals.overridden')}
                    </Badge>
                  )}
                </Group>
                {writable && (
                  <Group gap="xs">
                    {r.status === 'requested' && (
                      <Button size="xs" variant="default" onClick={() => setDialog({ withdraw: r })}>
                        {t('cases.referrals.withdraw')}
                      </Button>
                    )}
                    {r.status === 'accepted' && r.kind === 'referral' && (
                      <Button size="xs" variant="outline" color="red.9" onClick={() => setDialog({ revoke: r })}>
                        {t('cases.referrals.revoke')}
                      </Button>
                    )}
                  </Group>
                )}
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" className="facts" spacing="xs">
                {r.casePersonId && <Fact label={t('cases.referrals.person')}>{labels.long(r.casePersonId)}</Fact>}
                {r.service && <Fact label={t('cases.referrals.service')}>{t(`network.service.${r.service}`)}</Fact>}
                <Fact label={t('cases.referrals.reason')}>{h.label(htcds.referralReason, r.reason)}</Fact>
                <Fact label={t('cases.referrals.requested')}>{formatDate(r.requestedAt, lang)}</Fact>
                {r.answeredAt && <Fact label={t('cases.referrals.answered')}>{formatDate(r.answeredAt, lang)}</Fact>}
                {r.revokedAt && <Fact label={t('cases.referrals.revoked')}>{formatDate(r.revokedAt, lang)}</Fact>}
                {r.kind === 'referral' && <Fact label={t('cases.referrals.shared')}>{r.sharedParts.map((p) => t(`cases.part.${p}`)).join(', ')}</Fact>}
                {r.answerReason && <Fact label={t('cases.referrals.answerReason')}>{r.answerReason}</Fact>}
              </SimpleGrid>
              {r.details && (
                <Text size="sm" className="case-text" mt="xs">
                  {r.details}
                </Text>
              )}
              {r.overrideReason && (
                <Text size="sm" c="gray.8" className="case-text" mt="xs">
                  <strong>{t('cases.referrals.overrideReason')}:</strong> {r.overrideReason}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      </QueryView>
      <AppModal opened={dialog === 'refer'} onClose={close} title={t('cases.referrals.refer')} size="xl">
        {dialog === 'refer' && <ReferForm kase={kase} onDone={close} canOverride={can(me, 'referral.consent_override')} />}
      </AppModal>
      <AppModal opened={dialog === 'transfer'} onClose={close} title={t('cases.referrals.transfer')} size="lg">
        {dialog === 'transfer' && <TransferForm kase={kase} onDone={close} canOverride={can(me, 'referral.consent_override')} />}
      </AppModal>
      <AppModal opened={dialog !== null && typeof dialog === 'object' && 'revoke' in dialog} onClose={close} title={t('cases.referrals.revoke')}>
        {dialog !== null && typeof dialog === 'object' && 'revoke' in dialog && <RevokeForm kase={kase} referral={dialog.revoke} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog !== null && typeof dialog === 'object' && 'withdraw' in dialog} onClose={close} title={t('cases.referrals.withdraw')}>
        {dialog !== null && typeof dialog === 'object' && 'withdraw' in dialog && <WithdrawForm kase={kase} referral={dialog.withdraw} onDone={close} />}
      </AppModal>
    </Stack>
  );
}

function ReferForm({ kase, onDone, canOverride }: { kase: Case; onDone: () => void; canOverride: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const h = useHtcds();
  const names = useNames();
  const labels = usePersonLabels(kase);
  const consents = useCasePart<{ items: Consent[] }>(kase.id, 'consents');
  const [personId, setPersonId] = useState<string | null>(labels.victims.length === 1 ? labels.victims[0]!.id : null);
  const [service, setService] = useState<Service | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>('AdditionalServicesRequired');
  const [details, setDetails] = useState('');
  const [shared, setShared] = useState<CasePart[]>(defaultShared);
  const [override, setOverride] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Partners offering the service anywhere (a shelter may be in another province), names only: contacts
  // are not read here. The case's own province comes first.
  const partners = useNetworkSearch(service ? { service, withContacts: false, limit: 100 } : null);
  const person = kase.persons.find((p) => p.id === personId);
  const covered = consentCovers(consents.data?.items ?? [], person);
  const save = useCaseWrite(kase.id, (body: object) => send<Referral>('POST', casePath(kase.id, 'referrals'), body), [caseKeys.incoming]);
  const submit = () => {
    const e: Record<string, string> = {};
    if (!personId) e.casePersonId = t('validation.required');
    if (!service) e.service = t('validation.required');
    if (!to) e.toOrganisationId = t('validation.required');
    if (!reason) e.reason = t('validation.required');
    if (!covered && override.trim() && override.trim().length < 10) e.overrideReason = t('cases.referrals.overrideTooShort');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(
      {
        version: kase.version,
        casePersonId: personId,
        toOrganisationId: to,
        service,
        reason,
        sharedParts: shared,
        ...(details.trim() ? { details: details.trim() } : {}),
        ...(!covered && override.trim() ? { overrideReason: override.trim() } : {}),
      },
      { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) },
    );
  };
  const partnerOptions = [...(partners.data?.items ?? [])]
    .sort((a, b) => Number(b.partner.provinceCode === kase.provinceCode) - Number(a.partner.provinceCode === kase.provinceCode))
    .map((r) => ({
    value: r.partner.id,
    label: `${pick(lang, r.partner.nameTh, r.partner.nameEn)}${r.partner.provinceCode ? ` — ${names.province(r.partner.provinceCode)}` : ''}`,
  }));
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit} confirmLabel={t('cases.referrals.send')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('cases.referrals.person')} required data={labels.victimOptions} value={personId} onChange={setPersonId} error={errors.casePersonId} />
        <Select
          label={t('cases.referrals.service')}
          required
          searchable
          data={services.map((s) => ({ value: s, label: t(`network.service.${s}`) }))}
          value={service}
          onChange={(v) => {
            setService(v as Service | null);
            setTo(null);
          }}
          error={errors.service}
          data-testid="referral-service"
        />
      </SimpleGrid>
      <Select
        label={t('cases.referrals.to')}
        description={service ? t('cases.referrals.toHelp') : t('cases.referrals.pickServiceFirst')}
        required
        searchable
        disabled={!service}
        data={partnerOptions}
        value={to}
        onChange={setTo}
        nothingFoundMessage={partners.isFetching ? t('common.loading') : t('cases.referrals.noPartners')}
        error={errors.toOrganisationId}
        data-testid="referral-to"
      />
      <Select label={t('cases.referrals.reason')} required data={h.options(htcds.referralReason)} value={reason} onChange={setReason} error={errors.reason} />
      <Textarea label={t('cases.referrals.details')} description={t('cases.referrals.detailsHelp')} autosize minRows={2} maxLength={4000} value={details} onChange={(e) => setDetails(e.currentTarget.value)} error={errors.details} />
      <Checkbox.Group label={t('cases.referrals.shared')} description={t('cases.referrals.sharedHelp')} value={shared} onChange={(v) => setShared(v as CasePart[])} error={errors.sharedParts}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt={4} spacing={6}>
          {shareable.map((p) => (
            <Checkbox key={p} value={p} label={t(`cases.part.${p}`)} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      {person && !consents.isPending && (
        <ConsentStatus covered={covered} child={person.child === true} canOverride={canOverride} override={override} setOverride={setOverride} error={errors.overrideReason} />
      )}
    </CaseForm>
  );
}

function ConsentStatus({ covered, child, canOverride, override, setOverride, error }: {
  covered: boolean;
  child: boolean;
  canOverride: boolean;
  override: string;
  setOverride: (v: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  if (covered) {
    return (
      <Alert color="teal" variant="light" data-testid="consent-ok">
        {t('cases.referrals.consentOk')}
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      <Alert color="orange" variant="light" data-testid="consent-missing">
        {child ? t('cases.referrals.consentMissingChild') : t('cases.referrals.consentMissing')}
      </Alert>
      {canOverride && (
        <Textarea
          label={t('cases.referrals.overrideReason')}
          description={t('cases.referrals.overrideHelp')}
          autosize
          minRows={2}
          maxLength={2000}
          value={override}
          onChange={(e) => setOverride(e.currentTarget.value)}
          error={error}
        />
      )}
    </Stack>
  );
}

function TransferForm({ kase, onDone, canOverride }: { kase: Case; onDone: () => void; canOverride: boolean }) {
  const { t } = useTranslation();
  const h = useHtcds();
  const org = useOrgName();
  const names = useNames();
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>('MigrationOrChangeOfLocation');
  const [details, setDetails] = useState('');
  const [override, setOverride] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Referral>('POST', casePath(kase.id, 'transfer'), body));
  const submit = () => {
    const e: Record<string, string> = {};
    if (!to) e.toOrganisationId = t('validation.required');
    if (!reason) e.reason = t('validation.required');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(
      { version: kase.version, toOrganisationId: to, reason, ...(details.trim() ? { details: details.trim() } : {}), ...(override.trim() ? { overrideReason: override.trim() } : {}) },
      { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) },
    );
  };
  const options = (org.orgs.data?.items ?? [])
    .filter((o) => o.active && o.provinceCode && o.provinceCode !== kase.provinceCode)
    .map((o) => ({ value: o.id, label: `${pick(names.lang, o.nameTh, o.nameEn)} — ${names.province(o.provinceCode)}` }));
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit} confirmLabel={t('cases.referrals.send')}>
      <Text size="sm">{t('cases.referrals.transferIntro')}</Text>
      <Select label={t('cases.referrals.toCentre')} required searchable data={options} value={to} onChange={setTo} error={errors.toOrganisationId} />
      <Select label={t('cases.referrals.reason')} required data={h.options(htcds.referralReason)} value={reason} onChange={setReason} error={errors.reason} />
      <Textarea label={t('cases.referrals.details')} autosize minRows={2} maxLength={4000} value={details} onChange={(e) => setDetails(e.currentTarget.value)} error={errors.details} />
      {canOverride && (
        <Textarea
          label={t('cases.referrals.overrideReason')}
          description={t('cases.referrals.overrideTransferHelp')}
          autosize
          minRows={2}
          maxLength={2000}
          value={override}
          onChange={(e) => setOverride(e.currentTarget.value)}
          error={errors.overrideReason}
        />
      )}
    </CaseForm>
  );
}

function RevokeForm({ kase, referral, onDone }: { kase: Case; referral: Referral; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const revoke = useCaseWrite(kase.id, (body: object) => send<Referral>('POST', `/api/v1/referrals/${encodeURIComponent(referral.id)}/revoke`, body));
  return (
    <CaseForm
      mutation={revoke}
      danger
      confirmLabel={t('cases.referrals.revoke')}
      onCancel={onDone}
      onSubmit={() => {
        if (reason.trim().length < 3) {
          setError(t('cases.referrals.reasonNeeded'));
          return;
        }
        revoke.mutate({ version: kase.version, reason: reason.trim() }, { onSuccess: onDone, onError: (err) => setError(formErrors(err).reason ?? null) });
      }}
    >
      <Text size="sm">{t('cases.referrals.revokeIntro')}</Text>
      <Textarea label={t('cases.referrals.revokeReason')} required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} />
    </CaseForm>
  );
}

function WithdrawForm({ kase, referral, onDone }: { kase: Case; referral: Referral; onDone: () => void }) {
  const { t } = useTranslation();
  const withdraw = useCaseWrite(kase.id, () => send<Referral>('POST', `/api/v1/referrals/${encodeURIComponent(referral.id)}/withdraw`, { version: referral.version }));
  return (
    <CaseForm mutation={withdraw} danger confirmLabel={t('cases.referrals.withdraw')} onCancel={onDone} onSubmit={() => withdraw.mutate(undefined, { onSuccess: onDone })}>
      <Text size="sm">{t('cases.referrals.withdrawIntro')}</Text>
    </CaseForm>
  );
}
