import { ActionIcon, Button, Group, Indicator, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../contracts/casework.js';
import { api } from '../../api/client.js';
import type { ListPage } from '../../api/types.js';
import { QueryView } from '../../components/QueryView.js';
import { formatDate } from '../../lib/dates.js';
import { caseKeys } from './api.js';
import { taskTab } from './tabs.js';
import './cases.css';

export const notificationKeys = {
  count: [...caseKeys.notifications, 'count'] as const,
  latest: [...caseKeys.notifications, 'latest'] as const,
  list: (q: object) => [...caseKeys.notifications, 'list', q] as const,
};

/** "Referral requested — case 57-2569-00012": a notification names the case number, never a person. */
export function useNotificationText() {
  const { t } = useTranslation();
  return (n: Notification) => {
    const what = n.clock ? `${t(`cases.notification.${n.kind}`)}: ${t(`cases.task.${n.clock}`)}` : t(`cases.notification.${n.kind}`);
    return n.caseNumber ? t('cases.notification.withCase', { what, number: n.caseNumber }) : what;
  };
}

/** Where a notification leads: a request to answer goes to the referrals page (the case opens only once accepted). */
export function useOpenNotification() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: (id: string) => api<Notification>(`/api/v1/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: caseKeys.notifications }),
  });
  return (n: Notification) => {
    if (!n.read) read.mutate(n.id);
    if (n.kind === 'referral_requested' || n.kind === 'transfer_requested') void navigate({ to: '/referrals' });
    else if (n.caseId) void navigate({ to: '/cases/$id', params: { id: n.caseId }, search: { tab: n.clock ? taskTab[n.clock] : undefined } });
  };
}

export function useReadAll() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true; count: number }>('/api/v1/notifications/read-all', { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: caseKeys.notifications }),
  });
}

/** The bell in the app header: the unread count (checked every minute), the latest ten, mark read. */
export function NotificationsBell() {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const count = useQuery({
    queryKey: notificationKeys.count,
    queryFn: () => api<{ count: number }>('/api/v1/notifications/unread-count'),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
  const latest = useQuery({
    queryKey: notificationKeys.latest,
    queryFn: () => api<ListPage<Notification>>('/api/v1/notifications', { query: { limit: 10 } }),
    enabled: opened,
  });
  const open = useOpenNotification();
  const readAll = useReadAll();
  const text = useNotificationText();
  const unread = count.data?.count ?? 0;
  const label = unread > 0 ? t('cases.bell.labelUnread', { count: unread }) : t('cases.bell.label');
  const items = latest.data?.items ?? [];
  return (
    <Indicator label={unread > 99 ? '99+' : unread} size={18} color="red.9" disabled={unread === 0} offset={4} inline>
      <Popover opened={opened} onChange={setOpened} width={360} position="bottom-end" shadow="md" withinPortal trapFocus returnFocus>
        <Popover.Target>
          {/* Popover.Target gives the button its aria-haspopup / aria-expanded / aria-controls. */}
          <ActionIcon variant="default" size="lg" aria-label={label} onClick={() => setOpened((o) => !o)} data-testid="notifications-bell">
            <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
              <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.73 21a2 2 0 0 1-3.46 0" />
            </svg>
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs" aria-label={t('cases.bell.title')}>
          <Group justify="space-between" mb="xs" px={4}>
            <Text fw={700}>{t('cases.bell.title')}</Text>
            {unread > 0 && (
              <Button size="compact-xs" variant="subtle" onClick={() => readAll.mutate()} loading={readAll.isPending}>
                {t('cases.bell.readAll')}
              </Button>
            )}
          </Group>
          <QueryView query={latest} isEmpty={items.length === 0} empty={t('cases.bell.empty')}>
            <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 360, overflowY: 'auto' }} data-testid="notifications-list">
              {items.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    onClick={() => {
                      setOpened(false);
                      open(n);
                    }}
                    p={6}
                    w="100%"
                    style={{ borderRadius: 4, background: n.read ? undefined : 'var(--mantine-color-blue-0)' }}
                  >
                    <Text size="sm" fw={n.read ? 400 : 700}>
                      {text(n)}
                      {!n.read && <span className="sr-only"> ({t('cases.bell.unread')})</span>}
                    </Text>
                    <Text size="xs" c="gray.7">
                      {formatDate(n.createdAt, i18n.language)}
                    </Text>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          </QueryView>
          <Button
            variant="subtle"
            size="xs"
            fullWidth
            mt="xs"
            onClick={() => {
              setOpened(false);
              void navigate({ to: '/notifications' });
            }}
          >
            {t('cases.bell.all')}
          </Button>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
