import { Card, Group, Text, TextInput, Title, type CardProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A page's h1 with `action` (a button) at its right and an optional line of explanation below.
 * Pages whose button depends on a permission pass `can && <Button/>`: the row stays the same without it.
 */
export function PageHeader({ title, action, intro }: { title: ReactNode; action?: ReactNode; intro?: ReactNode }) {
  const heading = (
    <Title order={1} size="h2">
      {title}
    </Title>
  );
  return (
    <>
      {action !== undefined ? (
        <Group justify="space-between">
          {heading}
          {action}
        </Group>
      ) : (
        heading
      )}
      {intro && (
        <Text size="sm" c="gray.7">
          {intro}
        </Text>
      )}
    </>
  );
}

/** The filter row above a list: a search field, then the other filters given as children. */
export function SearchBar({ value, onChange, placeholder, children }: { value: string; onChange: (value: string) => void; placeholder: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" role="search" aria-label={t('common.filters')}>
      <TextInput label={t('common.search')} placeholder={placeholder} value={value} onChange={(e) => onChange(e.currentTarget.value)} w={{ base: '100%', sm: 280 }} />
      {children}
    </Group>
  );
}

/** A bordered card with an h2; `action` sits at the right of the heading. */
export function SectionCard({ title, action, children, ...rest }: { title: ReactNode; action?: ReactNode; children: ReactNode } & Omit<CardProps, 'title'>) {
  return (
    <Card withBorder padding="lg" {...rest}>
      {action ? (
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            {title}
          </Title>
          {action}
        </Group>
      ) : (
        <Title order={2} size="h4" mb="sm">
          {title}
        </Title>
      )}
      {children}
    </Card>
  );
}

/** One term and its value inside a `<dl className="facts">`. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ marginBottom: '0.5rem' }}>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" m={0} className="wrap-anywhere">
        {children}
      </Text>
    </div>
  );
}
