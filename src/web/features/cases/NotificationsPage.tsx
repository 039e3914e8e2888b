import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../contracts/casework.js';
import { useCursorList } from '../../api/queries.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ErrorAlert } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { notificationKeys, useNotificationText, useOpenNotification, useReadAll } from './Notifications.js';

/** Every notification, newest first, with an unread filter. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const [which, setWhich] = useState<'all' | 'unread'>('all');
  const query = which === 'unread' ? { unread: 'true' } : {};
  const list = useCursorList<Notification>(notificationKeys.list(query), '/api/v1/notifications', { query });
  const open = useOpenNotification();
  const readAll = useReadAll();
  const text = useNotificationText();
  const rows = list.data ?? [];
  return (
    <Stack>
      <PageHeader
        title={t('cases.bell.title')}
        intro={t('cases.bell.intro')}
        action={
          <Button variant="default" onClick={() => readAll.mutate()} loading={readAll.isPending}>
            {t('cases.bell.readAll')}
          </Button>
        }
      />
      {readAll.isError && <ErrorAlert error={readAll.error} />}
      <div>
        <Text size="sm" fw={500} id="notifications-which" mb={4}>
          {t('cases.bell.show')}
        </Text>
        <SegmentedControl
          aria-labelledby="notifications-which"
          value={which}
          onChange={(v) => setWhich(v as 'all' | 'unread')}
          data={[
            { value: 'all', label: t('common.all') },
            { value: 'unread', label: t('cases.bell.unreadOnly') },
          ]}
        />
      </div>
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('cases.bell.empty')}>
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="notifications-page">
          {rows.map((n) => (
            <Paper key={n.id} component="li" withBorder p="sm" bg={n.read ? undefined : 'blue.0'}>
              <Group justify="space-between" gap="xs">
                <div>
                  <Group gap="xs">
                    <Text size="sm" fw={n.read ? 400 : 700}>
                      {text(n)}
                    </Text>
                    {!n.read && (
                      <Badge size="sm" color="blue.9" variant="filled" tt="none">
                        {t('cases.bell.unread')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="gray.7">
                    {formatDate(n.createdAt, i18n.language)}
                  </Text>
                </div>
                {(n.caseId || !n.read) && (
                  <Button size="xs" variant="default" onClick={() => open(n)}>
                    {n.caseId ? t('cases.bell.open') : t('cases.bell.markRead')}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
        <LoadMore query={list} />
      </QueryView>
    </Stack>
  );
}
