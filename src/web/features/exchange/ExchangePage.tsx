import { Badge, Button, Checkbox, FileInput, Group, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types.js';
import { can, useMe, useProvinces } from '../../api/queries.js';
import { DateField } from '../../components/DateField.js';
import { PageHeader, SectionCard } from '../../components/Page.js';
import { LoadMore, QueryView } from '../../components/QueryView.js';
import { ErrorAlert, Loading, NoAccess } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/dates.js';
import { pick } from '../../lib/labels.js';
import { downloadJobResult, useImportReport, useJobs, useStartExport, useStartImport, type Job } from './api.js';
import {
  fileSizeProblem, HTCDS_IMPORT_JOB_MAX, invalidRows, isActive, jobProgress, recordsOfJson, sinceOfDate, summaryCount, type FileProblem,
} from './records.js';
import './exchange.css';

/**
 * HTCDS data exchange (issue 6): import a partner's HTCDS case file and export this system's cases as
 * background jobs, then follow them here (polled while one is under way) and download their results.
 * Import needs exchange.write, export exchange.read; the server checks both again.
 */
export function ExchangePage() {
  const { t } = useTranslation();
  const me = useMe();
  const mayImport = can(me, 'exchange.write');
  const mayExport = can(me, 'exchange.read');
  const allowed = mayImport || mayExport;
  const jobs = useJobs(allowed);
  if (!allowed) return <NoAccess />;
  const rows = jobs.data ?? [];

  return (
    <Stack>
      <PageHeader title={t('exchange.title')} intro={t('exchange.intro')} />
      <SimpleGrid cols={{ base: 1, md: mayImport && mayExport ? 2 : 1 }}>
        {mayImport && <ImportCard me={me} />}
        {mayExport && <ExportCard />}
      </SimpleGrid>
      <section aria-labelledby="exchange-jobs-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h3" id="exchange-jobs-title">
            {t('exchange.jobs.title')}
          </Title>
          <Text size="sm" c="gray.7" role="status" aria-live="polite" data-testid="exchange-polling">
            {rows.some(isActive) ? t('exchange.jobs.polling') : ''}
          </Text>
        </Group>
        <QueryView query={jobs} isEmpty={rows.length === 0} empty={t('exchange.jobs.empty')}>
          <Stack gap="sm" component="ul" className="exchange-jobs" data-testid="exchange-jobs">
            {rows.map((j) => (
              <JobItem key={j.id} job={j} />
            ))}
          </Stack>
          <Group justify="center" mt="sm">
            <LoadMore query={jobs} />
          </Group>
        </QueryView>
      </section>
    </Stack>
  );
}

type FileState =
  | { state: 'none' }
  | { state: 'reading'; name: string }
  | { state: 'ready'; name: string; records: unknown[] }
  | { state: 'problem'; name: string; problem: FileProblem };

function ImportCard({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const nf = new Intl.NumberFormat(lang.startsWith('th') ? 'th-TH' : 'en-GB');
  const [file, setFile] = useState<File | null>(null);
  const [read, setRead] = useState<FileState>({ state: 'none' });
  const [skipInvalid, setSkipInvalid] = useState(false);
  const national = me.scope === 'national';
  const [province, setProvince] = useState<string | null>(national ? null : me.organisation.provinceCode);
  // What the last press of "start" found missing before anything was sent.
  const [missing, setMissing] = useState<'file' | 'province' | null>(null);
  const provinces = useProvinces();
  const start = useStartImport();
  // The file most recently chosen: a slower read of an earlier choice must not overwrite it.
  const reading = useRef<File | null>(null);

  const choose = (f: File | null) => {
    setFile(f);
    start.reset();
    setMissing(null);
    reading.current = f;
    if (!f) return setRead({ state: 'none' });
    const tooBig = fileSizeProblem(f.size);
    if (tooBig) return setRead({ state: 'problem', name: f.name, problem: tooBig });
    setRead({ state: 'reading', name: f.name });
    f.text().then(
      (text) => {
        if (reading.current !== f) return;
        const r = recordsOfJson(text);
        setRead(r.ok ? { state: 'ready', name: f.name, records: r.records } : { state: 'problem', name: f.name, problem: r.problem });
      },
      () => reading.current === f && setRead({ state: 'problem', name: f.name, problem: 'notJson' }),
    );
  };

  const provinceName = (code: string | null) => {
    const p = provinces.data?.items.find((x) => x.code === code);
    return p ? pick(lang, p.nameTh, p.nameEn) : (code ?? '');
  };
  const fileError =
    read.state === 'problem'
      ? t(`exchange.import.problem.${read.problem}`, { max: nf.format(HTCDS_IMPORT_JOB_MAX), mb: 128 })
      : missing === 'file'
        ? t('exchange.import.chooseFile')
        : undefined;

  const submit = () => {
    if (read.state !== 'ready') {
      if (read.state === 'none') setMissing('file');
      return;
    }
    if (national && !province) {
      setMissing('province');
      return;
    }
    setMissing(null);
    start.mutate({ cases: read.records, skipInvalid, ...(national && province ? { provinceCode: province } : {}) });
  };

  return (
    <SectionCard title={t('exchange.import.title')} data-testid="exchange-import">
      <form className="exchange-form" noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack gap="sm">
          <Text size="sm" c="gray.7">
            {t('exchange.import.help', { max: nf.format(HTCDS_IMPORT_JOB_MAX) })}
          </Text>
          <FileInput
            label={t('exchange.import.file')}
            placeholder={t('exchange.import.filePlaceholder')}
            accept="application/json,.json"
            value={file}
            onChange={choose}
            clearable
            clearButtonProps={{ 'aria-label': t('exchange.import.clearFile') }}
            error={fileError}
            required
            data-testid="exchange-import-file"
          />
          <Text size="sm" role="status" aria-live="polite" data-testid="exchange-import-count" fw={read.state === 'ready' ? 700 : undefined}>
            {read.state === 'reading' ? t('exchange.import.reading') : read.state === 'ready' ? t('exchange.import.records', { count: read.records.length, n: nf.format(read.records.length) }) : ''}
          </Text>
          {national ? (
            <Select
              label={t('exchange.import.province')}
              data={(provinces.data?.items ?? []).map((p) => ({ value: p.code, label: pick(lang, p.nameTh, p.nameEn) }))}
              value={province}
              onChange={setProvince}
              searchable
              required
              error={missing === 'province' ? t('validation.required') : undefined}
            />
          ) : (
            <Text size="sm">{t('exchange.import.provinceOwn', { province: provinceName(province) })}</Text>
          )}
          <Checkbox
            label={t('exchange.import.skipInvalid')}
            description={t('exchange.import.skipInvalidHelp')}
            checked={skipInvalid}
            onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
            data-testid="exchange-skip-invalid"
          />
          <StartRow mutation={start} disabled={read.state === 'reading'} testId="exchange-import-start" label={t('exchange.import.start')} started={t('exchange.import.started')} />
        </Stack>
      </form>
    </SectionCard>
  );
}

/** The start button of a card, the "started" line read out to screen readers, and the request's error. */
function StartRow({ mutation, disabled, testId, label, started }: {
  mutation: { isPending: boolean; isSuccess: boolean; isError: boolean; error: unknown }; disabled?: boolean; testId: string; label: string; started: string;
}) {
  return (
    <>
      <Group>
        <Button type="submit" loading={mutation.isPending} disabled={disabled} data-testid={testId}>
          {label}
        </Button>
        <Text size="sm" role="status" aria-live="polite">
          {mutation.isSuccess ? started : ''}
        </Text>
      </Group>
      {mutation.isError && <ErrorAlert error={mutation.error} />}
    </>
  );
}

function ExportCard() {
  const { t } = useTranslation();
  const [since, setSince] = useState('');
  const start = useStartExport();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
  return (
    <SectionCard title={t('exchange.export.title')} data-testid="exchange-export">
      <form className="exchange-form" noValidate onSubmit={(e) => {
        e.preventDefault();
        const s = sinceOfDate(since);
        start.mutate(s ? { since: s } : {});
      }}>
        <Stack gap="sm">
          <Text size="sm" c="gray.7">
            {t('exchange.export.help')}
          </Text>
          <DateField label={t('exchange.export.since')} value={since} onChange={(v) => { setSince(v); start.reset(); }} maxDate={today} />
          <Text size="xs" c="gray.7" mt={-8}>
            {t('exchange.export.sinceHelp')}
          </Text>
          <StartRow mutation={start} testId="exchange-export-start" label={t('exchange.export.start')} started={t('exchange.export.started')} />
        </Stack>
      </form>
    </SectionCard>
  );
}

const statusTone = { queued: 'neutral', succeeded: 'ok', failed: 'bad' } as const;

function JobStatus({ status }: { status: Job['status'] }) {
  const { t } = useTranslation();
  const label = t(`exchange.jobs.status.${status}`);
  // Running is blue, as the bar; the other states use the app's badge tones (white text above 4.5:1).
  if (status === 'running') {
    return (
      <Badge variant="filled" color="blue.9" tt="none" styles={{ root: { flexShrink: 0, maxWidth: 'none' }, label: { overflow: 'visible' } }}>
        {label}
      </Badge>
    );
  }
  return <StatusBadge tone={statusTone[status]}>{label}</StatusBadge>;
}

function JobItem({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const th = lang.startsWith('th');
  const nf = new Intl.NumberFormat(th ? 'th-TH' : 'en-GB');
  const headingId = useId();
  const [showInvalid, setShowInvalid] = useState(false);
  const download = useMutation({ mutationFn: () => downloadJobResult(job) });
  const p = jobProgress(job);
  const kind = t(`exchange.jobs.kind.${job.kind}`);
  const progressText =
    job.phase && (job.status === 'running' || job.status === 'queued' || p.stepTotal > 0)
      ? t(`exchange.jobs.progress.${job.phase}`, { done: nf.format(p.stepDone), total: nf.format(p.stepTotal) })
      : job.status === 'queued'
        ? t('exchange.jobs.progress.waiting')
        : '';
  // A failed import wrote nothing: its "created" and "updated" are what would have been, so they are not shown.
  const committed = job.summary?.committed !== false;
  const counts = job.kind === 'htcds_import'
    ? (committed ? (['records', 'created', 'updated', 'invalid'] as const) : (['records', 'invalid'] as const))
    : (['cases', 'persons'] as const);
  const since = typeof job.summary?.since === 'string' ? job.summary.since : null;
  const hasErrorsReport = job.kind === 'htcds_import' && job.error?.code === 'HTCDS_IMPORT_HAS_ERRORS' && !!job.resultName;
  const invalidCount = summaryCount(job.summary, 'invalid');
  const downloadLabel = job.kind === 'htcds_import' ? t('exchange.jobs.downloadReport') : t('exchange.jobs.download');
  const mayShowInvalid = job.kind === 'htcds_import' && !!job.resultName && (hasErrorsReport || (invalidCount ?? 0) > 0);

  return (
    <Paper component="li" withBorder p="md" aria-labelledby={headingId} data-testid="exchange-job" data-job-id={job.id} data-status={job.status} data-kind={job.kind}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <div>
            <Title order={3} size="h5" id={headingId}>
              {kind}
            </Title>
            <Text size="sm" c="gray.7">
              {t('exchange.jobs.created')} {formatDate(job.createdAt, lang)}
            </Text>
          </div>
          <Group gap="xs">
            {job.phase && isActive(job) && (
              <Text size="sm" c="gray.7">
                {t(`exchange.jobs.phase.${job.phase}`)}
              </Text>
            )}
            <JobStatus status={job.status} />
          </Group>
        </Group>

        <div>
          <Progress
            value={p.percent}
            size="lg"
            color={job.status === 'failed' ? 'red.9' : job.status === 'succeeded' ? 'teal.9' : 'blue.9'}
            striped={job.status === 'running'}
            aria-label={t('exchange.jobs.progressLabel', { kind })}
            data-testid="exchange-job-progress"
          />
          <Group justify="space-between" mt={4} gap="xs">
            <Text size="sm" data-testid="exchange-job-progress-text">
              {progressText}
            </Text>
            <Text size="sm" c="gray.7" data-testid="exchange-job-progress-numbers" data-done={p.done} data-total={p.total}>
              {t('exchange.jobs.progressNumbers', { percent: nf.format(p.percent) })}
            </Text>
          </Group>
        </div>

        {job.summary && (
          <Group gap="lg" component="dl" m={0} data-testid="exchange-job-summary">
            {counts.map((k) => {
              const n = summaryCount(job.summary, k);
              return n === null ? null : (
                <div key={k}>
                  <Text component="dt" size="xs" c="gray.7">
                    {t(`exchange.jobs.summary.${k}`)}
                  </Text>
                  <Text component="dd" m={0} fw={700} data-testid={`exchange-summary-${k}`}>
                    {nf.format(n)}
                  </Text>
                </div>
              );
            })}
            {job.kind === 'htcds_export' && (
              <div>
                <Text component="dt" size="xs" c="gray.7">
                  {t('exchange.jobs.summary.since')}
                </Text>
                <Text component="dd" m={0} fw={700}>
                  {since ? formatDate(since, lang, 'date') : t('exchange.jobs.summary.sinceAll')}
                </Text>
              </div>
            )}
          </Group>
        )}

        <Text size="xs" c="gray.7">
          {job.startedAt && `${t('exchange.jobs.started')} ${formatDate(job.startedAt, lang, 'dateTimeSeconds')}`}
          {job.startedAt && job.finishedAt && ' · '}
          {job.finishedAt && `${t('exchange.jobs.finished')} ${formatDate(job.finishedAt, lang, 'dateTimeSeconds')}`}
        </Text>

        {job.error && (
          <Text size="sm" c="red.9" role="alert" data-testid="exchange-job-error">
            {th ? job.error.messageTh || job.error.message : job.error.message || job.error.messageTh}
          </Text>
        )}

        {(job.resultName || mayShowInvalid) && (
          <Group gap="xs">
            {job.resultName && (
              <Button size="xs" variant="outline" onClick={() => download.mutate()} loading={download.isPending} data-testid="exchange-job-download"
                aria-label={t('exchange.jobs.downloadNamed', { label: downloadLabel, name: job.resultName, kind })}
              >
                {downloadLabel}
              </Button>
            )}
            {mayShowInvalid && (
              <Button size="xs" variant="default" onClick={() => setShowInvalid((v) => !v)} aria-expanded={showInvalid} data-testid="exchange-job-show-invalid">
                {showInvalid ? t('exchange.jobs.hideInvalid') : t('exchange.jobs.showInvalid')}
              </Button>
            )}
            <Text size="sm" role="status" aria-live="polite">
              {download.isSuccess ? t('exchange.jobs.saved', { name: download.data }) : ''}
            </Text>
          </Group>
        )}
        {download.isError && <ErrorAlert error={download.error} />}
        {showInvalid && <InvalidRecords jobId={job.id} />}
      </Stack>
    </Paper>
  );
}

/** The first invalid records of an import's report, one row per problem, in the UI's language. */
function InvalidRecords({ jobId }: { jobId: string }) {
  const { t, i18n } = useTranslation();
  const th = i18n.language.startsWith('th');
  const nf = new Intl.NumberFormat(th ? 'th-TH' : 'en-GB');
  const report = useImportReport(jobId, true);
  const captionId = useId();
  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  const { rows, shownRecords, invalidRecords } = invalidRows(report.data, 20);
  if (invalidRecords === 0) return <Text size="sm">{t('exchange.invalid.none')}</Text>;
  return (
    <Stack gap={4}>
      <Text size="sm" id={captionId}>
        {t('exchange.invalid.caption', { shown: nf.format(shownRecords), total: nf.format(invalidRecords) })}
      </Text>
      {/* Scrolls sideways on a phone: a native scroller that the keyboard can reach, named by the line above. */}
      <Table.ScrollContainer minWidth={640} type="native" tabIndex={0} role="region" aria-labelledby={captionId}>
        <Table striped verticalSpacing="xs" data-testid="exchange-invalid-table" aria-labelledby={captionId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('exchange.invalid.index')}</Table.Th>
              <Table.Th>{t('exchange.invalid.id')}</Table.Th>
              <Table.Th>{t('exchange.invalid.path')}</Table.Th>
              <Table.Th>{t('exchange.invalid.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={`${r.index}-${i}`}>
                <Table.Td>{nf.format(r.index + 1)}</Table.Td>
                {/* Ids and paths keep a readable width; a long English message (a list of allowed values) wraps anywhere. */}
                <Table.Td className="wrap-anywhere" miw="14rem">{r.id ?? '—'}</Table.Td>
                <Table.Td className="wrap-anywhere" miw="12rem">
                  <code>{r.path || '—'}</code>
                </Table.Td>
                <Table.Td className="wrap-anywhere">{(th ? r.messageTh || r.message : r.message || r.messageTh) || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
