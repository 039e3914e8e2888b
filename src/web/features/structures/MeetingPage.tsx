import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { AnchorLink } from '../../components/Links.js';
import { SectionCard } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { Empty, NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { canManageStructure, path, structureKeys, useStructure, type ActionItem, type Committee, type Meeting } from './api.js';
import { daysBetween, todayInThailand } from './calendar.js';
import { ActionItemForm, MeetingForm, StatusForm } from './CommitteeForms.js';
import { ActionStatusBadges, LightBadge, orgName, StructuresNav } from './StructuresBits.js';

type Dialog = { kind: 'edit' } | { kind: 'action'; item: ActionItem | null } | { kind: 'status'; item: ActionItem };

export function MeetingPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const meeting = useStructure<Meeting>(structureKeys.meeting(id), path('meetings', id), { enabled: allowed });
  const committeeId = meeting.data?.committeeId;
  const committee = useStructure<Committee>(structureKeys.committee(committeeId ?? ''), path('committees', committeeId ?? ''), { enabled: allowed && !!committeeId });
  if (!allowed) return <NoAccess />;
  return (
    <Stack>
      {committeeId && (
        <AnchorLink to="/structures/committees/$id" params={{ id: committeeId }} size="sm">
          ← {t('structures.meeting.back')}
        </AnchorLink>
      )}
      <QueryView query={meeting}>
        <QueryView query={committee}>{meeting.data && committee.data && <MeetingView meeting={meeting.data} committee={committee.data} />}</QueryView>
      </QueryView>
    </Stack>
  );
}

