import type { NotificationKind, TaskKind } from '../../../contracts/casework.js';

/**
 * The words of a notification e-mail, Thai first and English beside. A mail names the case number and
 * links to the case; it never carries the victim's name or anything else from the case.
 */
const sentences: Record<NotificationKind, { th: string; en: string }> = {
  referral_requested: { th: 'มีคำขอส่งต่อกรณี {n} รอหน่วยงานของท่านตอบรับ', en: 'A referral of case {n} is waiting for your organisation\'s answer.' },
  referral_accepted: { th: 'คำขอส่งต่อกรณี {n} ได้รับการตอบรับแล้ว', en: 'The referral of case {n} was accepted.' },
  referral_declined: { th: 'คำขอส่งต่อกรณี {n} ถูกปฏิเสธ', en: 'The referral of case {n} was declined.' },
  referral_revoked: { th: 'การส่งต่อกรณี {n} ถูกยกเลิก', en: 'The referral of case {n} was revoked.' },
  transfer_requested: { th: 'มีคำขอโอนความรับผิดชอบกรณี {n} รอหน่วยงานของท่านตอบรับ', en: 'A transfer of responsibility for case {n} is waiting for your answer.' },
  transfer_accepted: { th: 'การโอนความรับผิดชอบกรณี {n} ได้รับการตอบรับแล้ว', en: 'The transfer of case {n} was accepted.' },
  transfer_declined: { th: 'การโอนความรับผิดชอบกรณี {n} ถูกปฏิเสธ', en: 'The transfer of case {n} was declined.' },
  team_added: { th: 'ท่านได้รับการเพิ่มเข้าทีมของกรณี {n}', en: 'You were added to the team of case {n}.' },
  case_assigned: { th: 'ท่านได้รับมอบหมายให้รับผิดชอบกรณี {n}', en: 'You were made responsible for case {n}.' },
  clock_due_soon: { th: 'กรณี {n} ใกล้ครบกำหนด: {clock}', en: 'Case {n} has a deadline coming up: {clock}.' },
  clock_overdue: { th: 'กรณี {n} เลยกำหนดแล้ว: {clock}', en: 'Case {n} is past a deadline: {clock}.' },
};

export const clockLabels: Record<TaskKind, { th: string; en: string }> = {
  custody_deadline: { th: 'ครบกำหนดการควบคุมตัวเพื่อคัดแยก (มาตรา 29)', en: 'the custody limit for identification (s.29)' },
  temporary_shelter_end: { th: 'สิ้นสุดการพักพิงชั่วคราว', en: 'the end of temporary shelter' },
  reflection_end: { th: 'สิ้นสุดระยะเวลาทบทวน', en: 'the end of the reflection period' },
  identification_pending: { th: 'การคัดแยกผู้เสียหาย', en: 'identification of the victim' },
  follow_up_due: { th: 'การติดตามเยี่ยม', en: 'a follow-up visit' },
  service_due: { th: 'บริการตามแผนการคุ้มครอง', en: 'a service in the protection plan' },
  referral_to_answer: { th: 'การตอบรับคำขอส่งต่อ', en: 'an answer to a referral' },
  screening_pending: { th: 'การคัดกรองเบื้องต้น', en: 'screening' },
};

/** Clock reminders carry their clock in the dedupe key: `clock:<kind>:…`. */
export function clockOfKey(dedupeKey: string | null | undefined): TaskKind | null {
  const kind = /^clock:([a-z_]+):/.exec(dedupeKey ?? '')?.[1];
  return kind && kind in clockLabels ? (kind as TaskKind) : null;
}

export function notificationMail(
  n: { kind: NotificationKind; caseId: string; caseNumber: string; dedupeKey?: string | undefined }, publicUrl: string,
): { subject: string; body: string } {
  const clock = clockOfKey(n.dedupeKey);
  const fill = (s: string, lang: 'th' | 'en') => s.replace('{n}', n.caseNumber).replace('{clock}', clock ? clockLabels[clock][lang] : '');
  const th = fill(sentences[n.kind].th, 'th');
  const en = fill(sentences[n.kind].en, 'en');
  const link = `${publicUrl}/cases/${n.caseId}`;
  return {
    subject: `[ภาคี / Phakhi] ${th} / ${en}`.slice(0, 250),
    body: [
      th, `เปิดดูกรณี: ${link}`, '', en, `Open the case: ${link}`, '', '—',
      'อีเมลนี้ส่งจากระบบภาคีโดยอัตโนมัติ กรุณาเข้าสู่ระบบเพื่อดูรายละเอียด ไม่ต้องตอบกลับ',
      'Sent automatically by Phakhi. Sign in to see the details; please do not reply.',
    ].join('\n'),
  };
}
