import { Button, Group, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  caseServiceStatuses, caseServiceStatusLabels, planServiceInfo, planServices, type CaseService, type PlanService,
} from '../../../../contracts/referral.js';
import { can, useMe } from '../../../api/queries.js';
import { AppModal } from '../../../components/AppModal.js';
import { DataTable } from '../../../components/DataTable.js';
import { DateField } from '../../../components/DateField.js';
import { QueryView } from '../../../components/QueryView.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors } from '../../network/api.js';
import { casePath, send, useCasePart, useCaseWrite, type Case } from '../api.js';
import { CaseForm, useOrgName } from '../CaseBits.js';
import { usePersonLabels } from '../people.js';

type Status = (typeof caseServiceStatuses)[number];
const statusTone: Record<Status, 'ok' | 'neutral' | 'warn' | 'bad'> = { planned: 'neutral', in_progress: 'warn', delivered: 'ok', cancelled: 'neutral' };

/**
 * The protection plan: assessed needs and services, each with its provider, planned and actual dates,
 * status and outcome. A shelter that accepted a referral records the services it gives here too.
 */
export function ServicesPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const labels = usePersonLabels(kase);
  const list = useCasePart<{ items: CaseService[] }>(kase.id, 'services');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<CaseService | null>(null);
  const recipient = !kase.access.full && kase.stage !== 'closed' && can(me, 'referral.accept');
  const mayAdd = (writable || recipient) && labels.victims.length > 0;
  const items = list.data?.items ?? [];
  const serviceName = (s: PlanService) => pick(lang, planServiceInfo[s].th, planServiceInfo[s].en);
  const dates = (a: string | null, b: string | null) => (a || b ? `${formatDate(a, lang, 'date')} – ${formatDate(b, lang, 'date')}` : '—');
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7" style={{ flex: 1, minWidth: 240 }}>
          {t('cases.services.intro')}
        </Text>
        {mayAdd && <Button onClick={() => setAdding(true)}>{t('cases.services.add')}</Button>}
      </Group>
      <QueryView query={list} isEmpty={items.length === 0} empty={t('cases.services.empty')}>
        <div data-testid="case-services">
          <DataTable
            rows={items}
            rowKey={(s) => s.id}
            minWidth={960}
            columns={[
              { header: t('cases.services.service'), cell: (s) => <Text size="sm" fw={700}>{serviceName(s.service)}</Text> },
              { header: t('cases.services.person'), cell: (s) => labels.short(s.casePersonId) },
              { header: t('cases.services.provider'), cell: (s) => pick(lang, s.providerNameTh, s.providerNameEn) || '—' },
              { header: t('cases.services.planned'), cell: (s) => dates(s.plannedStart, s.plannedEnd) },
              { header: t('cases.services.actual'), cell: (s) => dates(s.actualStart, s.actualEnd) },
              {
                header: t('common.status'),
                cell: (s) => (
                  <StatusBadge tone={statusTone[s.status]} size="sm">
                    {pick(lang, caseServiceStatusLabels[s.status].th, caseServiceStatusLabels[s.status].en)}
                  </StatusBadge>
                ),
              },
              { header: t('cases.services.outcome'), cell: (s) => (s.outcome ? <Text size="sm" className="case-text">{s.outcome}</Text> : '—'), td: { style: { minWidth: 180 } } },
              {
                header: t('common.actions'),
                hideHeader: true,
                cell: (s) =>
                  s.canEdit &&
                  kase.stage !== 'closed' && (
                    <Button size="xs" variant="default" onClick={() => setEditing(s)} aria-label={`${t('common.edit')} — ${serviceName(s.service)}`}>
                      {t('common.edit')}
                    </Button>
                  ),
              },
            ]}
          />
        </div>
      </QueryView>
      <AppModal opened={adding} onClose={() => setAdding(false)} title={t('cases.services.add')} size="lg">
        {adding && <ServiceForm kase={kase} onDone={() => setAdding(false)} />}
      </AppModal>
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? `${t('common.edit')} — ${serviceName(editing.service)}` : ''} size="lg">
        {editing && <ServiceForm kase={kase} existing={editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}

interface ServiceValues {
  casePersonId: string | null;
  service: PlanService | null;
  providerOrganisationId: string | null;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string;
  actualEnd: string;
  status: Status;
  outcome: string;
}

function ServiceForm({ kase, existing, onDone }: { kase: Case; existing?: CaseService; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const labels = usePersonLabels(kase);
  const org = useOrgName();
  const [v, setV] = useState<ServiceValues>({
    casePersonId: existing?.casePersonId ?? (labels.victims.length === 1 ? labels.victims[0]!.id : null),
    service: existing?.service ?? null,
    providerOrganisationId: existing?.providerOrganisationId ?? null,
    plannedStart: existing?.plannedStart ?? '',
    plannedEnd: existing?.plannedEnd ?? '',
    actualStart: existing?.actualStart ?? '',
    actualEnd: existing?.actualEnd ?? '',
    status: existing?.status ?? 'planned',
    outcome: existing?.outcome ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof ServiceValues>(k: K, val: ServiceValues[K]) => {
    setV((old) => ({ ...old, [k]: val }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };
  const save = useCaseWrite(kase.id, (body: object) =>
    existing ? send<CaseService>('PATCH', casePath(kase.id, 'services', existing.id), body) : send<CaseService>('POST', casePath(kase.id, 'services'), body),
  );
  const submit = () => {
    const e: Record<string, string> = {};
    if (!existing && !v.casePersonId) e.casePersonId = t('validation.required');
    if (!existing && !v.service) e.service = t('validation.required');
    if (v.plannedStart && v.plannedEnd && v.plannedStart > v.plannedEnd) e.plannedEnd = t('cases.datesOutOfOrder');
    if (v.actualStart && v.actualEnd && v.actualStart > v.actualEnd) e.actualEnd = t('cases.datesOutOfOrder');
    setErrors(e);
    if (Object.values(e).some(Boolean)) return;
    const dates = existing
      ? { plannedStart: v.plannedStart || null, plannedEnd: v.plannedEnd || null, actualStart: v.actualStart || null, actualEnd: v.actualEnd || null }
      : {
          ...(v.plannedStart ? { plannedStart: v.plannedStart } : {}),
          ...(v.plannedEnd ? { plannedEnd: v.plannedEnd } : {}),
          ...(v.actualStart ? { actualStart: v.actualStart } : {}),
          ...(v.actualEnd ? { actualEnd: v.actualEnd } : {}),
        };
    const body = existing
      ? { version: existing.version, ...dates, status: v.status, outcome: v.outcome.trim() || null }
      : {
          ...(kase.access.full ? { version: kase.version } : {}),
          casePersonId: v.casePersonId,
          service: v.service,
          ...(v.providerOrganisationId ? { providerOrganisationId: v.providerOrganisationId } : {}),
          ...dates,
          status: v.status,
          ...(v.outcome.trim() ? { outcome: v.outcome.trim() } : {}),
        };
    save.mutate(body, { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) });
  };
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit}>
      {!existing && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('cases.services.person')} required data={labels.victimOptions} value={v.casePersonId} onChange={(x) => set('casePersonId', x)} error={errors.casePersonId} />
          <Select
            label={t('cases.services.service')}
            required
            searchable
            data={planServices.map((s) => ({ value: s, label: pick(lang, planServiceInfo[s].th, planServiceInfo[s].en) }))}
            value={v.service}
            onChange={(x) => set('service', x as PlanService | null)}
            error={errors.service}
            data-testid="plan-service"
          />
          {kase.access.full && (
            <Select
              label={t('cases.services.provider')}
              description={t('cases.services.providerHelp')}
              searchable
              clearable
              data={org.options((o) => o.active !== false)}
              value={v.providerOrganisationId}
              onChange={(x) => set('providerOrganisationId', x)}
              error={errors.providerOrganisationId}
            />
          )}
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField label={t('cases.services.plannedStart')} value={v.plannedStart} onChange={(x) => set('plannedStart', x)} error={errors.plannedStart} />
        <DateField label={t('cases.services.plannedEnd')} value={v.plannedEnd} onChange={(x) => set('plannedEnd', x)} error={errors.plannedEnd} />
        <DateField label={t('cases.services.actualStart')} value={v.actualStart} onChange={(x) => set('actualStart', x)} error={errors.actualStart} />
        <DateField label={t('cases.services.actualEnd')} value={v.actualEnd} onChange={(x) => set('actualEnd', x)} error={errors.actualEnd} />
      </SimpleGrid>
      <Select
        label={t('common.status')}
        allowDeselect={false}
        data={caseServiceStatuses.map((s) => ({ value: s, label: pick(lang, caseServiceStatusLabels[s].th, caseServiceStatusLabels[s].en) }))}
        value={v.status}
        onChange={(x) => set('status', (x as Status) ?? 'planned')}
        error={errors.status}
      />
      <Textarea label={t('cases.services.outcome')} description={t('cases.services.outcomeHelp')} autosize minRows={2} maxLength={4000} value={v.outcome} onChange={(e) => set('outcome', e.currentTarget.value)} error={errors.outcome} />
    </CaseForm>
  );
}
