import { TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * State of a 6-digit code form: `submit` passes a well-formed code to `onValid`, or shows the error
 * under the field. Spread `inputProps` into {@link MfaCodeInput}.
 */
export function useMfaCode(onValid: (code: string) => void) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setError(t('auth.codeInvalid'));
      return;
    }
    setError(undefined);
    onValid(code);
  }
  return { submit, setCode, inputProps: { value: code, onChange: setCode, error } };
}

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
