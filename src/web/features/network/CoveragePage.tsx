import { Anchor, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { PageHeader } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { pick } from '../../lib/labels.js';
import { networkKeys, serviceSexes, type Coverage, type ServiceSex } from './api.js';
import { NetworkNav, wrappingButton } from './NetworkBits.js';

type By = 'service' | 'measure';

export function CoveragePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const allowed = can(me, 'network.read');
  const [by, setBy] = useState<By>('service');
  const [sex, setSex] = useState<ServiceSex | null>(null);
  const [age, setAge] = useState<number | string>('');
  const [debouncedAge] = useDebouncedValue(age, 400);
  // Sex and age describe who a service accepts; the 5P measures are per partner, so they do not apply.
  const ageNum = by === 'service' && debouncedAge !== '' && Number.isInteger(Number(debouncedAge)) ? Number(debouncedAge) : undefined;
  const query = { by, sex: by === 'service' ? (sex ?? undefined) : undefined, age: ageNum };
  const coverage = useQuery({
    queryKey: networkKeys.coverage(query),
    queryFn: () => api<Coverage>('/api/v1/network/coverage', { query }),
    enabled: allowed,
    placeholderData: (prev) => prev,
  });
  if (!allowed) return <NoAccess />;

  const params = new URLSearchParams({ by });
  if (query.sex) params.set('sex', query.sex);
  if (query.age !== undefined) params.set('age', String(query.age));
  const csvHref = `/api/v1/network/coverage.csv?${params.toString()}`;
  const data = coverage.data;
  const colLabel = (c: string) => t(by === 'service' ? `network.service.${c}` : `network.measure.${c}`);
  const describe = [
    by === 'service' ? t('network.coverage.byService') : t('network.coverage.byMeasure'),
    query.sex ? t(`network.sex.${query.sex}`) : null,
    query.age !== undefined ? t('network.coverage.aged', { age: query.age }) : null,
  ].filter(Boolean).join(' · ');

  return (
    <Stack>
      <PageHeader title={t('network.coverage.title')} intro={t('network.coverage.intro')} />
      <NetworkNav />
      <Group align="flex-end" role="search" aria-label={t('common.filters')} wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="coverage-by-label">
            {t('network.coverage.by')}
          </Text>
          <SegmentedControl
            aria-labelledby="coverage-by-label"
            value={by}
            onChange={(v) => setBy(v as By)}
            data={[
              { value: 'service', label: t('network.coverage.byService') },
              { value: 'measure', label: t('network.coverage.byMeasure') },
            ]}
          />
        </Stack>
        <Select
          label={t('network.coverage.sex')}
          placeholder={t('network.any')}
          data={serviceSexes.map((s) => ({ value: s, label: t(`network.sex.${s}`) }))}
          value={sex}
          onChange={(v) => setSex(v as ServiceSex | null)}
          clearable
          disabled={by !== 'service'}
          w={{ base: '100%', xs: 180 }}
        />
        <NumberInput label={t('network.coverage.age')} min={0} max={120} allowDecimal={false} allowNegative={false} value={age} onChange={setAge} disabled={by !== 'service'} w={{ base: '100%', xs: 140 }} />
        <Button
          variant="outline"
          styles={wrappingButton}
          onClick={() => {
            setBy('service');
            setSex('male');
            setAge(12);
          }}
        >
          {t('network.coverage.preset')}
        </Button>
      </Group>
      {by === 'measure' && (
        <Text size="sm" c="gray.7">
          {t('network.coverage.measureNote')}
        </Text>
      )}
      <QueryView query={coverage}>
        {data && (
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap">
              <Group gap="sm">
                <StatusBadge tone={data.gaps > 0 ? 'bad' : 'ok'} size="lg" data-testid="coverage-gaps">
                  {t('network.coverage.gaps', { count: data.gaps })}
                </StatusBadge>
                <Text size="sm" c="gray.7" role="status" aria-live="polite">
                  {describe}
                  {coverage.isFetching ? ` — ${t('common.loading')}` : ''}
                </Text>
              </Group>
              <Anchor href={csvHref} download data-testid="coverage-csv" fw={700}>
                {t('network.coverage.exportCsv')}
              </Anchor>
            </Group>
            <div className="network-matrix" role="region" aria-labelledby="coverage-caption" tabIndex={0}>
              <table>
                <caption id="coverage-caption">{t('network.coverage.caption', { what: describe })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('network.map.province')}</th>
                    {data.columns.map((c) => (
                      <th scope="col" key={c}>
                        {colLabel(c)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.provinceCode}>
                      <th scope="row">{pick(lang, r.nameTh, r.nameEn)}</th>
                      {r.counts.map((n, i) =>
                        n === 0 ? (
                          <td key={i} className="gap">
                            <span aria-hidden="true">0</span>
                            <span className="sr-only">{t('network.coverage.noPartner')}</span>
                          </td>
                        ) : (
                          <td key={i}>{n}</td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Text size="xs" c="gray.7">
              {t('network.coverage.legend')}
            </Text>
          </Stack>
        )}
      </QueryView>
    </Stack>
  );
}
