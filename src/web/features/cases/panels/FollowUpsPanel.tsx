import { Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followUpDimensionLabels, followUpDimensions, nrmClocks, type FollowUp } from '../../../../contracts/nrm.js';
import { AppModal } from '../../../components/AppModal.js';
import { DataTable } from '../../../components/DataTable.js';
import { DateField } from '../../../components/DateField.js';
import { QueryView } from '../../../components/QueryView.js';
import { Loading } from '../../../components/States.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors } from '../../network/api.js';
import { casePath, send, todayTh, useCasePart, useCaseWrite, type Case, type CasePerson } from '../api.js';
import { CaseForm, yesNo } from '../CaseBits.js';
import { usePersonLabels } from '../people.js';

const FollowUpChart = lazy(() => import('../FollowUpChart.js'));
type Dimension = (typeof followUpDimensions)[number];

/** Reintegration follow-up: a plan of visits over at least 12 months, each rated on four dimensions, charted over time. */
export function FollowUpsPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const labels = usePersonLabels(kase);
  const followUps = useCasePart<{ items: FollowUp[] }>(kase.id, 'follow-ups');
  const [planning, setPlanning] = useState<CasePerson | null>(null);
  const [visiting, setVisiting] = useState<FollowUp | null>(null);
  if (labels.victims.length === 0) return <Text c="gray.7">{t('cases.people.noVictims')}</Text>;
  const items = followUps.data?.items ?? [];
  return (
    <Stack>
      <Text size="sm" c="gray.7">
        {t('cases.followups.intro', { months: nrmClocks.minFollowUpMonths })}
      </Text>
      <QueryView query={followUps}>
        {labels.victims.map((p) => (
          <PersonFollowUps
            key={p.id}
            person={p}
            label={labels.long(p.id)}
            items={items.filter((f) => f.casePersonId === p.id)}
            writable={writable}
            onPlan={() => setPlanning(p)}
            onVisit={setVisiting}
          />
        ))}
      </QueryView>
      <AppModal opened={planning !== null} onClose={() => setPlanning(null)} title={planning ? t('cases.followups.planFor', { who: labels.short(planning.id) }) : ''}>
        {planning && <PlanForm kase={kase} person={planning} onDone={() => setPlanning(null)} />}
      </AppModal>
      <AppModal opened={visiting !== null} onClose={() => setVisiting(null)} title={visiting ? t('cases.followups.visitFor', { who: labels.short(visiting.casePersonId), date: formatDate(visiting.scheduledFor, i18n.language, 'date') }) : ''} size="lg">
        {visiting && <VisitForm kase={kase} followUp={visiting} onDone={() => setVisiting(null)} />}
      </AppModal>
    </Stack>
  );
}

