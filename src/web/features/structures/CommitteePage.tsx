import { Anchor, Button, Group, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { AnchorLink } from '../../components/Links.js';
import { Fact, SectionCard } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge, StatusBadge } from '../../components/StatusBadge.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { useNames } from '../network/api.js';
import {
  canManageStructure, fileSize, path, structureKeys, usePagedList, useStructure, type ActionItem, type AppointmentOrder, type Committee, type CommitteeMember, type MeetingSummaryT,
} from './api.js';
import { daysBetween, todayInThailand } from './calendar.js';
import { CommitteeForm, MeetingForm, MemberForm, OrderForm } from './CommitteeForms.js';
import { ActionStatusBadges, LightBadge, orgName, StructuresNav, TwoNames } from './StructuresBits.js';

type Dialog =
  | { kind: 'committee' }
  | { kind: 'member'; member: CommitteeMember | null }
  | { kind: 'order'; order: AppointmentOrder | null }
  | { kind: 'meeting' };

export function CommitteePage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const committee = useStructure<Committee>(structureKeys.committee(id), path('committees', id), { enabled: allowed });
  if (!allowed) return <NoAccess />;
  return (
    <Stack>
      <AnchorLink to="/structures" size="sm">
        ← {t('structures.committee.back')}
      </AnchorLink>
      <QueryView query={committee}>{committee.data && <CommitteeView committee={committee.data} />}</QueryView>
    </Stack>
  );
}

function CommitteeView({ committee: c }: { committee: Committee }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const lang = names.lang;
  const manage = canManageStructure(me, c.provinceCode);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);

  return (
    <Stack>
      <TwoNames th={c.nameTh} en={c.nameEn}>
        <LightBadge>{t(`structures.kind.${c.kind}`)}</LightBadge>
        {c.provinceCode && <LightBadge color="gray">{names.province(c.provinceCode)}</LightBadge>}
        <ActiveBadge active={c.active} />
        {manage && <StatusBadge tone="ok">{t('structures.youMayEdit')}</StatusBadge>}
      </TwoNames>
      <StructuresNav />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard
          title={t('structures.committee.about')}
          action={manage && (
            <Button size="xs" variant="outline" onClick={() => setDialog({ kind: 'committee' })}>
              {t('structures.committee.edit')}
            </Button>
          )}
        >
          <dl className="facts">
            <Fact label={t('structures.committees.kind')}>{t(`structures.kind.${c.kind}`)}</Fact>
            <Fact label={t('structures.province')}>{c.provinceCode ? names.province(c.provinceCode) : t('structures.national')}</Fact>
            <Fact label={t('structures.committee.secretariat')}>{orgName(c.secretariat, lang)}</Fact>
          </dl>
        </SectionCard>
        <OverdueCard committeeId={c.id} />
      </SimpleGrid>

      <MembersCard committee={c} manage={manage} onEdit={(member) => setDialog({ kind: 'member', member })} />
      <OrdersCard committee={c} manage={manage} onEdit={(order) => setDialog({ kind: 'order', order })} />
      <MeetingsCard committee={c} manage={manage} onCreate={() => setDialog({ kind: 'meeting' })} />

      <AppModal opened={dialog?.kind === 'committee'} onClose={close} size="lg" title={t('structures.committee.edit')}>
        {dialog?.kind === 'committee' && <CommitteeForm committee={c} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'member'} onClose={close} size="lg"
        title={dialog?.kind === 'member' && dialog.member ? t('structures.memberForm.editTitle', { name: dialog.member.personName }) : t('structures.committee.addMember')}
      >
        {dialog?.kind === 'member' && <MemberForm committee={c} member={dialog.member} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'order'} onClose={close} size="lg"
        title={dialog?.kind === 'order' && dialog.order ? t('structures.orderForm.editTitle', { number: dialog.order.orderNumber }) : t('structures.committee.addOrder')}
      >
        {dialog?.kind === 'order' && <OrderForm committeeId={c.id} order={dialog.order} onDone={close} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'meeting'} onClose={close} size="xl" title={t('structures.committee.addMeeting')}>
        {dialog?.kind === 'meeting' && <MeetingForm committee={c} meeting={null} onDone={close} />}
      </AppModal>
    </Stack>
  );
}

