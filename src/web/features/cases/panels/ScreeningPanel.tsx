import { Badge, Button, Checkbox, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { screeningGroupLabels, screeningGroups, type Screening, type ScreeningGroup, type ScreeningIndicator } from '../../../../contracts/nrm.js';
import { api } from '../../../api/client.js';
import { AppModal } from '../../../components/AppModal.js';
import { Fact } from '../../../components/Page.js';
import { QueryView } from '../../../components/QueryView.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors, useNames } from '../../network/api.js';
import { casePath, send, todayTh, useCasePart, useCaseWrite, type Case } from '../api.js';
import { CaseForm, DateTimeField, instantTh, nowTh, yesNo, type LocalDateTime } from '../CaseBits.js';
import { usePersonLabels } from '../people.js';

type Answer = 'yes' | 'no' | 'unknown';

/** The checklist (reference data, cached for the session). */
function useIndicators() {
  return useQuery({
    queryKey: ['reference', 'screening-indicators'],
    queryFn: () => api<{ items: ScreeningIndicator[] }>('/api/v1/screening-indicators'),
    staleTime: 10 * 60_000,
  });
}

export function ScreeningPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const labels = usePersonLabels(kase);
  const names = useNames();
  const [adding, setAdding] = useState(false);
  const screenings = useCasePart<{ items: Screening[] }>(kase.id, 'screenings');
  const indicators = useIndicators();
  const items = screenings.data?.items ?? [];
  const byCode = new Map((indicators.data?.items ?? []).map((i) => [i.code, i]));
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7" style={{ flex: 1, minWidth: 240 }}>
          {t('cases.screening.intro')}
        </Text>
        {writable && labels.victims.length > 0 && <Button onClick={() => setAdding(true)}>{t('cases.screening.add')}</Button>}
      </Group>
      <QueryView query={screenings} isEmpty={items.length === 0} empty={t('cases.screening.empty')}>
        <Stack data-testid="screenings">
          {[...items].reverse().map((s) => {
            const yes = Object.entries(s.answers).filter(([, a]) => a === 'yes').map(([c]) => c);
            return (
              <Paper key={s.id} withBorder p="md" data-testid="screening">
                <Group gap="xs" mb="xs">
                  <Title order={2} size="h5">
                    {labels.long(s.casePersonId)}
                  </Title>
                  <Badge variant="light" color={s.indicatorsMet > 0 ? 'red' : 'gray'} tt="none">
                    {t('cases.screening.met', { count: s.indicatorsMet, of: Object.keys(s.answers).length })}
                  </Badge>
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" className="facts" spacing="xs">
                  <Fact label={t('cases.screening.when')}>{formatDate(s.screenedAt, lang)}</Fact>
                  <Fact label={t('cases.screening.interviewer')}>
                    {[s.interviewerName, pick(lang, s.interviewerOrganisationNameTh, s.interviewerOrganisationNameEn)].filter(Boolean).join(' — ') || '—'}
                  </Fact>
                  <Fact label={t('cases.screening.language')}>{s.language ? names.language(s.language) : '—'}</Fact>
                  <Fact label={t('cases.screening.interpreter')}>{yesNo(s.interpreterUsed, t)}</Fact>
                </SimpleGrid>
                {yes.length > 0 && (
                  <>
                    <Text size="sm" fw={700} mt="xs">
                      {t('cases.screening.indicatorsMet')}
                    </Text>
                    <ul style={{ margin: 0, paddingInlineStart: '1.25rem' }}>
                      {yes.map((c) => {
                        const ind = byCode.get(c);
                        return (
                          <li key={c}>
                            <Text size="sm">{ind ? pick(lang, ind.labelTh, ind.labelEn) : c}</Text>
                          </li>
                        );
                      })}
                    </ul>
                  </>
                )}
                {s.summary && (
                  <>
                    <Text size="sm" fw={700} mt="xs">
                      {t('cases.screening.summary')}
                    </Text>
                    <Text size="sm" className="case-text">
                      {s.summary}
                    </Text>
                  </>
                )}
              </Paper>
            );
          })}
        </Stack>
      </QueryView>
      <AppModal opened={adding} onClose={() => setAdding(false)} title={t('cases.screening.add')} size="xl">
        {adding && <ScreeningForm kase={kase} onDone={() => setAdding(false)} />}
      </AppModal>
    </Stack>
  );
}

function ScreeningForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const labels = usePersonLabels(kase);
  const names = useNames();
  const indicators = useIndicators();
  const first = labels.victims[0];
  const [personId, setPersonId] = useState<string | null>(labels.victims.length === 1 ? first!.id : null);
  const person = kase.persons.find((p) => p.id === personId);
  const [when, setWhen] = useState<LocalDateTime>(nowTh);
  const [language, setLanguage] = useState<string | null>(first?.languages.find((l) => /^[a-z]{3}$/.test(l)) ?? null);
  const [interpreter, setInterpreter] = useState(first?.needsInterpreter ?? false);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Case>('POST', casePath(kase.id, 'screenings'), body));
  const groups = screeningGroups.map((g) => ({ group: g, items: (indicators.data?.items ?? []).filter((i) => i.group === g) })).filter((g) => g.items.length > 0);
  const answered = Object.keys(answers).length;
  const met = Object.values(answers).filter((a) => a === 'yes').length;
  const submit = () => {
    const e: Record<string, string> = {};
    const at = instantTh(when);
    if (!personId) e.casePersonId = t('validation.required');
    if (!at) e.screenedAt = t('validation.required');
    if (!language) e.language = t('validation.required');
    if (answered === 0) e.answers = t('cases.screening.answerOne');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(
      { version: kase.version, casePersonId: personId, screenedAt: at, language, interpreterUsed: interpreter, answers, ...(summary.trim() ? { summary: summary.trim() } : {}) },
      { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) },
    );
  };
  const languageOptions = (names.languages.data?.items ?? []).filter((l) => /^[a-z]{3}$/.test(l.code)).map((l) => ({ value: l.code, label: pick(lang, l.nameTh, l.nameEn) }));
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit} confirmLabel={t('cases.screening.save')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('cases.screening.person')}
          data={labels.victimOptions}
          value={personId}
          onChange={(v) => {
            setPersonId(v);
            const p = kase.persons.find((x) => x.id === v);
            if (p) {
              setInterpreter(p.needsInterpreter);
              setLanguage(p.languages.find((l) => /^[a-z]{3}$/.test(l)) ?? language);
            }
          }}
          required
          error={errors.casePersonId}
        />
        <DateTimeField label={t('cases.screening.when')} value={when} onChange={setWhen} error={errors.screenedAt} maxDate={todayTh()} />
        <Select label={t('cases.screening.language')} searchable data={languageOptions} value={language} onChange={setLanguage} required error={errors.language} />
        <Checkbox label={t('cases.screening.interpreterUsed')} checked={interpreter} onChange={(e) => setInterpreter(e.currentTarget.checked)} mt={{ sm: 30 }} />
      </SimpleGrid>
      <QueryView query={indicators}>
        <Stack gap="md" data-testid="screening-checklist">
          {groups.map(({ group, items }) => (
            <IndicatorGroup key={group} group={group} items={items} answers={answers} setAnswers={setAnswers} highlight={group === 'child' && person?.child === true} />
          ))}
        </Stack>
      </QueryView>
      <Text size="sm" fw={700} aria-live="polite" c={errors.answers ? 'red.9' : undefined}>
        {errors.answers ?? t('cases.screening.tally', { met, answered })}
      </Text>
      <Textarea label={t('cases.screening.summary')} description={t('cases.screening.summaryHelp')} autosize minRows={2} maxLength={8000} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} error={errors.summary} />
    </CaseForm>
  );
}

function IndicatorGroup({ group, items, answers, setAnswers, highlight }: {
  group: ScreeningGroup;
  items: ScreeningIndicator[];
  answers: Record<string, Answer>;
  setAnswers: (f: (a: Record<string, Answer>) => Record<string, Answer>) => void;
  highlight: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const label = screeningGroupLabels[group];
  return (
    <Paper withBorder p="sm" component="fieldset" style={highlight ? { borderColor: 'var(--mantine-color-red-9)' } : undefined}>
      <Text component="legend" fw={700} px={4}>
        {pick(lang, label.th, label.en)}
      </Text>
      {items.map((ind) => (
        <div className="screening-item" key={ind.code}>
          <Radio.Group
            value={answers[ind.code] ?? ''}
            onChange={(v) => setAnswers((a) => ({ ...a, [ind.code]: v as Answer }))}
            label={pick(lang, ind.labelTh, ind.labelEn)}
            labelProps={{ fw: 400 }}
            data-testid={`indicator-${ind.code}`}
          >
            <Group gap="md" mt={4}>
              <Radio value="yes" label={t('cases.screening.answer.yes')} />
              <Radio value="no" label={t('cases.screening.answer.no')} />
              <Radio value="unknown" label={t('cases.screening.answer.unknown')} />
            </Group>
          </Radio.Group>
        </div>
      ))}
    </Paper>
  );
}
