import { Alert, Anchor, Button, Card, Checkbox, Fieldset, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/queries.js';
import { AnchorLink } from '../../components/Links.js';
import { PageHeader } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { NoAccess } from '../../components/States.js';
import { pick } from '../../lib/labels.js';
import { formErrors, serviceSexes, telHref, useDistricts, useNames, useNetworkSearch, type MeasureName, type SearchParams, type SearchResult, type ServiceName, type ServiceSex } from './api.js';
import { NetworkNav, RankBadge, ServiceSummary, useMeasureOptions, useServiceOptions, wrappingButton } from './NetworkBits.js';

interface Filters {
  q: string;
  service: ServiceName | null;
  province: string | null;
  district: string | null;
  sex: ServiceSex | null;
  age: number | string;
  nationality: string | null;
  language: string | null;
  freeCapacity: boolean;
  measure: MeasureName | null;
}

const blank: Filters = { q: '', service: null, province: null, district: null, sex: null, age: '', nationality: null, language: null, freeCapacity: false, measure: null };

/** Issue 3's worked example: a 14-year-old Burmese-speaking girl who needs a shelter in Chiang Rai tonight. */
const preset: Filters = { ...blank, service: 'shelter', province: '57', sex: 'female', age: 14, language: 'mya', freeCapacity: true };

function toParams(f: Filters): SearchParams {
  const age = typeof f.age === 'number' ? f.age : f.age.trim() === '' ? undefined : Number(f.age);
  return {
    q: f.q.trim() || undefined,
    service: f.service ?? undefined,
    province: f.province ?? undefined,
    district: f.district ?? undefined,
    sex: f.sex ?? undefined,
    age: age !== undefined && Number.isInteger(age) ? age : undefined,
    nationality: f.nationality ?? undefined,
    language: f.language ?? undefined,
    freeCapacity: f.freeCapacity ? true : undefined,
    measure: f.measure ?? undefined,
    limit: 50,
  };
}

// Kept in memory only (never in the URL or browser storage), so "back" from a partner page shows the same search.
let remembered: { draft: Filters; submitted: SearchParams | null } | null = null;

export function FindHelpPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [draft, setDraft] = useState<Filters>(() => remembered?.draft ?? { ...blank, province: me.organisation.provinceCode });
  const [submitted, setSubmitted] = useState<SearchParams | null>(() => remembered?.submitted ?? null);
  const resultsRef = useRef<HTMLElement>(null);
  const search = useNetworkSearch(can(me, 'network.read') ? submitted : null);
  const names = useNames();
  const districts = useDistricts(draft.province);
  const serviceOptions = useServiceOptions();
  const measureOptions = useMeasureOptions();

  if (!can(me, 'network.read')) return <NoAccess />;

  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const run = (f: Filters) => {
    const params = toParams(f);
    setDraft(f);
    setSubmitted(params);
    remembered = { draft: f, submitted: params };
    // On a phone the results start far below the form: bring them up.
    requestAnimationFrame(() => {
      const el = resultsRef.current;
      if (el && el.getBoundingClientRect().top > window.innerHeight * 0.6) el.scrollIntoView({ block: 'start' });
    });
  };
  const errors = search.isError ? formErrors(search.error) : {};
  const lang = names.lang;
  const items = search.data?.items ?? [];

  return (
    <Stack>
      <PageHeader title={t('network.find.title')} intro={t('network.find.intro')} />
      <NetworkNav />
      <Paper withBorder p="md" component="form" className="network-form" role="search" aria-label={t('network.find.formLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          run(draft);
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput label={t('network.find.q')} description={t('network.find.qHelp')} value={draft.q} onChange={(e) => set('q', e.currentTarget.value)} error={errors.q} />
            <Select label={t('network.find.service')} placeholder={t('network.any')} data={serviceOptions} value={draft.service} onChange={(v) => set('service', v as ServiceName | null)} clearable searchable />
            <Select label={t('network.find.measure')} placeholder={t('network.any')} data={measureOptions} value={draft.measure} onChange={(v) => set('measure', v as MeasureName | null)} clearable />
            <Select
              label={t('network.find.province')}
              placeholder={t('network.anyArea')}
              data={(names.provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(lang, p.nameTh, p.nameEn) }))}
              value={draft.province}
              onChange={(v) => setDraft((d) => ({ ...d, province: v, district: null }))}
              clearable
              searchable
              error={errors.province}
            />
            <Select
              label={t('network.find.district')}
              placeholder={draft.province ? t('network.anyDistrict') : t('network.find.pickProvinceFirst')}
              data={(districts.data?.items ?? []).map((d) => ({ value: d.code, label: pick(lang, d.nameTh, d.nameEn) }))}
              value={draft.district}
              onChange={(v) => set('district', v)}
              disabled={!draft.province}
              clearable
              searchable
              error={errors.district}
            />
          </SimpleGrid>
          <Fieldset legend={t('network.find.profile')} variant="filled">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <Select
                label={t('network.find.sex')}
                placeholder={t('network.any')}
                data={serviceSexes.map((s) => ({ value: s, label: t(`network.sex.${s}`) }))}
                value={draft.sex}
                onChange={(v) => set('sex', v as ServiceSex | null)}
                clearable
              />
              <NumberInput label={t('network.find.age')} min={0} max={120} allowDecimal={false} allowNegative={false} value={draft.age} onChange={(v) => set('age', v)} error={errors.age} />
              <Select
                label={t('network.find.nationality')}
                placeholder={t('network.any')}
                data={(names.countries.data?.items ?? []).map((c) => ({ value: c.alpha3, label: pick(lang, c.nameTh, c.nameEn) }))}
                value={draft.nationality}
                onChange={(v) => set('nationality', v)}
                clearable
                searchable
                error={errors.nationality}
              />
              <Select
                label={t('network.find.language')}
                placeholder={t('network.any')}
                data={(names.languages.data?.items ?? []).map((l) => ({ value: l.code, label: pick(lang, l.nameTh, l.nameEn) }))}
                value={draft.language}
                onChange={(v) => set('language', v)}
                clearable
                searchable
                error={errors.language}
              />
            </SimpleGrid>
          </Fieldset>
          <Checkbox label={t('network.find.freeNow')} description={t('network.find.freeNowHelp')} checked={draft.freeCapacity} onChange={(e) => set('freeCapacity', e.currentTarget.checked)} />
          <Group justify="space-between" wrap="wrap">
            <Button variant="outline" styles={wrappingButton} onClick={() => run(preset)}>
              {t('network.find.preset')}
            </Button>
            <Group gap="xs">
              <Button
                variant="default"
                onClick={() => {
                  const cleared = { ...blank, province: me.organisation.provinceCode };
                  setDraft(cleared);
                  setSubmitted(null);
                  remembered = { draft: cleared, submitted: null };
                }}
              >
                {t('common.clearFilters')}
              </Button>
              <Button type="submit" loading={search.isFetching}>
                {t('network.find.submit')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Paper>

      <section aria-labelledby="network-results-heading" ref={resultsRef} style={{ scrollMarginTop: 70 }}>
        <Title order={2} size="h3" id="network-results-heading" mb="sm">
          {t('network.find.results')}
        </Title>
        {submitted === null ? (
          <Text c="gray.7">{t('network.find.before')}</Text>
        ) : (
          <QueryView query={search} isEmpty={items.length === 0} empty={t('network.find.empty')}>
            <Stack>
              <Text size="sm" role="status" aria-live="polite">
                {t('network.find.count', { count: items.length })}
              </Text>
              {items.map((r) => (
                <ResultCard key={r.partner.id} result={r} />
              ))}
              <Text size="xs" c="gray.7">
                {t('network.contactsRecorded')}
              </Text>
            </Stack>
          </QueryView>
        )}
      </section>
    </Stack>
  );
}

function ResultCard({ result: r }: { result: SearchResult }) {
  const { t } = useTranslation();
  const names = useNames();
  const lang = names.lang;
  const p = r.partner;
  const shown = r.matchingServices.length ? r.matchingServices : p.services;
  const headingId = `partner-${p.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-testid="network-result">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <div style={{ minWidth: 0 }}>
            <Title order={3} size="h4" id={headingId} className="wrap-anywhere">
              <AnchorLink to="/network/partners/$id" params={{ id: p.id }} inherit>
                {pick(lang, p.nameTh, p.nameEn)}
              </AnchorLink>
            </Title>
            <Text size="sm" c="gray.7" className="wrap-anywhere" lang={lang.startsWith('th') ? 'en' : 'th'}>
              {pick(lang, p.nameEn, p.nameTh)}
            </Text>
            <Text size="sm">
              {t(`sector.${p.sector}`)} · {t(`level.${p.level}`)}
              {p.provinceCode ? ` · ${names.province(p.provinceCode)}` : ''}
            </Text>
          </div>
          <RankBadge rank={r.rank} />
        </Group>

        <UrgentContact result={r} />

        {shown.length > 0 && (
          <Stack gap="sm">
            <Text size="sm" fw={700}>
              {r.matchingServices.length ? t('network.find.matching') : t('network.find.services')}
            </Text>
            {shown.map((s) => (
              <Paper key={s.id} withBorder p="sm" bg="gray.0">
                <ServiceSummary service={s} headingLevel="h4" />
              </Paper>
            ))}
          </Stack>
        )}
        <AnchorLink to="/network/partners/$id" params={{ id: p.id }} size="sm" aria-label={t('network.find.openPartnerNamed', { name: pick(lang, p.nameTh, p.nameEn) })}>
          {t('network.find.openPartner')} →
        </AnchorLink>
      </Stack>
    </Card>
  );
}

function UrgentContact({ result: r }: { result: SearchResult }) {
  const { t } = useTranslation();
  const c = r.urgentContact;
  if (!c) {
    return (
      <Text size="sm" c="gray.7">
        {t('network.contact.noUrgent')}
      </Text>
    );
  }
  return (
    <Alert variant="light" color="red" title={t('network.contact.urgentTitle')} data-testid="urgent-contact">
      <Stack gap={4}>
        <Text fw={700}>
          {c.name}
          {c.role ? <Text span c="gray.8" fw={400}>{` — ${c.role}`}</Text> : null}
        </Text>
        <Group gap="sm" wrap="wrap">
          {c.mobile && (
            <Button component="a" href={telHref(c.mobile)} color="red.9" size="sm" aria-label={t('network.contact.callNamed', { name: c.name, phone: c.mobile })}>
              {t('network.contact.call', { phone: c.mobile })}
            </Button>
          )}
          {c.officePhone && (
            <Anchor href={telHref(c.officePhone)} size="sm">
              {t('network.contact.office')}: {c.officePhone}
            </Anchor>
          )}
          {c.lineId && (
            <Text size="sm">
              LINE: <Text span fw={700} ff="monospace">{c.lineId}</Text>
            </Text>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
