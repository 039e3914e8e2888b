// Loaded with the pages that use a date picker (after Mantine's core styles, as it must be).
import '@mantine/dates/styles.css';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import 'dayjs/locale/th';
import buddhistEra from 'dayjs/plugin/buddhistEra';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// `BBBB` is the Buddhist Era year (พ.ศ. = ค.ศ. + 543).
dayjs.extend(buddhistEra);

/**
 * A calendar date picker that shows day/month/year: the year in พ.ศ. in Thai, in CE in English
 * (as `lib/dates.ts` does); other languages use their dayjs locale when loaded. Its value stays an ISO calendar date, `YYYY-MM-DD`, or '' when empty.
 */
export function DateField({
  label,
  value,
  onChange,
  maxDate,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Latest date that may be picked (YYYY-MM-DD), e.g. today for a birth date. */
  maxDate?: string;
  error?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const th = i18n.language.startsWith('th');
  // The public report page also speaks Burmese, Lao and Khmer: it loads those dayjs locales itself.
  const locale = th ? 'th' : i18n.language in dayjs.Ls ? i18n.language : 'en';
  const year = th ? 'BBBB' : 'YYYY';
  return (
    <DatePickerInput
      label={label}
      error={error}
      maxDate={maxDate}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      locale={locale}
      valueFormat={`DD/MM/${year}`}
      placeholder={t('dates.placeholder')}
      monthLabelFormat={`MMMM ${year}`}
      yearLabelFormat={year}
      yearsListFormat={year}
      decadeLabelFormat={year}
      getDayAriaLabel={(d) => dayjs(d).locale(locale).format(`D MMMM ${year}`)}
      ariaLabels={{
        previousMonth: t('dates.previousMonth'),
        nextMonth: t('dates.nextMonth'),
        previousYear: t('dates.previousYear'),
        nextYear: t('dates.nextYear'),
        previousDecade: t('dates.previousDecade'),
        nextDecade: t('dates.nextDecade'),
      }}
      classNames={{ day: 'date-picker-day' }}
      clearable
      clearButtonProps={{ 'aria-label': t('dates.clear') }}
    />
  );
}
