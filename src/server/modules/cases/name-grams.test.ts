import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDataCipher, generateDataKey, parseDataKey } from '../../platform/crypto.js';
import { foldName, minSharedGrams, nameGrams, nameLexemeQuery, searchPasses, trigramsOf } from './name-grams.js';

const cipher = createDataCipher(parseDataKey(generateDataKey()));
const overlap = (a: string, b: string) => {
  const x = new Set(nameGrams(cipher, [a]));
  const y = nameGrams(cipher, [b]);
  return y.filter((g) => x.has(g)).length / Math.max(x.size, y.length);
};

describe('name grams', () => {
  it('folds case, accents and Thai tone marks', () => {
    expect(foldName('  Nguyễn  Thị ')).toBe('nguyen thi');
    expect(foldName('น้องฟ้า')).toBe(foldName('นองฟา'));
  });
  it('pads words so the start of a name weighs more', () => {
    expect(trigramsOf('Aye')).toEqual(['  a', ' ay', 'aye', 'ye ']);
  });
  it('a one-letter typo keeps most grams; another name shares few', () => {
    expect(overlap('Aye Aye Khaing', 'Aye Aye Khine')).toBeGreaterThan(0.4);
    expect(overlap('Aye Aye Khaing', 'Somchai Jaidee')).toBeLessThan(0.1);
    expect(overlap('สมหญิง ใจดี', 'สมหญิง ใจดีย์')).toBeGreaterThan(0.5);
  });
  it('stores no plain trigram', () => {
    const grams = nameGrams(cipher, ['Aye Aye Khaing']);
    expect(grams.every((g) => g.length === 12 && !g.includes('aye'))).toBe(true);
  });
});

/** The tsqueries nameLexemeQuery writes: `'l'` or `('l' & 'm')` terms joined by ` | `. */
function matches(query: string, lexemes: ReadonlySet<string>): boolean {
  return query.split(' | ').some((term) => [...term.matchAll(/'([^']+)'/g)].every((m) => lexemes.has(m[1]!)));
}

describe('the index query (nameLexemeQuery)', () => {
  // Letters stand for grams (12 characters in the index, so a plain gram never equals a prefixed one).
  const gram = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''));
  const province = fc.constantFrom('10', '57', '63', '90', '11', '00');

  it('finds every person of the searched provinces sharing enough grams, at every pass, whatever the frequencies', () => {
    fc.assert(fc.property(
      fc.uniqueArray(gram, { minLength: 1, maxLength: 20 }),
      fc.uniqueArray(gram, { maxLength: 24 }),
      fc.dictionary(gram, fc.nat(1000)),
      province,
      fc.option(fc.uniqueArray(province, { minLength: 1, maxLength: 6 }), { nil: null }),
      (query, person, counts, home, provinces) => {
        const shared = query.filter((g) => person.includes(g)).length;
        // As person_name_lexemes indexes them: each gram plain and prefixed with the person's province.
        const lexemes = new Set([...person, ...person.map((g) => home + g)]);
        const searched = provinces === null || provinces.includes(home);
        for (const m of searchPasses(query.length)) {
          const q = nameLexemeQuery(query, new Map(Object.entries(counts)), m, provinces);
          if (shared >= m && searched) expect(matches(q, lexemes)).toBe(true);
          // A few provinces: only theirs. Many, or the nation: the plain grams, the scope check does the rest.
          if (provinces !== null && provinces.length <= 4 && !provinces.includes(home)) expect(matches(q, lexemes)).toBe(false);
        }
      },
    ), { numRuns: 3000 });
  });

  it('asks for two of the rarest grams: per province for a few, plain for many or the nation; unknown grams count as the rarest', () => {
    const freq = new Map([['a', 900], ['b', 3], ['c', 50], ['d', 7000], ['e', 12]]);
    // 6 grams, at least 3 shared: any 5 of them hold two; the rarest 5 are z, b, e, c, a.
    const two = nameLexemeQuery(['a', 'b', 'c', 'd', 'e', 'z'], freq, 3, ['10']);
    expect(two.split(' | ')).toHaveLength(10);
    expect(two.startsWith("('10z' & '10b') | ('10z' & '10e')")).toBe(true);
    expect(two).not.toContain("'10d'");
    expect(nameLexemeQuery(['a', 'b', 'c', 'd', 'e', 'z'], freq, 3, ['10', '11']).split(' | ')).toHaveLength(20);
    const plain = nameLexemeQuery(['a', 'b', 'c', 'd', 'e', 'z'], freq, 3, ['10', '11', '12', '13', '14']);
    expect(plain).toBe(nameLexemeQuery(['a', 'b', 'c', 'd', 'e', 'z'], freq, 3, null));
    expect(plain.startsWith("('z' & 'b') | ('z' & 'e')")).toBe(true);
    // One shared gram is enough for a one-gram query: any of them.
    expect(nameLexemeQuery(['a'], freq, 1, ['10'])).toBe("'10a'");
  });

  it('tries the one-typo threshold first, then the widest', () => {
    expect(searchPasses(24)).toEqual([20, 11]);
    expect(searchPasses(8)).toEqual([4]);
    expect(searchPasses(1)).toEqual([1]);
    for (let n = 1; n < 40; n++) expect(searchPasses(n).at(-1)).toBe(minSharedGrams(n));
  });
});
