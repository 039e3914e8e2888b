import { Alert, Button, Group, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { closedStatuses, closureReasonLabels, closureReasons, reopenReasonLabels, reopenReasons, type ClosureReason } from '../../../contracts/nrm.js';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { AnchorLink } from '../../components/Links.js';
import { Fact } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { formErrors, useNames } from '../network/api.js';
import { casePath, isNotFound, send, useCase, useCaseWrite, type Case } from './api.js';
import { CaseForm, CaseStatusBadge, ChildBadge, StageSteps } from './CaseBits.js';
import { htcds, useHtcds } from './labels.js';
import { AttachmentsPanel } from './panels/AttachmentsPanel.js';
import { ConsentsPanel } from './panels/ConsentsPanel.js';
import { FollowUpsPanel } from './panels/FollowUpsPanel.js';
import { IdentificationPanel } from './panels/IdentificationPanel.js';
import { NotesPanel } from './panels/NotesPanel.js';
import { PeoplePanel } from './panels/PeoplePanel.js';
import { ProtectionPanel } from './panels/ProtectionPanel.js';
import { ReferralsPanel } from './panels/ReferralsPanel.js';
import { ReturnPanel } from './panels/ReturnPanel.js';
import { ScreeningPanel } from './panels/ScreeningPanel.js';
import { ServicesPanel } from './panels/ServicesPanel.js';
import { TeamPanel } from './panels/TeamPanel.js';
import { TimelinePanel } from './panels/TimelinePanel.js';
import { caseTabs, type CaseTab } from './tabs.js';


export function CasePage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'case.read');
  const kase = useCase(id);
  if (!allowed) return <NoAccess />;
  // Another province's case, or one that does not exist: the server answers 404 for both.
  if (kase.isError && isNotFound(kase.error)) return <CaseNotFound />;
  return (
    <Stack>
      <AnchorLink to="/cases" size="sm">
        ← {t('cases.backToList')}
      </AnchorLink>
      <QueryView query={kase}>{kase.data && <CaseView kase={kase.data} />}</QueryView>
    </Stack>
  );
}

function CaseNotFound() {
  const { t } = useTranslation();
  return (
    <Stack data-testid="case-not-found">
      <Title order={1} size="h2">
        {t('cases.notFound.title')}
      </Title>
      <Text>{t('cases.notFound.text')}</Text>
      <AnchorLink to="/cases">{t('cases.backToList')}</AnchorLink>
    </Stack>
  );
}

