import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function MfaCodeInput({ value, onChange, error, autoFocus }: {
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('auth.code')}
      description={t('auth.codeHelp')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      required
      error={error}
      autoFocus={autoFocus}
      name="code"
    />
  );
}
