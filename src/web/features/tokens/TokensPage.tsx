import { Alert, Button, Code, CopyButton, Group, MultiSelect, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canGrantToToken, permissions, type Permission } from '../../../contracts/access.js';
import { api, fieldErrors } from '../../api/client.js';
import { can, useCursorList, useMe, useOrganisationOptions } from '../../api/queries.js';
import type { ApiTokenCreatedT, ApiTokenT, ApiTokenUseT } from '../../api/types.js';
import { NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DialogActions } from '../../components/DialogActions.js';
import { PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
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
  const list = useCursorList<ApiTokenT>(['tokens', 'list'], '/api/v1/tokens', { enabled: allowed });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const now = Date.now();
  const statusOf = (tok: ApiTokenT) => (tok.revokedAt ? 'revoked' : new Date(tok.expiresAt).getTime() < now ? 'expired' : 'active');
  const tone = { active: 'ok', revoked: 'bad', expired: 'neutral' } as const;

  return (
    <Stack>
      <PageHeader
        title={t('tokens.title')}
        action={<Button onClick={() => setDialog({ kind: 'create' })}>{t('tokens.create')}</Button>}
        intro={t('tokens.intro')}
      />
      <QueryView query={list} isEmpty={rows.length === 0} empty={t('tokens.empty')}>
        <DataTable
          rows={rows}
          rowKey={(tok) => tok.id}
          minWidth={900}
          columns={[
            {
              header: t('tokens.name'),
              cell: (tok) => (
                <>
                  <Text size="sm" fw={700}>
                    {tok.name}
                  </Text>
                  <Code>{tok.prefix}…</Code>
                </>
              ),
            },
            { header: t('tokens.organisation'), cell: (tok) => orgName(tok.organisationId) },
            { header: t('tokens.permissions'), cell: (tok) => <Text size="xs">{tok.permissions.join(', ')}</Text> },
            { header: t('tokens.expires'), cell: (tok) => formatDate(tok.expiresAt, lang, 'date') },
            { header: t('tokens.lastUsed'), cell: (tok) => (tok.lastUsedAt ? formatDate(tok.lastUsedAt, lang) : t('tokens.never')) },
            {
              header: t('common.status'),
              cell: (tok) => <StatusBadge tone={tone[statusOf(tok)]}>{t(`tokens.status.${statusOf(tok)}`)}</StatusBadge>,
            },
            {
              header: t('common.actions'),
              hideHeader: true,
              cell: (tok) => (
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="outline" onClick={() => setDialog({ kind: 'uses', token: tok })} aria-label={t('tokens.usesFor', { name: tok.name })}>
                    {t('tokens.uses')}
                  </Button>
                  {statusOf(tok) !== 'revoked' && (
                    <Button size="xs" variant="outline" color="red.9" onClick={() => setDialog({ kind: 'revoke', token: tok })} aria-label={t('tokens.revokeNamed', { name: tok.name })}>
                      {t('tokens.revoke')}
                    </Button>
                  )}
                </Group>
              ),
            },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
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
  const me = useMe();
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
          data={permissions.filter((p) => canGrantToToken(p, me.permissions)).map((p) => ({ value: p, label: permissionLabel(p, t) }))}
          {...form.getInputProps('permissions')}
        />
        <NumberInput label={t('tokens.expiresInDays')} required min={1} max={730} allowDecimal={false} {...form.getInputProps('expiresInDays')} />
        <DialogActions mutation={create} onCancel={onCancel} confirmLabel={t('tokens.createSubmit')} />
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
      <DialogActions mutation={revoke} onCancel={onDone} onConfirm={() => revoke.mutate()} confirmLabel={t('tokens.revoke')} danger />
    </Stack>
  );
}

function TokenUses({ token }: { token: ApiTokenT }) {
  const { t, i18n } = useTranslation();
  const uses = useCursorList<ApiTokenUseT>(['tokens', 'uses', token.id], `/api/v1/tokens/${token.id}/uses`);
  const rows = uses.data ?? [];
  return (
    <Stack>
      <Text size="sm">
        {t('tokens.name')}: <strong>{token.name}</strong>
      </Text>
      <QueryView query={uses} isEmpty={rows.length === 0} empty={t('tokens.noUses')}>
        <DataTable
          rows={rows}
          rowKey={(u) => `${u.requestId}-${u.at}`}
          minWidth={640}
          columns={[
            { header: t('audit.time'), cell: (u) => formatDate(u.at, i18n.language, 'dateTimeSeconds') },
            {
              header: t('tokens.request'),
              cell: (u) => (
                <Code>
                  {u.method} {u.route}
                </Code>
              ),
            },
            { header: t('tokens.statusCode'), cell: (u) => u.statusCode ?? '—' },
            { header: t('audit.requestId'), cell: (u) => <Code>{u.requestId}</Code> },
          ]}
        />
        <LoadMore query={uses} />
      </QueryView>
    </Stack>
  );
}