function MeetingView({ meeting: m, committee: c }: { meeting: Meeting; committee: Committee }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const manage = canManageStructure(me, c.provinceCode);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const date = formatDate(m.meetingDate, lang, 'date');
  const overdue = m.actionItems.filter((a) => a.overdue).length;

  return (
    <Stack>
      <div>
        <Title order={1} size="h2" className="wrap-anywhere">
          {m.title || t('structures.meeting.untitled', { date })}
        </Title>
        <Text c="gray.7" className="wrap-anywhere">
          {pick(lang, c.nameTh, c.nameEn)}
        </Text>
        <Group gap="xs" mt={6}>
          <LightBadge>{date}</LightBadge>
          {m.place && <LightBadge color="gray">{m.place}</LightBadge>}
        </Group>
      </div>
      <StructuresNav />
      {manage && (
        <Group>
          <Button variant="outline" size="xs" onClick={() => setDialog({ kind: 'edit' })}>
            {t('structures.meeting.edit')}
          </Button>
        </Group>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard title={t('structures.meeting.agenda')}>
          {m.agenda.length === 0 ? (
            <Empty>{t('structures.meeting.noAgenda')}</Empty>
          ) : (
            <ol className="structures-ol">
              {m.agenda.map((a) => (
                <li key={a.position}>
                  <Text fw={700} size="sm" className="wrap-anywhere">
                    {a.title}
                  </Text>
                  {a.detail && (
                    <Text size="sm" c="gray.7" className="wrap-anywhere pre-wrap">
                      {a.detail}
                    </Text>
                  )}
                </li>
              ))}
            </ol>
          )}
        </SectionCard>

        <SectionCard title={t('structures.meeting.attendance')}>
          {m.attendees.length === 0 && m.guests.length === 0 ? (
            <Empty>{t('structures.meeting.noAttendance')}</Empty>
          ) : (
            <Stack gap="sm">
              <Text size="sm" fw={700}>
                {t('structures.meeting.attendeesCount', { count: m.attendees.length })}
              </Text>
              <ul className="structures-ul" data-testid="meeting-attendees">
                {m.attendees.map((a) => (
                  <li key={a.memberId}>
                    <Text size="sm" span fw={500}>
                      {a.personName}
                    </Text>{' '}
                    <Text size="sm" span c="gray.7">
                      — {t(`structures.committeeRole.${a.role}`)}
                      {a.organisation ? `, ${orgName(a.organisation, lang)}` : ''}
                    </Text>
                  </li>
                ))}
              </ul>
              {m.guests.length > 0 && (
                <>
                  <Text size="sm" fw={700}>
                    {t('structures.meeting.guests')}
                  </Text>
                  <ul className="structures-ul">
                    {m.guests.map((g) => (
                      <li key={g.id}>
                        <Text size="sm">{[g.personName, g.position, orgName(g.organisation, lang)].filter(Boolean).join(' · ')}</Text>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </Stack>
          )}
        </SectionCard>
      </SimpleGrid>

      <SectionCard title={t('structures.meeting.resolutions')}>
        {m.resolutions.length === 0 ? (
          <Empty>{t('structures.meeting.noResolutions')}</Empty>
        ) : (
          <ol className="structures-ol">
            {m.resolutions.map((r) => (
              <li key={r.position}>
                <Text size="sm" className="wrap-anywhere pre-wrap">
                  {r.text}
                </Text>
              </li>
            ))}
          </ol>
        )}
      </SectionCard>

      <SectionCard
        title={t('structures.meeting.actionItems')}
        action={manage && (
          <Button size="xs" onClick={() => setDialog({ kind: 'action', item: null })}>
            {t('structures.meeting.addAction')}
          </Button>
        )}
      >
        {overdue > 0 && (
          <Text size="sm" c="red.9" fw={700} mb="xs" role="status">
            {t('structures.meeting.overdueCount', { count: overdue })}
          </Text>
        )}
        {m.actionItems.length === 0 ? (
          <Empty>{t('structures.meeting.noActions')}</Empty>
        ) : (
          <Stack gap="xs" data-testid="action-items">
            {m.actionItems.map((a) => (
              <ActionCard key={a.id} item={a} manage={manage} onStatus={() => setDialog({ kind: 'status', item: a })} onEdit={() => setDialog({ kind: 'action', item: a })} />
            ))}
          </Stack>
        )}
      </SectionCard>

      <AppModal opened={dialog?.kind === 'edit'} onClose={close} size="xl" title={t('structures.meeting.edit')}>
        {dialog?.kind === 'edit' && <MeetingForm committee={c} meeting={m} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'action'} onClose={close} size="lg" title={dialog?.kind === 'action' && dialog.item ? t('structures.actionForm.editTitle') : t('structures.meeting.addAction')}>
        {dialog?.kind === 'action' && <ActionItemForm meetingId={m.id} provinceCode={c.provinceCode} item={dialog.item} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'status'} onClose={close} title={t('structures.statusForm.title')}>
        {dialog?.kind === 'status' && <StatusForm item={dialog.item} onDone={close} />}
      </AppModal>
    </Stack>
  );
}

function ActionCard({ item: a, manage, onStatus, onEdit }: { item: ActionItem; manage: boolean; onStatus: () => void; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const late = a.overdue && a.dueDate ? daysBetween(a.dueDate, todayInThailand()) : undefined;
  return (
    <Paper withBorder p="sm" className={a.overdue ? 'action-overdue' : undefined} data-testid="action-item">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={4} style={{ flex: '1 1 18rem', minWidth: 0 }}>
          <Text fw={700} size="sm" className="wrap-anywhere">
            {a.text}
          </Text>
          <Text size="sm">
            <Text span fw={500} size="sm">
              {t('structures.action.responsible')}:
            </Text>{' '}
            {orgName(a.responsibleOrganisation, lang)}
          </Text>
          <Text size="sm">
            <Text span fw={500} size="sm">
              {t('structures.action.dueDate')}:
            </Text>{' '}
            {a.dueDate ? formatDate(a.dueDate, lang, 'date') : t('structures.action.noDue')}
            {a.completedAt && ` · ${t('structures.action.completedAt', { date: formatDate(a.completedAt, lang, 'date') })}`}
          </Text>
          <ActionStatusBadges item={a} daysOverdue={late} />
        </Stack>
        {manage && (
          <Group gap="xs">
            <Button size="xs" onClick={onStatus} aria-label={t('structures.action.updateStatusFor', { text: a.text })}>
              {t('structures.action.updateStatus')}
            </Button>
            <Button size="xs" variant="outline" onClick={onEdit} aria-label={t('structures.action.editFor', { text: a.text })}>
              {t('common.edit')}
            </Button>
          </Group>
        )}
      </Group>
    </Paper>
  );
}