function CaseView({ kase }: { kase: Case }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tab } = useSearch({ strict: false }) as { tab?: string };
  const parts = kase.access.parts;
  const has = (p: Case['access']['parts'][number]) => parts.includes(p);
  const writable = kase.access.canWrite && kase.stage !== 'closed';
  const shown: Record<CaseTab, boolean> = {
    people: true,
    screening: has('screening'),
    protection: has('protection'),
    identification: has('protection'),
    services: has('services'),
    referrals: kase.access.full,
    consents: kase.access.full,
    return: has('return'),
    followups: has('followups'),
    notes: has('notes'),
    attachments: has('attachments'),
    timeline: true,
    team: kase.access.full,
  };
  const tabs = caseTabs.filter((k) => shown[k]);
  const current: CaseTab = tabs.includes(tab as CaseTab) ? (tab as CaseTab) : 'people';
  const panel: Record<CaseTab, () => ReactNode> = {
    people: () => <PeoplePanel kase={kase} writable={writable} />,
    screening: () => <ScreeningPanel kase={kase} writable={writable} />,
    protection: () => <ProtectionPanel kase={kase} writable={writable} />,
    identification: () => <IdentificationPanel kase={kase} writable={writable} />,
    services: () => <ServicesPanel kase={kase} writable={writable} />,
    referrals: () => <ReferralsPanel kase={kase} writable={writable} />,
    consents: () => <ConsentsPanel kase={kase} writable={writable} />,
    return: () => <ReturnPanel kase={kase} writable={writable} />,
    followups: () => <FollowUpsPanel kase={kase} writable={writable} />,
    notes: () => <NotesPanel kase={kase} />,
    attachments: () => <AttachmentsPanel kase={kase} />,
    timeline: () => <TimelinePanel kase={kase} />,
    team: () => <TeamPanel kase={kase} writable={writable} />,
  };
  return (
    <Stack>
      <CaseHeader kase={kase} />
      {!kase.access.full && (
        <Alert color="blue" variant="light" data-testid="shared-parts">
          {t('cases.sharedOnly')}
        </Alert>
      )}
      <Tabs
        value={current}
        onChange={(v) => void navigate({ to: '/cases/$id', params: { id: kase.id }, search: { tab: v ?? undefined }, replace: true })}
        keepMounted={false}
        className="case-tabs"
        variant="outline"
      >
        <Tabs.List aria-label={t('cases.tabsLabel')}>
          {tabs.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`case-tab-${k}`}>
              {t(`cases.tab.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((k) => (
          <Tabs.Panel key={k} value={k} pt="md">
            {k === current && panel[k]()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function CaseHeader({ kase }: { kase: Case }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const names = useNames();
  const [dialog, setDialog] = useState<null | 'edit' | 'close' | 'reopen'>(null);
  const owner = kase.team.find((m) => m.userId === kase.ownerUserId);
  const closed = kase.stage === 'closed';
  const writable = kase.access.canWrite;
  const closure = kase.closureReason as ClosureReason | null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Text size="sm" c="gray.7">
              {t('cases.caseLabel')}
            </Text>
            <Title order={1} size="h2" id="case-title" data-testid="case-number">
              {kase.caseNumber}
            </Title>
            <Group gap="xs" mt={4}>
              <CaseStatusBadge status={kase.status} />
              {kase.involvesChild && <ChildBadge />}
            </Group>
          </div>
          {writable && (
            <Group gap="xs">
              {!closed && (
                <Button variant="default" size="sm" onClick={() => setDialog('edit')}>
                  {t('cases.header.edit')}
                </Button>
              )}
              {!closed ? (
                <Button variant="outline" color="red.9" size="sm" onClick={() => setDialog('close')}>
                  {t('cases.close.button')}
                </Button>
              ) : (
                <Button variant="outline" size="sm" onClick={() => setDialog('reopen')}>
                  {t('cases.reopen.button')}
                </Button>
              )}
            </Group>
          )}
        </Group>
        <StageSteps stage={kase.stage} />
        {closed && (
          <Alert color="gray" variant="light" data-testid="case-closed">
            {t('cases.close.closedOn', { date: formatDate(kase.closedAt, lang) })}
            {closure && ` · ${closureReasonLabels[closure] ? pick(lang, closureReasonLabels[closure].th, closureReasonLabels[closure].en) : closure}`}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} component="dl" className="facts" spacing="xs">
          <Fact label={t('cases.header.centre')}>{pick(lang, kase.organisationNameTh, kase.organisationNameEn)}</Fact>
          <Fact label={t('cases.header.province')}>{names.province(kase.provinceCode)}</Fact>
          <Fact label={t('cases.header.opened')}>{formatDate(kase.openedAt, lang)}</Fact>
          {kase.access.full && <Fact label={t('cases.header.owner')}>{owner?.displayName ?? '—'}</Fact>}
          <Fact label={t('cases.header.victims')}>{kase.victims}</Fact>
          <Fact label={t('cases.header.reflection')}>{t('cases.header.days', { count: kase.reflectionDays })}</Fact>
          {kase.reportId && (
            <Fact label={t('cases.header.report')}>
              {can(me, 'report.read') ? (
                <AnchorLink to="/reports/$id" params={{ id: kase.reportId }}>
                  {t('cases.header.openReport')}
                </AnchorLink>
              ) : (
                t('cases.yes')
              )}
            </Fact>
          )}
          {kase.exploitationTypes.length > 0 && <Fact label={t('cases.col.exploitation')}>{kase.exploitationTypes.map((c) => pick(lang, htcds.exploitationType.labels[c as 'Other']?.th, htcds.exploitationType.labels[c as 'Other']?.en) || c).join(', ')}</Fact>}
        </SimpleGrid>
      </Stack>
      <AppModal opened={dialog === 'edit'} onClose={() => setDialog(null)} title={t('cases.header.edit')}>
        {dialog === 'edit' && <EditCaseForm kase={kase} onDone={() => setDialog(null)} />}
      </AppModal>
      <AppModal opened={dialog === 'close'} onClose={() => setDialog(null)} title={t('cases.close.title', { number: kase.caseNumber })} size="lg">
        {dialog === 'close' && <CloseForm kase={kase} onDone={() => setDialog(null)} />}
      </AppModal>
      <AppModal opened={dialog === 'reopen'} onClose={() => setDialog(null)} title={t('cases.reopen.title', { number: kase.caseNumber })}>
        {dialog === 'reopen' && <ReopenForm kase={kase} onDone={() => setDialog(null)} />}
      </AppModal>
    </Paper>
  );
}

function EditCaseForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm<{ reflectionDays: number | string }>({
    mode: 'controlled',
    initialValues: { reflectionDays: kase.reflectionDays },
    validate: {
      reflectionDays: (v) => {
        const n = Number(v);
        return Number.isInteger(n) && n >= 1 && n <= 365 ? null : t('validation.range', { min: 1, max: 365 });
      },
    },
  });
  const save = useCaseWrite(kase.id, (v: { reflectionDays: number | string }) => send<Case>('PATCH', casePath(kase.id), { version: kase.version, reflectionDays: Number(v.reflectionDays) }));
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={form.onSubmit((v) => save.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(formErrors(err)) }))}>
      <NumberInput label={t('cases.new.reflectionDays')} description={t('cases.new.reflectionHelp')} min={1} max={365} allowDecimal={false} {...form.getInputProps('reflectionDays')} />
    </CaseForm>
  );
}

function CloseForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const h = useHtcds();
  const form = useForm<{ status: (typeof closedStatuses)[number]; reason: ClosureReason | null }>({
    mode: 'controlled',
    initialValues: { status: 'Closed', reason: null },
    validate: { reason: (v) => (v ? null : t('validation.required')) },
  });
  const close = useCaseWrite(kase.id, (v: { status: string; reason: ClosureReason | null }) => send<Case>('POST', casePath(kase.id, 'close'), { version: kase.version, status: v.status, reason: v.reason }));
  return (
    <CaseForm
      mutation={close}
      danger
      confirmLabel={t('cases.close.button')}
      onCancel={onDone}
      onSubmit={form.onSubmit((v) => close.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(formErrors(err)) }))}
    >
      <Text size="sm">{t('cases.close.intro')}</Text>
      <Radio.Group label={t('cases.close.status')} {...form.getInputProps('status')}>
        <Stack gap={6} mt={4}>
          {closedStatuses.map((s) => (
            <Radio key={s} value={s} label={h.label(htcds.caseStatus, s)} />
          ))}
        </Stack>
      </Radio.Group>
      <Select
        label={t('cases.close.reason')}
        required
        data={closureReasons.map((r) => ({ value: r, label: pick(i18n.language, closureReasonLabels[r].th, closureReasonLabels[r].en) }))}
        {...form.getInputProps('reason')}
      />
    </CaseForm>
  );
}

function ReopenForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const form = useForm<{ reason: (typeof reopenReasons)[number] | null }>({
    mode: 'controlled',
    initialValues: { reason: null },
    validate: { reason: (v) => (v ? null : t('validation.required')) },
  });
  const reopen = useCaseWrite(kase.id, (v: { reason: string | null }) => send<Case>('POST', casePath(kase.id, 'reopen'), { version: kase.version, reason: v.reason }));
  return (
    <CaseForm
      mutation={reopen}
      confirmLabel={t('cases.reopen.button')}
      onCancel={onDone}
      onSubmit={form.onSubmit((v) => reopen.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(formErrors(err)) }))}
    >
      <Text size="sm">{t('cases.reopen.intro')}</Text>
      <Select
        label={t('cases.reopen.reason')}
        required
        data={reopenReasons.map((r) => ({ value: r, label: pick(i18n.language, reopenReasonLabels[r].th, reopenReasonLabels[r].en) }))}
        {...form.getInputProps('reason')}
      />
    </CaseForm>
  );
}
