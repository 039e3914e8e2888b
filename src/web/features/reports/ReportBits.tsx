import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import type { ListPage, User } from '../../api/types.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';
import type { ReportT } from './api.js';
import { statusTone } from './labels.js';

/** Red badges for what makes a report urgent. */
export function ReportFlags({ report }: { report: ReportT }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      {report.immediateDanger && <StatusBadge tone="bad" size="sm">{t('reports.flag.danger')}</StatusBadge>}
      {report.childrenInvolved === 'yes' && <StatusBadge tone="bad" size="sm">{t('reports.flag.child')}</StatusBadge>}
      {report.urgent && <StatusBadge tone="bad" size="sm">{t('reports.flag.urgent')}</StatusBadge>}
    </Group>
  );
}

export function ReportStatusBadge({ status }: { status: ReportT['status'] }) {
  const { t } = useTranslation();
  return <StatusBadge tone={statusTone(status)}>{t(`reports.status.${status}`)}</StatusBadge>;
}

/** A deadline: the time, and OVERDUE in red when it has passed without the step being done. */
export function Clock({ due, overdue, doneAt }: { due: string | null; overdue: boolean; doneAt: string | null }) {
  const { t, i18n } = useTranslation();
  if (doneAt) {
    return (
      <Text size="sm" c="teal.9">
        ✓ {formatDate(doneAt, i18n.language)}
      </Text>
    );
  }
  if (!due) return <Text size="sm">—</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" fw={overdue ? 700 : 400} c={overdue ? 'red.9' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {formatDate(due, i18n.language)}
      </Text>
      {overdue && <StatusBadge tone="bad" size="sm">{t('reports.overdue')}</StatusBadge>}
    </Group>
  );
}

/** Display names of the users this user may see (for "assigned to"); empty without `user.read`. */
export function useUserNames(): Map<string, string> {
  const me = useMe();
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => api<ListPage<User>>('/api/v1/users', { query: { limit: 500 } }),
    enabled: can(me, 'user.read'),
    staleTime: 5 * 60_000,
  });
  const map = new Map<string, string>();
  for (const u of users.data?.items ?? []) map.set(u.id, u.displayName);
  map.set(me.user.id, me.user.displayName);
  return map;
}

export function assigneeLabel(id: string | null, names: Map<string, string>, meId: string, t: (k: string) => string): string {
  if (!id) return t('reports.unassigned');
  if (id === meId) return t('reports.me');
  return names.get(id) ?? t('reports.someone');
}