/** Past-due action items of this committee: what the secretariat must chase. */
function OverdueCard({ committeeId }: { committeeId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = usePagedList<ActionItem>(structureKeys.overdue(committeeId), path('committees', committeeId, 'action-items'), { query: { overdue: true } });
  const rows = list.data ?? [];
  const today = todayInThailand();
  return (
    <SectionCard title={t('structures.committee.overdue')} data-testid="committee-overdue">
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('structures.committee.noOverdue')}>
        <Stack gap="xs" component="ul" className="plain-list">
          {rows.map((a) => (
            <li key={a.id} className="overdue-item">
              <Text size="sm" fw={700} className="wrap-anywhere">
                {a.text}
              </Text>
              <Text size="xs">
                {orgName(a.responsibleOrganisation, lang)} · {t('structures.action.due')} {formatDate(a.dueDate, lang, 'date')}
              </Text>
              <Group gap="xs" mt={2}>
                <ActionStatusBadges item={a} daysOverdue={a.dueDate ? daysBetween(a.dueDate, today) : undefined} />
                <AnchorLink to="/structures/meetings/$id" params={{ id: a.meetingId }} size="xs">
                  {t('structures.committee.openMeeting')}
                </AnchorLink>
              </Group>
            </li>
          ))}
        </Stack>
        <LoadMore query={list} />
      </QueryView>
    </SectionCard>
  );
}

