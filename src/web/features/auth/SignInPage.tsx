import { Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginResponseT } from '../../api/types.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { ButtonLink } from '../../components/Links.js';
import { ErrorAlert } from '../../components/States.js';
import { login, verifyMfa } from './api.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { MfaCodeInput, useMfaCode } from './MfaCodeInput.js';
import { MfaEnrol } from './MfaEnrol.js';

type Step = 'credentials' | 'mfa' | 'enrol' | 'password';

/** The steps still owed after a sign-in answer, in order: second factor first, then a new password. */
function stepsAfter(res: Partial<LoginResponseT> | undefined): Step[] {
  const steps: Step[] = [];
  if (res?.mfaRequired) steps.push('mfa');
  else if (res?.mfaEnrolmentRequired) steps.push('enrol');
  if (res?.passwordChangeRequired) steps.push('password');
  return steps;
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [steps, setSteps] = useState<Step[]>(['credentials']);
  const step = steps[0] ?? 'credentials';
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  async function finishStep(next?: Step[]) {
    const rest = next ?? steps.slice(1);
    if (rest.length > 0) {
      setSteps(rest);
      return;
    }
    queryClient.clear();
    await navigate({ to: '/' });
  }

  const titles: Record<Step, string> = {
    credentials: t('auth.signInTitle'),
    mfa: t('auth.mfaTitle'),
    enrol: t('mfa.enrolTitle'),
    password: t('auth.passwordChangeTitle'),
  };

  return (
    <Box mih="100vh" bg="gray.0" component="main">
      <Group justify="space-between" p="md">
        <Text fw={700} size="lg" c="blue.9">
          ภาคี Phakhi
        </Text>
        <LanguageSwitch />
      </Group>
      <Center px="md" pb="xl">
        <Stack w="100%" maw={440} gap="md">
        {/* The public report page: for anyone, no account needed. */}
        <Paper withBorder p="md" radius="md" style={{ borderColor: 'var(--mantine-color-red-9)', borderWidth: 2 }}>
          <Stack gap={6}>
            <ButtonLink to="/report" color="red.9" size="md" fullWidth data-testid="report-link" styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }} h="auto" py={8}>
              <span lang="th">แจ้งเบาะแสการค้ามนุษย์</span>&nbsp;/&nbsp;<span lang="en">Report trafficking</span>
            </ButtonLink>
            <Text size="xs" c="gray.7" ta="center">
              {t('auth.reportLinkHelp')}
            </Text>
          </Stack>
        </Paper>
        <Paper withBorder shadow="sm" p="lg" radius="md" w="100%">
          <Stack>
            <div>
              <Title order={1} size="h3" ref={heading} tabIndex={-1}>
                {titles[step]}
              </Title>
              {step === 'credentials' && (
                <Text size="sm" c="dimmed" mt={4}>
                  {t('auth.signInSubtitle')}
                </Text>
              )}
            </div>
            {step === 'credentials' && <CredentialsStep onSuccess={(res) => void finishStep(stepsAfter(res))} />}
            {step === 'mfa' && <MfaStep onSuccess={(res) => void finishStep(mergeSteps(steps.slice(1), res))} />}
            {step === 'enrol' && (
              <>
                <Text size="sm">{t('auth.enrolRequired')}</Text>
                <MfaEnrol onDone={() => void finishStep()} />
              </>
            )}
            {step === 'password' && (
              <>
                <Text size="sm">{t('auth.passwordChangeRequired')}</Text>
                <ChangePasswordForm onDone={() => void finishStep()} />
              </>
            )}
          </Stack>
        </Paper>
        </Stack>
      </Center>
    </Box>
  );
}

/** The second-factor answer may itself ask for a password change; merge without duplicates. */
function mergeSteps(rest: Step[], res: Partial<LoginResponseT> | undefined): Step[] {
  const out = [...rest];
  if (res?.passwordChangeRequired && !out.includes('password')) out.push('password');
  return out;
}

function CredentialsStep({ onSuccess }: { onSuccess: (res: LoginResponseT) => void }) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: { username: string; password: string }) => login(v.username.trim(), v.password),
    onSuccess,
    onError: () => form.setFieldValue('password', ''),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('auth.username')} autoComplete="username" required autoCapitalize="none" spellCheck={false} {...form.getInputProps('username')} />
        <PasswordInput label={t('auth.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
        {mutation.isError && <ErrorAlert error={mutation.error} title={t('auth.signInFailed')} />}
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('auth.signIn')}
        </Button>
      </Stack>
    </form>
  );
}

function MfaStep({ onSuccess }: { onSuccess: (res: Partial<LoginResponseT> | undefined) => void }) {
  const { t } = useTranslation();
  const mfa = useMfaCode((code) => mutation.mutate(code));
  const mutation = useMutation({ mutationFn: verifyMfa, onSuccess, onError: () => mfa.setCode('') });
  return (
    <form onSubmit={mfa.submit} noValidate>
      <Stack>
        <Text size="sm">{t('auth.mfaIntro')}</Text>
        <MfaCodeInput {...mfa.inputProps} autoFocus />
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('auth.verify')}
        </Button>
      </Stack>
    </form>
  );
}
