import { Button, Checkbox, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ListPage } from '../../api/types.js';
import { AppModal } from '../../components/AppModal.js';
import { DialogActions } from '../../components/DialogActions.js';
import { SectionCard } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { formatDate } from '../../lib/dates.js';
import { formErrors } from '../network/api.js';
import { path, structureKeys, type Mdt, type MdtMember, type RosterT } from './api.js';
import { addDays, addMonths, daysBetween, monthEnd, monthStart, todayInThailand, weekStart } from './calendar.js';
import { useSaved } from './CommitteeForms.js';

type View = 'week' | 'month';

function localeOf(lang: string) {
  return lang.startsWith('th') ? 'th-TH-u-ca-buddhist' : 'en-GB';
}

/** The on-call roster as a calendar: a week (Monday first) or a month; on a phone the days stack. */
export function Roster({ team, manage }: { team: Mdt; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const today = todayInThailand();
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState(today);
  const [editing, setEditing] = useState<string | null>(null);
  const from = view === 'week' ? weekStart(anchor) : monthStart(anchor);
  const to = view === 'week' ? addDays(from, 6) : monthEnd(anchor);
  const roster = useQuery({
    queryKey: structureKeys.roster(team.id, from, to),
    queryFn: () => api<RosterT>(path('mdts', team.id, 'roster'), { query: { from, to } }),
  });
  const byDate = new Map((roster.data?.days ?? []).map((d) => [d.date, d.members]));
  const days = Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
  // The month grid starts on a Monday: blank cells before the 1st.
  const lead = view === 'month' ? daysBetween(weekStart(from), from) : 0;
  const locale = localeOf(lang);
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const weekdayLong = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const dayMonth = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const monthTitle = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const asDate = (d: string) => new Date(`${d}T00:00:00Z`);
  const title = view === 'week' ? `${formatDate(from, lang, 'date')} – ${formatDate(to, lang, 'date')}` : monthTitle.format(asDate(from));
  const step = (n: number) => setAnchor(view === 'week' ? addDays(from, 7 * n) : addMonths(from, n));
  const headings = Array.from({ length: 7 }, (_, i) => weekdayLong.format(asDate(addDays(weekStart(today), i))));

  return (
    <SectionCard title={t('structures.roster.title')}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <SegmentedControl
            aria-label={t('structures.roster.view')}
            value={view}
            onChange={(v) => setView(v as View)}
            data={[
              { value: 'week', label: t('structures.roster.week') },
              { value: 'month', label: t('structures.roster.month') },
            ]}
          />
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => step(-1)} aria-label={view === 'week' ? t('structures.roster.previousWeek') : t('structures.roster.previousMonth')}>
              ←
            </Button>
            <Button size="xs" variant="default" onClick={() => setAnchor(today)}>
              {t('structures.roster.today')}
            </Button>
            <Button size="xs" variant="default" onClick={() => step(1)} aria-label={view === 'week' ? t('structures.roster.nextWeek') : t('structures.roster.nextMonth')}>
              →
            </Button>
          </Group>
        </Group>
        <Text fw={700} aria-live="polite" data-testid="roster-range">
          {title}
        </Text>
        <QueryView query={roster}>
          <div className={`roster roster-${view}`} data-testid="roster">
            <div className="roster-head" aria-hidden>
              {headings.map((h) => (
                <div key={h}>{h}</div>
              ))}
            </div>
            <ol className="roster-grid" aria-label={t('structures.roster.daysLabel', { range: title })}>
              {Array.from({ length: lead }, (_, i) => (
                <li key={`blank-${i}`} className="roster-blank" aria-hidden />
              ))}
              {days.map((d) => {
                const people = byDate.get(d) ?? [];
                const isToday = d === today;
                return (
                  <li key={d} className={`roster-day${isToday ? ' roster-today' : ''}${people.length ? '' : ' roster-empty'}`} aria-current={isToday ? 'date' : undefined} data-date={d}>
                    <div className="roster-date">
                      <span className="roster-weekday">{weekday.format(asDate(d))}</span> {dayMonth.format(asDate(d))}
                      {isToday && <span className="roster-today-mark"> · {t('structures.roster.today')}</span>}
                    </div>
                    {people.length ? (
                      <ul className="roster-people">
                        {people.map((p) => (
                          <li key={p.id}>
                            <span className="roster-name">{p.name}</span> <span className="roster-role">({t(`structures.mdtRole.${p.role}`)})</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <Text size="xs" c="gray.7">
                        {t('structures.roster.nobody')}
                      </Text>
                    )}
                    {manage && (
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(d)} aria-label={t('structures.roster.editDay', { date: formatDate(d, lang, 'date') })} mt={4}>
                        {t('common.edit')}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ol>
          </div>
        </QueryView>
      </Stack>
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? t('structures.roster.dayTitle', { date: formatDate(editing, lang, 'date') }) : ''}>
        {editing && roster.data && (
          <RosterDayForm team={team} version={roster.data.version} date={editing} current={(byDate.get(editing) ?? []).map((p) => p.id)} onDone={() => setEditing(null)} />
        )}
      </AppModal>
    </SectionCard>
  );
}

/** Who is on call on one day: ticks among the team's active members. */
function RosterDayForm({ team, version, date, current, onDone }: { team: Mdt; version: number; date: string; current: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const members = useQuery({
    queryKey: [...structureKeys.mdtMembers(team.id), { active: true, limit: 500 }],
    queryFn: () => api<ListPage<MdtMember>>(path('mdts', team.id, 'members'), { query: { active: true, limit: 500 } }),
  });
  const form = useForm<{ memberIds: string[] }>({ mode: 'controlled', initialValues: { memberIds: current } });
  const save = useMutation({
    mutationFn: (v: { memberIds: string[] }) => api<RosterT>(path('mdts', team.id, 'roster'), { method: 'PUT', body: { version, days: [{ date, memberIds: v.memberIds }] } }),
    onSuccess: saved,
    onError: (err) => form.setErrors(formErrors(err)),
  });
  const items = members.data?.items ?? [];
  return (
    <form className="structures-form" onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <QueryView query={members} isEmpty={items.length === 0} empty={t('structures.team.noMembers')}>
          <Checkbox.Group label={t('structures.roster.whoOnCall')} {...form.getInputProps('memberIds')}>
            <Stack gap={6} mt="xs">
              {items.map((m) => (
                <Checkbox key={m.id} value={m.id} label={`${m.name} — ${t(`structures.mdtRole.${m.role}`)}`} />
              ))}
            </Stack>
          </Checkbox.Group>
        </QueryView>
        <Text size="xs" c="gray.7">
          {t('structures.roster.help')}
        </Text>
        <DialogActions mutation={save} onCancel={onDone} />
      </Stack>
    </form>
  );
}
