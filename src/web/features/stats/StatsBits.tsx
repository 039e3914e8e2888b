import { Button, CopyButton, Grid, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { cellText, isHidden, saveBlob, toCsv, type Breakdown, type BreakdownItem, type Cell } from './api.js';

export const StatsChart = lazy(() => import('./StatsChart.js'));

/** "<5" with the legend as its accessible description. */
export function Hidden() {
  const { t } = useTranslation();
  return (
    <abbr title={t('stats.legend')} className="stats-hidden">
      {t('stats.suppressed')}
    </abbr>
  );
}

/** A count as shown in a table: a number, 0, or "<5". */
export function CountText({ cell }: { cell: Cell }) {
  const { i18n } = useTranslation();
  if (isHidden(cell)) return <Hidden />;
  return <>{cellText(cell, '<5', i18n.language)}</>;
}

/** One headline number; a button that opens the cases behind it when `onOpen` is given and the count is shown. */
export function Headline({ label, cell, onOpen, testId }: { label: string; cell: Cell; onOpen?: () => void; testId?: string }) {
  const { t, i18n } = useTranslation();
  const hidden = isHidden(cell);
  const value = (
    <Text className="stats-number" size="1.75rem" fw={700} lh={1.2} c={onOpen && !hidden && cell.count ? 'blue.9' : undefined} td={onOpen && !hidden && cell.count ? 'underline' : undefined}>
      {hidden ? <Hidden /> : cellText(cell, '<5', i18n.language)}
    </Text>
  );
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      {onOpen && !hidden && cell.count ? (
        <UnstyledButton onClick={onOpen}>
          {value}
          <span className="sr-only"> {t('stats.totals.open', { what: label })}</span>
        </UnstyledButton>
      ) : (
        value
      )}
    </Paper>
  );
}

export interface PanelProps {
  /** Used for element ids, test ids and the CSV file's name. */
  id: string;
  title: string;
  breakdown: Breakdown;
  /** What the numbers are filtered by, for the table's caption. */
  filterText: string;
  /** `bar`: bars across; `column`: upright bars (time); `map`: the province choropleth (given as `picture`). */
  chart: 'bar' | 'column' | 'none';
  /** Replaces the bar chart (the map). */
  picture?: ReactNode;
  /** Rows of 0 are left out of the chart and folded in the table (long value sets). */
  compact?: boolean;
  /** A click on a number or a bar; absent = the rows are not case filters. */
  onDrill?: (item: BreakdownItem) => void;
  /** Whether a row can be drilled into (e.g. not "other"). */
  canDrill?: (item: BreakdownItem) => boolean;
  countHeader?: string;
  note?: string;
}

