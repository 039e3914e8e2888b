import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { referralStatuses, referralStatusLabels, type Referral, type ReferralItem, type ReferralStatus } from '../../../contracts/referral.js';
import { api } from '../../api/client.js';
import { can, useCursorList, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { AnchorLink } from '../../components/Links.js';
import { Fact, PageHeader } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { formErrors } from '../network/api.js';
import { caseKeys } from './api.js';
import { CaseForm, ChildBadge, StageBadge } from './CaseBits.js';
import { CaseNav } from './CaseNav.js';
import { htcds, useHtcds } from './labels.js';
import { ReferralStatusBadge } from './ReferralBits.js';

type Direction = 'incoming' | 'outgoing';

/**
 * Referrals and transfers to my organisation (answer them here: the case opens to us only once
 * accepted) and those of the cases I work on.
 */
export function ReferralsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'case.read');
  const [direction, setDirection] = useState<Direction>('incoming');
  const [status, setStatus] = useState<ReferralStatus | null>('requested');
  const query = { direction, status: status ?? undefined };
  const list = useCursorList<ReferralItem>([...caseKeys.incoming, query], '/api/v1/referrals', { query, enabled: allowed });
  const [answering, setAnswering] = useState<{ item: ReferralItem; action: 'accept' | 'decline' } | null>(null);
  const [viewing, setViewing] = useState<ReferralItem | null>(null);
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const canAnswer = can(me, 'referral.accept');
  return (
    <Stack>
      <PageHeader title={t('cases.referralsPage.title')} intro={t('cases.referralsPage.intro')} />
      <CaseNav />
      <Group align="flex-end" role="search" aria-label={t('common.filters')} gap="md">
        <div>
          <Text size="sm" fw={500} id="referrals-direction-label" mb={4}>
            {t('cases.referralsPage.direction')}
          </Text>
          <SegmentedControl
            aria-labelledby="referrals-direction-label"
            value={direction}
            onChange={(v) => {
              setDirection(v as Direction);
              setStatus(v === 'incoming' ? 'requested' : null);
            }}
            data={[
              { value: 'incoming', label: t('cases.referralsPage.incoming') },
              { value: 'outgoing', label: t('cases.referralsPage.outgoing') },
            ]}
          />
        </div>
        <Select
          label={t('common.status')}
          placeholder={t('common.all')}
          clearable
          data={referralStatuses.map((s) => ({ value: s, label: pick(lang, referralStatusLabels[s].th, referralStatusLabels[s].en) }))}
          value={status}
          onChange={(v) => setStatus(v as ReferralStatus | null)}
          w={{ base: '100%', sm: 220 }}
        />
      </Group>
      <QueryView query={list} isEmpty={rows.length === 0} empty={direction === 'incoming' ? t('cases.referralsPage.emptyIncoming') : t('cases.referralsPage.emptyOutgoing')}>
        <Stack data-testid="referrals">
          {rows.map((r) => (
            <ReferralRow
              key={r.id}
              item={r}
              direction={direction}
              canAnswer={canAnswer && direction === 'incoming' && r.status === 'requested' && r.toOrganisationId === me.organisation.id}
              onAnswer={(action) => setAnswering({ item: r, action })}
              onView={() => setViewing(r)}
            />
          ))}
        </Stack>
        <LoadMore query={list} />
      </QueryView>
      <AppModal
        opened={answering !== null}
        onClose={() => setAnswering(null)}
        title={answering ? t(answering.action === 'accept' ? 'cases.referralsPage.acceptTitle' : 'cases.referralsPage.declineTitle', { number: answering.item.caseNumber }) : ''}
      >
        {answering && <AnswerForm item={answering.item} action={answering.action} onDone={() => setAnswering(null)} />}
      </AppModal>
      <AppModal opened={viewing !== null} onClose={() => setViewing(null)} title={viewing ? t('cases.referralsPage.detailsTitle', { number: viewing.caseNumber }) : ''} size="lg">
        {viewing && <ReferralDetails item={viewing} />}
      </AppModal>
    </Stack>
  );
}

