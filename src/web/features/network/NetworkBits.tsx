import { Badge, Group, Stack, Text } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { ButtonLink } from '../../components/Links.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';
import { measures, services, useNames, type OrganisationService, type Rank } from './api.js';
import './network.css';

/** The three network pages, as links under each page's heading. */
export function NetworkNav() {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const links = [
    { to: '/network', label: t('network.nav.find') },
    { to: '/network/map', label: t('network.nav.map') },
    { to: '/network/coverage', label: t('network.nav.coverage') },
  ] as const;
  // A shelter or NGO keeps its own entry up to date: one click to it.
  const own = can(me, 'partner.self.manage') ? `/network/partners/${me.organisation.id}` : null;
  return (
    <Group component="nav" aria-label={t('network.nav.label')} gap="xs">
      {links.map((l) => {
        const current = pathname === l.to;
        return (
          <ButtonLink key={l.to} to={l.to} size="xs" variant={current ? 'filled' : 'default'} aria-current={current ? 'page' : undefined}>
            {l.label}
          </ButtonLink>
        );
      })}
      {own && (
        <ButtonLink
          to="/network/partners/$id"
          params={{ id: me.organisation.id }}
          size="xs"
          variant={pathname === own ? 'filled' : 'default'}
          aria-current={pathname === own ? 'page' : undefined}
        >
          {t('network.nav.own')}
        </ButtonLink>
      )}
    </Group>
  );
}

/** Styles for a button whose long label wraps on a phone instead of being cut off. */
export const wrappingButton = {
  root: { height: 'auto', minHeight: 'var(--button-height)', paddingBlock: 6 },
  label: { whiteSpace: 'normal' as const, lineHeight: 1.4 },
};

export function useServiceOptions() {
  const { t } = useTranslation();
  return services.map((s) => ({ value: s, label: t(`network.service.${s}`) }));
}

export function useMeasureOptions() {
  const { t } = useTranslation();
  return measures.map((m) => ({ value: m, label: t(`network.measure.${m}`) }));
}

const rankTone: Record<Rank, 'ok' | 'neutral' | 'warn'> = {
  same_district: 'ok',
  same_province: 'ok',
  neighbouring_province: 'warn',
  national: 'neutral',
  elsewhere: 'neutral',
};

export function RankBadge({ rank }: { rank: Rank }) {
  const { t } = useTranslation();
  return <StatusBadge tone={rankTone[rank]}>{t(`network.rank.${rank}`)}</StatusBadge>;
}

/** "Girls and women · aged 0–17 · any nationality · Thai, Burmese": who a service accepts. */
export function useAcceptsText() {
  const { t } = useTranslation();
  const names = useNames();
  return (s: OrganisationService) => {
    const sexes = s.acceptsSexes.length ? s.acceptsSexes.map((x) => t(`network.sex.${x}`)).join(', ') : t('network.accepts.anySex');
    const ages =
      s.minAge != null && s.maxAge != null
        ? t('network.accepts.ageRange', { min: s.minAge, max: s.maxAge })
        : s.minAge != null
          ? t('network.accepts.ageFrom', { min: s.minAge })
          : s.maxAge != null
            ? t('network.accepts.ageTo', { max: s.maxAge })
            : t('network.accepts.anyAge');
    const nats = s.nationalities.length ? s.nationalities.map(names.country).join(', ') : t('network.accepts.anyNationality');
    const langs = s.languages.length ? s.languages.map(names.language).join(', ') : null;
    return { sexes, ages, nats, langs };
  };
}

/** Free / total places and when they were last updated (พ.ศ. in Thai). */
export function Capacity({ service: s }: { service: OrganisationService }) {
  const { t, i18n } = useTranslation();
  if (s.capacityTotal == null && s.capacityFree == null) return null;
  const free = s.capacityFree ?? 0;
  return (
    <Group gap="xs" wrap="wrap">
      <StatusBadge tone={free > 0 ? 'ok' : 'bad'} size="lg">
        {s.capacityTotal != null
          ? t('network.capacity.freeOfTotal', { free: s.capacityFree ?? '—', total: s.capacityTotal })
          : t('network.capacity.free', { free: s.capacityFree ?? '—' })}
      </StatusBadge>
      <Text size="xs" c="gray.7">
        {s.capacityUpdatedAt ? t('network.capacity.updated', { time: formatDate(s.capacityUpdatedAt, i18n.language) }) : t('network.capacity.neverUpdated')}
      </Text>
    </Group>
  );
}

/** One service: its name, 24-hour badge, who it accepts, places and hours. */
export function ServiceSummary({ service: s, headingLevel }: { service: OrganisationService; headingLevel?: 'h3' | 'h4' }) {
  const { t } = useTranslation();
  const accepts = useAcceptsText()(s);
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text component={headingLevel ?? 'span'} fw={700} m={0} size="md">
          {t(`network.service.${s.service}`)}
        </Text>
        {s.available24h && (
          <Badge variant="light" color="blue" tt="none">
            {t('network.service24h')}
          </Badge>
        )}
        {s.acceptsDisability && (
          <Badge variant="light" color="gray" tt="none">
            {t('network.acceptsDisability')}
          </Badge>
        )}
      </Group>
      <Text size="sm">
        <Text span fw={700} size="sm">
          {t('network.accepts.label')}:
        </Text>{' '}
        {[accepts.sexes, accepts.ages, accepts.nats].join(' · ')}
      </Text>
      {accepts.langs && (
        <Text size="sm">
          <Text span fw={700} size="sm">
            {t('network.accepts.languages')}:
          </Text>{' '}
          {accepts.langs}
        </Text>
      )}
      {s.hours && (
        <Text size="sm">
          <Text span fw={700} size="sm">
            {t('network.hours')}:
          </Text>{' '}
          {s.hours}
        </Text>
      )}
      <Capacity service={s} />
      {s.notes && (
        <Text size="sm" c="gray.7" className="wrap-anywhere">
          {s.notes}
        </Text>
      )}
    </Stack>
  );
}
