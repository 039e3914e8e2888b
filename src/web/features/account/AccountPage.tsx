import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useMe } from '../../api/queries.js';
import type { SessionInfoT } from '../../api/types.js';
import { ErrorAlert } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DialogActions } from '../../components/DialogActions.js';
import { Fact, PageHeader, SectionCard } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';
import { pick, roleLabel } from '../../lib/labels.js';
import { logoutAll } from '../auth/api.js';
import { ChangePasswordForm } from '../auth/ChangePasswordForm.js';
import { MfaEnrol } from '../auth/MfaEnrol.js';

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [passwordChanged, setPasswordChanged] = useState(false);

  return (
    <Stack>
      <PageHeader title={t('account.title')} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard title={t('account.profile')}>
          <dl className="facts">
            <Fact label={t('account.displayName')}>{me.user.displayName}</Fact>
            <Fact label={t('account.username')}>{me.user.username}</Fact>
            <Fact label={t('account.email')}>{me.user.email ?? '—'}</Fact>
            <Fact label={t('home.organisation')}>{pick(lang, me.organisation.nameTh, me.organisation.nameEn)}</Fact>
            <Fact label={t('home.roles')}>{me.roles.map((r) => roleLabel(r, lang)).join(', ')}</Fact>
            <Fact label={t('home.scope')}>{t(`scope.${me.scope}`)}</Fact>
          </dl>
        </SectionCard>
        <SectionCard title={t('account.secondFactor')}>
          {me.user.mfaEnabled ? (
            <Group>
              <StatusBadge tone="ok">
                {t('account.mfaOn')}
              </StatusBadge>
              <Text size="sm">{t('account.mfaOnHelp')}</Text>
            </Group>
          ) : enrolling ? (
            <MfaEnrol
              onDone={() => {
                setEnrolling(false);
                void queryClient.invalidateQueries({ queryKey: ['me'] });
              }}
              onCancel={() => setEnrolling(false)}
            />
          ) : (
            <Stack align="flex-start">
              <StatusBadge tone="neutral">
                {t('account.mfaOff')}
              </StatusBadge>
              <Text size="sm">{t('account.mfaOffHelp')}</Text>
              <Button onClick={() => setEnrolling(true)}>{t('account.mfaEnrol')}</Button>
            </Stack>
          )}
        </SectionCard>
      </SimpleGrid>
      <SectionCard title={t('password.title')} maw={560}>
        {passwordChanged && (
          <Text c="teal.9" mb="sm" role="status">
            {t('password.changed')}
          </Text>
        )}
        <ChangePasswordForm
          onDone={() => {
            setPasswordChanged(true);
            void queryClient.invalidateQueries({ queryKey: ['me', 'sessions'] });
          }}
        />
      </SectionCard>
      <Sessions />
    </Stack>
  );
}

function Sessions() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirmAll, setConfirmAll] = useState(false);
  const sessions = useQuery({
    queryKey: ['me', 'sessions'],
    queryFn: () => api<{ items: SessionInfoT[] }>('/api/v1/me/sessions'),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<unknown>(`/api/v1/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me', 'sessions'] }),
  });
  const all = useMutation({
    mutationFn: logoutAll,
    onSuccess: async () => {
      queryClient.clear();
      await navigate({ to: '/sign-in' });
    },
  });

  return (
    <SectionCard
      title={t('sessions.title')}
      action={
        <Button color="red.9" variant="outline" onClick={() => setConfirmAll(true)}>
          {t('sessions.signOutEverywhere')}
        </Button>
      }
    >
      <QueryView query={sessions} isEmpty={sessions.data?.items.length === 0} empty={t('sessions.empty')}>
        <DataTable
          rows={sessions.data?.items ?? []}
          rowKey={(s) => s.id}
          minWidth={720}
          columns={[
            {
              header: t('sessions.device'),
              td: { maw: 260, className: 'wrap-anywhere' },
              cell: (s) => (
                <>
                  <Text size="sm">{s.userAgent ?? '—'}</Text>
                  {s.current && (
                    <StatusBadge tone="ok" size="sm">
                      {t('sessions.current')}
                    </StatusBadge>
                  )}
                </>
              ),
            },
            { header: t('sessions.ip'), cell: (s) => s.ipAddress ?? '—' },
            { header: t('sessions.created'), cell: (s) => formatDate(s.createdAt, lang) },
            { header: t('sessions.lastSeen'), cell: (s) => formatDate(s.lastSeenAt, lang) },
            { header: t('sessions.expires'), cell: (s) => formatDate(s.expiresAt, lang) },
            {
              header: t('common.actions'),
              hideHeader: true,
              cell: (s) =>
                !s.current && (
                  <Button size="xs" variant="outline" color="red.9" loading={revoke.isPending && revoke.variables === s.id} onClick={() => revoke.mutate(s.id)}>
                    {t('sessions.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      </QueryView>
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      <AppModal opened={confirmAll} onClose={() => setConfirmAll(false)} title={t('sessions.signOutEverywhere')}>
        <Stack>
          <Text>{t('sessions.signOutEverywhereConfirm')}</Text>
          <DialogActions mutation={all} onCancel={() => setConfirmAll(false)} onConfirm={() => all.mutate()} confirmLabel={t('sessions.signOutEverywhere')} danger />
        </Stack>
      </AppModal>
    </SectionCard>
  );
}
