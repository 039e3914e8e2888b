import '@fontsource/noto-sans-myanmar/400.css';
import '@fontsource/noto-sans-lao/400.css';
import '@fontsource/noto-sans-khmer/400.css';
import './scripts.css';
import './staffI18n.js';
import { Alert, Badge, Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink, ButtonLink } from '../../components/Links.js';
import { closeReasons } from '../../../contracts/report.js';
import { api, ApiError } from '../../api/client.js';
import { can, useCountries, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DialogActions } from '../../components/DialogActions.js';
import { Fact, SectionCard } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { ErrorAlert, NoAccess } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { reportKeys, type Assignee, type DuplicateCandidateT, type ReportNoteT, type ReportT } from './api.js';
import { openStatuses, reportLanguageName } from './labels.js';
import { assigneeLabel, Clock, ReportFlags, ReportStatusBadge, useUserNames } from './ReportBits.js';
import { useAreaNames } from './ReportsQueuePage.js';

type CloseReason = (typeof closeReasons)[number];

export function ReportDetailPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'report.read');
  const report = useQuery({
    queryKey: reportKeys.detail(id),
    queryFn: () => api<ReportT>(`/api/v1/reports/${encodeURIComponent(id)}`),
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  return (
    <Stack>
      <AnchorLink to="/reports" size="sm">
        ← {t('reports.detail.back')}
      </AnchorLink>
      <QueryView query={report}>{report.data && <ReportView report={report.data} onReload={() => void report.refetch()} />}</QueryView>
    </Stack>
  );
}

function yesNo(v: 'yes' | 'no' | 'unknown', t: (k: string) => string) {
  return t(`reports.detail.${v}`);
}

function ReportView({ report: r, onReload }: { report: ReportT; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const { t: tr } = useTranslation('report');
  const lang = i18n.language;
  const me = useMe();
  const areas = useAreaNames([r.provinceCode, r.routedProvinceCode]);
  const countries = useCountries();
  const names = useUserNames();
  const nationality = r.nationality ? pick(lang, countries.data?.items.find((c) => c.alpha3 === r.nationality)?.nameTh, countries.data?.items.find((c) => c.alpha3 === r.nationality)?.nameEn) || r.nationality : null;
  const canTriage = can(me, 'report.triage');
  const isOpen = openStatuses.includes(r.status);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('reports.detail.title', { reference: r.reference })}
          </Title>
          <Group gap="xs" mt={6}>
            <ReportStatusBadge status={r.status} />
            <ReportFlags report={r} />
          </Group>
        </div>
      </Group>
      {r.status === 'case_opened' && (
        <Alert color="blue" variant="light" data-testid="case-decision">
          {t('reports.detail.caseRecorded')}
        </Alert>
      )}
      {r.caseId ? (
        <Group>
          <ButtonLink to="/cases/$id" params={{ id: r.caseId }} variant="default" data-testid="report-case-link">
            {t('cases.fromReport.view')}
          </ButtonLink>
        </Group>
      ) : (
        canTriage && can(me, 'case.write') && (isOpen || r.status === 'case_opened') && (
          <Group>
            <ButtonLink to="/cases/new" search={{ reportId: r.id }} data-testid="open-case-from-report">
              {t('cases.fromReport.button')}
            </ButtonLink>
          </Group>
        )
      )}

      <SectionCard title={t('reports.detail.what')}>
        <Text className="report-text" lang={r.language} data-testid="report-description">
          {r.description}
        </Text>
      </SectionCard>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard title={t('reports.detail.facts')}>
          <dl className="facts">
            <Fact label={t('reports.detail.area')}>
              {r.provinceCode ? [areas.province(r.provinceCode), areas.district(r.districtCode)].filter(Boolean).join(' · ') : t('reports.unknownProvince')}
            </Fact>
            {r.routedProvinceCode !== r.provinceCode && (
              <Fact label={t('reports.detail.routed')}>{r.routedProvinceCode ? areas.province(r.routedProvinceCode) : t('reports.filters.national')}</Fact>
            )}
            {r.placeDescription && (
              <Fact label={t('reports.detail.place')}>
                <span className="report-text" lang={r.language}>
                  {r.placeDescription}
                </span>
              </Fact>
            )}
            <Fact label={t('reports.detail.when')}>
              {[r.happenedOn ? formatDate(r.happenedOn, lang, 'date') : null].filter(Boolean).join('')}
              {r.whenDescription && (
                <span className="report-text" lang={r.language}>
                  {r.happenedOn ? ' · ' : ''}
                  {r.whenDescription}
                </span>
              )}
              {!r.happenedOn && !r.whenDescription && '—'}
            </Fact>
            <Fact label={t('reports.detail.people')}>{r.peopleCount ?? '—'}</Fact>
            <Fact label={t('reports.detail.age')}>{r.approxAge ?? '—'}</Fact>
            <Fact label={t('reports.detail.sex')}>{tr(`form.sex.${r.sexOfPeople}`)}</Fact>
            <Fact label={t('reports.detail.nationality')}>{nationality ?? '—'}</Fact>
            <Fact label={t('reports.detail.children')}>{yesNo(r.childrenInvolved, t)}</Fact>
            <Fact label={t('reports.detail.danger')}>{r.immediateDanger ? t('reports.detail.yes') : t('reports.detail.no')}</Fact>
            <Fact label={t('reports.detail.source')}>
              {t(`reports.source.${r.source}`)} · {tr(`form.channels.${r.channel}`)}
            </Fact>
            <Fact label={t('reports.detail.language')}>{reportLanguageName(r.language, lang)}</Fact>
          </dl>
        </SectionCard>
        <Stack>
          <SectionCard title={t('reports.detail.clocks')}>
            <dl className="facts">
              <Fact label={t('reports.detail.received')}>{formatDate(r.createdAt, lang)}</Fact>
              <Fact label={t('reports.detail.ackDue')}>
                <Clock due={r.ackDueAt} overdue={r.ackOverdue} doneAt={r.acknowledgedAt} />
              </Fact>
              <Fact label={t('reports.detail.actionDue')}>
                <Clock due={r.actionDueAt} overdue={r.actionOverdue} doneAt={r.actionedAt} />
              </Fact>
              <Fact label={t('reports.col.assigned')}>{assigneeLabel(r.assignedTo, names, me.user.id, t)}</Fact>
              {r.closedAt && <Fact label={t('reports.detail.closed')}>{formatDate(r.closedAt, lang)}</Fact>}
              {r.closeReason && <Fact label={t('reports.detail.closeReason')}>{t(`reports.closeReason.${r.closeReason}`)}</Fact>}
              {r.duplicateOf && (
                <Fact label={t('reports.detail.duplicateOf')}>
                  <AnchorLink to="/reports/$id" params={{ id: r.duplicateOf }}>
                    {r.duplicateOf.slice(0, 8)}
                  </AnchorLink>
                </Fact>
              )}
            </dl>
          </SectionCard>
          <ContactCard report={r} />
        </Stack>
      </SimpleGrid>

      {canTriage && isOpen && <ActionsCard report={r} onReload={onReload} />}
      {canTriage && isOpen && <DuplicatesCard report={r} onReload={onReload} />}
      <NotesCard report={r} />
    </Stack>
  );
}

