import { Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taskKinds, type Overview } from '../../../contracts/casework.js';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { PageHeader } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { useNames } from '../network/api.js';
import { caseKeys, caseStages } from './api.js';
import { CaseNav } from './CaseNav.js';

type ProvinceRow = Overview['provinces'][number];
const openStages = caseStages.filter((s) => s !== 'closed');

/** The provincial overview: open cases by NRM stage and the clocks that are late or about to be. */
export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const names = useNames();
  const allowed = can(me, 'case.read');
  const national = me.scope === 'national';
  const [province, setProvince] = useState<string | null>(null);
  const query = { provinceCode: national ? province ?? undefined : undefined };
  const overview = useQuery({
    queryKey: caseKeys.overview(query),
    queryFn: () => api<Overview>('/api/v1/cases/overview', { query }),
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  const rows = (overview.data?.provinces ?? []).filter((p) => p.openCases > 0 || !national || province);
  const total = (f: (p: ProvinceRow) => number) => rows.reduce((s, p) => s + f(p), 0);
  const sum = (r: Partial<Record<string, number>>) => Object.values(r).reduce<number>((s, n) => s + (n ?? 0), 0);
  const name = (p: ProvinceRow) => pick(lang, p.provinceNameTh, p.provinceNameEn);
  return (
    <Stack>
      <PageHeader title={t('cases.overview.title')} intro={t('cases.overview.intro')} />
      <CaseNav />
      {national && (
        <Group role="search" aria-label={t('common.filters')}>
          <Select
            label={t('cases.list.province')}
            placeholder={t('cases.list.allProvinces')}
            searchable
            clearable
            data={(names.provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(lang, p.nameTh, p.nameEn) }))}
            value={province}
            onChange={setProvince}
            w={{ base: '100%', sm: 280 }}
          />
        </Group>
      )}
      <QueryView query={overview} isEmpty={rows.length === 0} empty={t('cases.overview.empty')}>
        <Text size="sm" c="gray.7">
          {t('cases.overview.asOf', { when: formatDate(overview.data?.asOf, lang) })}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 3 }} data-testid="overview-totals">
          <Stat label={t('cases.overview.open')} value={total((p) => p.openCases)} />
          <Stat label={t('cases.overview.overdue')} value={total((p) => sum(p.overdue))} bad />
          <Stat label={t('cases.overview.dueSoon')} value={total((p) => sum(p.dueSoon))} />
        </SimpleGrid>
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs" id="overview-stages">
            {t('cases.overview.byStage')}
          </Title>
          <Table.ScrollContainer minWidth={760}>
            <Table striped aria-labelledby="overview-stages" data-testid="overview-stages">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.col.province')}</Table.Th>
                  {openStages.map((s) => (
                    <Table.Th key={s} scope="col" ta="right">
                      {t(`cases.stage.${s}`)}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col" ta="right">
                    {t('cases.overview.open')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.provinceCode}>
                    <Table.Th scope="row" fw={400}>
                      {name(p)}
                    </Table.Th>
                    {openStages.map((s) => (
                      <Table.Td key={s} ta="right">
                        {p.byStage[s] ?? 0}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right" fw={700}>
                      {p.openCases}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs" id="overview-clocks">
            {t('cases.overview.clocks')}
          </Title>
          <Text size="sm" c="gray.7" mb="xs">
            {t('cases.overview.clocksHelp')}
          </Text>
          <Table.ScrollContainer minWidth={900}>
            <Table striped aria-labelledby="overview-clocks" data-testid="overview-clocks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.col.province')}</Table.Th>
                  {taskKinds.map((k) => (
                    <Table.Th key={k} scope="col" ta="right">
                      {t(`cases.task.${k}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.provinceCode}>
                    <Table.Th scope="row" fw={400}>
                      {name(p)}
                    </Table.Th>
                    {taskKinds.map((k) => {
                      const late = p.overdue[k] ?? 0;
                      const soon = p.dueSoon[k] ?? 0;
                      return (
                        <Table.Td key={k} ta="right">
                          <Text size="sm" fw={late ? 700 : 400} c={late ? 'red.9' : undefined} component="span">
                            {late}
                          </Text>
                          {soon > 0 && (
                            <Text size="xs" c="gray.7" component="span">
                              {' '}
                              (+{soon})
                            </Text>
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </QueryView>
    </Stack>
  );
}

function Stat({ label, value, bad }: { label: string; value: number; bad?: boolean }) {
  const alarm = bad && value > 0;
  return (
    <Paper withBorder p="sm" style={alarm ? { borderColor: 'var(--mantine-color-red-9)' } : undefined}>
      <Text size="xs" c="gray.7">
        {label}
      </Text>
      <Text size="xl" fw={700} c={alarm ? 'red.9' : undefined}>
        {value}
      </Text>
    </Paper>
  );
}
