import { useTranslation } from 'react-i18next';
import { referralStatusLabels, type ReferralStatus } from '../../../contracts/referral.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { pick } from '../../lib/labels.js';

const tone: Record<ReferralStatus, 'ok' | 'bad' | 'neutral' | 'warn'> = {
  requested: 'warn',
  accepted: 'ok',
  declined: 'bad',
  revoked: 'neutral',
  withdrawn: 'neutral',
};

export function ReferralStatusBadge({ status }: { status: ReferralStatus }) {
  const { i18n } = useTranslation();
  const l = referralStatusLabels[status];
  return (
    <StatusBadge tone={tone[status]} size="sm">
      {pick(i18n.language, l.th, l.en)}
    </StatusBadge>
  );
}
