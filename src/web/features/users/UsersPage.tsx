import { Button, Menu, MultiSelect, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleNames, type RoleName } from '../../../contracts/access.js';
import { api, fieldErrors } from '../../api/client.js';
import { can, useCursorList, useMe, useOrganisationOptions, useRoles } from '../../api/queries.js';
import type { Organisation, RoleInfoT, User } from '../../api/types.js';
import { NoAccess } from '../../components/States.js';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { DialogActions } from '../../components/DialogActions.js';
import { PageHeader, SearchBar } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ActiveBadge } from '../../components/StatusBadge.js';
import { pick, roleLabel } from '../../lib/labels.js';

export function organisationOptions(items: Organisation[] | undefined, lang: string) {
  return (items ?? []).map((o) => ({ value: o.id, label: pick(lang, o.nameTh, o.nameEn) }));
}

function roleOptions(items: RoleInfoT[] | undefined, lang: string) {
  const names = items?.map((r) => r.name) ?? [...roleNames];
  return names.map((n) => {
    const info = items?.find((r) => r.name === n);
    return { value: n, label: info ? pick(lang, info.labelTh, info.labelEn) : roleLabel(n, lang) };
  });
}

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | { kind: 'mfa'; user: User };

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const [q, setQ] = useState('');
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const allowed = can(me, 'user.read');
  const orgs = useOrganisationOptions(allowed && can(me, 'organisation.read'));
  const orgName = (id: string) => {
    const o = orgs.data?.items.find((x) => x.id === id);
    return o ? pick(lang, o.nameTh, o.nameEn) : id === me.organisation.id ? pick(lang, me.organisation.nameTh, me.organisation.nameEn) : '—';
  };

  const list = useCursorList<User>(['users', 'list', { q: debouncedQ, organisationId }], '/api/v1/users', {
    query: { q: debouncedQ, organisationId: organisationId ?? undefined },
    enabled: allowed,
  });

  if (!allowed) return <NoAccess />;
  const manage = can(me, 'user.manage');
  const rows = list.data ?? [];

  return (
    <Stack>
      <PageHeader title={t('users.title')} action={manage && <Button onClick={() => setDialog({ kind: 'create' })}>{t('users.create')}</Button>} />
      <SearchBar value={q} onChange={setQ} placeholder={t('users.searchPlaceholder')}>
        {can(me, 'organisation.read') && (
          <Select
            label={t('users.organisation')}
            placeholder={t('common.all')}
            data={organisationOptions(orgs.data?.items, lang)}
            value={organisationId}
            onChange={setOrganisationId}
            searchable
            clearable
            w={{ base: '100%', sm: 320 }}
          />
        )}
      </SearchBar>
      <QueryView query={list} isEmpty={rows.length === 0} empty={debouncedQ || organisationId ? t('users.noMatch') : t('users.empty')}>
        <DataTable
          rows={rows}
          rowKey={(u) => u.id}
          minWidth={820}
          highlightOnHover
          columns={[
            {
              header: t('users.name'),
              cell: (u) => (
                <>
                  <Text size="sm" fw={700}>
                    {u.displayName}
                  </Text>
                  <Text size="xs" c="gray.7">
                    {u.username}
                  </Text>
                </>
              ),
            },
            { header: t('users.organisation'), cell: (u) => orgName(u.organisationId) },
            { header: t('users.roles'), cell: (u) => <Text size="sm">{u.roles.map((r) => roleLabel(r, lang)).join(', ')}</Text> },
            { header: t('users.secondFactor'), cell: (u) => (u.mfaEnabled ? t('account.mfaOn') : t('account.mfaOff')) },
            { header: t('common.status'), cell: (u) => <ActiveBadge active={u.active} /> },
            manage && {
              header: t('common.actions'),
              hideHeader: true,
              cell: (u) => (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button size="xs" variant="outline" aria-label={t('users.actionsFor', { name: u.username })}>
                      {t('common.actions')}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setDialog({ kind: 'edit', user: u })}>{t('common.edit')}</Menu.Item>
                    <Menu.Item onClick={() => setDialog({ kind: 'password', user: u })}>{t('users.resetPassword')}</Menu.Item>
                    <Menu.Item onClick={() => setDialog({ kind: 'mfa', user: u })} disabled={!u.mfaEnabled}>
                      {t('users.resetMfa')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              ),
            },
          ]}
        />
        <LoadMore query={list} />
      </QueryView>
      <AppModal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        size="lg"
        title={
          dialog?.kind === 'create'
            ? t('users.create')
            : dialog?.kind === 'edit'
              ? t('users.edit')
              : dialog?.kind === 'password'
                ? t('users.resetPassword')
                : t('users.resetMfa')
        }
      >
        {dialog?.kind === 'create' && <CreateUserForm organisations={orgs.data?.items} defaultOrganisationId={organisationId} onDone={() => setDialog(null)} />}
        {dialog?.kind === 'edit' && <EditUserForm user={dialog.user} onDone={() => setDialog(null)} />}
        {dialog?.kind === 'password' && <ResetPasswordForm user={dialog.user} onDone={() => setDialog(null)} />}
        {dialog?.kind === 'mfa' && <ResetMfa user={dialog.user} onDone={() => setDialog(null)} />}
      </AppModal>
    </Stack>
  );
}

