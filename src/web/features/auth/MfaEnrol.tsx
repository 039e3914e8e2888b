import { Alert, Button, Code, Group, Image, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Loading } from '../../components/States.js';
import { confirmMfaEnrolment, startMfaEnrolment } from './api.js';
import { MfaCodeInput, useMfaCode } from './MfaCodeInput.js';

/** Enrols an authenticator app: shows the QR code and secret, then confirms with a first code. */
export function MfaEnrol({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const start = useMutation({ mutationFn: startMfaEnrolment });
  const confirm = useMutation({ mutationFn: confirmMfaEnrolment, onSuccess: () => onDone() });
  const mfa = useMfaCode((code) => confirm.mutate(code));
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start]);

  if (start.isPending || start.isIdle) return <Loading />;
  if (start.isError) return <ErrorAlert error={start.error} onRetry={() => start.mutate()} />;
  const data = start.data;

  return (
    <form onSubmit={mfa.submit} noValidate>
      <Stack>
        <Text>{t('mfa.enrolIntro')}</Text>
        <Image src={data.qrDataUrl} alt={t('mfa.qrAlt')} w={200} h={200} fit="contain" />
        <div>
          <Text size="sm" fw={700} id="mfa-secret-label">
            {t('mfa.secretLabel')}
          </Text>
          <Code block aria-labelledby="mfa-secret-label" data-testid="mfa-secret">
            {data.secret}
          </Code>
        </div>
        <MfaCodeInput {...mfa.inputProps} />
        {confirm.isError && <ErrorAlert error={confirm.error} />}
        <Group>
          <Button type="submit" loading={confirm.isPending}>
            {t('mfa.confirm')}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
        <Alert variant="light" color="blue">
          {t('mfa.keepSafe')}
        </Alert>
      </Stack>
    </form>
  );
}