function MembersCard({ committee: c, manage, onEdit }: { committee: Committee; manage: boolean; onEdit: (m: CommitteeMember | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [currentOnly, setCurrentOnly] = useState(true);
  const q = currentOnly ? { current: true } : {};
  const list = usePagedList<CommitteeMember>(structureKeys.members(c.id, q), path('committees', c.id, 'members'), { query: q, limit: 100 });
  const rows = list.data ?? [];
  return (
    <SectionCard
      title={t('structures.committee.members')}
      action={manage && (
        <Button size="xs" onClick={() => onEdit(null)}>
          {t('structures.committee.addMember')}
        </Button>
      )}
    >
      <Stack gap="xs">
        <Switch label={t('structures.committee.currentOnly')} checked={currentOnly} onChange={(e) => setCurrentOnly(e.currentTarget.checked)} />
        <QueryView query={list} isEmpty={rows.length === 0} empty={currentOnly ? t('structures.committee.noCurrentMembers') : t('structures.committee.noMembers')}>
          <div data-testid="committee-members">
            <DataTable
              rows={rows}
              rowKey={(m) => m.id}
              minWidth={820}
              columns={[
                {
                  header: t('structures.member.name'),
                  cell: (m) => (
                    <>
                      <Text size="sm" fw={700}>
                        {m.personName}
                      </Text>
                      {m.position && (
                        <Text size="xs" c="gray.7">
                          {m.position}
                        </Text>
                      )}
                    </>
                  ),
                },
                { header: t('structures.member.organisation'), cell: (m) => orgName(m.organisation, lang) },
                { header: t('structures.member.role'), cell: (m) => t(`structures.committeeRole.${m.role}`) },
                {
                  header: t('structures.member.term'),
                  cell: (m) => (
                    <Stack gap={2}>
                      <Text size="sm">
                        {formatDate(m.termStart, lang, 'date')} – {m.termEnd ? formatDate(m.termEnd, lang, 'date') : t('structures.member.openEnded')}
                      </Text>
                      {!m.current && <StatusBadge tone="neutral">{t('structures.member.notCurrent')}</StatusBadge>}
                    </Stack>
                  ),
                  td: { style: { whiteSpace: 'nowrap' } },
                },
                manage && {
                  header: t('common.actions'),
                  hideHeader: true,
                  cell: (m) => (
                    <Button size="xs" variant="outline" onClick={() => onEdit(m)} aria-label={t('structures.member.editNamed', { name: m.personName })}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]}
            />
          </div>
          <LoadMore query={list} />
        </QueryView>
      </Stack>
    </SectionCard>
  );
}

function OrdersCard({ committee: c, manage, onEdit }: { committee: Committee; manage: boolean; onEdit: (o: AppointmentOrder | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = usePagedList<AppointmentOrder>(structureKeys.orders(c.id), path('committees', c.id, 'orders'));
  const rows = list.data ?? [];
  return (
    <SectionCard
      title={t('structures.committee.orders')}
      action={manage && (
        <Button size="xs" onClick={() => onEdit(null)}>
          {t('structures.committee.addOrder')}
        </Button>
      )}
    >
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('structures.committee.noOrders')}>
        <div data-testid="committee-orders">
          <DataTable
            rows={rows}
            rowKey={(o) => o.id}
            minWidth={820}
            columns={[
              {
                header: t('structures.order.number'),
                cell: (o) => (
                  <>
                    <Text size="sm" fw={700}>
                      {o.orderNumber}
                    </Text>
                    {o.subject && (
                      <Text size="xs" c="gray.7" className="wrap-anywhere">
                        {o.subject}
                      </Text>
                    )}
                  </>
                ),
              },
              { header: t('structures.order.date'), cell: (o) => formatDate(o.orderDate, lang, 'date'), td: { style: { whiteSpace: 'nowrap' } } },
              { header: t('structures.order.signedBy'), cell: (o) => o.signedBy },
              {
                header: t('structures.order.document'),
                cell: (o) =>
                  o.document ? (
                    <Anchor href={path('documents', o.document.id)} download={o.document.filename} size="sm" className="wrap-anywhere"
                      aria-label={t('structures.order.downloadNamed', { number: o.orderNumber, file: o.document.filename })}
                    >
                      {t('structures.order.download')} ({fileSize(o.document.sizeBytes, lang)})
                    </Anchor>
                  ) : (
                    <Text size="sm" c="gray.7">
                      {t('structures.order.noDocument')}
                    </Text>
                  ),
              },
              manage && {
                header: t('common.actions'),
                hideHeader: true,
                cell: (o) => (
                  <Button size="xs" variant="outline" onClick={() => onEdit(o)} aria-label={t('structures.order.editNamed', { number: o.orderNumber })}>
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]}
          />
        </div>
        {rows.some((o) => o.document) && (
          <Text size="xs" c="gray.7" mt="xs">
            {t('structures.order.downloadsRecorded')}
          </Text>
        )}
        <LoadMore query={list} />
      </QueryView>
    </SectionCard>
  );
}

function MeetingsCard({ committee: c, manage, onCreate }: { committee: Committee; manage: boolean; onCreate: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = usePagedList<MeetingSummaryT>(structureKeys.meetings(c.id), path('committees', c.id, 'meetings'));
  const rows = list.data ?? [];
  return (
    <SectionCard
      title={t('structures.committee.meetings')}
      action={manage && (
        <Button size="xs" onClick={onCreate}>
          {t('structures.committee.addMeeting')}
        </Button>
      )}
    >
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('structures.committee.noMeetings')}>
        <div data-testid="committee-meetings">
          <DataTable
            rows={rows}
            rowKey={(m) => m.id}
            minWidth={560}
            highlightOnHover
            columns={[
              { header: t('structures.meeting.date'), cell: (m) => formatDate(m.meetingDate, lang, 'date'), td: { style: { whiteSpace: 'nowrap' } } },
              {
                header: t('structures.meeting.title'),
                cell: (m) => (
                  <AnchorLink to="/structures/meetings/$id" params={{ id: m.id }} size="sm" fw={700}>
                    {m.title || t('structures.meeting.untitled', { date: formatDate(m.meetingDate, lang, 'date') })}
                  </AnchorLink>
                ),
              },
              { header: t('structures.meeting.place'), cell: (m) => m.place || '—' },
            ]}
          />
        </div>
        <LoadMore query={list} />
      </QueryView>
    </SectionCard>
  );
}
