import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './States.js';

/**
 * The foot of a dialog: the mutation's error, then Cancel and the main button on the right.
 * Without `onConfirm` the main button submits the surrounding form.
 */
export function DialogActions({ mutation, onCancel, onConfirm, confirmLabel, danger = false }: {
  mutation: { isError: boolean; error: unknown; isPending: boolean };
  onCancel: () => void;
  onConfirm?: () => void;
  /** Defaults to "Save". */
  confirmLabel?: ReactNode;
  /** A destructive action: the button is dark red. */
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {mutation.isError && <ErrorAlert error={mutation.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type={onConfirm ? 'button' : 'submit'} color={danger ? 'red.9' : undefined} loading={mutation.isPending} onClick={onConfirm}>
          {confirmLabel ?? t('common.save')}
        </Button>
      </Group>
    </>
  );
}
