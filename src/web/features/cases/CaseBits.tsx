import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useEffect, useState, type FormEventHandler, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.js';
import { DialogActions } from '../../components/DialogActions.js';
import { ErrorAlert } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useOrganisationOptions } from '../../api/queries.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { caseStages, isStale, type CaseStage, type CaseSummary } from './api.js';
import { htcds, useHtcds } from './labels.js';
import './cases.css';

export function StageBadge({ stage }: { stage: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={stage === 'closed' ? 'gray' : 'blue'} tt="none" styles={{ root: { flexShrink: 0, maxWidth: 'none' }, label: { overflow: 'visible' } }}>
      {t(`cases.stage.${stage}`)}
    </Badge>
  );
}

const statusTone: Record<CaseSummary['status'], 'ok' | 'neutral' | 'warn'> = { Active: 'ok', FollowUp: 'warn', Closed: 'neutral', ClosedReferred: 'neutral' };

export function CaseStatusBadge({ status }: { status: CaseSummary['status'] }) {
  const h = useHtcds();
  return <StatusBadge tone={statusTone[status] ?? 'neutral'}>{h.label(htcds.caseStatus, status)}</StatusBadge>;
}

export function ChildBadge({ size = 'md' }: { size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone="bad" size={size}>
      {t('cases.child')}
    </StatusBadge>
  );
}

/** The NRM path as an ordered list: done steps ticked, the current one marked (`aria-current="step"`). */
export function StageSteps({ stage }: { stage: CaseStage }) {
  const { t } = useTranslation();
  const steps = caseStages;
  const current = steps.indexOf(stage);
  return (
    <ol className="case-steps" aria-label={t('cases.stepsLabel')} data-testid="case-stages">
      {steps.map((s, i) => {
        const state = i < current || stage === 'closed' ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={s} className={`case-step case-step-${state}`} aria-current={i === current ? 'step' : undefined}>
            <span className="case-step-mark" aria-hidden>
              {state === 'done' ? '✓' : i + 1}
            </span>
            <span>{t(`cases.stage.${s}`)}</span>
            {state === 'done' && <span className="sr-only"> ({t('cases.stepDone')})</span>}
          </li>
        );
      })}
    </ol>
  );
}

/** The error of a write; a stale version gets its own message (the case has been reloaded meanwhile). */
export function MutationError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (isStale(error)) {
    return (
      <Alert color="orange" variant="light" role="alert" title={t('cases.stale.title')} data-testid="stale-version">
        {t('cases.stale.text')}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

/** A dialog's form: fields, the write's error (stale version explained), Cancel and the main button. */
export function CaseForm({ mutation, onSubmit, onCancel, confirmLabel, danger, children }: {
  mutation: { isError: boolean; error: unknown; isPending: boolean };
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  confirmLabel?: ReactNode;
  danger?: boolean;
  children: ReactNode;
}) {
  const stale = mutation.isError && isStale(mutation.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(e);
      }}
      noValidate
      autoComplete="off"
    >
      <Stack>
        {children}
        {stale && <MutationError error={mutation.error} />}
        <DialogActions mutation={{ ...mutation, isError: mutation.isError && !stale }} onCancel={onCancel} confirmLabel={confirmLabel} danger={danger} />
      </Stack>
    </form>
  );
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** "2 days 3 h", "3 h 12 min", "4 min 05 s": the two largest units of a duration. */
function useDurationText() {
  const { t } = useTranslation();
  return (ms: number) => {
    const s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    if (d > 0) return `${t('cases.clock.d', { count: d })} ${t('cases.clock.h', { count: h })}`;
    if (h > 0) return `${t('cases.clock.h', { count: h })} ${t('cases.clock.m', { count: m })}`;
    return `${t('cases.clock.m', { count: m })} ${t('cases.clock.s', { count: sec })}`;
  };
}

/**
 * A deadline with a live countdown (every second under an hour, else every 30 s); red once passed.
 * `role="timer"` keeps screen readers from announcing every tick.
 */
export function Countdown({ until, label, testId }: { until: string; label?: string; testId?: string }) {
  const { t, i18n } = useTranslation();
  const target = new Date(until).getTime();
  const first = target - Date.now();
  const now = useNow(Math.abs(first) < 3600_000 ? 1000 : 30_000);
  const left = target - now;
  const duration = useDurationText();
  const over = left <= 0;
  return (
    <Group gap={6} wrap="wrap" data-testid={testId}>
      {label && (
        <Text size="sm" fw={700}>
          {label}
        </Text>
      )}
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDate(until, i18n.language)}
      </Text>
      <Text role="timer" size="sm" fw={700} c={over ? 'red.9' : left < 6 * 3600_000 ? '#9c3c00' : 'teal.9'} style={{ whiteSpace: 'nowrap' }}>
        {over ? t('cases.clock.over', { time: duration(left) }) : t('cases.clock.left', { time: duration(left) })}
      </Text>
    </Group>
  );
}

/** A yes / no / not recorded value. */
export function yesNo(v: boolean | null | undefined, t: (k: string) => string): string {
  return v === true ? t('cases.yes') : v === false ? t('cases.no') : t('cases.notRecorded');
}

/** A date and a time in Thailand, as the forms hold them. */
export interface LocalDateTime {
  date: string;
  time: string;
}

/** Now in Thailand, to the minute. */
export function nowTh(): LocalDateTime {
  const iso = new Date(Date.now() + 7 * 3600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** An instant in Thailand's time zone as the API takes it ("2026-01-05T09:30:00+07:00"); null when incomplete. */
export function instantTh(v: LocalDateTime): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date) || !/^\d{2}:\d{2}$/.test(v.time)) return null;
  return `${v.date}T${v.time}:00+07:00`;
}

/** A calendar date (พ.ศ. in Thai) and a 24-hour time, side by side; Thai time. */
export function DateTimeField({ label, value, onChange, error, maxDate }: {
  label: string;
  value: LocalDateTime;
  onChange: (v: LocalDateTime) => void;
  error?: ReactNode;
  maxDate?: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <div style={{ flex: 1, minWidth: 0 }}>
        <DateField label={label} value={value.date} onChange={(date) => onChange({ ...value, date })} error={error} maxDate={maxDate} />
      </div>
      <TimeInput label={t('cases.time')} aria-label={`${label} (${t('cases.time')})`} value={value.time} onChange={(e) => onChange({ ...value, time: e.currentTarget.value })} w={110} />
    </Group>
  );
}

/** An API instant shown as Thai date and time, for a form's initial value. */
export function toLocalTh(iso: string | null | undefined): LocalDateTime {
  if (!iso) return { date: '', time: '' };
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

/** Organisation names by id (the first 500 organisations, the pickers' list). */
export function useOrgName() {
  const { i18n } = useTranslation();
  const orgs = useOrganisationOptions();
  return {
    orgs,
    name: (id: string | null | undefined) => {
      if (!id) return '—';
      const o = orgs.data?.items.find((x) => x.id === id);
      return o ? pick(i18n.language, o.nameTh, o.nameEn) : '—';
    },
    options: (filter?: (o: { id: string; active?: boolean; provinceCode: string | null }) => boolean) =>
      (orgs.data?.items ?? []).filter((o) => (filter ? filter(o) : true)).map((o) => ({ value: o.id, label: pick(i18n.language, o.nameTh, o.nameEn) })),
  };
}
