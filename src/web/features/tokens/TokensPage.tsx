import { Alert, Button, Code, CopyButton, Group, MultiSelect, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { permissions, type Permission } from '../../../contracts/access.js';
import { api, fieldErrors } from '../../api/client.js';
import { can, useMe, useOrganisationOptions } from '../../api/queries.js';
import type { ApiTokenCreatedT, ApiTokenT, ApiTokenUseT, ListPage } from '../../api/types.js';
import { Empty, ErrorAlert, Loading, NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { organisationOptions } from '../users/UsersPage.js';

export function permissionLabel(p: string, t: (k: string) => string): string {
  return `${t(`perm.${p.replace(/\./g, '_')}`)} (${p})`;
}

type Dialog = { kind: 'create' } | { kind: 'created'; token: ApiTokenCreatedT } | { kind: 'revoke'; token: ApiTokenT } | { kind: 'uses'; token: ApiTokenT };

export function TokensPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'token.manage');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const orgs = useOrganisationOptions(allowed && can(me, 'organisation.read'));
  const orgName = (id: string) => {
    const o = orgs.data?.items.find((x) => x.id === id);
    return o ? pick(lang, o.nameTh, o.nameEn) : '—';
  };
  const list = useInfiniteQuery({
    queryKey: ['tokens', 'list'],
    queryFn: ({ pageParam }) => api<ListPage<ApiTokenT>>('/api/v1/tokens', { query: { limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const now = Date.now();

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('tokens.title')}
        </Title>
        <Button onClick={() => setDialog({ kind: 'create' })}>{t('tokens.create')}</Button>
      </Group>
      <Text size="sm" c="gray.7">
        {t('tokens.intro')}
      </Text>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('tokens.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tokens.name')}</Table.Th>
                  <Table.Th>{t('tokens.organisation')}</Table.Th>
                  <Table.Th>{t('tokens.permissions')}</Table.Th>
                  <Table.Th>{t('tokens.expires')}</Table.Th>
                  <Table.Th>{t('tokens.lastUsed')}</Table.Th>
                  <Table.Th>{t('common.status')}</Table.Th>
                  <Table.Th>
                    <span className="sr-only">{t('common.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((tok) => {
                  const expired = new Date(tok.expiresAt).getTime() < now;
                  const status = tok.revokedAt ? 'revoked' : expired ? 'expired' : 'active';
                  return (
                    <Table.Tr key={tok.id}>
                      <Table.Td>
                        <Text size="sm" fw={700}>
                          {tok.name}
                        </Text>
                        <Code>{tok.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{orgName(tok.organisationId)}</Table.Td>
                      <Table.Td>
                        <Text size="xs">{tok.permissions.join(', ')}</Text>
                      </Table.Td>
                      <Table.Td>{formatDate(tok.expiresAt, lang, 'date')}</Table.Td>
                      <Table.Td>{tok.lastUsedAt ? formatDate(tok.lastUsedAt, lang) : t('tokens.never')}</Table.Td>
                      <Table.Td>
                        <StatusBadge tone={status === 'active' ? 'ok' : status === 'revoked' ? 'bad' : 'neutral'}>
                          {t(`tokens.status.${status}`)}
                        </StatusBadge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="outline" onClick={() => setDialog({ kind: 'uses', token: tok })} aria-label={t('tokens.usesFor', { name: tok.name })}>
                            {t('tokens.uses')}
                          </Button>
                          {status !== 'revoked' && (
                            <Button size="xs" variant="outline" color="red.9" onClick={() => setDialog({ kind: 'revoke', token: tok })} aria-label={t('tokens.revokeNamed', { name: tok.name })}>
                              {t('tokens.revoke')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.hasNextPage && (
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ alignSelf: 'center' }}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
      <AppModal
        opened={dialog !== null}
        // The new secret is shown once: closing by Escape or outside click would lose it without warning.
        closeOnClickOutside={dialog?.kind !== 'created'}
        closeOnEscape={dialog?.kind !== 'created'}
        onClose={() => setDialog(null)}
        size={dialog?.kind === 'uses' ? 'xl' : 'lg'}
        title={
          dialog?.kind === 'create'
            ? t('tokens.create')
            : dialog?.kind === 'created'
              ? t('tokens.createdTitle')
              : dialog?.kind === 'revoke'
                ? t('tokens.revoke')
                : t('tokens.uses')
        }
      >
        {dialog?.kind === 'create' && (
          <CreateTokenForm
            defaultOrganisationId={me.organisation.id}
            organisations={organisationOptions(orgs.data?.items, lang)}
            onCreated={(token) => setDialog({ kind: 'created', token })}
            onCancel={() => setDialog(null)}
          />
        )}
        {dialog?.kind === 'created' && <CreatedToken token={dialog.token} onDone={() => setDialog(null)} />}
        {dialog?.kind === 'revoke' && <RevokeToken token={dialog.token} onDone={() => setDialog(null)} />}
        {dialog?.kind === 'uses' && <TokenUses token={dialog.token} />}
      </AppModal>
    </Stack>
  );
}

interface CreateValues {
  organisationId: string | null;
  name: string;
  permissions: string[];
  expiresInDays: number | string;
}

function CreateTokenForm({ defaultOrganisationId, organisations, onCreated, onCancel }: {
  defaultOrganisationId: string;
  organisations: { value: string; label: string }[];
  onCreated: (t: ApiTokenCreatedT) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<CreateValues>({
    mode: 'controlled',
    initialValues: { organisationId: defaultOrganisationId, name: '', permissions: [], expiresInDays: 90 },
    validate: {
      organisationId: (v) => (v ? null : t('validation.required')),
      name: (v) => (v.trim() ? null : t('validation.required')),
      permissions: (v) => (v.length ? null : t('validation.pickPermission')),
      expiresInDays: (v) => {
        const n = Number(v);
        return Number.isInteger(n) && n >= 1 && n <= 730 ? null : t('validation.range', { min: 1, max: 730 });
      },
    },
  });
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api<ApiTokenCreatedT>('/api/v1/tokens', {
        method: 'POST',
        body: { organisationId: v.organisationId, name: v.name.trim(), permissions: v.permissions as Permission[], expiresInDays: Number(v.expiresInDays) },
      }),
    onSuccess: async (tok) => {
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
      onCreated(tok);
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });
  const orgData = organisations.length ? organisations : [{ value: defaultOrganisationId, label: defaultOrganisationId }];
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack>
        <Select label={t('tokens.organisation')} required searchable data={orgData} {...form.getInputProps('organisationId')} />
        <TextInput label={t('tokens.name')} description={t('tokens.nameHelp')} required {...form.getInputProps('name')} />
        <MultiSelect
          label={t('tokens.permissions')}
          description={t('tokens.permissionsHelp')}
          required
          searchable
          data={permissions.map((p) => ({ value: p, label: permissionLabel(p, t) }))}
          {...form.getInputProps('permissions')}
        />
        <NumberInput label={t('tokens.expiresInDays')} required min={1} max={730} allowDecimal={false} {...form.getInputProps('expiresInDays')} />
        {create.isError && <ErrorAlert error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('tokens.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreatedToken({ token, onDone }: { token: ApiTokenCreatedT; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="orange" variant="light" title={t('tokens.onceTitle')}>
        {t('tokens.onceText')}
      </Alert>
      <div>
        <Text size="sm" fw={700} id="new-token-label">
          {t('tokens.secret')}
        </Text>
        <Code block aria-labelledby="new-token-label" className="wrap-anywhere" data-testid="new-token">
          {token.token}
        </Code>
      </div>
      <Group justify="space-between">
        <CopyButton value={token.token}>
          {({ copied, copy }) => (
            <Button variant={copied ? 'filled' : 'outline'} color={copied ? 'teal.9' : undefined} onClick={copy}>
              {copied ? t('tokens.copied') : t('tokens.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>{t('tokens.savedIt')}</Button>
      </Group>
    </Stack>
  );
}

function RevokeToken({ token, onDone }: { token: ApiTokenT; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api<unknown>(`/api/v1/tokens/${token.id}/revoke`, { method: 'POST', body: {} }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
      onDone();
    },
  });
  return (
    <Stack>
      <Text>{t('tokens.revokeConfirm', { name: token.name })}</Text>
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button color="red.9" loading={revoke.isPending} onClick={() => revoke.mutate()}>
          {t('tokens.revoke')}
        </Button>
      </Group>
    </Stack>
  );
}

function TokenUses({ token }: { token: ApiTokenT }) {
  const { t, i18n } = useTranslation();
  const uses = useInfiniteQuery({
    queryKey: ['tokens', 'uses', token.id],
    queryFn: ({ pageParam }) => api<ListPage<ApiTokenUseT>>(`/api/v1/tokens/${token.id}/uses`, { query: { limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = uses.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Text size="sm">
        {t('tokens.name')}: <strong>{token.name}</strong>
      </Text>
      {uses.isPending ? (
        <Loading />
      ) : uses.isError ? (
        <ErrorAlert error={uses.error} onRetry={() => void uses.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('tokens.noUses')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.time')}</Table.Th>
                  <Table.Th>{t('tokens.request')}</Table.Th>
                  <Table.Th>{t('tokens.statusCode')}</Table.Th>
                  <Table.Th>{t('audit.requestId')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((u) => (
                  <Table.Tr key={`${u.requestId}-${u.at}`}>
                    <Table.Td>{formatDate(u.at, i18n.language, 'dateTimeSeconds')}</Table.Td>
                    <Table.Td>
                      <Code>
                        {u.method} {u.route}
                      </Code>
                    </Table.Td>
                    <Table.Td>{u.statusCode ?? '—'}</Table.Td>
                    <Table.Td>
                      <Code>{u.requestId}</Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {uses.hasNextPage && (
            <Button variant="default" onClick={() => void uses.fetchNextPage()} loading={uses.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
