import { Button, Group, Paper, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_MAX_CHARS, type Note } from '../../../../contracts/casework.js';
import { api } from '../../../api/client.js';
import type { ListPage } from '../../../api/types.js';
import { AppModal } from '../../../components/AppModal.js';
import { LoadMore, QueryView } from '../../../components/QueryView.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors } from '../../network/api.js';
import { caseKeys, casePath, send, useCaseWrite, type Case } from '../api.js';
import { CaseForm } from '../CaseBits.js';

/** A cursor-paged list of one case (notes, attachments), refreshed with the case. */
export function useCasePages<T>(kase: Case, path: string) {
  return useInfiniteQuery({
    queryKey: caseKeys.part(kase.id, path, 'pages'),
    queryFn: ({ pageParam }) => api<ListPage<T>>(casePath(kase.id, path), { query: { limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (d: InfiniteData<ListPage<T>>) => d.pages.flatMap((p) => p.items),
    staleTime: 60_000,
  });
}

/** Who may add to a part: the case's writers, or a referral recipient the part was shared with (the server decides). */
export function mayAdd(kase: Case): boolean {
  return kase.stage !== 'closed' && (kase.access.canWrite || !kase.access.full);
}

export function SensitivityBadge({ sensitivity }: { sensitivity: 'normal' | 'team' }) {
  const { t } = useTranslation();
  if (sensitivity !== 'team') return null;
  return (
    <StatusBadge tone="warn" size="sm">
      {t('cases.sensitivity.team')}
    </StatusBadge>
  );
}

export function NotesPanel({ kase }: { kase: Case }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const notes = useCasePages<Note>(kase, 'notes');
  const [adding, setAdding] = useState(false);
  const items = notes.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7" style={{ flex: 1, minWidth: 240 }}>
          {kase.access.team ? t('cases.notes.introTeam') : t('cases.notes.intro')}
        </Text>
        {mayAdd(kase) && <Button onClick={() => setAdding(true)}>{t('cases.notes.add')}</Button>}
      </Group>
      <QueryView query={notes} isEmpty={items.length === 0} empty={t('cases.notes.empty')}>
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="case-notes">
          {items.map((n) => (
            <Paper key={n.id} component="li" withBorder p="sm" data-testid="case-note">
              <Group gap="xs" mb={4}>
                <Text size="sm" fw={700}>
                  {n.authorName ?? t('cases.timeline.system')}
                </Text>
                <Text size="sm" c="gray.7">
                  {pick(lang, n.authorOrganisationNameTh, n.authorOrganisationNameEn)} · {formatDate(n.createdAt, lang)}
                </Text>
                <SensitivityBadge sensitivity={n.sensitivity} />
              </Group>
              <Text size="sm" className="case-text">
                {n.body}
              </Text>
            </Paper>
          ))}
        </Stack>
        <LoadMore query={notes} />
      </QueryView>
      <AppModal opened={adding} onClose={() => setAdding(false)} title={t('cases.notes.add')} size="lg">
        {adding && <NoteForm kase={kase} onDone={() => setAdding(false)} />}
      </AppModal>
    </Stack>
  );
}

function NoteForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t } = useTranslation();
  const [sensitivity, setSensitivity] = useState<'normal' | 'team'>('normal');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useCaseWrite(kase.id, (b: object) => send<Note>('POST', casePath(kase.id, 'notes'), b));
  return (
    <CaseForm
      mutation={add}
      onCancel={onDone}
      onSubmit={() => {
        if (!body.trim()) {
          setErrors({ body: t('validation.required') });
          return;
        }
        add.mutate({ sensitivity, body: body.trim() }, { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) });
      }}
    >
      {kase.access.team && <SensitivityChoice value={sensitivity} onChange={setSensitivity} />}
      <Textarea label={t('cases.notes.body')} required autosize minRows={4} maxLength={NOTE_MAX_CHARS} value={body} onChange={(e) => { setBody(e.currentTarget.value); setErrors({}); }} error={errors.body} />
    </CaseForm>
  );
}

export function SensitivityChoice({ value, onChange }: { value: 'normal' | 'team'; onChange: (v: 'normal' | 'team') => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={t('cases.sensitivity.label')} value={value} onChange={(v) => onChange(v as 'normal' | 'team')}>
      <Stack gap={6} mt={4}>
        <Radio value="normal" label={t('cases.sensitivity.normal')} />
        <Radio value="team" label={t('cases.sensitivity.teamLong')} />
      </Stack>
    </Radio.Group>
  );
}
