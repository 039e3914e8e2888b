import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import casesEn from './cases.en.json';
import casesTh from './cases.th.json';
import en from './en.json';
import exchangeEn from './exchange.en.json';
import exchangeTh from './exchange.th.json';
import networkEn from './network.en.json';
import networkTh from './network.th.json';
import structuresEn from './structures.en.json';
import structuresTh from './structures.th.json';
import statsEn from './stats.en.json';
import statsTh from './stats.th.json';
import th from './th.json';

// The network directory's strings live in their own files under `network`; its line on the home page
// joins `home.describe`.
const withNetwork = <T extends { home: { describe: object } }>(base: T, extra: { network: { homeDescribe: string } }) => ({
  ...base,
  network: extra.network,
  home: { ...base.home, describe: { ...base.home.describe, network: extra.network.homeDescribe } },
});

// The structures pages (committees, teams, centres, volunteers) likewise, under `structures`.
const withStructures = <T extends { home: { describe: object } }>(base: T, extra: { structures: { homeDescribe: string } }) => ({
  ...base,
  structures: extra.structures,
  home: { ...base.home, describe: { ...base.home.describe, structures: extra.structures.homeDescribe } },
});

// Victim cases (issue 5) likewise, under `cases`; their three menu entries join `home.describe`.
const withCases = <T extends { home: { describe: object } }>(base: T, extra: { cases: { homeDescribe: { cases: string; tasks: string; referrals: string } } }) => ({
  ...base,
  cases: extra.cases,
  home: { ...base.home, describe: { ...base.home.describe, ...extra.cases.homeDescribe } },
});

// Statistics (issue 6) likewise, under `stats`; its menu entry joins `home.describe`.
const withStats = <T extends { home: { describe: object } }>(base: T, extra: { stats: { homeDescribe: string } }) => ({
  ...base,
  stats: extra.stats,
  home: { ...base.home, describe: { ...base.home.describe, stats: extra.stats.homeDescribe } },
});

// HTCDS data exchange (issue 6) likewise, under `exchange`; its menu entry joins `home.describe`.
const withExchange = <T extends { home: { describe: object } }>(base: T, extra: { exchange: { homeDescribe: string } }) => ({
  ...base,
  exchange: extra.exchange,
  home: { ...base.home, describe: { ...base.home.describe, exchange: extra.exchange.homeDescribe } },
});

export const languages = ['th', 'en'] as const;
export type Language = (typeof languages)[number];

// The language choice is the only thing Phakhi keeps in localStorage.
const STORAGE_KEY = 'phakhi.lang';

function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'th';
  } catch {
    return 'th';
  }
}

export function setLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  void i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: {
    th: { translation: withExchange(withStats(withCases(withStructures(withNetwork(th, networkTh), structuresTh), casesTh), statsTh), exchangeTh) },
    en: { translation: withExchange(withStats(withCases(withStructures(withNetwork(en, networkEn), structuresEn), casesEn), statsEn), exchangeEn) },
  },
  lng: storedLanguage(),
  fallbackLng: 'th',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
