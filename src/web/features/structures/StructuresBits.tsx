import { Badge, Group, Select, Text, Title, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useRouterState } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ListPage, Organisation } from '../../api/types.js';
import { ButtonLink } from '../../components/Links.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { pick } from '../../lib/labels.js';
import { useNames } from '../network/api.js';
import type { ActionItem, OrgRef } from './api.js';
import './structures.css';

const sections = [
  { to: '/structures', key: 'committees' },
  { to: '/structures/teams', key: 'teams' },
  { to: '/structures/border-centres', key: 'borderCentres' },
  { to: '/structures/subdistrict-centres', key: 'subdistrictCentres' },
  { to: '/structures/volunteers', key: 'volunteers' },
] as const;

/** The structures pages, as links under each page's heading; the section of the current page is marked. */
export function StructuresNav() {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  // Committee and meeting pages belong to "committees"; a team's page to "teams", and so on.
  const current = pathname.startsWith('/structures/teams')
    ? '/structures/teams'
    : pathname.startsWith('/structures/border-centres')
      ? '/structures/border-centres'
      : pathname.startsWith('/structures/subdistrict-centres')
        ? '/structures/subdistrict-centres'
        : pathname.startsWith('/structures/volunteers')
          ? '/structures/volunteers'
          : '/structures';
  return (
    <Group component="nav" aria-label={t('structures.nav.label')} gap="xs">
      {sections.map((s) => {
        const here = current === s.to;
        // Only the page itself is "the current page"; a committee page still highlights its section.
        const exact = pathname === s.to;
        return (
          <ButtonLink key={s.to} to={s.to} size="xs" variant={here ? 'filled' : 'default'} aria-current={exact ? 'page' : here ? 'true' : undefined}>
            {t(`structures.nav.${s.key}`)}
          </ButtonLink>
        );
      })}
    </Group>
  );
}

/** A page's h1 in the UI language with the other language's name below it. */
export function TwoNames({ th, en, children }: { th: string; en: string | null; children?: ReactNode }) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const other = pick(lang, en, th);
  const main = pick(lang, th, en);
  return (
    <div>
      <Title order={1} size="h2" className="wrap-anywhere">
        {main}
      </Title>
      {other && other !== main && (
        <Text c="gray.7" className="wrap-anywhere" lang={lang.startsWith('th') ? 'en' : 'th'}>
          {other}
        </Text>
      )}
      {children && (
        <Group gap="xs" mt={6}>
          {children}
        </Group>
      )}
    </div>
  );
}

export function orgName(o: OrgRef | null | undefined, lang: string): string {
  return o ? pick(lang, o.nameTh, o.nameEn) : '—';
}

export function LightBadge({ children, color = 'blue' }: { children: ReactNode; color?: string }) {
  return (
    <Badge variant="light" color={color} tt="none" style={{ height: 'auto', whiteSpace: 'normal' }}>
      {children}
    </Badge>
  );
}

const statusTone = { open: 'neutral', in_progress: 'warn', done: 'ok', cancelled: 'neutral' } as const;

/** The action item's status and, when past due and not finished, how overdue it is. */
export function ActionStatusBadges({ item, daysOverdue }: { item: ActionItem; daysOverdue?: number }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <StatusBadge tone={statusTone[item.status]}>{t(`structures.actionStatus.${item.status}`)}</StatusBadge>
      {item.overdue && <StatusBadge tone="bad">{daysOverdue ? t('structures.action.overdueDays', { count: daysOverdue }) : t('structures.action.overdue')}</StatusBadge>}
    </Group>
  );
}

export function useProvinceOptions() {
  const names = useNames();
  return (names.provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(names.lang, p.nameTh, p.nameEn) }));
}

/**
 * A province picker (searchable): a filter, "all provinces" when empty; or, `required`, a form's field.
 * Other Select props (error, disabled, description, w …) pass through.
 */
export function ProvinceFilter({ value, onChange, label, required, ...rest }: {
  value?: string | null;
  onChange: (v: string | null) => void;
  label?: string;
  required?: boolean;
} & Omit<SelectProps, 'data' | 'value' | 'onChange' | 'label' | 'required'>) {
  const { t } = useTranslation();
  const options = useProvinceOptions();
  return (
    <Select
      label={label ?? t('structures.province')}
      placeholder={required ? undefined : t('structures.allProvinces')}
      data={options}
      value={value ?? null}
      onChange={onChange}
      searchable
      clearable={!required}
      required={required}
      w={{ base: '100%', sm: 240 }}
      {...rest}
    />
  );
}

/**
 * An organisation picker that asks the server (organisations are too many to load at once): the
 * province's organisations first, any organisation by name (Thai or English) once typed.
 */
export function OrgSelect({ label, value, onChange, initial, provinceCode, required, error, description }: {
  label: string;
  value?: string | null;
  onChange: (id: string | null) => void;
  /** The organisation already chosen, so its name shows before any search. */
  initial?: OrgRef | null;
  provinceCode?: string | null;
  required?: boolean;
  error?: ReactNode;
  description?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(initial ? { value: initial.id, label: pick(lang, initial.nameTh, initial.nameEn) } : null);
  // Typing the chosen name back (Mantine fills the box with it) is not a new search.
  const typed = picked && search === picked.label ? '' : search.trim();
  const [q] = useDebouncedValue(typed, 250);
  const found = useQuery({
    queryKey: ['organisations', 'pick', q, q ? null : provinceCode ?? null],
    queryFn: () => api<ListPage<Organisation>>('/api/v1/organisations', { query: { q: q || undefined, provinceCode: q ? undefined : provinceCode ?? undefined, limit: 50 } }),
    staleTime: 60_000,
  });
  const options = (found.data?.items ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: pick(lang, o.nameTh, o.nameEn) }));
  if (picked && !options.some((o) => o.value === picked.value)) options.unshift(picked);
  return (
    <Select
      label={label}
      description={description}
      required={required}
      error={error}
      data={options}
      value={value ?? null}
      searchable
      clearable={!required}
      searchValue={search}
      onSearchChange={setSearch}
      // The server has already filtered by the text typed.
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isFetching ? t('common.loading') : t('structures.noOrganisation')}
      onChange={(v, option) => {
        setPicked(v ? { value: v, label: option?.label ?? v } : null);
        onChange(v);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
