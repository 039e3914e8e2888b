import { useTranslation } from 'react-i18next';
import type { Case, CasePerson } from './api.js';
import { htcds, htcdsLabel } from './labels.js';

/**
 * Names are identity (read only on an explicit, audited click), so the screens call people by their
 * place in the case: "Victim 1 (female, 14)".
 */
export function usePersonLabels(kase: Pick<Case, 'persons'>) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const counters = new Map<string, number>();
  const short = new Map<string, string>();
  const long = new Map<string, string>();
  for (const p of kase.persons) {
    const n = (counters.get(p.role) ?? 0) + 1;
    counters.set(p.role, n);
    const name = t('cases.person.nth', { role: t(`cases.role.${p.role}`), n });
    short.set(p.id, name);
    const bits = [htcdsLabel(htcds.gender, p.gender, lang), p.age !== null ? t('cases.person.ageYears', { age: p.age }) : null].filter(Boolean);
    long.set(p.id, bits.length ? `${name} (${bits.join(', ')})` : name);
  }
  const victims = kase.persons.filter((p) => p.role === 'victim');
  return {
    short: (id: string | null | undefined) => (id ? short.get(id) ?? t('cases.person.unknown') : '—'),
    long: (id: string | null | undefined) => (id ? long.get(id) ?? t('cases.person.unknown') : '—'),
    victims,
    victimOptions: victims.map((p) => ({ value: p.id, label: long.get(p.id) ?? p.id })),
    guardians: (victimId: string): CasePerson[] => kase.persons.filter((p) => p.role === 'guardian' && p.guardianOf === victimId),
  };
}
