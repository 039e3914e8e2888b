import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ageGroups } from '../../../contracts/case.js';
import { api } from '../../api/client.js';
import { can, useCursorList, useMe } from '../../api/queries.js';
import { DataTable } from '../../components/DataTable.js';
import { DateField } from '../../components/DateField.js';
import { ButtonLink, AnchorLink } from '../../components/Links.js';
import { PageHeader, SectionCard } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { Empty, ErrorAlert, NoAccess } from '../../components/States.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { useNames } from '../network/api.js';
import { caseKeys, caseStages, type CaseSummary } from './api.js';
import { CaseNav } from './CaseNav.js';
import { CaseStatusBadge, ChildBadge, StageBadge } from './CaseBits.js';
import { htcds, useHtcds } from './labels.js';

type SearchHit = CaseSummary & { score: number; casePersonIds: string[] };

export function CasesListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const h = useHtcds();
  const names = useNames();
  const allowed = can(me, 'case.read');
  const national = me.scope === 'national';
  const [number, setNumber] = useState('');
  const [province, setProvince] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [ageGroup, setAgeGroup] = useState<string | null>(null);
  const [exploitation, setExploitation] = useState<string | null>(null);
  const [openedFrom, setOpenedFrom] = useState('');
  const [openedTo, setOpenedTo] = useState('');
  const [debouncedNumber] = useDebouncedValue(number.trim(), 300);
  const datesWrong = !!openedFrom && !!openedTo && openedFrom > openedTo;
  const filters = {
    number: debouncedNumber || undefined,
    provinceCode: national ? province ?? undefined : undefined,
    stage: stage ?? undefined,
    status: status ?? undefined,
    ageGroup: ageGroup ?? undefined,
    exploitation: exploitation ?? undefined,
    openedFrom: openedFrom || undefined,
    openedTo: openedTo || undefined,
  };
  const list = useCursorList<CaseSummary>(caseKeys.list(filters), '/api/v1/cases', { query: filters, enabled: allowed && !datesWrong });
  if (!allowed) return <NoAccess />;
  const rows = list.data ?? [];
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const clear = () => {
    setNumber('');
    setProvince(null);
    setStage(null);
    setStatus(null);
    setAgeGroup(null);
    setExploitation(null);
    setOpenedFrom('');
    setOpenedTo('');
  };

  return (
    <Stack>
      <PageHeader
        title={t('cases.list.title')}
        intro={t('cases.list.intro')}
        action={can(me, 'case.write') && <ButtonLink to="/cases/new">{t('cases.new.button')}</ButtonLink>}
      />
      <CaseNav />
      {can(me, 'case.identity.read') && <IdentitySearch />}
      <Group align="flex-end" role="search" aria-label={t('cases.list.filters')} gap="sm">
        <TextInput label={t('cases.list.number')} placeholder={t('cases.list.numberPlaceholder')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} w={{ base: '100%', sm: 200 }} />
        {national && (
          <Select
            label={t('cases.list.province')}
            placeholder={t('cases.list.allProvinces')}
            searchable
            clearable
            data={(names.provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(lang, p.nameTh, p.nameEn) }))}
            value={province}
            onChange={setProvince}
            w={{ base: '100%', sm: 220 }}
          />
        )}
        <Select label={t('cases.list.stage')} placeholder={t('common.all')} clearable data={caseStages.map((s) => ({ value: s, label: t(`cases.stage.${s}`) }))} value={stage} onChange={setStage} w={{ base: '100%', sm: 200 }} />
        <Select label={t('cases.list.status')} placeholder={t('common.all')} clearable data={h.options(htcds.caseStatus)} value={status} onChange={setStatus} w={{ base: '100%', sm: 180 }} />
        <Select label={t('cases.list.ageGroup')} placeholder={t('common.all')} clearable data={ageGroups.filter((a) => a !== 'unknown').map((a) => ({ value: a, label: t(`cases.ageGroup.${a}`) }))} value={ageGroup} onChange={setAgeGroup} w={{ base: '100%', sm: 160 }} />
        <Select label={t('cases.list.exploitation')} placeholder={t('common.all')} clearable searchable data={h.options(htcds.exploitationType)} value={exploitation} onChange={setExploitation} w={{ base: '100%', sm: 240 }} />
        <div style={{ minWidth: 170 }}>
          <DateField label={t('cases.list.openedFrom')} value={openedFrom} onChange={setOpenedFrom} />
        </div>
        <div style={{ minWidth: 170 }}>
          <DateField label={t('cases.list.openedTo')} value={openedTo} onChange={setOpenedTo} error={datesWrong ? t('cases.list.datesWrong') : undefined} />
        </div>
        {filtered && (
          <Button variant="subtle" onClick={clear}>
            {t('common.clearFilters')}
          </Button>
        )}
      </Group>
      {datesWrong ? null : (
        <QueryView query={list} isEmpty={rows.length === 0} empty={filtered ? t('cases.list.noneMatch') : t('cases.list.empty')}>
          <CaseTable rows={rows} showProvince={national} />
          <LoadMore query={list} />
        </QueryView>
      )}
    </Stack>
  );
}