/** A chart with its table beside it (stacked on a phone), the table's CSV export and a copy button. */
export function BreakdownPanel({ id, title, breakdown, filterText, chart, picture, compact, onDrill, canDrill, countHeader, note }: PanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [showZeros, setShowZeros] = useState(false);
  const label = (i: BreakdownItem) => pick(lang, i.labelTh, i.labelEn);
  const drillable = (i: BreakdownItem) => Boolean(onDrill) && !isHidden(i) && (i.count ?? 0) > 0 && (canDrill?.(i) ?? true);
  const shownItems = compact && !showZeros ? breakdown.items.filter((i) => i.count !== 0) : breakdown.items;
  const zeros = breakdown.items.length - breakdown.items.filter((i) => i.count !== 0).length;
  const chartItems = useMemo(() => (compact ? breakdown.items.filter((i) => i.count !== 0) : breakdown.items), [breakdown, compact]);
  const suppressedText = t('stats.suppressed');
  const categories = useMemo(() => chartItems.map((i) => pick(lang, i.labelTh, i.labelEn)), [chartItems, lang]);
  const hiddenFlags = useMemo(() => chartItems.map(isHidden), [chartItems]);
  const series = useMemo(() => [{ name: countHeader ?? t('stats.table.count'), values: chartItems.map((i) => (isHidden(i) ? null : i.count)) }], [chartItems, countHeader, t]);
  const nothing = breakdown.items.every((i) => i.count === 0);
  const allHidden = !nothing && chartItems.every((i) => isHidden(i) || i.count === 0);
  const captionId = `stats-${id}-caption`;
  const count = (c: Cell) => (isHidden(c) ? suppressedText : String(c.count));
  const rowsForFile = [
    [t('stats.table.category'), countHeader ?? t('stats.table.count')],
    ...breakdown.items.map((i) => [label(i), count(i)]),
    [t('stats.table.total'), count(breakdown.total)],
  ];

  const table = (
    <Stack gap={4}>
      <div className="stats-table" role="region" aria-labelledby={captionId} tabIndex={0} data-testid={`stats-table-${id}`}>
        <table>
          <caption id={captionId}>{t('stats.table.caption', { title, filter: filterText })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.table.category')}</th>
              <th scope="col" className="num">
                {countHeader ?? t('stats.table.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shownItems.map((i) => (
              <tr key={i.key}>
                <th scope="row">{label(i)}</th>
                <td className="num">
                  {drillable(i) ? (
                    <Button variant="subtle" size="compact-sm" onClick={() => onDrill?.(i)} data-key={i.key}>
                      {cellText(i, suppressedText, lang)}
                      {/* The visible number first, so the button's name starts with what is seen (WCAG 2.5.3). */}
                      <span className="sr-only"> {t('stats.table.drill', { label: label(i) })}</span>
                    </Button>
                  ) : (
                    <CountText cell={i} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('stats.table.total')}</th>
              <td className="num">
                <CountText cell={breakdown.total} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <Group gap="xs" justify="space-between" wrap="wrap">
        {compact && zeros > 0 ? (
          <Button variant="subtle" size="compact-xs" onClick={() => setShowZeros((v) => !v)} aria-pressed={showZeros}>
            {showZeros ? t('stats.table.hideZeros') : t('stats.table.showZeros', { count: zeros })}
          </Button>
        ) : (
          <span />
        )}
        <Group gap="xs">
          <CopyButton value={rowsForFile.map((r) => r.join('\t')).join('\n')}>
            {({ copied, copy }) => (
              <Button variant="default" size="compact-xs" onClick={copy}>
                {copied ? t('stats.table.copied') : t('stats.table.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" size="compact-xs" data-testid={`stats-export-${id}`} onClick={() => saveBlob(new Blob([toCsv(rowsForFile)], { type: 'text/csv;charset=utf-8' }), `phakhi-stats-${id}.csv`)}>
            {t('stats.table.export')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );

  const drillIndex = (index: number) => {
    const item = chartItems[index];
    if (item && drillable(item)) onDrill?.(item);
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`stats-${id}-title`} data-testid={`stats-panel-${id}`}>
      <Title order={3} size="h4" id={`stats-${id}-title`} mb="xs">
        {title}
      </Title>
      {note && (
        <Text size="xs" c="gray.7" mb="xs">
          {note}
        </Text>
      )}
      {chart === 'none' && !picture ? (
        table
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            {picture ??
              (nothing ? (
                <Text c="gray.7" size="sm" py="md">
                  {t('stats.chart.empty')}
                </Text>
              ) : allHidden ? (
                <Text c="gray.7" size="sm" py="md">
                  {t('stats.chart.allSuppressed')}
                </Text>
              ) : (
                <Suspense fallback={<Loading />}>
                  <StatsChart
                    categories={categories}
                    hidden={hiddenFlags}
                    series={series}
                    horizontal={chart === 'bar'}
                    label={t('stats.chart.picture', { title })}
                    onSelect={onDrill ? drillIndex : undefined}
                    testId={`stats-chart-${id}`}
                  />
                </Suspense>
              ))}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>{table}</Grid.Col>
        </Grid>
      )}
    </Paper>
  );
}
