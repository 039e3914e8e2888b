import { ctdcAgeBands, ctdcFlags, ctdcVariables } from '../../../contracts/ctdc.js';
import { ALL_FLAGS, flagGroups, labels, type CtdcBase } from './ctdc.mapping.js';

/**
 * k-anonymity over the combination of all 27 released variables (the method of CTDC's k-anonymised
 * releases, k = 11 by default): generalise along a fixed hierarchy first, then suppress whole records
 * still in an equivalence class smaller than k.
 *
 * The hierarchy is a chain of global recodings, each applied on top of the ones before it (level i =
 * the first i steps). Every step maps values of the previous level onto coarser ones, so each level's
 * classes are unions of the previous level's and the number of records to suppress never grows along
 * the chain. The chosen level is the first whose suppression stays within the budget (5 % of the
 * records by default); if none does, the level that suppresses least (the earliest of them).
 *
 * Pure: the export's SQL (ctdc.repository.ts) evaluates the same levels in the database; the tests
 * check this module's guarantees on generated data and the SQL against it on fixtures.
 */

export type AgeLevel = 'ctdc' | 'coarse' | 'childAdult' | 'blank';
export interface Level {
  /** 'none', or the names of the steps applied, comma-separated. */
  name: string;
  year: 'exact' | 'period';
  age: AgeLevel;
  months: 'band' | 'blank';
  gender: 'keep' | 'blank';
  /** rare: codes held by fewer than k records of the export become empty. */
  places: 'exact' | 'rare' | 'blank';
  /** Flag bits kept (the others are released empty). */
  flags: number;
}

interface Step {
  name: string;
  apply: (l: Level) => Level;
}

/**
 * The documented generalisation hierarchy, least information lost first. Names are ASCII: the applied
 * level is stated in a response header. coarse = 0–17, 18–29, 30–47, 48+; child-adult = 0–17, 18+.
 */
export const steps: readonly Step[] = [
  { name: 'traffickMonths:blank', apply: (l) => ({ ...l, months: 'blank' }) },
  { name: 'ageBroad:coarse', apply: (l) => ({ ...l, age: 'coarse' }) },
  { name: 'yearOfRegistration:period', apply: (l) => ({ ...l, year: 'period' }) },
  { name: 'countries:rare-blank', apply: (l) => ({ ...l, places: 'rare' }) },
  { name: 'typeOfLabour+typeOfSex+recruiterRelation:blank', apply: (l) => ({ ...l, flags: l.flags & ~(flagGroups.labour | flagGroups.sex | flagGroups.recruiter) }) },
  { name: 'means:blank', apply: (l) => ({ ...l, flags: l.flags & ~flagGroups.means }) },
  { name: 'countries:blank', apply: (l) => ({ ...l, places: 'blank' }) },
  { name: 'ageBroad:child-adult', apply: (l) => ({ ...l, age: 'childAdult' }) },
  { name: 'gender:blank', apply: (l) => ({ ...l, gender: 'blank' }) },
  { name: 'ageBroad+exploitation:blank', apply: (l) => ({ ...l, age: 'blank', flags: 0 }) },
];

export const levels: readonly Level[] = (() => {
  const out: Level[] = [{ name: 'none', year: 'exact', age: 'ctdc', months: 'band', gender: 'keep', places: 'exact', flags: ALL_FLAGS }];
  for (let i = 0; i < steps.length; i++) {
    const next = steps[i]!.apply(out[i]!);
    out.push({ ...next, name: steps.slice(0, i + 1).map((s) => s.name).join(',') });
  }
  return out;
})();

/** Age label of a CTDC band index at a level: CTDC's bands, then coarser bands that are unions of them. */
export const ageLabels: Record<Exclude<AgeLevel, 'blank'>, readonly string[]> = {
  ctdc: ctdcAgeBands,
  coarse: ['0–17', '0–17', '18–29', '18–29', '18–29', '18–29', '30–47', '30–47', '48+'],
  childAdult: ['0–17', '0–17', '18+', '18+', '18+', '18+', '18+', '18+', '18+'],
};

export const periodLabel = (from: number, to: number): string => (from === to ? String(from) : `${from}–${to}`);

/** One equivalence class's values, before they become CSV cells. */
export interface ClassKey {
  year: string;
  gender: number | null;
  age: string | null;
  citizenship: string | null;
  country: string | null;
  months: number | null;
  flags: number;
}

