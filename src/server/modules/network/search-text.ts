import { segmentWords } from '../reports/segment.js';

/** What partner search matches against: the Thai name split into words, and the English name. */
export function partnerSearchText(nameTh: string, nameEn: string): string {
  return `${segmentWords(nameTh)} ${segmentWords(nameEn)}`.trim();
}
