import type { DataCipher } from '../../platform/crypto.js';

/**
 * Typo-tolerant name search over encrypted names. Names are folded (case, Thai tone marks and
 * other combining marks, spacing), split into trigrams, and each trigram is stored only as a
 * short keyed hash: the database can count how many a query shares with a name, but holds
 * nothing from which a name can be read back without the data key.
 */
const MARKS = /[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1037-\u103a]/g;

export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function trigramsOf(name: string): string[] {
  const grams = new Set<string>();
  for (const word of foldName(name).split(' ')) {
    if (!word) continue;
    const padded = `  ${word} `;
    const chars = [...padded];
    for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  }
  return [...grams];
}

/** 12 base64url characters (72 bits) per gram: collisions are negligible at national scale. */
export function nameGrams(cipher: DataCipher, names: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const n of names) if (n) for (const g of trigramsOf(n)) out.add(cipher.blindIndex('person-name-gram', g).slice(0, 12));
  return [...out];
}

/** A name matches when at least this share of the query's grams are among the person's: one or two typos pass. */
export const NAME_MATCH_SHARE = 0.45;

export function minSharedGrams(queryGrams: number): number {
  return Math.max(1, Math.ceil(queryGrams * NAME_MATCH_SHARE));
}

/**
 * One typo (a letter dropped, doubled, changed, or two swapped) changes at most four of a name's
 * trigrams. The search first asks for names this close; only when they fill fewer than a page does it
 * widen to `minSharedGrams`. The answer is the same as the wide search's, since closer names rank first.
 */
export const ONE_TYPO_GRAMS = 4;

/** The share thresholds the search tries, strictest first (grams a person must share with the query). */
export function searchPasses(queryGrams: number): number[] {
  const widest = minSharedGrams(queryGrams);
  const close = Math.max(widest, queryGrams - ONE_TYPO_GRAMS);
  return close > widest ? [close, widest] : [widest];
}

/** Above this many provinces the search reads the nation's postings: pairs per province would make the query too long. */
const PAIR_PROVINCES = 4;

/**
 * The tsquery that finds, in the index of name grams (person_name_lexemes, migration person_name_search:
 * each gram plain and prefixed with the person's province), every person of the given provinces (null:
 * of any) who shares at least `minShared` of the query's grams. A person missing at most n − minShared
 * grams holds at least two of any n − minShared + 2 of them (pigeonhole), so the index is asked for pairs
 * of the rarest ((a & b) | (a & c) | …) and keeps only people holding two of them. Candidates still have
 * their shared count checked. A single-gram query (minShared 1) asks for any of them.
 */
export function nameLexemeQuery(
  queryGrams: readonly string[], frequency: ReadonlyMap<string, number>, minShared: number, provinces: readonly string[] | null,
): string {
  const n = queryGrams.length;
  const ordered = [...queryGrams].sort((a, b) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const t = minShared >= 2 ? 2 : 1;
  const probe = ordered.slice(0, Math.min(n, n - minShared + t));
  // The plain gram is the nation's posting; a prefixed one a province's.
  const prefixes = provinces === null || provinces.length > PAIR_PROVINCES ? [''] : provinces;
  const lexeme = (prefix: string, gram: string) => `'${prefix}${gram}'`;
  const terms: string[] = [];
  for (const p of prefixes) {
    if (t === 1) for (const g of probe) terms.push(lexeme(p, g));
    else for (let i = 0; i < probe.length; i++) for (let j = i + 1; j < probe.length; j++) terms.push(`(${lexeme(p, probe[i]!)} & ${lexeme(p, probe[j]!)})`);
  }
  if (terms.length === 0) throw new Error('nameLexemeQuery needs at least one province and one gram');
  return terms.join(' | ');
}
