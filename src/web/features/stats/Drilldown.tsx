import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/AppModal.js';
import { DataTable } from '../../components/DataTable.js';
import { AnchorLink } from '../../components/Links.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { formatDate } from '../../lib/dates.js';
import { useNames } from '../network/api.js';
import { useStatsCases, type ApiFilter, type StatsCaseItem } from './api.js';

/** What was clicked: the chart's title, the bar's label and the filter that lists its cases. */
export interface Drill {
  title: string;
  value: string;
  filter: ApiFilter;
  /** The dashboard's filter in words. */
  filterText: string;
}

/** The cases behind a number (GET /stats/cases with the same filter plus the clicked value), 50 at a time. */
export function Drilldown({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const names = useNames();
  const cases = useStatsCases(drill?.filter ?? null);
  const rows = cases.data ?? [];
  return (
    <AppModal opened={drill !== null} onClose={onClose} title={t('stats.drill.title')} size="xl" data-testid="stats-drilldown">
      {drill && (
        <Stack gap="sm" data-testid="stats-drill">
          <Text fw={700}>{t('stats.drill.what', { what: drill.title, value: drill.value })}</Text>
          <Text size="sm" c="gray.7">
            {drill.filterText}
          </Text>
          <Text size="sm" c="gray.7">
            {t('stats.drill.note')}
          </Text>
          <QueryView query={cases} isEmpty={rows.length === 0} empty={t('stats.drill.empty')}>
            <DataTable<StatsCaseItem>
              rows={rows}
              rowKey={(r) => r.id}
              minWidth={560}
              columns={[
                {
                  header: t('stats.drill.caseNumber'),
                  cell: (r) => (
                    <AnchorLink to="/cases/$id" params={{ id: r.id }} fw={700} onClick={onClose}>
                      {r.caseNumber}
                    </AnchorLink>
                  ),
                },
                { header: t('stats.drill.province'), cell: (r) => names.province(r.provinceCode) },
                { header: t('stats.drill.stage'), cell: (r) => t(`cases.stage.${r.stage}`) },
                { header: t('stats.drill.openedAt'), cell: (r) => formatDate(r.openedAt, lang, 'date') },
                { header: t('stats.drill.victims'), cell: (r) => r.matchingVictims, td: { ta: 'right' } },
              ]}
            />
            <LoadMore query={cases} />
          </QueryView>
        </Stack>
      )}
    </AppModal>
  );
}
