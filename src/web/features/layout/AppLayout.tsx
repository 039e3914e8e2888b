import { AppShell, Burger, Button, Group, NavLink, Paper, ScrollArea, Stack, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../contracts/access.js';
import { can, useMe } from '../../api/queries.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { pick } from '../../lib/labels.js';
import { useReportOutbox } from '../reports/outbox.js';
import { NotificationsBell } from '../cases/Notifications.js';
import { logout } from '../auth/api.js';
import { ChangePasswordForm } from '../auth/ChangePasswordForm.js';
import { MfaEnrol } from '../auth/MfaEnrol.js';

export interface NavItem {
  to: '/' | '/organisations' | '/users' | '/tokens' | '/audit' | '/persons' | '/reports' | '/reports/new' | '/network' | '/structures' | '/cases' | '/tasks' | '/referrals' | '/account' | '/screening-indicators' | '/stats' | '/exchange';
  labelKey: string;
  /** Shown to holders of this permission (of any of these, for a list). */
  permission?: Permission | readonly Permission[];
  /** The home page's line about the item (`home.describe.<key>`); defaults to the path. */
  describeKey?: string;
}

export const navItems: NavItem[] = [
  { to: '/', labelKey: 'nav.home' },
  { to: '/network', labelKey: 'network.nav.main', permission: 'network.read', describeKey: 'network' },
  { to: '/structures', labelKey: 'structures.nav.main', permission: 'network.read', describeKey: 'structures' },
  { to: '/reports', labelKey: 'nav.reports', permission: 'report.read' },
  { to: '/reports/new', labelKey: 'nav.reportNew', permission: 'report.create', describeKey: 'reportNew' },
  { to: '/cases', labelKey: 'cases.nav.main', permission: 'case.read', describeKey: 'cases' },
  { to: '/tasks', labelKey: 'cases.nav.tasks', permission: 'case.read', describeKey: 'tasks' },
  { to: '/referrals', labelKey: 'cases.nav.referrals', permission: 'referral.accept', describeKey: 'referrals' },
  { to: '/stats', labelKey: 'stats.nav.main', permission: 'stats.read', describeKey: 'stats' },
  { to: '/exchange', labelKey: 'exchange.nav.main', permission: ['exchange.read', 'exchange.write'], describeKey: 'exchange' },
  { to: '/organisations', labelKey: 'nav.organisations', permission: 'organisation.read' },
  { to: '/users', labelKey: 'nav.users', permission: 'user.read' },
  { to: '/tokens', labelKey: 'nav.tokens', permission: 'token.manage' },
  { to: '/audit', labelKey: 'nav.audit', permission: 'audit.read' },
  { to: '/screening-indicators', labelKey: 'cases.nav.checklist', permission: 'reference.manage' },
  { to: '/persons', labelKey: 'nav.persons', permission: 'person.read' },
  { to: '/account', labelKey: 'nav.account' },
];

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const signOut = useMutation({
    mutationFn: logout,
    onSettled: async () => {
      queryClient.clear();
      await navigate({ to: '/sign-in' });
    },
  });
  const orgName = pick(i18n.language, me.organisation.nameTh, me.organisation.nameEn);
  const items = navItems.filter((i) => !i.permission || can(me, i.permission));
  // The most specific item whose path starts the current one is the active one (/reports/new, not /reports).
  const activeTo = items
    .filter((i) => (i.to === '/' ? pathname === '/' : pathname === i.to || pathname.startsWith(`${i.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;
  // A report recorded while offline is sent from here whichever page is open.
  useReportOutbox(can(me, 'report.create') ? me.user.id : null);

  // A user who must change the password or enrol a second factor does that before anything else.
  const gate = me.signInStage === 'password_change' ? 'password' : me.signInStage === 'mfa_enrolment' ? 'mfa' : null;
  const refreshMe = () => void queryClient.invalidateQueries({ queryKey: ['me'] });

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} aria-expanded={opened} aria-controls="app-navbar" />
            <UnstyledButton onClick={() => void navigate({ to: '/' })}>
              <Text fw={700} size="lg" c="blue.9" style={{ whiteSpace: 'nowrap' }}>
                ภาคี Phakhi
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Stack gap={0} visibleFrom="md" align="flex-end" data-testid="header-user">
              <Text size="sm" fw={700} lh={1.3}>
                {me.user.displayName}
              </Text>
              <Text size="xs" c="gray.7" lh={1.3}>
                {orgName}
              </Text>
            </Stack>
            <NotificationsBell />
            <LanguageSwitch />
            <Button size="xs" variant="default" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" id="app-navbar" aria-label={t('nav.label')} component="nav">
        <Paper withBorder p="xs" mb="sm" hiddenFrom="md" bg="gray.0">
          <Text size="sm" fw={700}>
            {me.user.displayName}
          </Text>
          <Text size="xs" c="gray.7">
            {orgName}
          </Text>
        </Paper>
        <ScrollArea type="never">
          {items.map((item) => {
            const active = item.to === activeTo;
            return (
              <NavLink
                key={item.to}
                href={item.to}
                label={t(item.labelKey)}
                active={active}
                variant="filled"
                aria-current={active ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  close();
                  void navigate({ to: item.to });
                }}
              />
            );
          })}
        </ScrollArea>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        {gate === 'password' ? (
          <GatePanel title={t('auth.passwordChangeTitle')} text={t('auth.passwordChangeRequired')}>
            <ChangePasswordForm onDone={refreshMe} />
          </GatePanel>
        ) : gate === 'mfa' ? (
          <GatePanel title={t('mfa.enrolTitle')} text={t('auth.enrolRequired')}>
            <MfaEnrol onDone={refreshMe} />
          </GatePanel>
        ) : (
          <Outlet />
        )}
        <VisuallyHidden>
          <span aria-live="polite">{signOut.isPending ? t('nav.signingOut') : ''}</span>
        </VisuallyHidden>
      </AppShell.Main>
    </AppShell>
  );
}

/** A step the user must finish before the app opens (new password, second factor). */
function GatePanel({ title, text, children }: { title: string; text: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" maw={520}>
      <Title order={1} size="h3" mb="sm">
        {title}
      </Title>
      <Text size="sm" mb="md">
        {text}
      </Text>
      {children}
    </Paper>
  );
}
