import { caseStages, type CaseStage } from '../../../contracts/case.js';
import { exploitationType, gender, industry } from '../../../contracts/htcds.js';
import { timelinessMeasures, type AgeBand } from '../../../contracts/stats.js';

/** Labels of the statistics' categories (the same words the web's i18n files use), for responses and exports. */
export type Label = { th: string; en: string };

export const stageLabels: Record<CaseStage, Label> = {
  screening: { th: 'คัดกรองเบื้องต้น', en: 'Screening' },
  temporary_protection: { th: 'คุ้มครองชั่วคราว', en: 'Temporary protection' },
  identification: { th: 'คัดแยกผู้เสียหาย', en: 'Identification' },
  assistance: { th: 'คุ้มครองช่วยเหลือ', en: 'Protection and assistance' },
  return: { th: 'ส่งกลับ', en: 'Return' },
  reintegration: { th: 'คืนสู่สังคม', en: 'Reintegration' },
  closed: { th: 'ปิดกรณี', en: 'Closed' },
};

export const victimStatusLabels: Record<'identified' | 'possible', Label> = {
  identified: { th: 'ผู้เสียหายจากการค้ามนุษย์', en: 'Identified victims' },
  possible: { th: 'ผู้ที่อาจเป็นผู้เสียหาย', en: 'Possible victims' },
};

export const ageGroupLabels: Record<'child' | 'adult' | 'unknown', Label> = {
  child: { th: 'เด็ก (อายุต่ำกว่า 18 ปี)', en: 'Children (under 18)' },
  adult: { th: 'ผู้ใหญ่ (18 ปีขึ้นไป)', en: 'Adults (18 and over)' },
  unknown: { th: 'ไม่ทราบอายุ', en: 'Age unknown' },
};

export const referralStatusKeys = ['requested', 'accepted', 'declined', 'withdrawn', 'revoked'] as const;
export const referralStatusLabels: Record<(typeof referralStatusKeys)[number], Label> = {
  requested: { th: 'รอตอบรับ', en: 'Waiting for an answer' },
  accepted: { th: 'ตอบรับแล้ว', en: 'Accepted' },
  declined: { th: 'ปฏิเสธ', en: 'Declined' },
  withdrawn: { th: 'ถอนคำขอแล้ว', en: 'Withdrawn' },
  revoked: { th: 'ตอบรับแล้ว ต่อมายกเลิกการเข้าถึง', en: 'Accepted, access later revoked' },
};

export const timelinessLabels: Record<(typeof timelinessMeasures)[number], Label> = {
  report_to_screening: { th: 'จากรับแจ้งถึงคัดกรอง', en: 'Report to screening' },
  screening_to_identification: { th: 'จากคัดกรองถึงคัดแยกผู้เสียหาย', en: 'Screening to identification' },
  identification_to_first_service: { th: 'จากคัดแยกถึงบริการแรก', en: 'Identification to first service' },
  referral_request_to_acceptance: { th: 'จากขอส่งต่อถึงตอบรับ', en: 'Referral request to acceptance' },
};

export const UNKNOWN: Label = { th: 'ไม่ทราบ / ไม่ได้บันทึก', en: 'Unknown / not recorded' };
export const OTHER: Label = { th: 'อื่น ๆ (รวมกลุ่มที่มีจำนวนน้อย)', en: 'Other (small groups pooled)' };

const fromValueSet = <T extends string>(labels: Record<T, Label>) => (key: string): Label => labels[key as T] ?? UNKNOWN;
export const exploitationLabel = fromValueSet(exploitationType.labels);
export const genderLabel = fromValueSet(gender.labels);
export const industryLabel = fromValueSet(industry.labels);
export const ageBandLabel = (b: AgeBand): Label => (b === 'unknown' ? UNKNOWN : { th: `${b.replace('+', ' ปีขึ้นไป')}${b.endsWith('+') ? '' : ' ปี'}`, en: `${b}${b.endsWith('+') ? '' : ' years'}` });

const thaiMonths = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
const enMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 'YYYY-MM' → "ม.ค. 2569" / "Jan 2026" (Thai labels in the Buddhist Era). */
export const monthLabel = (ym: string): Label => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return { th: `${thaiMonths[m - 1]} ${y + 543}`, en: `${enMonths[m - 1]} ${y}` };
};
export const yearLabel = (y: string): Label => ({ th: `พ.ศ. ${Number(y) + 543}`, en: y });
export const fiscalYearLabel = (y: string): Label => ({ th: `ปีงบประมาณ ${Number(y) + 543}`, en: `FY ${y} (Oct ${Number(y) - 1} – Sep ${y})` });

export { caseStages };
