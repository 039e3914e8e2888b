import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.js';
import { ErrorAlert } from '../../components/States.js';
import { changePassword } from './api.js';

export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('validation.required')),
      newPassword: (v, values) =>
        v.length < 12 ? t('validation.passwordLength') : v === values.currentPassword ? t('validation.passwordSame') : null,
      confirm: (v, values) => (v === values.newPassword ? null : t('validation.passwordMismatch')),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      form.reset();
      onDone();
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });

  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword }))} noValidate>
      <Stack>
        <PasswordInput label={t('password.current')} autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <PasswordInput
          label={t('password.new')}
          description={t('password.rules')}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput label={t('password.confirm')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
