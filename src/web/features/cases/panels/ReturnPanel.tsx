import { Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { returnKindLabels, returnKinds } from '../../../../contracts/nrm.js';
import { AppModal } from '../../../components/AppModal.js';
import { DateField } from '../../../components/DateField.js';
import { Fact } from '../../../components/Page.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { formErrors, useNames } from '../../network/api.js';
import { casePath, send, useCaseWrite, type Case, type CasePerson } from '../api.js';
import { CaseForm, useOrgName } from '../CaseBits.js';
import { usePersonLabels } from '../people.js';

type ReturnKind = (typeof returnKinds)[number];

/** Repatriation to the home country or return to the domicile in Thailand, per victim. */
export function ReturnPanel({ kase, writable }: { kase: Case; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const labels = usePersonLabels(kase);
  const names = useNames();
  const org = useOrgName();
  const [editing, setEditing] = useState<CasePerson | null>(null);
  if (labels.victims.length === 0) return <Text c="gray.7">{t('cases.people.noVictims')}</Text>;
  return (
    <Stack>
      <Text size="sm" c="gray.7">
        {t('cases.return.intro')}
      </Text>
      {labels.victims.map((p) => {
        const r = p.return;
        const headingId = `return-${p.id}`;
        const label = labels.long(p.id);
        const kind = r?.kind as ReturnKind | null | undefined;
        return (
          <Paper key={p.id} withBorder p="md" component="section" aria-labelledby={headingId} data-testid="return-card">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h5" id={headingId}>
                {label}
              </Title>
              {writable && (
                <Button size="xs" variant={r?.kind ? 'default' : 'filled'} onClick={() => setEditing(p)} aria-label={`${t('cases.return.record')} — ${label}`}>
                  {t('cases.return.record')}
                </Button>
              )}
            </Group>
            {!kind ? (
              <Text size="sm" c="gray.7">
                {t('cases.return.none')}
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" className="facts" spacing="xs">
                <Fact label={t('cases.return.kind')}>{returnKindLabels[kind] ? pick(lang, returnKindLabels[kind].th, returnKindLabels[kind].en) : kind}</Fact>
                <Fact label={t('cases.return.date')}>{formatDate(r?.date, lang, 'date')}</Fact>
                <Fact label={kind === 'repatriation' ? t('cases.return.country') : t('cases.return.province')}>
                  {kind === 'repatriation' ? (r?.country ? names.country(r.country) : '—') : r?.provinceCode ? names.province(r.provinceCode) : '—'}
                </Fact>
                <Fact label={t('cases.return.partner')}>{org.name(r?.partnerId)}</Fact>
                {r?.travelDocuments && (
                  <Fact label={t('cases.return.travelDocuments')}>
                    <span className="case-text">{r.travelDocuments}</span>
                  </Fact>
                )}
              </SimpleGrid>
            )}
          </Paper>
        );
      })}
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? t('cases.return.recordFor', { who: labels.short(editing.id) }) : ''} size="lg">
        {editing && <ReturnForm kase={kase} person={editing} onDone={() => setEditing(null)} />}
      </AppModal>
    </Stack>
  );
}

function ReturnForm({ kase, person: p, onDone }: { kase: Case; person: CasePerson; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const names = useNames();
  const org = useOrgName();
  const r = p.return;
  const [kind, setKind] = useState<ReturnKind>((r?.kind as ReturnKind | null) ?? (p.nationality && p.nationality !== 'THA' ? 'repatriation' : 'domicile'));
  const [date, setDate] = useState(r?.date ?? '');
  const [country, setCountry] = useState<string | null>(r?.country ?? (p.nationality && p.nationality !== 'THA' ? p.nationality : null));
  const [province, setProvince] = useState<string | null>(r?.provinceCode ?? null);
  const [partner, setPartner] = useState<string | null>(r?.partnerId ?? null);
  const [docs, setDocs] = useState(r?.travelDocuments ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useCaseWrite(kase.id, (body: object) => send<Case>('POST', casePath(kase.id, 'persons', p.id, 'return'), body));
  const submit = () => {
    const e: Record<string, string> = {};
    if (!date) e.date = t('validation.required');
    if (kind === 'repatriation' && !country) e.country = t('validation.required');
    if (kind === 'domicile' && !province) e.provinceCode = t('validation.required');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(
      {
        version: kase.version,
        kind,
        date,
        ...(kind === 'repatriation' && country ? { country } : {}),
        ...(kind === 'domicile' && province ? { provinceCode: province } : {}),
        ...(partner ? { partnerId: partner } : {}),
        ...(docs.trim() ? { travelDocuments: docs.trim() } : {}),
      },
      { onSuccess: onDone, onError: (err) => setErrors(formErrors(err)) },
    );
  };
  return (
    <CaseForm mutation={save} onCancel={onDone} onSubmit={submit}>
      <Radio.Group label={t('cases.return.kind')} required value={kind} onChange={(v) => setKind(v as ReturnKind)}>
        <Stack gap={6} mt={4}>
          {returnKinds.map((k) => (
            <Radio key={k} value={k} label={pick(lang, returnKindLabels[k].th, returnKindLabels[k].en)} />
          ))}
        </Stack>
      </Radio.Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField label={t('cases.return.date')} value={date} onChange={setDate} error={errors.date} />
        {kind === 'repatriation' ? (
          <Select
            label={t('cases.return.country')}
            required
            searchable
            data={(names.countries.data?.items ?? []).filter((c) => c.alpha3 !== 'THA').map((c) => ({ value: c.alpha3, label: pick(lang, c.nameTh, c.nameEn) }))}
            value={country}
            onChange={setCountry}
            error={errors.country}
          />
        ) : (
          <Select
            label={t('cases.return.province')}
            required
            searchable
            data={(names.provinces.data?.items ?? []).map((c) => ({ value: c.code, label: pick(lang, c.nameTh, c.nameEn) }))}
            value={province}
            onChange={setProvince}
            error={errors.provinceCode}
          />
        )}
      </SimpleGrid>
      <Select label={t('cases.return.partner')} searchable clearable data={org.options((o) => o.active !== false)} value={partner} onChange={setPartner} error={errors.partnerId} />
      <Textarea label={t('cases.return.travelDocuments')} description={t('cases.return.travelDocumentsHelp')} autosize minRows={2} maxLength={2000} value={docs} onChange={(e) => setDocs(e.currentTarget.value)} error={errors.travelDocuments} />
    </CaseForm>
  );
}
