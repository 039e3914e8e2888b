import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink, ButtonLink } from '../../../components/Links.js';
import type { z } from 'zod';
import type { PublicReportCreate, PublicReportCreated } from '../../../../contracts/report.js';
import { api, ApiError } from '../../../api/client.js';
import { useChallenge } from '../challenge.js';
import { emptyReportValues, reportValidators, serverFieldErrors, toReportBody, type ReportFormValues } from '../form.js';
import { ReportFieldsForm } from '../ReportFieldsForm.js';
import { currentPublicLanguage, publicI18n } from './publicI18n.js';

type Body = z.input<typeof PublicReportCreate>;
type Created = z.infer<typeof PublicReportCreated>;
type Values = ReportFormValues & { website: string };

/** One filled-in report on its way: the same key and the same body on every retry, so it is recorded once. */
interface Pending {
  key: string;
  /** The fields without the challenge: an unchanged form after a lost connection reuses this send. */
  fieldsJson: string;
  body: Body;
}

type Phase = 'idle' | 'preparing' | 'sending' | 'retrying' | 'network';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A message for a refused report, in the page language (the server's English for languages it lacks). */
function refusalMessage(err: unknown, lang: string, t: (k: string) => string): string {
  if (err instanceof ApiError) {
    if (err.status === 429) return t(err.code === 'RATE_LIMITED' ? 'public.errors.RATE_LIMITED' : 'public.errors.REPORTS_LIMITED');
    if (err.code === 'NETWORK') return t('public.errors.network');
    const known = `public.errors.${err.code}`;
    if (publicI18n.exists(known, { ns: 'report' })) return t(known);
    const text = lang === 'th' ? err.messageTh || err.message : err.message;
    if (text && err.code !== 'BAD_RESPONSE') return text;
  }
  return t('public.errors.generic');
}

export function PublicReportPage() {
  const { t } = useTranslation('report');
  const lang = currentPublicLanguage();
  const challenge = useChallenge();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { ...emptyReportValues(), website: '' },
    // A t that reads the current language when it runs, so messages follow the language switch.
    validate: reportValidators(publicI18n.getFixedT(null, 'report')),
  });
  const pending = useRef<Pending | null>(null);
  const busy = useRef(false);
  const [phase, setPhase] = useState<Phase>('idle');
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (created) doneHeading.current?.focus();
  }, [created]);

  async function send(p: Pending, retryChallenge: boolean): Promise<void> {
    for (let i = 0; i < 3; i++) {
      setPhase(i === 0 ? 'sending' : 'retrying');
      setAttempt(i);
      try {
        const res = await api<Created>('/api/v1/public/reports', {
          method: 'POST',
          body: p.body,
          headers: { 'Idempotency-Key': p.key },
          noAuthRedirect: true,
        });
        pending.current = null;
        form.reset();
        setCreated(res);
        setPhase('idle');
        return;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'NETWORK') {
          if (i < 2) await sleep(1500 * (i + 1));
          continue;
        }
        // Refused: nothing was recorded. The next send is a new one, with a fresh challenge.
        pending.current = null;
        challenge.renew();
        if (retryChallenge && err instanceof ApiError && err.code.startsWith('CHALLENGE_')) {
          await submit(form.getValues(), false);
          return;
        }
        if (err instanceof ApiError && err.fields.length) form.setErrors(serverFieldErrors(err.fields));
        setError(refusalMessage(err, lang, t));
        setPhase('idle');
        return;
      }
    }
    // Still no connection: keep the same key and body for "Send again".
    setPhase('network');
  }

  async function submit(values: Values, retryChallenge = true): Promise<void> {
    setError(null);
    const fields: Omit<Body, 'challenge'> = toReportBody(values, lang);
    if (values.website) fields.website = values.website;
    const fieldsJson = JSON.stringify(fields);
    let p = pending.current;
    if (!p || p.fieldsJson !== fieldsJson) {
      setPhase('preparing');
      let solved;
      try {
        solved = await challenge.ensure();
      } catch (err) {
        setError(refusalMessage(err, lang, t));
        setPhase('idle');
        return;
      }
      p = { key: crypto.randomUUID(), fieldsJson, body: { ...fields, challenge: { token: solved.token, counter: solved.counter } } };
      pending.current = p;
    }
    await send(p, retryChallenge);
  }

  async function onSubmit(values: Values) {
    if (busy.current) return;
    busy.current = true;
    try {
      await submit(values);
    } finally {
      busy.current = false;
    }
  }

  if (created) {
    return (
      <Paper withBorder p="lg" radius="md" data-testid="report-created">
        <Stack>
          <Title order={1} size="h2" ref={doneHeading} tabIndex={-1}>
            {t('public.done.title')}
          </Title>
          <Group gap="xl" align="flex-start">
            <div>
              <Text fw={700}>{t('public.done.reference')}</Text>
              <Text className="report-code" data-testid="report-reference" lang="en">
                {created.reference}
              </Text>
            </div>
            <div>
              <Text fw={700}>{t('public.done.pin')}</Text>
              <Text className="report-code" data-testid="report-pin" lang="en">
                {created.pin}
              </Text>
            </div>
          </Group>
          <Alert color="orange" variant="light" title={t('public.done.writeDown')}>
            {t('public.done.pinOnce')}
          </Alert>
          <Group>
            <ButtonLink to="/report/status">
              {t('public.done.statusLink')}
            </ButtonLink>
            <Button
              variant="default"
              onClick={() => {
                setCreated(null);
                challenge.renew();
              }}
            >
              {t('public.done.another')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  const working = phase === 'preparing' || phase === 'sending' || phase === 'retrying';
  return (
    <form onSubmit={form.onSubmit((v) => void onSubmit(v))} noValidate autoComplete="off">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            {t('public.title')}
          </Title>
          <Text mt={4}>{t('public.intro')}</Text>
        </div>
        <ReportFieldsForm form={form as unknown as UseFormReturnType<ReportFormValues>} source="public" />
        {/* Honeypot: hidden from people and assistive technology; only scripts fill it in. */}
        <div className="report-hp" aria-hidden="true">
          <label htmlFor="report-website">{t('public.honeypot')}</label>
          <input id="report-website" name="website" type="text" tabIndex={-1} autoComplete="off" {...form.getInputProps('website')} />
        </div>
        <div aria-live="polite">
          {phase === 'preparing' && (
            <Stack gap={4}>
              <Text size="sm">{t('public.preparing', { percent: challenge.percent ?? 0 })}</Text>
              <Progress value={challenge.percent ?? 0} aria-label={t('public.preparing', { percent: challenge.percent ?? 0 })} />
            </Stack>
          )}
          {phase === 'retrying' && <Text size="sm">{t('public.retrying', { attempt })}</Text>}
        </div>
        {phase === 'network' && (
          <Alert color="orange" variant="light" role="alert">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('public.networkFailed')}</Text>
              <Button
                variant="default"
                onClick={() => {
                  const p = pending.current;
                  if (p && !busy.current) {
                    busy.current = true;
                    void send(p, true).finally(() => (busy.current = false));
                  }
                }}
              >
                {t('public.sendAgain')}
              </Button>
            </Stack>
          </Alert>
        )}
        {error && (
          <Alert color="red" variant="light" role="alert" data-testid="report-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" size="lg" loading={working} loaderProps={{ type: 'dots' }}>
            {phase === 'sending' ? t('public.sending') : t('public.send')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          <AnchorLink to="/report/status">
            {t('public.navStatus')}
          </AnchorLink>
        </Text>
      </Stack>
    </form>
  );
}
