import { Alert, Button, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseStages } from '../../../contracts/case.js';
import { exploitationType, gender, industry } from '../../../contracts/htcds.js';
import { ageBands, statsAgeGroups, victimStatuses } from '../../../contracts/stats.js';
import { can, useMe } from '../../api/queries.js';
import { DateField } from '../../components/DateField.js';
import { PageHeader } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { Loading, NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { htcdsLabel } from '../cases/labels.js';
import type { MapPiece } from '../network/ProvinceMap.js';
import { useNames } from '../network/api.js';
import {
  drillFilter, isHidden, useStatsServices, useStatsSummary, useStatsTimeliness, type ApiFilter, type Breakdown, type BreakdownItem, type Dimension,
} from './api.js';
import { Drilldown, type Drill } from './Drilldown.js';
import { Downloads } from './Downloads.js';
import { apiFilter, listFilters, splitList, type ListFilter, type PeriodMode, type StatsSearch } from './search.js';
import { BreakdownPanel, Headline } from './StatsBits.js';
import { TimelinessPanel } from './TimelinessPanel.js';
import { recentYears, thisYear, useYearLabel } from './years.js';
import './stats.css';

const ProvinceMap = lazy(() => import('../network/ProvinceMap.js'));

function ageBandText(b: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (b === 'unknown') return t('stats.ageBand.unknown');
  if (b.endsWith('+')) return t('stats.ageBand.plus', { n: b.slice(0, -1) });
  return t('stats.ageBand.years', { band: b.replace('-', '–') });
}

export function StatsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'stats.read');
  const canExport = can(me, 'stats.export');
  const national = me.scope === 'national';
  const search = useSearch({ strict: false }) as StatsSearch;
  const navigate = useNavigate();
  const names = useNames();
  const yearLabel = useYearLabel();
  const filter = useMemo(() => {
    const f = apiFilter(search);
    // A provincial user's numbers are their province's whatever the address says (the API enforces it).
    if (!national) delete f.province;
    return f;
  }, [search, national]);
  const period: PeriodMode = search.period ?? 'all';
  const datesBad = period === 'range' && !!search.from && !!search.to && search.from > search.to;
  const ready = allowed && !datesBad;
  const summary = useStatsSummary(filter, ready);
  const timeliness = useStatsTimeliness(filter, ready);
  const services = useStatsServices(filter, ready);
  const [drill, setDrill] = useState<Drill | null>(null);

  const set = useCallback(
    (patch: Partial<StatsSearch>) => void navigate({ to: '/stats', search: (prev: StatsSearch) => {
      const next: StatsSearch = { ...prev, ...patch };
      for (const k of Object.keys(next) as (keyof StatsSearch)[]) if (next[k] === undefined || next[k] === '') delete next[k];
      return next;
    }, replace: true }),
    [navigate],
  );

  const labelOf = useMemo(() => {
    const fromSet = (set: { values: readonly string[]; labels: Record<string, { th: string; en: string }> }) => (v: string) => htcdsLabel(set, v, lang);
    return {
      province: (v: string) => names.province(v),
      exploitation: fromSet(exploitationType),
      sex: fromSet(gender),
      ageBand: (v: string) => ageBandText(v, t),
      ageGroup: (v: string) => t(`stats.ageGroup.${v}`),
      nationality: (v: string) => names.country(v),
      industry: fromSet(industry),
      stage: (v: string) => t(`cases.stage.${v}`),
      victimStatus: (v: string) => t(`stats.victimStatus.${v}`),
    } satisfies Record<ListFilter, (v: string) => string>;
  }, [lang, names, t]);

  const options: Record<ListFilter, { value: string; label: string }[]> = useMemo(() => {
    const of = (values: readonly string[], k: ListFilter) => values.map((v) => ({ value: v, label: labelOf[k](v) }));
    return {
      province: (names.provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(lang, p.nameTh, p.nameEn) })),
      exploitation: of(exploitationType.values, 'exploitation'),
      sex: of(gender.values, 'sex'),
      ageBand: of(ageBands, 'ageBand'),
      ageGroup: of(statsAgeGroups, 'ageGroup'),
      nationality: (names.countries.data?.items ?? []).map((c) => ({ value: c.alpha3, label: pick(lang, c.nameTh, c.nameEn) })),
      industry: of(industry.values, 'industry'),
      stage: of(caseStages, 'stage'),
      victimStatus: of(victimStatuses, 'victimStatus'),
    };
  }, [labelOf, names.provinces.data, names.countries.data, lang]);

  // What the numbers are filtered by, in words (captions, the drill-down's heading).
  const periodText = period === 'calendar' || period === 'fiscal'
    ? search.year ? yearLabel(search.year, period === 'fiscal') : t('stats.filter.periodAll')
    : period === 'range' && (search.from || search.to)
      ? `${search.from ? formatDate(search.from, lang, 'date') : '…'} – ${search.to ? formatDate(search.to, lang, 'date') : '…'}`
      : t('stats.filter.periodAll');
  const scope = summary.data?.scope;
  const scopeText = !scope
    ? ''
    : scope.level === 'province' && scope.provinceCode
      ? t('stats.scope.province', { province: names.province(scope.provinceCode) })
      : t(`stats.scope.${scope.level}`);
  const filterText = [
    periodText,
    ...(national ? [] : scopeText ? [scopeText] : []),
    ...listFilters.filter((k) => (national || k !== 'province') && search[k]).map((k) => splitList(search[k]).map(labelOf[k]).join(', ')),
  ].join(' · ');

  if (!allowed) return <NoAccess />;

  const open = (title: string, value: string, f: ApiFilter | null) => {
    if (f) setDrill({ title, value, filter: f, filterText });
  };
  const drillOn = (dim: Dimension, title: string) => (item: BreakdownItem) => open(title, pick(lang, item.labelTh, item.labelEn), drillFilter(filter, dim, item.key));
  const canDrillOn = (dim: Dimension) => (item: BreakdownItem) => drillFilter(filter, dim, item.key) !== null;
  const panel = (id: string, dim: Dimension | null, title: string, breakdown: Breakdown, chart: 'bar' | 'column', extra: { compact?: boolean; note?: string } = {}) => (
    <BreakdownPanel
      id={id}
      title={title}
      breakdown={breakdown}
      filterText={filterText}
      chart={chart}
      onDrill={dim ? drillOn(dim, title) : undefined}
      canDrill={dim ? canDrillOn(dim) : undefined}
      {...extra}
    />
  );

  const s = summary.data;
  const nothing = s && [s.totals.victims, s.totals.cases, s.totals.reports].every((c) => c.count === 0);

  return (
    <Stack>
      <PageHeader title={t('stats.title')} intro={t('stats.intro')} />
      <Filters search={search} set={set} national={national} options={options} period={period} datesBad={datesBad} />
      <Group gap="xs" wrap="wrap" justify="space-between">
        <Text size="sm" data-testid="stats-scope" role="status" aria-live="polite">
          {scope && (
            <>
              <strong>{t('stats.scope.label')}:</strong> {scopeText} · {filterText}
              {summary.isFetching && !summary.isPending ? ` — ${t('common.loading')}` : ''}
            </>
          )}
        </Text>
      </Group>
      <Alert variant="light" color="gray" p="xs" data-testid="stats-legend">
        <Text size="sm">{t('stats.legend')}</Text>
      </Alert>
      {datesBad ? (
        <Alert color="red" variant="light" role="alert">
          {t('stats.filter.datesOutOfOrder')}
        </Alert>
      ) : (
        <QueryView query={summary} isEmpty={Boolean(nothing)} empty={t('stats.chart.empty')}>
          {s && (
            <Stack>
              <section aria-labelledby="stats-totals">
                <Title order={2} size="h3" id="stats-totals" mb="xs">
                  {t('stats.totals.title')}
                </Title>
                <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} data-testid="stats-totals">
                  <Headline label={t('stats.totals.victims')} cell={s.totals.victims} onOpen={() => open(t('stats.totals.victims'), periodText, filter)} testId="stats-total-victims" />
                  <Headline label={t('stats.totals.identified')} cell={s.totals.identified} onOpen={() => open(t('stats.totals.identified'), periodText, drillFilter(filter, 'victimStatus', 'identified'))} />
                  <Headline label={t('stats.totals.possible')} cell={s.totals.possible} onOpen={() => open(t('stats.totals.possible'), periodText, drillFilter(filter, 'victimStatus', 'possible'))} />
                  <Headline label={t('stats.totals.cases')} cell={s.totals.cases} onOpen={() => open(t('stats.totals.cases'), periodText, filter)} testId="stats-total-cases" />
                  <Headline label={t('stats.totals.reports')} cell={s.totals.reports} />
                </SimpleGrid>
              </section>

              <section aria-labelledby="stats-victims">
                <Title order={2} size="h3" id="stats-victims" mb="xs">
                  {t('stats.section.victims')}
                </Title>
                <Stack>
                  {panel('by-month', 'month', t('stats.chart.byMonth'), s.victims.byMonth, 'column')}
                  {period === 'fiscal'
                    ? panel('by-fiscal-year', 'fiscalYear', t('stats.chart.byFiscalYear'), s.victims.byFiscalYear, 'column')
                    : panel('by-year', 'year', t('stats.chart.byYear'), s.victims.byYear, 'column')}
                  <BreakdownPanel
                    id="by-province"
                    title={t('stats.chart.byProvince')}
                    breakdown={s.victims.byProvince}
                    filterText={filterText}
                    chart="none"
                    compact
                    picture={<VictimMap breakdown={s.victims.byProvince} onSelect={(code) => {
                      const item = s.victims.byProvince.items.find((i) => i.key === code);
                      if (item && !isHidden(item) && (item.count ?? 0) > 0) drillOn('province', t('stats.chart.byProvince'))(item);
                    }} />}
                    onDrill={drillOn('province', t('stats.chart.byProvince'))}
                    canDrill={canDrillOn('province')}
                  />
                  {panel('by-exploitation', 'exploitation', t('stats.chart.byExploitation'), s.victims.byExploitation, 'bar', { note: s.victims.byExploitation.multiValued ? t('stats.chart.multiValued') : undefined })}
                  {panel('by-sex', 'sex', t('stats.chart.bySex'), s.victims.bySex, 'bar', { compact: true })}
                  {panel('by-age-band', 'ageBand', t('stats.chart.byAgeBand'), s.victims.byAgeBand, 'column')}
                  {panel('by-age-group', 'ageGroup', t('stats.chart.byAgeGroup'), s.victims.byAgeGroup, 'bar')}
                  {panel('by-nationality', 'nationality', t('stats.chart.byNationality'), s.victims.byNationality, 'bar')}
                  {panel('by-industry', 'industry', t('stats.chart.byIndustry'), s.victims.byIndustry, 'bar', { compact: true })}
                </Stack>
              </section>

              <section aria-labelledby="stats-cases">
                <Title order={2} size="h3" id="stats-cases" mb="xs">
                  {t('stats.section.cases')}
                </Title>
                <Stack>
                  {panel('cases-by-stage', 'stage', t('stats.chart.casesByStage'), s.casesByStage, 'bar')}
                  {panel('reports-by-month', null, t('stats.chart.reportsByMonth'), s.reportsByMonth, 'column')}
                </Stack>
              </section>
            </Stack>
          )}
        </QueryView>
      )}

      {!datesBad && (
        <section aria-labelledby="stats-timeliness">
          <Title order={2} size="h3" id="stats-timeliness" mb="xs">
            {t('stats.section.timeliness')}
          </Title>
          <QueryView query={timeliness}>{timeliness.data && <TimelinessPanel data={timeliness.data} filterText={filterText} />}</QueryView>
        </section>
      )}

      {!datesBad && (
        <section aria-labelledby="stats-services">
          <Title order={2} size="h3" id="stats-services" mb="xs">
            {t('stats.section.services')}
          </Title>
          <QueryView query={services}>
            {services.data && (
              <Stack>
                <SimpleGrid cols={{ base: 1, xs: 3 }}>
                  <Headline label={t('stats.referrals.made')} cell={services.data.referrals.made} />
                  <Headline label={t('stats.referrals.accepted')} cell={services.data.referrals.accepted} />
                  <Headline label={t('stats.referrals.declined')} cell={services.data.referrals.declined} />
                </SimpleGrid>
                {panel('referrals-by-status', null, t('stats.chart.referralsByStatus'), services.data.referralsByStatus, 'bar')}
                {panel('services-by-type', null, t('stats.chart.deliveredByType'), services.data.deliveredByType, 'bar', { compact: true })}
                {panel('services-by-provider', null, t('stats.chart.deliveredByProvider'), services.data.deliveredByProvider, 'bar', { compact: true })}
              </Stack>
            )}
          </QueryView>
        </section>
      )}

      {canExport && <Downloads defaultYear={search.year ?? thisYear()} defaultFiscal={period === 'fiscal'} province={national ? search.province : undefined} />}

      <Drilldown drill={drill} onClose={() => setDrill(null)} />
    </Stack>
  );
}

