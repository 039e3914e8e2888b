import { Group, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taskKinds, type Task, type TaskKind } from '../../../contracts/casework.js';
import { can, useCursorList, useMe } from '../../api/queries.js';
import { AnchorLink } from '../../components/Links.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { caseKeys } from './api.js';
import { Countdown } from './CaseBits.js';
import { CaseNav } from './CaseNav.js';
import { taskTab } from './tabs.js';

/** "My tasks": due and overdue steps on my cases (or, for the provincial centre, every open case of the province), overdue first. */
export function TasksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'case.read');
  const provincial = me.scope === 'province';
  const [scope, setScope] = useState<'mine' | 'province'>('mine');
  const [kind, setKind] = useState<TaskKind | null>(null);
  const query = { scope: provincial ? scope : 'mine', kind: kind ?? undefined };
  const tasks = useCursorList<Task>([...caseKeys.tasks, query], '/api/v1/tasks', { query, enabled: allowed });
  if (!allowed) return <NoAccess />;
  const rows = tasks.data ?? [];
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <Stack>
      <PageHeader title={t('cases.tasks.title')} intro={t('cases.tasks.intro')} />
      <CaseNav />
      <Group align="flex-end" role="search" aria-label={t('common.filters')} gap="md">
        {provincial && (
          <div>
            <Text size="sm" fw={500} id="tasks-scope-label" mb={4}>
              {t('cases.tasks.scope')}
            </Text>
            <SegmentedControl
              aria-labelledby="tasks-scope-label"
              value={scope}
              onChange={(v) => setScope(v as 'mine' | 'province')}
              data={[
                { value: 'mine', label: t('cases.tasks.mine') },
                { value: 'province', label: t('cases.tasks.province') },
              ]}
            />
          </div>
        )}
        <Select
          label={t('cases.tasks.kind')}
          placeholder={t('common.all')}
          clearable
          data={taskKinds.map((k) => ({ value: k, label: t(`cases.task.${k}`) }))}
          value={kind}
          onChange={(v) => setKind(v as TaskKind | null)}
          w={{ base: '100%', sm: 280 }}
        />
      </Group>
      <QueryView query={tasks} isEmpty={rows.length === 0} empty={t('cases.tasks.empty')}>
        {overdue > 0 && (
          <Text fw={700} c="red.9" role="status">
            {t('cases.tasks.overdueCount', { count: overdue })}
          </Text>
        )}
        <div data-testid="tasks">
          <TaskTable rows={rows} />
        </div>
        <LoadMore query={tasks} />
      </QueryView>
    </Stack>
  );
}

/** Due steps as a list (a table would hide the due time off a phone's screen). */
export function TaskTable({ rows }: { rows: Task[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {rows.map((r) => (
        <Paper key={`${r.kind}~${r.targetId ?? r.casePersonId ?? r.caseId}`} component="li" withBorder p="sm" data-testid="task" style={r.overdue ? { borderColor: 'var(--mantine-color-red-9)' } : undefined}>
          <Group justify="space-between" gap="xs" align="flex-start">
            <Stack gap={2}>
              <Group gap="xs">
                <Text size="sm" fw={700}>
                  {t(`cases.task.${r.kind}`)}
                </Text>
                {r.overdue ? (
                  <StatusBadge tone="bad" size="sm">
                    {t('cases.overdue')}
                  </StatusBadge>
                ) : r.dueSoon ? (
                  <StatusBadge tone="warn" size="sm">
                    {t('cases.dueSoon')}
                  </StatusBadge>
                ) : null}
              </Group>
              <Text size="sm">
                {t('cases.col.number')}{' '}
                {r.kind === 'referral_to_answer' ? (
                  <AnchorLink to="/referrals" fw={700}>
                    {r.caseNumber}
                  </AnchorLink>
                ) : (
                  <AnchorLink to="/cases/$id" params={{ id: r.caseId }} search={{ tab: taskTab[r.kind] }} fw={700}>
                    {r.caseNumber}
                  </AnchorLink>
                )}
              </Text>
            </Stack>
            <Countdown until={r.dueAt} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
