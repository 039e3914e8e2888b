import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PublicStatus } from '../../../../contracts/report.js';
import { api, ApiError } from '../../../api/client.js';
import { publicI18n } from './publicI18n.js';

type Status = z.infer<typeof PublicStatus>;

/**
 * A reporter checks a report with its reference and PIN. The PIN goes to the API only (the contract's
 * `?pin=`), never into this page's address or the browser's storage.
 */
export function PublicStatusPage() {
  const { t } = useTranslation('report');
  const form = useForm({
    mode: 'controlled',
    initialValues: { reference: '', pin: '' },
    validate: {
      reference: (v) => (v.trim() ? null : publicI18n.t('form.validation.required', { ns: 'report' })),
      pin: (v) => (v.trim() ? null : publicI18n.t('form.validation.required', { ns: 'report' })),
    },
  });
  const check = useMutation({
    mutationFn: (v: { reference: string; pin: string }) =>
      // References are printed in capitals (R-XXXX-XXXX); people type them as they like.
      api<Status>(`/api/v1/public/reports/${encodeURIComponent(v.reference.replace(/\s+/g, '').toUpperCase())}`, {
        query: { pin: v.pin.replace(/\D+/g, '') },
        noAuthRedirect: true,
      }),
    // The PIN leaves the form once checked: it is not kept on screen or anywhere else.
    onSettled: () => form.setFieldValue('pin', ''),
  });
  const err = check.error;
  const errorText =
    // A malformed reference or PIN (400) is, for the reporter, also "no report matches".
    err instanceof ApiError && (err.status === 404 || err.status === 400)
      ? t('public.status.notFound')
      : err instanceof ApiError && err.status === 429
        ? t('public.status.tooMany')
        : err instanceof ApiError && err.code === 'NETWORK'
          ? t('public.errors.network')
          : t('public.errors.generic');

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('public.status.title')}
        </Title>
        <Text mt={4}>{t('public.status.intro')}</Text>
      </div>
      <Paper withBorder p="md" radius="md">
        <form onSubmit={form.onSubmit((v) => check.mutate(v))} noValidate autoComplete="off">
          <Stack>
            <TextInput label={t('public.status.reference')} required autoCapitalize="characters" spellCheck={false} autoComplete="off" {...form.getInputProps('reference')} />
            <TextInput label={t('public.status.pin')} required inputMode="numeric" spellCheck={false} autoComplete="off" {...form.getInputProps('pin')} />
            <Button type="submit" loading={check.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('public.status.check')}
            </Button>
          </Stack>
        </form>
      </Paper>
      <div aria-live="polite">
        {check.isSuccess && (
          <Alert color={check.data.status === 'closed' ? 'gray' : 'blue'} variant="light" title={t('public.status.result', { reference: check.data.reference })} data-testid="report-status">
            <Text fw={700} size="lg">
              {t(`public.status.${check.data.status}`)}
            </Text>
          </Alert>
        )}
        {check.isError && (
          <Alert color="red" variant="light" role="alert" data-testid="report-status-error">
            {errorText}
          </Alert>
        )}
      </div>
    </Stack>
  );
}
