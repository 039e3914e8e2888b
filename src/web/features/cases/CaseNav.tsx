import { Group } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { ButtonLink } from '../../components/Links.js';

/** The case pages (list, my tasks, referrals, the provincial overview) as links under each page's heading. */
export function CaseNav() {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const links = [
    { to: '/cases', label: t('cases.nav.list'), show: can(me, 'case.read') },
    { to: '/tasks', label: t('cases.nav.tasks'), show: can(me, 'case.read') },
    { to: '/referrals', label: t('cases.nav.referrals'), show: can(me, 'case.read') },
    { to: '/cases/overview', label: t('cases.nav.overview'), show: can(me, 'case.read') && me.scope !== 'organisation' && me.scope !== 'team' },
  ] as const;
  return (
    <Group component="nav" aria-label={t('cases.nav.label')} gap="xs">
      {links
        .filter((l) => l.show)
        .map((l) => {
          const current = pathname === l.to;
          return (
            <ButtonLink key={l.to} to={l.to} size="xs" variant={current ? 'filled' : 'default'} aria-current={current ? 'page' : undefined}>
              {l.label}
            </ButtonLink>
          );
        })}
    </Group>
  );
}
