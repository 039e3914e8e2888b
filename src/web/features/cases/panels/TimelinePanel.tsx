import { Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { closureReasonLabels, reopenReasonLabels } from '../../../../contracts/nrm.js';
import { caseServiceStatusLabels, consentPurposeLabels, planServiceInfo, referralStatusLabels } from '../../../../contracts/referral.js';
import { QueryView } from '../../../components/QueryView.js';
import { formatDate } from '../../../lib/dates.js';
import { pick } from '../../../lib/labels.js';
import { useCasePart, type Case, type TimelineEntryT } from '../api.js';
import { htcds } from '../labels.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;
/** Detail keys worth showing on the timeline (the rest are ids). */
const shownKeys = ['caseNumber', 'role', 'type', 'stage', 'from', 'to', 'status', 'decision', 'reason', 'service', 'purposes', 'kind', 'sensitivity', 'indicatorsMet', 'persons', 'fields'];

type LabelMap = Record<string, { th: string; en: string }>;
const labelMaps: LabelMap[] = [
  htcds.traffickingStatus.labels, htcds.eventType.labels, htcds.caseStatus.labels, htcds.exploitationType.labels, htcds.referralReason.labels,
  closureReasonLabels, reopenReasonLabels, referralStatusLabels, caseServiceStatusLabels, consentPurposeLabels, planServiceInfo,
];

export function TimelinePanel({ kase }: { kase: Case }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const timeline = useCasePart<{ items: TimelineEntryT[] }>(kase.id, 'timeline');
  const items = [...(timeline.data?.items ?? [])].reverse();
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return v.map(value).join(', ');
    if (typeof v !== 'string') return String(v);
    if (i18n.exists(`cases.stage.${v}`)) return t(`cases.stage.${v}`);
    if (i18n.exists(`cases.teamRole.${v}`)) return t(`cases.teamRole.${v}`);
    if (i18n.exists(`cases.role.${v}`)) return t(`cases.role.${v}`);
    for (const m of labelMaps) if (m[v]) return pick(lang, m[v].th, m[v].en);
    return v;
  };
  const kindLabel = (kind: string) => {
    const key = `cases.activity.${kind.replace(/\./g, '_')}`;
    return i18n.exists(key) ? t(key) : kind;
  };
  return (
    <QueryView query={timeline} isEmpty={items.length === 0} empty={t('cases.timeline.empty')}>
      <Timeline bulletSize={14} lineWidth={2} data-testid="case-timeline">
        {items.map((e) => {
          const details = Object.entries(e.details).filter(([k, v]) => shownKeys.includes(k) && v !== null && v !== '' && !(typeof v === 'string' && uuid.test(v)));
          return (
            <Timeline.Item
              key={e.id}
              title={
                <Group gap="xs">
                  <Text fw={700} size="sm">
                    {kindLabel(e.kind)}
                  </Text>
                  <Text size="sm" c="gray.7">
                    {formatDate(e.at, lang)}
                  </Text>
                </Group>
              }
            >
              <Text size="sm">{e.actorName ?? t('cases.timeline.system')}</Text>
              {details.length > 0 && (
                <Text size="xs" c="gray.7">
                  {details
                    .map(([k, v]) => `${i18n.exists(`cases.detailKey.${k}`) ? t(`cases.detailKey.${k}`) : k}: ${k === 'fields' && Array.isArray(v) ? v.map((f) => (i18n.exists(`cases.field.${f}`) ? t(`cases.field.${f}`) : f)).join(', ') : value(v)}`)
                    .join(' · ')}
                </Text>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </QueryView>
  );
}
