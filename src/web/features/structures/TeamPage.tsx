import { Anchor, Button, Group, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { AnchorLink } from '../../components/Links.js';
import { Fact, SectionCard } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge, StatusBadge } from '../../components/StatusBadge.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { telHref, useNames } from '../network/api.js';
import {
  canManageStructure, path, structureKeys, usePagedList, useStructure, type Mdt, type MdtMember, type OnCallT,
} from './api.js';
import { todayInThailand } from './calendar.js';
import { Roster } from './Roster.js';
import { LightBadge, orgName, StructuresNav, TwoNames } from './StructuresBits.js';
import { MdtForm, MdtMemberForm } from './TeamForms.js';

export function TeamPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const team = useStructure<Mdt>(structureKeys.mdt(id), path('mdts', id), { enabled: allowed });
  if (!allowed) return <NoAccess />;
  return (
    <Stack>
      <AnchorLink to="/structures/teams" size="sm">
        ← {t('structures.team.back')}
      </AnchorLink>
      <QueryView query={team}>{team.data && <TeamView team={team.data} />}</QueryView>
    </Stack>
  );
}

function TeamView({ team: m }: { team: Mdt }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const lang = names.lang;
  const manage = canManageStructure(me, m.provinceCode);
  const [editing, setEditing] = useState<MdtMember | 'new' | null>(null);
  const [editingTeam, setEditingTeam] = useState(false);
  const [activeOnly, setActiveOnly] = useState(true);
  const q = activeOnly ? { active: true } : {};
  const members = usePagedList<MdtMember>([...structureKeys.mdtMembers(m.id), q], path('mdts', m.id, 'members'), { query: q, limit: 100 });
  const rows = members.data ?? [];

  return (
    <Stack>
      <TwoNames th={m.nameTh} en={m.nameEn}>
        <LightBadge color="gray">{names.province(m.provinceCode)}</LightBadge>
        <ActiveBadge active={m.active} />
        {manage && <StatusBadge tone="ok">{t('structures.youMayEdit')}</StatusBadge>}
      </TwoNames>
      <StructuresNav />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard
          title={t('structures.team.about')}
          action={manage && (
            <Button size="xs" variant="outline" onClick={() => setEditingTeam(true)}>
              {t('structures.team.edit')}
            </Button>
          )}
        >
          <dl className="facts">
            <Fact label={t('structures.province')}>{names.province(m.provinceCode)}</Fact>
            <Fact label={t('structures.team.coordinator')}>{orgName(m.coordinatorOrganisation, lang)}</Fact>
            <Fact label={t('structures.team.borderCentre')}>
              {m.borderCentre ? (
                <AnchorLink to="/structures/border-centres/$id" params={{ id: m.borderCentre.id }}>
                  {pick(lang, m.borderCentre.nameTh, m.borderCentre.nameEn)}
                </AnchorLink>
              ) : (
                '—'
              )}
            </Fact>
          </dl>
        </SectionCard>
        <OnCallToday teamId={m.id} />
      </SimpleGrid>

      <SectionCard
        title={t('structures.team.members')}
        action={manage && (
          <Button size="xs" onClick={() => setEditing('new')}>
            {t('structures.team.addMember')}
          </Button>
        )}
      >
        <Stack gap="xs">
          <Switch label={t('structures.team.activeOnly')} checked={activeOnly} onChange={(e) => setActiveOnly(e.currentTarget.checked)} />
          <QueryView query={members} isEmpty={rows.length === 0} empty={t('structures.team.noMembers')}>
            <div data-testid="team-members">
              <DataTable
                rows={rows}
                rowKey={(x) => x.id}
                minWidth={640}
                columns={[
                  { header: t('structures.member.name'), cell: (x) => <Text size="sm" fw={700}>{x.name}</Text> },
                  { header: t('structures.member.organisation'), cell: (x) => orgName(x.organisation, lang) },
                  { header: t('structures.team.role'), cell: (x) => t(`structures.mdtRole.${x.role}`) },
                  { header: t('common.status'), cell: (x) => <ActiveBadge active={x.active} /> },
                  manage && {
                    header: t('common.actions'),
                    hideHeader: true,
                    cell: (x) => (
                      <Button size="xs" variant="outline" onClick={() => setEditing(x)} aria-label={t('structures.member.editNamed', { name: x.name })}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]}
              />
            </div>
            <LoadMore query={members} />
          </QueryView>
        </Stack>
      </SectionCard>

      <Roster team={m} manage={manage} />

      <AppModal opened={editingTeam} onClose={() => setEditingTeam(false)} size="lg" title={t('structures.team.edit')}>
        {editingTeam && <MdtForm team={m} onDone={() => setEditingTeam(false)} />}
      </AppModal>
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} size="lg"
        title={editing && editing !== 'new' ? t('structures.memberForm.editTitle', { name: editing.name }) : t('structures.team.addMember')}
      >
        {editing !== null && <MdtMemberForm team={m} member={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}

/** Who is on call today with their organisation's 24-hour line: a contact read, so fetched only when asked and recorded. */
function OnCallToday({ teamId }: { teamId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [shown, setShown] = useState(false);
  const today = todayInThailand();
  const onCall = useQuery({
    queryKey: ['mdt-on-call', teamId, today],
    queryFn: () => api<OnCallT>(path('mdts', teamId, 'on-call'), { query: { date: today } }),
    enabled: shown,
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
  });
  const items = onCall.data?.items ?? [];
  return (
    <SectionCard title={t('structures.onCall.title', { date: formatDate(today, lang, 'date') })}>
      {!shown ? (
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('structures.onCall.recorded')}</Text>
          <Button variant="outline" size="xs" onClick={() => setShown(true)}>
            {t('structures.onCall.show')}
          </Button>
        </Stack>
      ) : (
        <QueryView query={onCall} isEmpty={items.length === 0} empty={t('structures.onCall.nobody')}>
          <Stack gap="xs" data-testid="on-call-today">
            {items.map(({ member, urgentContact }) => (
              <div key={member.id}>
                <Text size="sm" fw={700}>
                  {member.name} — {t(`structures.mdtRole.${member.role}`)}
                </Text>
                <Text size="xs" c="gray.7">
                  {orgName(member.organisation, lang)}
                </Text>
                {urgentContact ? (
                  <Text size="sm">
                    {t('structures.onCall.urgentLine')}: {urgentContact.name}{' '}
                    {(urgentContact.mobile ?? urgentContact.officePhone) && (
                      <Anchor href={telHref((urgentContact.mobile ?? urgentContact.officePhone)!)} fw={700}>
                        {urgentContact.mobile ?? urgentContact.officePhone}
                      </Anchor>
                    )}
                  </Text>
                ) : (
                  <Text size="xs">{t('structures.onCall.noLine')}</Text>
                )}
              </div>
            ))}
            <Text size="xs" c="gray.7">
              {t('structures.onCall.recorded')}
            </Text>
          </Stack>
        </QueryView>
      )}
    </SectionCard>
  );
}
