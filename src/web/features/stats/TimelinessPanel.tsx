import { Button, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { isHidden, saveBlob, toCsv, type StatsTimeliness } from './api.js';
import { CountText, Headline, StatsChart } from './StatsBits.js';

/** Median and 90th-percentile days between NRM steps (chart and table), and the share of s.29 clocks met. */
export function TimelinessPanel({ data, filterText }: { data: StatsTimeliness; filterText: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const days = (v: number | null) => (v === null ? '—' : v.toLocaleString(lang.startsWith('th') ? 'th-TH' : 'en-GB', { maximumFractionDigits: 1 }));
  const categories = useMemo(() => data.measures.map((m) => pick(lang, m.labelTh, m.labelEn)), [data, lang]);
  const series = useMemo(
    () => [
      { name: t('stats.timeliness.medianSeries'), values: data.measures.map((m) => m.medianDays) },
      { name: t('stats.timeliness.p90Series'), values: data.measures.map((m) => m.p90Days) },
    ],
    [data, t],
  );
  const measured = data.measures.some((m) => m.medianDays !== null || m.p90Days !== null);
  const share = data.s29.share;
  const rows = [
    [t('stats.timeliness.measure'), t('stats.timeliness.n'), t('stats.timeliness.median'), t('stats.timeliness.p90')],
    ...data.measures.map((m) => [pick(lang, m.labelTh, m.labelEn), isHidden(m.n) ? t('stats.suppressed') : String(m.n.count), m.medianDays ?? '', m.p90Days ?? '']),
  ];
  return (
    <Stack>
      <Paper withBorder p="sm" component="section" aria-labelledby="stats-timeliness-title" data-testid="stats-panel-timeliness">
        <Title order={3} size="h4" id="stats-timeliness-title" mb="xs">
          {t('stats.chart.timeliness')}
        </Title>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            {measured ? (
              <Suspense fallback={<Loading />}>
                <StatsChart categories={categories} series={series} horizontal label={t('stats.chart.picture', { title: t('stats.chart.timeliness') })} testId="stats-chart-timeliness" />
              </Suspense>
            ) : (
              <Text c="gray.7" size="sm" py="md">
                {t('stats.chart.empty')}
              </Text>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Stack gap={4}>
              <div className="stats-table" role="region" aria-labelledby="stats-timeliness-caption" tabIndex={0} data-testid="stats-table-timeliness">
                <table>
                  <caption id="stats-timeliness-caption">{t('stats.table.caption', { title: t('stats.chart.timeliness'), filter: filterText })}</caption>
                  <thead>
                    <tr>
                      <th scope="col" style={{ minWidth: '11rem' }}>{t('stats.timeliness.measure')}</th>
                      <th scope="col" className="num">{t('stats.timeliness.n')}</th>
                      <th scope="col" className="num">{t('stats.timeliness.median')}</th>
                      <th scope="col" className="num">{t('stats.timeliness.p90')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.measures.map((m) => (
                      <tr key={m.key}>
                        <th scope="row">{pick(lang, m.labelTh, m.labelEn)}</th>
                        <td className="num"><CountText cell={m.n} /></td>
                        <td className="num">{days(m.medianDays)}</td>
                        <td className="num">{days(m.p90Days)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Group justify="flex-end">
                <Button variant="default" size="compact-xs" data-testid="stats-export-timeliness" onClick={() => saveBlob(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), 'phakhi-stats-timeliness.csv')}>
                  {t('stats.table.export')}
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
        </Grid>
      </Paper>
      <Paper withBorder p="sm" component="section" aria-labelledby="stats-s29-title" data-testid="stats-s29">
        <Title order={3} size="h4" id="stats-s29-title">
          {t('stats.timeliness.s29')}
        </Title>
        <Text size="sm" c="gray.7" mb="xs">
          {t('stats.timeliness.s29Help')}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Headline label={t('stats.timeliness.clocks')} cell={data.s29.clocks} />
          <Headline label={t('stats.timeliness.met')} cell={data.s29.met} />
          <Headline label={t('stats.timeliness.notMet')} cell={data.s29.notMet} />
          <Paper withBorder p="sm">
            <Text size="sm" c="gray.7">
              {t('stats.timeliness.share')}
            </Text>
            {share === null ? (
              <Text size="sm" mt={6}>{t('stats.timeliness.noShare')}</Text>
            ) : (
              <Text size="1.75rem" fw={700} lh={1.2}>
                {(share * 100).toLocaleString(lang.startsWith('th') ? 'th-TH' : 'en-GB', { maximumFractionDigits: 0 })}%
              </Text>
            )}
          </Paper>
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
