import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A filled badge whose label never collapses to "AC…" in a narrow table column.
 * Colours are the 9th shades, which keep white text above 4.5:1.
 */
export function StatusBadge({ tone, children, ...rest }: { tone: 'ok' | 'bad' | 'neutral' | 'warn'; children: React.ReactNode } & Omit<BadgeProps, 'color'>) {
  const color = tone === 'ok' ? 'teal.9' : tone === 'bad' ? 'red.9' : tone === 'warn' ? 'pink.9' : 'gray.7';
  return (
    <Badge variant="filled" color={color} tt="none" styles={{ root: { flexShrink: 0, maxWidth: 'none' }, label: { overflow: 'visible' } }} {...rest}>
      {children}
    </Badge>
  );
}

/** "Active" in teal or "Inactive" in grey. */
export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <StatusBadge tone={active ? 'ok' : 'neutral'}>{active ? t('common.active') : t('common.inactive')}</StatusBadge>;
}
