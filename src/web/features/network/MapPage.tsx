import { Button, Checkbox, Grid, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { AnchorLink } from '../../components/Links.js';
import { PageHeader } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { Loading, NoAccess } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { networkKeys, useNames, useNetworkSearch, type MapCounts, type MeasureName, type ServiceName } from './api.js';
import { NetworkNav, useMeasureOptions, useServiceOptions } from './NetworkBits.js';

const ProvinceMap = lazy(() => import('./ProvinceMap.js'));

export function MapPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const [service, setService] = useState<ServiceName | null>(null);
  const [measure, setMeasure] = useState<MeasureName | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const names = useNames();
  const serviceOptions = useServiceOptions();
  const measureOptions = useMeasureOptions();
  const listRef = useRef<HTMLHeadingElement>(null);
  const query = { service: service ?? undefined, measure: measure ?? undefined };
  const map = useQuery({
    queryKey: networkKeys.map(query),
    queryFn: () => api<MapCounts>('/api/v1/network/map', { query }),
    enabled: allowed,
    placeholderData: (prev) => prev,
  });
  const counts = useMemo(() => new Map((map.data?.items ?? []).map((i) => [i.provinceCode, i.partners])), [map.data]);

  if (!allowed) return <NoAccess />;

  const provinces = names.provinces.data?.items ?? [];
  const rows = provinces
    .map((p) => ({ code: p.code, name: pick(names.lang, p.nameTh, p.nameEn), partners: counts.get(p.code) ?? 0 }))
    .filter((r) => showAll || r.partners > 0)
    .sort((a, b) => b.partners - a.partners || a.name.localeCompare(b.name, names.lang));
  const without = provinces.filter((p) => !counts.get(p.code)).length;
  const choose = (code: string, fromMap = false) => {
    setSelected(code);
    // From the table, move to the list so keyboard and screen-reader users land on what they asked for;
    // a click on the map leaves the page where it is.
    if (!fromMap) requestAnimationFrame(() => listRef.current?.focus());
  };

  return (
    <Stack>
      <PageHeader title={t('network.map.title')} intro={t('network.map.intro')} />
      <NetworkNav />
      <Group align="flex-end" role="search" aria-label={t('common.filters')}>
        <Select label={t('network.find.service')} placeholder={t('network.any')} data={serviceOptions} value={service} onChange={(v) => setService(v as ServiceName | null)} clearable searchable w={{ base: '100%', sm: 280 }} />
        <Select label={t('network.find.measure')} placeholder={t('network.any')} data={measureOptions} value={measure} onChange={(v) => setMeasure(v as MeasureName | null)} clearable w={{ base: '100%', sm: 240 }} />
      </Group>
      <QueryView query={map}>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder p="xs">
              <Suspense fallback={<Loading />}>
                <ProvinceMap counts={counts} selected={selected} onSelect={(code) => choose(code, true)} label={t('network.map.pictureLabel')} />
              </Suspense>
              <Text size="xs" c="gray.7" mt="xs">
                {t('network.map.attribution')}
              </Text>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder p="sm">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h4" id="map-table-heading">
                  {t('network.map.tableTitle')}
                </Title>
                <Checkbox label={t('network.map.showAll')} checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} size="sm" />
              </Group>
              <div className="network-map-table">
                <Table striped verticalSpacing={4} aria-labelledby="map-table-heading" stickyHeader>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('network.map.province')}</Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('network.map.partnersCol')}
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.code} bg={r.code === selected ? 'yellow.1' : undefined}>
                        <Table.Th scope="row" fw={400}>
                          <Button variant="subtle" size="compact-sm" onClick={() => choose(r.code)} aria-pressed={r.code === selected} data-province={r.code}>
                            {r.name}
                          </Button>
                        </Table.Th>
                        <Table.Td ta="right">{r.partners}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
              {!showAll && without > 0 && (
                <Text size="sm" c="gray.7" mt="xs">
                  {t('network.map.othersNone', { count: without })}
                </Text>
              )}
            </Paper>
          </Grid.Col>
        </Grid>
      </QueryView>
      <section aria-labelledby="map-partners-heading">
        <Title order={2} size="h3" id="map-partners-heading" ref={listRef} tabIndex={-1} mb="sm">
          {selected ? t('network.map.partnersIn', { province: names.province(selected) }) : t('network.map.pickProvince')}
        </Title>
        {selected && <ProvincePartners province={selected} service={service} measure={measure} />}
      </section>
    </Stack>
  );
}

/** The partners located or working in one province (not its neighbours). */
function ProvincePartners({ province, service, measure }: { province: string; service: ServiceName | null; measure: MeasureName | null }) {
  const { t } = useTranslation();
  const names = useNames();
  // Names only: no urgent contacts, so listing a province does not count as reading its contacts.
  const search = useNetworkSearch({ province, service: service ?? undefined, measure: measure ?? undefined, limit: 100, withContacts: false });
  const items = (search.data?.items ?? []).filter((r) => r.rank === 'same_province' || r.rank === 'same_district');
  return (
    <QueryView query={search} isEmpty={items.length === 0} empty={t('network.map.noneHere')}>
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="province-partners">
        {items.map((r) => (
          <Paper component="li" key={r.partner.id} withBorder p="sm">
            <AnchorLink to="/network/partners/$id" params={{ id: r.partner.id }} fw={700}>
              {pick(names.lang, r.partner.nameTh, r.partner.nameEn)}
            </AnchorLink>
            <Text size="sm" c="gray.7">
              {t(`sector.${r.partner.sector}`)}
              {r.partner.services.length ? ` · ${[...new Set(r.partner.services.map((s) => t(`network.service.${s.service}`)))].join(', ')}` : ''}
            </Text>
          </Paper>
        ))}
      </Stack>
    </QueryView>
  );
}