export interface Period {
  from: number;
  to: number;
}

/** Codes held by at least k records (the others count as rare at the 'rare' step). */
export function commonCodes(values: readonly (string | null)[], k: number): Set<string> {
  const n = new Map<string, number>();
  for (const v of values) if (v !== null) n.set(v, (n.get(v) ?? 0) + 1);
  return new Set([...n].filter(([, c]) => c >= k).map(([v]) => v));
}

export interface GeneraliseContext extends Period {
  commonCitizenship: ReadonlySet<string>;
  commonCountry: ReadonlySet<string>;
}

export function generalise(r: CtdcBase, l: Level, ctx: GeneraliseContext): ClassKey {
  const place = (v: string | null, common: ReadonlySet<string>) =>
    l.places === 'exact' ? v : l.places === 'rare' ? (v !== null && common.has(v) ? v : null) : null;
  return {
    year: l.year === 'exact' ? String(r.year) : periodLabel(ctx.from, ctx.to),
    gender: l.gender === 'keep' ? r.gender : null,
    age: l.age === 'blank' || r.age === null ? null : ageLabels[l.age][r.age]!,
    citizenship: place(r.citizenship, ctx.commonCitizenship),
    country: place(r.country, ctx.commonCountry),
    months: l.months === 'band' ? r.months : null,
    flags: r.flags & l.flags,
  };
}

/** The CSV cells of a class, in ctdcVariables order; flags `1` or empty. */
export function rowOf(c: ClassKey): string[] {
  const row = [c.year, labels.gender(c.gender), c.age ?? '', c.citizenship ?? '', c.country ?? '', labels.months(c.months)];
  for (let i = 0; i < ctdcFlags.length; i++) row.push(c.flags & (1 << i) ? '1' : '');
  return row;
}
export const csvHeader: readonly string[] = ctdcVariables;

const keyString = (c: ClassKey) => rowOf(c).join('\u0001');

export const DEFAULT_MAX_SUPPRESSION = 0.05;

/** The first level within the suppression budget, else the earliest that suppresses least. */
export function chooseLevel(suppressedByLevel: readonly number[], total: number, maxSuppression = DEFAULT_MAX_SUPPRESSION): number {
  const budget = Math.floor(total * maxSuppression);
  const within = suppressedByLevel.findIndex((s) => s <= budget);
  if (within !== -1) return within;
  let best = 0;
  for (let i = 1; i < suppressedByLevel.length; i++) if (suppressedByLevel[i]! < suppressedByLevel[best]!) best = i;
  return best;
}

export interface AnonymiseOptions extends Period {
  k: number;
  maxSuppression?: number;
}

export interface AnonymiseResult {
  level: number;
  levelName: string;
  total: number;
  released: number;
  suppressed: number;
  suppressedByLevel: number[];
  /** The released rows (27 cells each), grouped by class. */
  rows: string[][];
}

export function anonymise(records: readonly CtdcBase[], o: AnonymiseOptions): AnonymiseResult {
  if (!Number.isInteger(o.k) || o.k < 2) throw new RangeError('k must be an integer of at least 2');
  const ctx: GeneraliseContext = {
    from: o.from, to: o.to,
    commonCitizenship: commonCodes(records.map((r) => r.citizenship), o.k),
    commonCountry: commonCodes(records.map((r) => r.country), o.k),
  };
  const classesAt = (l: Level) => {
    const m = new Map<string, { key: ClassKey; n: number }>();
    for (const r of records) {
      const key = generalise(r, l, ctx);
      const s = keyString(key);
      const c = m.get(s);
      if (c) c.n++;
      else m.set(s, { key, n: 1 });
    }
    return m;
  };
  const suppressedByLevel = levels.map((l) => {
    let s = 0;
    for (const c of classesAt(l).values()) if (c.n < o.k) s += c.n;
    return s;
  });
  const level = chooseLevel(suppressedByLevel, records.length, o.maxSuppression);
  const rows: string[][] = [];
  for (const c of classesAt(levels[level]!).values()) {
    if (c.n < o.k) continue;
    const row = rowOf(c.key);
    for (let i = 0; i < c.n; i++) rows.push(row);
  }
  return {
    level, levelName: levels[level]!.name, total: records.length, released: rows.length,
    suppressed: records.length - rows.length, suppressedByLevel, rows,
  };
}
