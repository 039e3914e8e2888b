import { useTranslation } from 'react-i18next';

export const thisYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(new Date()));
/** The years offered in the pickers: this one (Thai time) and the nine before it. */
export const recentYears = () => Array.from({ length: 10 }, (_, i) => thisYear() - i);

/** A year's name in the UI language: พ.ศ. in Thai, C.E. in English; a fiscal year by the year it ends. */
export function useYearLabel() {
  const { t } = useTranslation();
  return (year: number, fiscal: boolean) => t(fiscal ? 'stats.yearFiscal' : 'stats.yearCalendar', { be: year + 543, ce: year });
}