/** The columns every case list shares (the list, the identity search, the overview). */
export function CaseTable({ rows, showProvince, hideVictims, extra }: {
  rows: CaseSummary[];
  showProvince?: boolean;
  /** The identity search does not count victims. */
  hideVictims?: boolean;
  extra?: { header: string; cell: (r: CaseSummary) => ReactNode };
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const h = useHtcds();
  const names = useNames();
  return (
    <DataTable
      rows={rows}
      rowKey={(r) => r.id}
      minWidth={900}
      highlightOnHover
      columns={[
        {
          header: t('cases.col.number'),
          cell: (r) => (
            <AnchorLink to="/cases/$id" params={{ id: r.id }} fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="case-link">
              {r.caseNumber}
            </AnchorLink>
          ),
        },
        { header: t('cases.col.opened'), cell: (r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(r.openedAt, lang, 'date')}</span> },
        !!showProvince && { header: t('cases.col.province'), cell: (r) => names.province(r.provinceCode) },
        { header: t('cases.col.stage'), cell: (r) => <StageBadge stage={r.stage} /> },
        { header: t('cases.col.status'), cell: (r) => <CaseStatusBadge status={r.status} /> },
        !hideVictims && {
          header: t('cases.col.victims'),
          cell: (r) => (
            <Group gap={6} wrap="nowrap">
              <span>{r.victims}</span>
              {r.involvesChild && <ChildBadge size="sm" />}
            </Group>
          ),
        },
        { header: t('cases.col.exploitation'), cell: (r) => <Text size="sm">{h.list(htcds.exploitationType, r.exploitationTypes)}</Text>, td: { style: { minWidth: 180 } } },
        ...(extra ? [extra] : []),
      ]}
    />
  );
}

/** Name (typo-tolerant) or document number search: sent in the body, audited, results not kept. */
function IdentitySearch() {
  const { t } = useTranslation();
  const [by, setBy] = useState<'name' | 'document'>('name');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = useMutation({
    mutationFn: (body: { name?: string; document?: string }) => api<{ items: SearchHit[] }>('/api/v1/cases/search', { method: 'POST', body }),
  });
  const submit = () => {
    const v = text.trim();
    const min = by === 'name' ? 2 : 4;
    if (v.length < min) {
      setError(t('cases.search.tooShort', { min }));
      return;
    }
    search.mutate(by === 'name' ? { name: v } : { document: v });
  };
  const hits = search.data?.items ?? [];
  return (
    <SectionCard title={t('cases.search.title')} data-testid="identity-search">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
        autoComplete="off"
        role="search"
        aria-label={t('cases.search.title')}
      >
        <Group align="flex-end" gap="sm">
          <div>
            <Text size="sm" fw={500} id="search-by-label" mb={4}>
              {t('cases.search.by')}
            </Text>
            <SegmentedControl
              aria-labelledby="search-by-label"
              value={by}
              onChange={(v) => {
                setBy(v as 'name' | 'document');
                setError(null);
              }}
              data={[
                { value: 'name', label: t('cases.search.byName') },
                { value: 'document', label: t('cases.search.byDocument') },
              ]}
            />
          </div>
          <TextInput
            label={by === 'name' ? t('cases.search.name') : t('cases.search.document')}
            description={by === 'name' ? t('cases.search.nameHelp') : t('cases.search.documentHelp')}
            value={text}
            error={error}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setError(null);
            }}
            autoComplete="off"
            w={{ base: '100%', sm: 300 }}
          />
          <Button type="submit" loading={search.isPending}>
            {t('common.search')}
          </Button>
          {search.data && (
            <Button
              variant="subtle"
              onClick={() => {
                search.reset();
                setText('');
              }}
            >
              {t('cases.search.clear')}
            </Button>
          )}
        </Group>
      </form>
      <Text size="xs" c="gray.7" mt={6}>
        {t('cases.search.audited')}
      </Text>
      {search.isError && <ErrorAlert error={search.error} />}
      {search.data &&
        (hits.length === 0 ? (
          <Empty>{t('cases.search.none')}</Empty>
        ) : (
          <Stack gap="xs" mt="sm" data-testid="identity-search-results">
            <CaseTable
              rows={hits}
              hideVictims
              extra={{ header: t('cases.search.score'), cell: (r) => `${Math.round((r as SearchHit).score * 100)}%` }}
            />
          </Stack>
        ))}
    </SectionCard>
  );
}