interface CreateValues {
  organisationId: string | null;
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  password: string;
}

function CreateUserForm({ organisations, defaultOrganisationId, onDone }: { organisations: Organisation[] | undefined; defaultOrganisationId: string | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const form = useForm<CreateValues>({
    mode: 'controlled',
    initialValues: { organisationId: defaultOrganisationId, username: '', displayName: '', email: '', roles: [], password: '' },
    validate: {
      organisationId: (v) => (v ? null : t('validation.required')),
      username: (v) => (/^[a-zA-Z0-9._-]{3,64}$/.test(v.trim()) ? null : t('validation.username')),
      displayName: (v) => (v.trim() ? null : t('validation.required')),
      email: (v) => (!v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('validation.email')),
      roles: (v) => (v.length > 0 ? null : t('validation.pickRole')),
      password: (v) => (v.length >= 12 ? null : t('validation.passwordLength')),
    },
  });
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api<User>('/api/v1/users', {
        method: 'POST',
        body: {
          organisationId: v.organisationId,
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          email: v.email.trim() || null,
          roles: v.roles as RoleName[],
          password: v.password,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack>
        <Select label={t('users.organisation')} required searchable data={organisationOptions(organisations, i18n.language)} {...form.getInputProps('organisationId')} />
        <TextInput label={t('users.username')} description={t('users.usernameHelp')} required autoCapitalize="none" spellCheck={false} autoComplete="off" {...form.getInputProps('username')} />
        <TextInput label={t('users.displayName')} required autoComplete="off" {...form.getInputProps('displayName')} />
        <TextInput label={t('users.email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
        <MultiSelect label={t('users.roles')} required data={roleOptions(roles.data?.items, i18n.language)} {...form.getInputProps('roles')} />
        <PasswordInput label={t('users.initialPassword')} description={t('users.initialPasswordHelp')} required autoComplete="new-password" {...form.getInputProps('password')} />
        <DialogActions mutation={create} onCancel={onDone} confirmLabel={t('users.createSubmit')} />
      </Stack>
    </form>
  );
}

interface EditValues {
  displayName: string;
  email: string;
  roles: string[];
  active: boolean;
}

function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const form = useForm<EditValues>({
    mode: 'controlled',
    initialValues: { displayName: user.displayName, email: user.email ?? '', roles: [...user.roles], active: user.active },
    validate: {
      displayName: (v) => (v.trim() ? null : t('validation.required')),
      email: (v) => (!v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('validation.email')),
      roles: (v) => (v.length > 0 ? null : t('validation.pickRole')),
    },
  });
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      api<User>(`/api/v1/users/${user.id}`, {
        method: 'PATCH',
        body: { version: user.version, displayName: v.displayName.trim(), email: v.email.trim() || null, roles: v.roles as RoleName[], active: v.active },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Text size="sm">
          {t('users.username')}: <strong>{user.username}</strong>
        </Text>
        <TextInput label={t('users.displayName')} required {...form.getInputProps('displayName')} />
        <TextInput label={t('users.email')} type="email" {...form.getInputProps('email')} />
        <MultiSelect label={t('users.roles')} required data={roleOptions(roles.data?.items, i18n.language)} {...form.getInputProps('roles')} />
        <Switch label={t('users.activeLabel')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: 'controlled',
    initialValues: { newPassword: '' },
    validate: { newPassword: (v) => (v.length >= 12 ? null : t('validation.passwordLength')) },
  });
  const reset = useMutation({
    mutationFn: (v: { newPassword: string }) => api<unknown>(`/api/v1/users/${user.id}/password-reset`, { method: 'POST', body: v }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => reset.mutate(v))} noValidate>
      <Stack>
        <Text size="sm">{t('users.resetPasswordHelp', { name: user.username })}</Text>
        <PasswordInput label={t('password.new')} description={t('password.rules')} required autoComplete="new-password" {...form.getInputProps('newPassword')} />
        <DialogActions mutation={reset} onCancel={onDone} confirmLabel={t('users.resetPassword')} danger />
      </Stack>
    </form>
  );
}

function ResetMfa({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => api<unknown>(`/api/v1/users/${user.id}/mfa-reset`, { method: 'POST', body: {} }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
  });
  return (
    <Stack>
      <Text size="sm">{t('users.resetMfaHelp', { name: user.username })}</Text>
      <DialogActions mutation={reset} onCancel={onDone} onConfirm={() => reset.mutate()} confirmLabel={t('users.resetMfa')} danger />
    </Stack>
  );
}
