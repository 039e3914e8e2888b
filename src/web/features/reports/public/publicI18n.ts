import { createInstance } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { reportLanguages } from '../../../../contracts/report.js';
import en from '../i18n/en.json';
import km from '../i18n/km.json';
import lo from '../i18n/lo.json';
import my from '../i18n/my.json';
import th from '../i18n/th.json';

export type PublicLanguage = (typeof reportLanguages)[number];
export { reportLanguages as publicLanguages };

/** Each language's own name, shown in the switch whatever the page language is. */
export const nativeNames: Record<PublicLanguage, string> = {
  th: 'ไทย',
  en: 'English',
  my: 'မြန်မာ',
  lo: 'ລາວ',
  km: 'ខ្មែរ',
};

// The public page keeps its own language choice, apart from the staff app's `phakhi.lang`.
const STORAGE_KEY = 'phakhi.public.lang';

function isPublicLanguage(v: unknown): v is PublicLanguage {
  return typeof v === 'string' && (reportLanguages as readonly string[]).includes(v);
}

/** The stored choice, else the first browser language the page speaks, else Thai. */
function initialLanguage(): PublicLanguage {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isPublicLanguage(stored)) return stored;
  } catch {
    // storage disabled
  }
  for (const l of navigator.languages ?? []) {
    const base = l.toLowerCase().split('-')[0];
    if (isPublicLanguage(base)) return base;
  }
  return 'th';
}

/** A separate i18next instance: the page speaks five languages, the signed-in app two. */
export const publicI18n = createInstance();
void publicI18n.use(initReactI18next).init({
  // The same file serves the default namespace (shared components: loading, errors, date picker)
  // and `report` (the report form, which the staff app also uses in Thai and English).
  resources: Object.fromEntries(
    (Object.entries({ th, en, my, lo, km }) as [PublicLanguage, typeof en][]).map(([l, res]) => [l, { translation: res, report: res }]),
  ),
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export function setPublicLanguage(lang: PublicLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // the choice lasts for this page only
  }
  void publicI18n.changeLanguage(lang);
}

export function currentPublicLanguage(): PublicLanguage {
  return isPublicLanguage(publicI18n.language) ? publicI18n.language : 'th';
}
