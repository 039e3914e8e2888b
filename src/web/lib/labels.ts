import { useTranslation } from 'react-i18next';
import { roles, type RoleName } from '../../contracts/access.js';

export function isThai(lang: string): boolean {
  return lang.startsWith('th');
}

/** Picks the Thai or English member of a pair by the UI language. */
export function pick(lang: string, th: string | null | undefined, en: string | null | undefined): string {
  return (isThai(lang) ? th || en : en || th) ?? '';
}

export function roleLabel(name: string, lang: string): string {
  const def = (roles as Record<string, { labelTh: string; labelEn: string } | undefined>)[name];
  return def ? pick(lang, def.labelTh, def.labelEn) : name;
}

export function useLang(): string {
  return useTranslation().i18n.language;
}

export type { RoleName };
