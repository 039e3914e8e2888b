import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useMe } from '../../api/queries.js';
import type { SessionInfoT } from '../../api/types.js';
import { Empty, ErrorAlert, Loading } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
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
      <Title order={1} size="h2">
        {t('account.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t('account.profile')}
          </Title>
          <dl className="facts">
            <Fact label={t('account.displayName')} value={me.user.displayName} />
            <Fact label={t('account.username')} value={me.user.username} />
            <Fact label={t('account.email')} value={me.user.email ?? '—'} />
            <Fact label={t('home.organisation')} value={pick(lang, me.organisation.nameTh, me.organisation.nameEn)} />
            <Fact label={t('home.roles')} value={me.roles.map((r) => roleLabel(r, lang)).join(', ')} />
            <Fact label={t('home.scope')} value={t(`scope.${me.scope}`)} />
          </dl>
        </Card>
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t('account.secondFactor')}
          </Title>
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
        </Card>
      </SimpleGrid>
      <Card withBorder padding="lg" maw={560}>
        <Title order={2} size="h4" mb="sm">
          {t('password.title')}
        </Title>
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
      </Card>
      <Sessions />
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div style={{ marginBottom: '0.5rem' }}>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" m={0} className="wrap-anywhere">
        {value}
      </Text>
    </div>
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
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('sessions.title')}
        </Title>
        <Button color="red.9" variant="outline" onClick={() => setConfirmAll(true)}>
          {t('sessions.signOutEverywhere')}
        </Button>
      </Group>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <Empty>{t('sessions.empty')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sessions.device')}</Table.Th>
                <Table.Th>{t('sessions.ip')}</Table.Th>
                <Table.Th>{t('sessions.created')}</Table.Th>
                <Table.Th>{t('sessions.lastSeen')}</Table.Th>
                <Table.Th>{t('sessions.expires')}</Table.Th>
                <Table.Th>
                  <span className="sr-only">{t('common.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td maw={260} className="wrap-anywhere">
                    <Text size="sm">{s.userAgent ?? '—'}</Text>
                    {s.current && (
                      <StatusBadge tone="ok" size="sm">
                        {t('sessions.current')}
                      </StatusBadge>
                    )}
                  </Table.Td>
                  <Table.Td>{s.ipAddress ?? '—'}</Table.Td>
                  <Table.Td>{formatDate(s.createdAt, lang)}</Table.Td>
                  <Table.Td>{formatDate(s.lastSeenAt, lang)}</Table.Td>
                  <Table.Td>{formatDate(s.expiresAt, lang)}</Table.Td>
                  <Table.Td>
                    {!s.current && (
                      <Button
                        size="xs"
                        variant="outline"
                        color="red.9"
                        loading={revoke.isPending && revoke.variables === s.id}
                        onClick={() => revoke.mutate(s.id)}
                      >
                        {t('sessions.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      <AppModal opened={confirmAll} onClose={() => setConfirmAll(false)} title={t('sessions.signOutEverywhere')}>
        <Stack>
          <Text>{t('sessions.signOutEverywhereConfirm')}</Text>
          {all.isError && <ErrorAlert error={all.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmAll(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red.9" loading={all.isPending} onClick={() => all.mutate()}>
              {t('sessions.signOutEverywhere')}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Card>
  );
}
