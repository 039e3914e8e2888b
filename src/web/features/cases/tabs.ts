import type { TaskKind } from '../../../contracts/casework.js';

/** The tabs of the case page, in order; the current one is `?tab=` in the address (no personal data). */
export const caseTabs = ['people', 'screening', 'protection', 'identification', 'services', 'referrals', 'consents', 'return', 'followups', 'notes', 'attachments', 'timeline', 'team'] as const;
export type CaseTab = (typeof caseTabs)[number];

/** The case tab where a due step is done. */
export const taskTab: Record<TaskKind, CaseTab> = {
  custody_deadline: 'protection',
  temporary_shelter_end: 'protection',
  reflection_end: 'protection',
  identification_pending: 'identification',
  follow_up_due: 'followups',
  service_due: 'services',
  referral_to_answer: 'referrals',
  screening_pending: 'screening',
};
