import type { ReportT } from './api.js';

/** Status badge tone per report status. */
export function statusTone(status: ReportT['status']): 'ok' | 'bad' | 'neutral' | 'warn' {
  switch (status) {
    case 'received':
      return 'warn';
    case 'assigned':
    case 'info_requested':
      return 'ok';
    case 'case_opened':
      return 'ok';
    default:
      return 'neutral';
  }
}

export const openStatuses: ReportT['status'][] = ['received', 'assigned', 'info_requested'];

/** Report languages named in Thai or English (the staff app has no Burmese, Lao or Khmer font). */
export const reportLanguageNames: Record<string, { th: string; en: string }> = {
  th: { th: 'ไทย', en: 'Thai' },
  en: { th: 'อังกฤษ', en: 'English' },
  my: { th: 'เมียนมา', en: 'Burmese' },
  lo: { th: 'ลาว', en: 'Lao' },
  km: { th: 'เขมร', en: 'Khmer' },
};

export function reportLanguageName(code: string, uiLang: string): string {
  const n = reportLanguageNames[code];
  return n ? (uiLang.startsWith('th') ? n.th : n.en) : code;
}
