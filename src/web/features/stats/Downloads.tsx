import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ctdcHeaders } from '../../../contracts/ctdc.js';
import { standardTableLabels, standardTables, type StandardTable, type StandardTableQuery } from '../../../contracts/stats.js';
import { ErrorAlert } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { downloadFile } from './api.js';
import { recentYears, useYearLabel } from './years.js';

/** The standard tables of the annual report (CSV / XLSX / PDF) and the anonymised CTDC records: for users with stats.export. */
export function Downloads({ defaultYear, defaultFiscal, province }: { defaultYear: number; defaultFiscal: boolean; province?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const yearLabel = useYearLabel();
  const [table, setTable] = useState<StandardTable>('victims_profile');
  const [year, setYear] = useState(String(defaultYear));
  const [fiscal, setFiscal] = useState(defaultFiscal);
  const [format, setFormat] = useState<StandardTableQuery['format']>('csv');
  const [from, setFrom] = useState(String(defaultYear));
  const [to, setTo] = useState(String(defaultYear));
  const [k, setK] = useState<number | string>(11);
  const years = recentYears();

  const standard = useMutation({
    mutationFn: () => downloadFile(`/api/v1/stats/tables/${table}`, { year, yearType: fiscal ? 'fiscal' : 'calendar', format, province }, `phakhi-${table}-${year}.${format}`),
  });
  const ctdc = useMutation({
    mutationFn: () => downloadFile('/api/v1/stats/export/ctdc', { from, to, k: typeof k === 'number' ? k : Number(k) || undefined }, `phakhi-ctdc-${from}-${to}.csv`),
  });
  const ctdcInfo = ctdc.data
    ? {
        released: ctdc.data.headers.get(ctdcHeaders.released) ?? '?',
        suppressed: ctdc.data.headers.get(ctdcHeaders.suppressed) ?? '?',
        k: ctdc.data.headers.get(ctdcHeaders.k) ?? '?',
      }
    : null;

  return (
    <section aria-labelledby="stats-downloads">
      <Title order={2} size="h3" id="stats-downloads" mb="xs">
        {t('stats.section.downloads')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="sm" data-testid="stats-standard-tables">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('stats.downloads.standardTitle')}
            </Title>
            <Text size="sm" c="gray.7">
              {t('stats.downloads.standardHelp')}
            </Text>
            <Select
              label={t('stats.downloads.table')}
              data={standardTables.map((s) => ({ value: s, label: pick(lang, standardTableLabels[s].th, standardTableLabels[s].en) }))}
              value={table}
              allowDeselect={false}
              onChange={(v) => v && setTable(v as StandardTable)}
            />
            <Group grow align="flex-end" wrap="wrap">
              <Select
                label={t('stats.downloads.yearType')}
                data={[{ value: 'calendar', label: t('stats.filter.calendar') }, { value: 'fiscal', label: t('stats.filter.fiscal') }]}
                value={fiscal ? 'fiscal' : 'calendar'}
                allowDeselect={false}
                onChange={(v) => setFiscal(v === 'fiscal')}
                miw={150}
              />
              <Select label={t('stats.downloads.year')} data={years.map((y) => ({ value: String(y), label: yearLabel(y, fiscal) }))} value={year} allowDeselect={false} onChange={(v) => v && setYear(v)} miw={150} />
              <Select label={t('stats.downloads.format')} data={[{ value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'XLSX (Excel)' }, { value: 'pdf', label: 'PDF' }]} value={format} allowDeselect={false} onChange={(v) => v && setFormat(v as StandardTableQuery['format'])} miw={120} />
            </Group>
            <Group>
              <Button onClick={() => standard.mutate()} loading={standard.isPending} data-testid="stats-standard-download">
                {t('stats.downloads.download')}
              </Button>
              <Text size="sm" role="status" aria-live="polite">
                {standard.isSuccess ? t('stats.downloads.saved', { name: standard.data.name }) : ''}
              </Text>
            </Group>
            {standard.isError && <ErrorAlert error={standard.error} />}
          </Stack>
        </Paper>
        <Paper withBorder p="sm" data-testid="stats-ctdc">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('stats.downloads.ctdcTitle')}
            </Title>
            <Text size="sm" c="gray.7">
              {t('stats.downloads.ctdcHelp')}
            </Text>
            <Group grow align="flex-end" wrap="wrap">
              <Select label={t('stats.downloads.fromYear')} data={years.map((y) => ({ value: String(y), label: yearLabel(y, false) }))} value={from} allowDeselect={false} onChange={(v) => v && setFrom(v)} miw={150} />
              <Select label={t('stats.downloads.toYear')} data={years.map((y) => ({ value: String(y), label: yearLabel(y, false) }))} value={to} allowDeselect={false} onChange={(v) => v && setTo(v)} miw={150} />
              <NumberInput label={t('stats.downloads.k')} min={2} max={1000} allowDecimal={false} allowNegative={false} value={k} onChange={setK} miw={100} />
            </Group>
            <Group>
              <Button onClick={() => ctdc.mutate()} loading={ctdc.isPending} data-testid="stats-ctdc-download">
                {t('stats.downloads.download')}
              </Button>
              <Text size="sm" role="status" aria-live="polite">
                {ctdcInfo ? t('stats.downloads.ctdcDone', ctdcInfo) : ''}
              </Text>
            </Group>
            {ctdc.isError && <ErrorAlert error={ctdc.error} />}
          </Stack>
        </Paper>
      </SimpleGrid>
    </section>
  );
}