function ContactCard({ report }: { report: ReportT }) {
  const { t } = useTranslation();
  const me = useMe();
  const [shown, setShown] = useState(false);
  const canIdentity = can(me, 'report.identity.read');
  // Fetched on demand, never cached (gcTime 0), never in a URL.
  const contact = useQuery({
    queryKey: ['reports', 'contact', report.id],
    queryFn: () => api<{ name: string | null; phone: string | null; line: string | null }>(`/api/v1/reports/${report.id}/contact`),
    enabled: shown,
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  return (
    <SectionCard title={t('reports.contact.title')}>
      {!report.hasContact ? (
        <Text size="sm">{t('reports.contact.none')}</Text>
      ) : !canIdentity ? (
        <Text size="sm">{t('reports.contact.hidden')}</Text>
      ) : !shown ? (
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('reports.contact.audited')}</Text>
          <Button variant="outline" onClick={() => setShown(true)}>
            {t('reports.contact.show')}
          </Button>
        </Stack>
      ) : (
        <Stack gap="xs">
          <Alert color="orange" variant="light">
            {t('reports.contact.audited')}
          </Alert>
          <QueryView query={contact}>
            <dl className="facts" data-testid="report-contact">
              <Fact label={t('reports.contact.name')}>{contact.data?.name || '—'}</Fact>
              <Fact label={t('reports.contact.phone')}>{contact.data?.phone || '—'}</Fact>
              <Fact label={t('reports.contact.line')}>{contact.data?.line || '—'}</Fact>
            </dl>
          </QueryView>
        </Stack>
      )}
    </SectionCard>
  );
}

/** POSTs an action with the report's version; the answer is the updated report. */
function useReportAction(report: ReportT) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: Record<string, unknown> }) =>
      api<ReportT>(`/api/v1/reports/${report.id}/${path}`, { method: 'POST', body: { version: report.version, ...body } }),
    onSuccess: async (updated) => {
      if (updated && typeof updated === 'object' && 'id' in updated) queryClient.setQueryData(reportKeys.detail(report.id), updated);
      else await queryClient.invalidateQueries({ queryKey: reportKeys.detail(report.id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: reportKeys.notes(report.id) }),
        queryClient.invalidateQueries({ queryKey: reportKeys.duplicates(report.id) }),
        queryClient.invalidateQueries({ queryKey: ['reports', 'list'] }),
        queryClient.invalidateQueries({ queryKey: reportKeys.overdue }),
      ]);
    },
  });
}

