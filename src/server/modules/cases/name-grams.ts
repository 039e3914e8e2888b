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
 * The grams to look a query up by. A person sharing at least `minShared` of the query's n grams misses
 * at most n − minShared of them, so among any n − minShared + 1 query grams they hold at least one
 * (pigeonhole): probing only that many, the rarest, finds every match and reads the fewest candidates.
 * `frequency` may be stale or missing (0): it only orders the probes, it cannot lose a match.
 */
export function probeGrams(queryGrams: readonly string[], frequency: ReadonlyMap<string, number>): string[] {
  const m = minSharedGrams(queryGrams.length);
  return [...queryGrams]
    .sort((a, b) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, queryGrams.length - m + 1);
}
