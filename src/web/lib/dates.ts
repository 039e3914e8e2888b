// One place that turns timestamps into text. Thai shows the Buddhist Era (พ.ศ. = ค.ศ. + 543),
// English shows the Common Era. Times are shown in Thailand's time zone, where the network works.
const TIME_ZONE = 'Asia/Bangkok';

function localeFor(lang: string): string {
  return lang.startsWith('th') ? 'th-TH-u-ca-buddhist' : 'en-GB';
}

export type DateStyle = 'date' | 'dateTime' | 'dateTimeSeconds';

/**
 * Formats an ISO timestamp (`2025-03-01T10:00:00Z`) or a calendar date (`2025-03-01`).
 * Calendar dates carry no time zone, so they are formatted as UTC to keep the same day.
 */
export function formatDate(value: string | null | undefined, lang: string, style: DateStyle = 'dateTime'): string {
  if (!value) return '—';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  const opts: Intl.DateTimeFormatOptions = { timeZone: dateOnly ? 'UTC' : TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' };
  if (!dateOnly && style !== 'date') {
    opts.hour = '2-digit';
    opts.minute = '2-digit';
    if (style === 'dateTimeSeconds') opts.second = '2-digit';
    opts.hourCycle = 'h23';
  }
  return new Intl.DateTimeFormat(localeFor(lang), opts).format(d);
}