function isStale(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'STALE_VERSION';
}

/** The mutation's error; a stale version gets its own message and a reload button. */
function ActionError({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  if (isStale(error)) {
    return (
      <Alert color="orange" variant="light" role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('reports.actions.stale')}</Text>
          <Button size="xs" variant="default" onClick={onReload}>
            {t('reports.actions.reload')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

type Dialog = null | 'assign' | 'note' | 'close' | 'openCase';

function ActionsCard({ report, onReload }: { report: ReportT; onReload: () => void }) {
  const { t } = useTranslation();
  const action = useReportAction(report);
  const [dialog, setDialog] = useState<Dialog>(null);
  const closeDialog = () => {
    setDialog(null);
    action.reset();
  };
  return (
    <SectionCard title={t('reports.actions.title')}>
      <Group gap="sm">
        {!report.acknowledgedAt && (
          <Button onClick={() => action.mutate({ path: 'acknowledge' })} loading={action.isPending && action.variables?.path === 'acknowledge'}>
            {t('reports.actions.acknowledge')}
          </Button>
        )}
        <Button variant="default" onClick={() => setDialog('assign')}>
          {t('reports.actions.assign')}
        </Button>
        <Button variant="default" onClick={() => setDialog('note')}>
          {t('reports.actions.note')}
        </Button>
        <Button variant="default" onClick={() => setDialog('openCase')}>
          {t('reports.actions.openCase')}
        </Button>
        <Button variant="outline" color="red.9" onClick={() => setDialog('close')}>
          {t('reports.actions.close')}
        </Button>
      </Group>
      {dialog === null && action.isError && (
        <div style={{ marginTop: 12 }}>
          <ActionError error={action.error} onReload={onReload} />
        </div>
      )}
      <AppModal opened={dialog === 'assign'} onClose={closeDialog} title={t('reports.actions.assign')}>
        {dialog === 'assign' && <AssignForm report={report} action={action} onDone={closeDialog} onReload={onReload} />}
      </AppModal>
      <AppModal opened={dialog === 'note'} onClose={closeDialog} title={t('reports.actions.note')} size="lg">
        {dialog === 'note' && <NoteForm action={action} onDone={closeDialog} onReload={onReload} />}
      </AppModal>
      <AppModal opened={dialog === 'close'} onClose={closeDialog} title={t('reports.actions.close')} size="lg">
        {dialog === 'close' && <CloseForm action={action} onDone={closeDialog} onReload={onReload} />}
      </AppModal>
      <AppModal opened={dialog === 'openCase'} onClose={closeDialog} title={t('reports.actions.openCase')} size="lg">
        {dialog === 'openCase' && <OpenCaseForm action={action} onDone={closeDialog} onReload={onReload} />}
      </AppModal>
    </SectionCard>
  );
}

type Action = ReturnType<typeof useReportAction>;

function DialogForm({ action, onDone, onReload, confirmLabel, danger, body, children }: {
  action: Action;
  onDone: () => void;
  onReload: () => void;
  confirmLabel: string;
  danger?: boolean;
  body: () => { path: string; body?: Record<string, unknown> } | null;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const b = body();
        if (b) action.mutate(b, { onSuccess: onDone });
      }}
      noValidate
    >
      <Stack>
        {children}
        {action.isError && isStale(action.error) && <ActionError error={action.error} onReload={onReload} />}
        <DialogActions mutation={{ ...action, isError: action.isError && !isStale(action.error) }} onCancel={onDone} confirmLabel={confirmLabel} danger={danger} />
      </Stack>
    </form>
  );
}

function AssignForm({ report, action, onDone, onReload }: { report: ReportT; action: Action; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [userId, setUserId] = useState<string | null>('me');
  const assignees = useQuery({
    queryKey: reportKeys.assignees(report.id),
    queryFn: () => api<{ items: Assignee[] }>(`/api/v1/reports/${report.id}/assignees`),
  });
  const options = [
    { value: 'me', label: `${t('reports.actions.assignMe')} (${me.user.displayName})` },
    ...(assignees.data?.items ?? []).filter((a) => a.id !== me.user.id).map((a) => ({ value: a.id, label: a.displayName })),
  ];
  return (
    <DialogForm
      action={action}
      onDone={onDone}
      onReload={onReload}
      confirmLabel={t('reports.actions.assign')}
      body={() => ({ path: 'assign', body: userId && userId !== 'me' ? { userId } : {} })}
    >
      <Select label={t('reports.actions.assignee')} data={options} value={userId} onChange={setUserId} allowDeselect={false} searchable />
      {assignees.isError && <ErrorAlert error={assignees.error} />}
    </DialogForm>
  );
}

function NoteForm({ action, onDone, onReload }: { action: Action; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const { t: tr } = useTranslation('report');
  const [kind, setKind] = useState<'note' | 'info_request'>('note');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <DialogForm
      action={action}
      onDone={onDone}
      onReload={onReload}
      confirmLabel={t('common.save')}
      body={() => {
        if (!body.trim()) {
          setError(tr('form.validation.required'));
          return null;
        }
        return { path: 'notes', body: { kind, body: body.trim() } };
      }}
    >
      <Radio.Group label={t('reports.actions.note')} value={kind} onChange={(v) => setKind(v as 'note' | 'info_request')}>
        <Stack gap={6} mt={4}>
          <Radio value="note" label={t('reports.notes.kind.note')} />
          <Radio value="info_request" label={t('reports.actions.infoRequest')} />
        </Stack>
      </Radio.Group>
      <Textarea label={t('reports.actions.body')} required autosize minRows={3} maxLength={5000} value={body} error={error} onChange={(e) => { setBody(e.currentTarget.value); setError(null); }} />
    </DialogForm>
  );
}

function CloseForm({ action, onDone, onReload }: { action: Action; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const { t: tr } = useTranslation('report');
  const [reason, setReason] = useState<CloseReason | null>(null);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <DialogForm
      action={action}
      onDone={onDone}
      onReload={onReload}
      danger
      confirmLabel={t('reports.actions.close')}
      body={() => {
        if (!reason) {
          setError(tr('form.validation.required'));
          return null;
        }
        return { path: 'close', body: { reason, ...(body.trim() ? { body: body.trim() } : {}) } };
      }}
    >
      <Radio.Group label={t('reports.actions.closeReason')} required value={reason ?? ''} error={error} onChange={(v) => { setReason(v as CloseReason); setError(null); }}>
        <Stack gap={6} mt={4}>
          {closeReasons.map((c) => (
            <Radio key={c} value={c} label={t(`reports.closeReason.${c}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea label={t('reports.actions.bodyOptional')} autosize minRows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
    </DialogForm>
  );
}

function OpenCaseForm({ action, onDone, onReload }: { action: Action; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  return (
    <DialogForm
      action={action}
      onDone={onDone}
      onReload={onReload}
      confirmLabel={t('reports.actions.openCase')}
      body={() => ({ path: 'open-case', body: body.trim() ? { body: body.trim() } : {} })}
    >
      <Text size="sm">{t('reports.actions.openCaseIntro')}</Text>
      <Textarea label={t('reports.actions.bodyOptional')} autosize minRows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
    </DialogForm>
  );
}

function DuplicatesCard({ report, onReload }: { report: ReportT; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const action = useReportAction(report);
  const [confirming, setConfirming] = useState<DuplicateCandidateT | null>(null);
  const candidates = useQuery({
    queryKey: reportKeys.duplicates(report.id),
    queryFn: () => api<{ items: DuplicateCandidateT[] }>(`/api/v1/reports/${report.id}/duplicates`),
  });
  const dismiss = useMutation({
    mutationFn: (c: DuplicateCandidateT) => api<unknown>(`/api/v1/reports/${report.id}/duplicates/${c.candidateId}/dismiss`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.duplicates(report.id) }),
  });
  const items = (candidates.data?.items ?? []).filter((c) => c.status !== 'dismissed');
  return (
    <SectionCard title={t('reports.dup.title')} data-testid="duplicates">
      <QueryView query={candidates} isEmpty={items.length === 0} empty={t('reports.dup.empty')}>
        <Stack gap="sm">
          {items.map((c) => (
            <Paper key={c.candidateId} withBorder p="sm" data-testid="duplicate-candidate">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={4} style={{ flex: 1, minWidth: 240 }}>
                  <Group gap="xs">
                    <AnchorLink to="/reports/$id" params={{ id: c.candidateId }} fw={700}>
                      {c.reference}
                    </AnchorLink>
                    <Text size="sm" c="gray.7">
                      {formatDate(c.createdAt, i18n.language)}
                    </Text>
                    <StatusBadge tone="neutral" size="sm">
                      {t('reports.dup.score', { score: Math.round(c.score <= 1 ? c.score * 100 : c.score) })}
                    </StatusBadge>
                    {c.status === 'confirmed' && <StatusBadge tone="ok" size="sm">{t('reports.dup.status.confirmed')}</StatusBadge>}
                  </Group>
                  <Group gap={4}>
                    {c.reasons.map((reason) => (
                      <Badge key={reason} variant="light" color="blue" tt="none" size="sm">
                        {t(`reports.dup.reason.${reason}`)}
                      </Badge>
                    ))}
                  </Group>
                  <Text size="sm" className="report-text" lineClamp={3}>
                    {c.descriptionExcerpt}
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Button size="xs" onClick={() => setConfirming(c)} aria-label={`${t('reports.actions.markDuplicate')} ${c.reference}`}>
                    {t('reports.actions.markDuplicate')}
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    loading={dismiss.isPending && dismiss.variables?.candidateId === c.candidateId}
                    onClick={() => dismiss.mutate(c)}
                    aria-label={`${t('reports.actions.dismiss')} ${c.reference}`}
                  >
                    {t('reports.actions.dismiss')}
                  </Button>
                </Group>
              </Group>
            </Paper>
          ))}
          {dismiss.isError && <ErrorAlert error={dismiss.error} />}
        </Stack>
      </QueryView>
      <AppModal
        opened={confirming !== null}
        onClose={() => {
          setConfirming(null);
          action.reset();
        }}
        title={confirming ? t('reports.actions.markDuplicateOf', { reference: confirming.reference }) : ''}
      >
        {confirming && (
          <DialogForm
            action={action}
            onDone={() => {
              setConfirming(null);
              action.reset();
            }}
            onReload={onReload}
            confirmLabel={t('reports.actions.markDuplicate')}
            body={() => ({ path: 'duplicate', body: { duplicateOf: confirming.candidateId } })}
          >
            <Text size="sm">{t('reports.actions.markDuplicateConfirm', { reference: confirming.reference })}</Text>
          </DialogForm>
        )}
      </AppModal>
    </SectionCard>
  );
}

function NotesCard({ report }: { report: ReportT }) {
  const { t, i18n } = useTranslation();
  const notes = useQuery({
    queryKey: reportKeys.notes(report.id),
    queryFn: () => api<{ items: ReportNoteT[] }>(`/api/v1/reports/${report.id}/notes`),
  });
  const items = notes.data?.items ?? [];
  const kindLabel = (k: string) => (i18n.exists(`reports.notes.kind.${k}`) ? t(`reports.notes.kind.${k}`) : k);
  return (
    <SectionCard title={t('reports.notes.title')}>
      <QueryView query={notes} isEmpty={items.length === 0} empty={t('reports.notes.empty')}>
        <Timeline bulletSize={14} lineWidth={2}>
          {items.map((n) => (
            <Timeline.Item
              key={n.id}
              title={
                <Group gap="xs">
                  <Text fw={700} size="sm">
                    {kindLabel(n.kind)}
                  </Text>
                  <Text size="sm" c="gray.7">
                    {n.authorName ?? t('reports.notes.unknownAuthor')} · {formatDate(n.createdAt, i18n.language)}
                  </Text>
                </Group>
              }
            >
              <Text size="sm" className="report-text">
                {n.body}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </QueryView>
    </SectionCard>
  );
}
