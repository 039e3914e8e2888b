import './staffI18n.js';
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/Links.js';
import { reportLanguages, staffChannels } from '../../../contracts/report.js';
import { errorMessage } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { PageHeader } from '../../components/Page.js';
import { NoAccess } from '../../components/States.js';
import i18n from '../../i18n/index.js';
import { reportKeys, type StaffReportBody } from './api.js';
import { emptyReportValues, reportValidators, serverFieldErrors, toReportBody, type ReportFormValues } from './form.js';
import { clearDraft, enqueueReport, flushOutbox, loadDraft, resetOutbox, saveDraft, useOutboxState } from './outbox.js';
import { reportLanguageName } from './labels.js';
import { ReportFieldsForm } from './ReportFieldsForm.js';

type Channel = (typeof staffChannels)[number];
type Language = (typeof reportLanguages)[number];
interface StaffValues extends ReportFormValues {
  channel: Channel | null;
  language: Language;
}


function initialValues(roles: string[]): StaffValues {
  return {
    ...emptyReportValues(),
    channel: roles.includes('community_volunteer') ? 'volunteer' : roles.includes('investigator') ? 'police' : null,
    language: 'th',
  };
}

/** Staff intake: a report received by hotline, LINE, in person… Works offline (outbox.ts). */
export function StaffReportPage() {
  const { t, i18n: inst } = useTranslation();
  const { t: tr } = useTranslation('report');
  const me = useMe();
  const lang = inst.language;
  const userId = me.user.id;
  const outbox = useOutboxState();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<StaffValues>({
    mode: 'controlled',
    initialValues: initialValues(me.roles),
    validate: {
      ...reportValidators(i18n.getFixedT(null, 'report')),
      channel: (v) => (v ? null : i18n.t('form.validation.required', { ns: 'report' })),
    },
    onValuesChange: (values) => {
      if (draftTimer.current) clearTimeout(draftTimer.current);
      draftTimer.current = setTimeout(() => saveDraft(userId, values), 300);
    },
  });
  const draftTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The draft is decrypted after the form shows; what was typed meanwhile wins.
  useEffect(() => {
    let live = true;
    void loadDraft<Partial<StaffValues>>(userId).then((draft) => {
      if (live && draft && !form.isDirty()) form.setValues({ ...initialValues(me.roles), ...draft });
    });
    return () => {
      live = false;
    };
  }, [userId]);
  useEffect(
    () => () => {
      if (draftTimer.current) clearTimeout(draftTimer.current);
      // Leaving the page after a report was sent (or refused): the next visit starts a new one.
      resetOutbox();
    },
    [],
  );

  // A refused report: show the server's field errors next to the fields.
  useEffect(() => {
    if (outbox.status === 'refused') form.setErrors(serverFieldErrors(outbox.error.fields));
    if (outbox.status === 'sent') {
      if (draftTimer.current) clearTimeout(draftTimer.current);
      clearDraft(userId);
      void queryClient.invalidateQueries({ queryKey: reportKeys.all });
      // Officers go straight to the new report (its page shows the reference); others see "recorded".
      if (can(me, 'report.read')) void navigate({ to: '/reports/$id', params: { id: outbox.report.id } });
    }
  }, [outbox]);

  if (!can(me, 'report.create')) return <NoAccess />;

  function submit(v: StaffValues) {
    if (outbox.status === 'queued' || outbox.status === 'sending') return;
    const body: StaffReportBody = { ...toReportBody(v, v.language), channel: v.channel! };
    void enqueueReport(userId, body);
  }

  function startOver() {
    if (draftTimer.current) clearTimeout(draftTimer.current);
    clearDraft(userId);
    form.setValues(initialValues(me.roles));
    form.resetDirty();
    form.clearErrors();
    resetOutbox();
  }

  if (outbox.status === 'sent') {
    const r = outbox.report;
    return (
      <Stack>
        <PageHeader title={t('reports.newTitle')} />
        <Paper withBorder p="lg" data-testid="intake-sent">
          <Stack align="flex-start">
            <Title order={2} size="h3">
              {can(me, 'report.read') ? t('reports.intake.sent', { reference: r.reference }) : t('reports.intake.recorded')}
            </Title>
            {!can(me, 'report.read') && (
              <Text size="xl" fw={700} data-testid="intake-reference">
                {r.reference}
              </Text>
            )}
            <Group>
              {can(me, 'report.read') && (
                <ButtonLink to="/reports/$id" params={{ id: r.id }}>
                  {t('reports.intake.open')}
                </ButtonLink>
              )}
              <Button variant="default" onClick={startOver}>
                {t('reports.intake.another')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Stack>
    );
  }

  const waiting = outbox.status === 'queued' || outbox.status === 'sending';
  return (
    <Stack>
      <PageHeader title={t('reports.newTitle')} intro={t('reports.newIntro')} />
      <form onSubmit={form.onSubmit(submit)} noValidate autoComplete="off">
        <fieldset disabled={waiting} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <ReportFieldsForm
            form={form as unknown as UseFormReturnType<ReportFormValues>}
            source="staff"
            lead={
              <Paper withBorder p="md" radius="md">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label={tr('form.channel')}
                    required
                    allowDeselect={false}
                    data={staffChannels.map((c) => ({ value: c, label: tr(`form.channels.${c}`) }))}
                    {...form.getInputProps('channel')}
                  />
                  <Select
                    label={t('reports.intake.language')}
                    allowDeselect={false}
                    data={reportLanguages.map((l) => ({ value: l, label: reportLanguageName(l, lang) }))}
                    {...form.getInputProps('language')}
                  />
                </SimpleGrid>
              </Paper>
            }
          />
        </fieldset>
        <Stack mt="md">
          <div aria-live="polite">
            {waiting && (
              <Alert color="orange" variant="light" title={outbox.status === 'sending' ? t('reports.intake.sending') : t('reports.intake.queued')} data-testid="intake-waiting">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{t('reports.intake.queuedHelp')}</Text>
                  {outbox.status === 'queued' && (
                    <Button size="xs" variant="default" onClick={() => void flushOutbox(userId)}>
                      {t('reports.intake.sendNow')}
                    </Button>
                  )}
                </Stack>
              </Alert>
            )}
          </div>
          {outbox.status === 'refused' && (
            <Alert color="red" variant="light" role="alert" title={t('reports.intake.refused')}>
              {errorMessage(outbox.error, lang, { th: t('common.errorGeneric', { lng: 'th' }), en: t('common.errorGeneric', { lng: 'en' }) })}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            {t('reports.intake.draftKept')}
          </Text>
          <Group justify="space-between">
            <Button variant="default" onClick={startOver} disabled={waiting}>
              {t('reports.intake.clear')}
            </Button>
            <Button type="submit" loading={outbox.status === 'sending'} disabled={waiting}>
              {t('reports.intake.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