function ReferralRow({ item: r, direction, canAnswer, onAnswer, onView }: {
  item: ReferralItem;
  direction: Direction;
  canAnswer: boolean;
  onAnswer: (a: 'accept' | 'decline') => void;
  onView: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const h = useHtcds();
  // The recipient may open the case once it has accepted; the case side always may.
  const mayOpen = direction === 'outgoing' || r.status === 'accepted';
  const other = direction === 'incoming' ? pick(lang, r.fromOrganisationNameTh, r.fromOrganisationNameEn) : pick(lang, r.toOrganisationNameTh, r.toOrganisationNameEn);
  return (
    <Paper withBorder p="md" data-testid="referral-item">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ flex: 1, minWidth: 240 }}>
          <Group gap="xs">
            <Title order={2} size="h5">
              {r.kind === 'transfer' ? t('cases.referralsPage.transfer') : t('cases.referralsPage.referral')}{' '}
              {mayOpen ? (
                <AnchorLink to="/cases/$id" params={{ id: r.caseId }}>
                  {r.caseNumber}
                </AnchorLink>
              ) : (
                r.caseNumber
              )}
            </Title>
            <ReferralStatusBadge status={r.status} />
            {r.child && <ChildBadge size="sm" />}
            <StageBadge stage={r.caseStage} />
          </Group>
          <Text size="sm">
            {direction === 'incoming' ? t('cases.referralsPage.from') : t('cases.referralsPage.to')}: <strong>{other}</strong>
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" className="facts" spacing={4}>
            {r.service && <Fact label={t('cases.referrals.service')}>{t(`network.service.${r.service}`)}</Fact>}
            <Fact label={t('cases.referrals.reason')}>{h.label(htcds.referralReason, r.reason)}</Fact>
            <Fact label={t('cases.referrals.requested')}>{formatDate(r.requestedAt, lang)}</Fact>
            {r.kind === 'referral' && <Fact label={t('cases.referrals.shared')}>{r.sharedParts.map((p) => t(`cases.part.${p}`)).join(', ')}</Fact>}
          </SimpleGrid>
        </Stack>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onView} aria-label={`${t('cases.referralsPage.details')} — ${r.caseNumber}`}>
            {t('cases.referralsPage.details')}
          </Button>
          {canAnswer && (
            <>
              <Button size="xs" onClick={() => onAnswer('accept')} aria-label={`${t('cases.referralsPage.accept')} — ${r.caseNumber}`}>
                {t('cases.referralsPage.accept')}
              </Button>
              <Button size="xs" variant="outline" color="red.9" onClick={() => onAnswer('decline')} aria-label={`${t('cases.referralsPage.decline')} — ${r.caseNumber}`}>
                {t('cases.referralsPage.decline')}
              </Button>
            </>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

/** The referral's free text (decrypted for its recipient or the case side; the read is audited): fetched when asked for. */
function ReferralDetails({ item }: { item: ReferralItem }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: ['referrals', 'detail', item.id],
    queryFn: () => api<Referral>(`/api/v1/referrals/${encodeURIComponent(item.id)}`),
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
  });
  return (
    <QueryView query={detail}>
      {detail.data && (
        <dl className="facts">
          <Fact label={t('cases.referrals.details')}>{detail.data.details ? <span className="case-text">{detail.data.details}</span> : '—'}</Fact>
          {detail.data.answerReason && <Fact label={t('cases.referrals.answerReason')}>{detail.data.answerReason}</Fact>}
          {detail.data.consentOverridden && <Fact label={t('cases.referrals.consent')}>{t('cases.referrals.overridden')}</Fact>}
        </dl>
      )}
    </QueryView>
  );
}

function AnswerForm({ item, action, onDone }: { item: ReferralItem; action: 'accept' | 'decline'; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const answer = useMutation({
    mutationFn: (body: object) => api<Referral>(`/api/v1/referrals/${encodeURIComponent(item.id)}/${action}`, { method: 'POST', body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: caseKeys.all }),
  });
  return (
    <CaseForm
      mutation={answer}
      danger={action === 'decline'}
      confirmLabel={action === 'accept' ? t('cases.referralsPage.accept') : t('cases.referralsPage.decline')}
      onCancel={onDone}
      onSubmit={() => {
        if (action === 'decline' && reason.trim().length < 3) {
          setError(t('cases.referrals.reasonNeeded'));
          return;
        }
        answer.mutate(action === 'accept' ? { version: item.version } : { version: item.version, reason: reason.trim() }, {
          onSuccess: onDone,
          onError: (err) => setError(formErrors(err).reason ?? null),
        });
      }}
    >
      {action === 'accept' ? (
        <Text size="sm">{item.kind === 'transfer' ? t('cases.referralsPage.acceptTransferIntro') : t('cases.referralsPage.acceptIntro', { parts: item.sharedParts.map((p) => t(`cases.part.${p}`)).join(', ') })}</Text>
      ) : (
        <Textarea label={t('cases.referralsPage.declineReason')} required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => { setReason(e.currentTarget.value); setError(null); }} error={error} />
      )}
    </CaseForm>
  );
}