function Filters({ search, set, national, options, period, datesBad }: {
  search: StatsSearch;
  set: (patch: Partial<StatsSearch>) => void;
  national: boolean;
  options: Record<ListFilter, { value: string; label: string }[]>;
  period: PeriodMode;
  datesBad: boolean;
}) {
  const { t } = useTranslation();
  const yearLabel = useYearLabel();
  const fiscal = period === 'fiscal';
  const multi = (k: ListFilter, searchable = false) => (
    <MultiSelect
      key={k}
      label={t(`stats.filter.${k}`)}
      placeholder={splitList(search[k]).length ? undefined : t('stats.filter.any')}
      data={options[k]}
      value={splitList(search[k])}
      onChange={(v) => set({ [k]: v.join(',') || undefined })}
      searchable={searchable}
      clearable
      w={{ base: '100%', sm: 240 }}
      comboboxProps={{ withinPortal: true }}
      data-testid={`stats-filter-${k}`}
    />
  );
  const any = period !== 'all' || listFilters.some((k) => search[k]);
  return (
    <Paper withBorder p="sm" role="search" aria-label={t('common.filters')}>
      <Stack gap="sm">
        <Group align="flex-end" wrap="wrap" gap="sm">
          <Select
            label={t('stats.filter.period')}
            data={[
              { value: 'all', label: t('stats.filter.periodAll') },
              { value: 'calendar', label: t('stats.filter.calendar') },
              { value: 'fiscal', label: t('stats.filter.fiscal') },
              { value: 'range', label: t('stats.filter.range') },
            ]}
            value={period}
            allowDeselect={false}
            onChange={(v) => {
              const p = (v ?? 'all') as PeriodMode;
              set({
                period: p === 'all' ? undefined : p,
                year: p === 'calendar' || p === 'fiscal' ? search.year ?? recentYears()[0] : undefined,
                from: p === 'range' ? search.from : undefined,
                to: p === 'range' ? search.to : undefined,
              });
            }}
            w={{ base: '100%', sm: 180 }}
          />
          {(period === 'calendar' || period === 'fiscal') && (
            <Select
              label={t('stats.filter.year')}
              data={recentYears().map((y) => ({ value: String(y), label: yearLabel(y, fiscal) }))}
              value={search.year ? String(search.year) : null}
              allowDeselect={false}
              onChange={(v) => set({ year: v ? Number(v) : undefined })}
              w={{ base: '100%', sm: 180 }}
              description={fiscal && search.year ? t('stats.fiscalHint', { be: search.year + 543, startBe: search.year + 542, ce: search.year, startCe: search.year - 1 }) : undefined}
            />
          )}
          {period === 'range' && (
            <>
              <div style={{ minWidth: 180 }}>
                <DateField label={t('stats.filter.from')} value={search.from ?? ''} onChange={(v) => set({ from: v || undefined })} />
              </div>
              <div style={{ minWidth: 180 }}>
                <DateField label={t('stats.filter.to')} value={search.to ?? ''} onChange={(v) => set({ to: v || undefined })} error={datesBad ? t('stats.filter.datesOutOfOrder') : undefined} />
              </div>
            </>
          )}
          {national && multi('province', true)}
          {multi('victimStatus')}
          {multi('stage')}
        </Group>
        <Group align="flex-end" wrap="wrap" gap="sm">
          {multi('exploitation', true)}
          {multi('sex')}
          {multi('ageBand')}
          {multi('ageGroup')}
          {multi('nationality', true)}
          {multi('industry', true)}
          {any && (
            <Button variant="default" onClick={() => set({ period: undefined, year: undefined, from: undefined, to: undefined, ...Object.fromEntries(listFilters.map((k) => [k, undefined])) })}>
              {t('stats.filter.clear')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

const mapColours = ['#74c0fc', '#339af0', '#1971c2', '#0b3d91'];
const steps = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000];

/** The legend bands for victims per province: none, "<5", then up to four bands from 5 to the largest count. */
function victimPieces(max: number, noneLabel: string, hiddenLabel: string): MapPiece[] {
  let starts = steps.filter((s) => s <= Math.max(max, 5));
  if (starts.length > 4) starts = [0, 1, 2, 3].map((i) => starts[Math.round((i * (starts.length - 1)) / 3)]!);
  return [
    { value: 0, label: noneLabel, color: '#e9ecef' },
    // ProvinceMap's SUPPRESSED_VALUE (not imported: that would pull ECharts into this chunk).
    { value: 0.5, label: hiddenLabel, color: '#d0ebff' },
    ...starts.map((s, i) => {
      const next = starts[i + 1];
      return next ? { min: s, max: next - 1, label: `${s}–${next - 1}`, color: mapColours[i]! } : { min: s, label: `${s}+`, color: mapColours[i]! };
    }),
  ];
}

/** The province choropleth of victims, the network map's component with this dashboard's bands. */
function VictimMap({ breakdown, onSelect }: { breakdown: Breakdown; onSelect: (code: string) => void }) {
  const { t } = useTranslation();
  const { counts, hidden, max } = useMemo(() => {
    const counts = new Map<string, number>();
    const hidden = new Set<string>();
    let max = 0;
    for (const i of breakdown.items) {
      if (isHidden(i)) hidden.add(i.key);
      else {
        counts.set(i.key, i.count ?? 0);
        max = Math.max(max, i.count ?? 0);
      }
    }
    return { counts, hidden, max };
  }, [breakdown]);
  const pieces = useMemo(() => victimPieces(max, t('stats.map.legendNone'), t('stats.suppressed')), [max, t]);
  const valueText = useCallback((v: number | null) => (v === null ? t('stats.suppressed') : t('stats.map.victims', { count: v })), [t]);
  return (
    <div>
      <Suspense fallback={<Loading />}>
        <ProvinceMap counts={counts} suppressed={hidden} selected={null} onSelect={onSelect} label={t('stats.map.label')} pieces={pieces} valueText={valueText} testId="stats-map" />
      </Suspense>
      <Text size="xs" c="gray.7" mt="xs">
        {t('stats.map.attribution')}
      </Text>
    </div>
  );
}

