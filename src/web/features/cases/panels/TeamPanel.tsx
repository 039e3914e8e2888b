import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roles as roleDefs, type RoleName } from '../../../../contracts/access.js';
import { api } from '../../../api/client.js';
import { can, useMe, useOrganisationOptions } from '../../../api/queries.js';
import type { ListPage, User } from '../../../api/types.js';
import { AppModal } from '../../../components/AppModal.js';
import { DataTable } from '../../../components/DataTable.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors } from '../../network/api.js';
import { casePath, send, teamRoles, useCaseWrite, type Case, type TeamMemberT, type TeamRole } from '../api.js';
import { CaseForm } from '../CaseBits.js';

/** Roles that do case work (what the server accepts on a team): case.read, not national. */
const caseworkRoles = (Object.keys(roleDefs) as RoleName[]).filter((r) => roleDefs[r].permissions.includes('case.read') && roleDefs[r].scope !== 'national');

export function TeamPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TeamMemberT | null>(null);
  const makeOwner = useCaseWrite(kase.id, (userId: string) => send<Case>('PATCH', casePath(kase.id), { version: kase.version, ownerUserId: userId }));
  const remove = useCaseWrite(kase.id, (userId: string) => send<{ ok: true }>('DELETE', casePath(kase.id, 'team', userId)));
  const canPick = can(me, 'user.read');
  return (
    <Stack>
      {writable && (
        <Group justify="space-between">
          <Text size="sm" c="gray.7">
            {t('cases.team.intro')}
          </Text>
          {canPick && <Button onClick={() => setAdding(true)}>{t('cases.team.add')}</Button>}
        </Group>
      )}
      {kase.team.length === 0 ? (
        <Text c="gray.7">{t('cases.team.empty')}</Text>
      ) : (
        <div data-testid="case-team">
          <DataTable
            rows={kase.team}
            rowKey={(m) => m.userId}
            minWidth={720}
            columns={[
              {
                header: t('cases.team.name'),
                cell: (m) => (
                  <Group gap="xs">
                    <Text size="sm" fw={700}>
                      {m.displayName}
                    </Text>
                    {m.userId === kase.ownerUserId && (
                      <StatusBadge tone="ok" size="sm">
                        {t('cases.team.owner')}
                      </StatusBadge>
                    )}
                  </Group>
                ),
              },
              { header: t('cases.team.organisation'), cell: (m) => pick(lang, m.organisationNameTh, m.organisationNameEn) },
              { header: t('cases.team.role'), cell: (m) => (i18n.exists(`cases.teamRole.${m.role}`) ? t(`cases.teamRole.${m.role}`) : m.role) },
              { header: t('cases.team.added'), cell: (m) => formatDate(m.addedAt, lang, 'date') },
              writable && {
                header: t('common.actions'),
                hideHeader: true,
                cell: (m) => (
                  <Group gap="xs" wrap="nowrap">
                    {m.userId !== kase.ownerUserId && (
                      <Button size="xs" variant="default" loading={makeOwner.isPending && makeOwner.variables === m.userId} onClick={() => makeOwner.mutate(m.userId)} aria-label={`${t('cases.team.makeOwner')} — ${m.displayName}`}>
                        {t('cases.team.makeOwner')}
                      </Button>
                    )}
                    <Button size="xs" variant="outline" color="red.9" onClick={() => setRemoving(m)} aria-label={`${t('cases.team.remove')} — ${m.displayName}`}>
                      {t('cases.team.remove')}
                    </Button>
                  </Group>
                ),
              },
            ]}
          />
        </div>
      )}
      {makeOwner.isError && <Text c="red.9" size="sm" role="alert">{t('cases.team.ownerFailed')}</Text>}
      <AppModal opened={adding} onClose={() => setAdding(false)} title={t('cases.team.add')} size="lg">
        {adding && <AddMemberForm kase={kase} onDone={() => setAdding(false)} />}
      </AppModal>
      <AppModal opened={removing !== null} onClose={() => { setRemoving(null); remove.reset(); }} title={t('cases.team.remove')}>
        {removing && (
          <CaseForm
            mutation={remove}
            danger
            confirmLabel={t('cases.team.remove')}
            onCancel={() => { setRemoving(null); remove.reset(); }}
            onSubmit={() => remove.mutate(removing.userId, { onSuccess: () => setRemoving(null) })}
          >
            <Text size="sm">{t('cases.team.removeConfirm', { name: removing.displayName })}</Text>
          </CaseForm>
        )}
      </AppModal>
    </Stack>
  );
}

function AddMemberForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<TeamRole>('member');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const orgs = useOrganisationOptions();
  // The users this officer may see (their province, at most 500), filtered in the browser as they type.
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => api<ListPage<User>>('/api/v1/users', { query: { limit: 500 } }),
    staleTime: 5 * 60_000,
  });
  const onTeam = new Set(kase.team.map((m) => m.userId));
  const orgName = (id: string) => {
    const o = orgs.data?.items.find((x) => x.id === id);
    return o ? pick(lang, o.nameTh, o.nameEn) : '';
  };
  const options = (users.data?.items ?? [])
    .filter((u) => u.active && !onTeam.has(u.id) && u.roles.some((r) => caseworkRoles.includes(r)))
    .map((u) => ({ value: u.id, label: [u.displayName, orgName(u.organisationId)].filter(Boolean).join(' — ') }));
  const add = useCaseWrite(kase.id, (body: { userId: string; role: TeamRole }) => send<TeamMemberT[]>('POST', casePath(kase.id, 'team'), body));
  return (
    <CaseForm
      mutation={add}
      onCancel={onDone}
      confirmLabel={t('cases.team.addConfirm')}
      onSubmit={() => {
        if (!userId) {
          setErrors({ userId: t('validation.required') });
          return;
        }
        add.mutate({ userId, role }, { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) });
      }}
    >
      <Select
        label={t('cases.team.user')}
        description={t('cases.team.userHelp')}
        searchable
        required
        data={options}
        value={userId}
        onChange={(v) => {
          setUserId(v);
          setErrors({});
        }}
        nothingFoundMessage={users.isPending ? t('common.loading') : t('cases.team.noUsers')}
        error={errors.userId}
        data-testid="team-user"
      />
      <Select
        label={t('cases.team.role')}
        data={teamRoles.map((r) => ({ value: r, label: t(`cases.teamRole.${r}`) }))}
        value={role}
        onChange={(v) => setRole((v as TeamRole) ?? 'member')}
        allowDeselect={false}
        error={errors.role}
      />
    </CaseForm>
  );
}
