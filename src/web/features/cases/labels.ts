import { useTranslation } from 'react-i18next';
import * as htcds from '../../../contracts/htcds.js';
import { pick } from '../../lib/labels.js';

type ValueSet = { values: readonly string[]; labels: Record<string, { th: string; en: string }> };

/** The Thai or English label of an HTCDS value; the code itself when it is not in the set. */
export function htcdsLabel(set: ValueSet, code: string | null | undefined, lang: string): string {
  if (!code) return '—';
  const l = set.labels[code];
  return l ? pick(lang, l.th, l.en) : code;
}

/** Select / MultiSelect options of an HTCDS value set, labelled in the UI language. */
export function htcdsOptions(set: ValueSet, lang: string) {
  return set.values.map((v) => ({ value: v, label: htcdsLabel(set, v, lang) }));
}

export function useHtcds() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    label: (set: ValueSet, code: string | null | undefined) => htcdsLabel(set, code, lang),
    list: (set: ValueSet, codes: readonly string[]) => (codes.length ? codes.map((c) => htcdsLabel(set, c, lang)).join(', ') : '—'),
    options: (set: ValueSet) => htcdsOptions(set, lang),
  };
}

export { htcds };