function PersonFollowUps({ person, label, items, writable, onPlan, onVisit }: {
  person: CasePerson;
  label: string;
  items: FollowUp[];
  writable: boolean;
  onPlan: () => void;
  onVisit: (f: FollowUp) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dim = (d: Dimension) => pick(lang, followUpDimensionLabels[d].th, followUpDimensionLabels[d].en);
  const visited = items.filter((f) => f.visitedAt).sort((a, b) => (a.visitedAt! < b.visitedAt! ? -1 : 1));
  const chart = useMemo(
    () => ({
      dates: visited.map((f) => formatDate(f.visitedAt, lang, 'date')),
      series: followUpDimensions.map((d) => ({ name: dim(d), values: visited.map((f) => f[d]) })),
    }),
    [JSON.stringify(visited.map((f) => [f.id, f.visitedAt, f.livelihood, f.family, f.justice, f.future])), lang],
  );
  const headingId = `followups-${person.id}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="followups-card">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5" id={headingId}>
          {label}
        </Title>
        {writable && (
          <Button size="xs" variant={items.length ? 'default' : 'filled'} onClick={onPlan} aria-label={`${t('cases.followups.plan')} — ${label}`}>
            {t('cases.followups.plan')}
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t('cases.followups.none')}
        </Text>
      ) : (
        <Stack>
          {visited.length > 0 && (
            <Suspense fallback={<Loading />}>
              <FollowUpChart dates={chart.dates} series={chart.series} label={t('cases.followups.chartLabel', { who: label })} ratingAxis={t('cases.followups.rating')} />
            </Suspense>
          )}
          <DataTable
            rows={items}
            rowKey={(f) => f.id}
            minWidth={760}
            columns={[
              { header: t('cases.followups.scheduled'), cell: (f) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(f.scheduledFor, lang, 'date')}</span> },
              {
                header: t('cases.followups.visited'),
                cell: (f) =>
                  f.visitedAt ? (
                    formatDate(f.visitedAt, lang, 'date')
                  ) : f.overdue ? (
                    <StatusBadge tone="bad" size="sm">
                      {t('cases.overdue')}
                    </StatusBadge>
                  ) : (
                    '—'
                  ),
              },
              ...followUpDimensions.map((d) => ({ header: dim(d), cell: (f: FollowUp) => f[d] ?? '—' })),
              { header: t('cases.followups.compensation'), cell: (f) => (f.visitedAt ? yesNo(f.compensationReceived, t) : '—') },
              writable && {
                header: t('common.actions'),
                hideHeader: true,
                cell: (f) =>
                  !f.visitedAt && (
                    <Button size="xs" variant="default" onClick={() => onVisit(f)} aria-label={`${t('cases.followups.recordVisit')} ${formatDate(f.scheduledFor, lang, 'date')}`}>
                      {t('cases.followups.recordVisit')}
                    </Button>
                  ),
              },
            ]}
          />
          {visited.some((f) => f.notes) && (
            <Stack gap={4}>
              {visited
                .filter((f) => f.notes)
                .map((f) => (
                  <Text key={f.id} size="sm" className="case-text">
                    <strong>{formatDate(f.visitedAt, lang, 'date')}:</strong> {f.notes}
                  </Text>
                ))}
            </Stack>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function PlanForm({ kase, person, onDone }: { kase: Case; person: CasePerson; onDone: () => void }) {
  const { t } = useTranslation();
  const [start, setStart] = useState(todayTh());
  const [months, setMonths] = useState<number | string>(12);
  const [every, setEvery] = useState<number | string>(3);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Case>('POST', casePath(kase.id, 'persons', person.id, 'follow-ups', 'plan'), body));
  const submit = () => {
    const e: Record<string, string> = {};
    if (!start) e.startDate = t('validation.required');
    const m = Number(months);
    if (!Number.isInteger(m) || m < nrmClocks.minFollowUpMonths || m > 60) e.months = t('validation.range', { min: nrmClocks.minFollowUpMonths, max: 60 });
    const ev = Number(every);
    if (!Number.isInteger(ev) || ev < 1 || ev > 12) e.everyMonths = t('validation.range', { min: 1, max: 12 });
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate({ version: kase.version, startDate: start, months: m, everyMonths: ev }, { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) });
  };
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit}>
      <Text size="sm">{t('cases.followups.planIntro')}</Text>
      <DateField label={t('cases.followups.start')} value={start} onChange={setStart} error={errors.startDate} />
      <SimpleGrid cols={2}>
        <NumberInput label={t('cases.followups.months')} min={nrmClocks.minFollowUpMonths} max={60} allowDecimal={false} value={months} onChange={setMonths} error={errors.months} />
        <NumberInput label={t('cases.followups.every')} min={1} max={12} allowDecimal={false} value={every} onChange={setEvery} error={errors.everyMonths} />
      </SimpleGrid>
    </CaseForm>
  );
}

function VisitForm({ kase, followUp, onDone }: { kase: Case; followUp: FollowUp; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [visitedAt, setVisitedAt] = useState(todayTh());
  const [ratings, setRatings] = useState<Partial<Record<Dimension, string>>>({});
  const [compensation, setCompensation] = useState(false);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Case>('POST', casePath(kase.id, 'follow-ups', followUp.id, 'visit'), body));
  const submit = () => {
    const e: Record<string, string> = {};
    if (!visitedAt) e.visitedAt = t('validation.required');
    for (const d of followUpDimensions) if (!ratings[d]) e[d] = t('cases.followups.rate');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(
      {
        version: kase.version,
        visitedAt,
        livelihood: Number(ratings.livelihood),
        family: Number(ratings.family),
        justice: Number(ratings.justice),
        future: Number(ratings.future),
        compensationReceived: compensation,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      },
      { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) },
    );
  };
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit}>
      <DateField label={t('cases.followups.visitedOn')} value={visitedAt} onChange={setVisitedAt} error={errors.visitedAt} maxDate={todayTh()} />
      <Text size="sm">{t('cases.followups.scale')}</Text>
      {followUpDimensions.map((d) => {
        const id = `rating-${d}`;
        return (
          <div key={d}>
            <Text size="sm" fw={500} id={id} mb={4}>
              {pick(lang, followUpDimensionLabels[d].th, followUpDimensionLabels[d].en)}
            </Text>
            <SegmentedControl
              aria-labelledby={id}
              value={ratings[d] ?? ''}
              onChange={(v) => setRatings((r) => ({ ...r, [d]: v }))}
              data={['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: n }))}
              data-testid={`rating-${d}`}
            />
            {errors[d] && (
              <Text size="xs" c="red.9" mt={2}>
                {errors[d]}
              </Text>
            )}
          </div>
        );
      })}
      <Checkbox label={t('cases.followups.compensationReceived')} checked={compensation} onChange={(e) => setCompensation(e.currentTarget.checked)} />
      <Textarea label={t('cases.followups.notes')} autosize minRows={2} maxLength={8000} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={errors.notes} />
    </CaseForm>
  );
}
