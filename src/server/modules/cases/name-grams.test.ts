import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDataCipher, generateDataKey, parseDataKey } from '../../platform/crypto.js';
import { foldName, minSharedGrams, nameGrams, probeGrams, trigramsOf } from './name-grams.js';

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

describe('probe grams (the rarest of a query\'s grams)', () => {
  it('every person sharing enough of the query\'s grams holds one of the probes, whatever the frequencies', () => {
    const gram = fc.constantFrom(...'abcdefghijklmnop'.split(''));
    fc.assert(fc.property(
      fc.uniqueArray(gram, { minLength: 1, maxLength: 16 }),
      fc.uniqueArray(gram, { maxLength: 16 }),
      fc.dictionary(gram, fc.nat(1000)),
      (query, person, counts) => {
        const probes = probeGrams(query, new Map(Object.entries(counts)));
        const shared = query.filter((g) => person.includes(g)).length;
        if (shared >= minSharedGrams(query.length)) expect(probes.some((g) => person.includes(g))).toBe(true);
        expect(probes.length).toBe(query.length - minSharedGrams(query.length) + 1);
      },
    ), { numRuns: 2000 });
  });

  it('probes the rarest grams; unknown grams (in no one\'s name) count as the rarest', () => {
    const freq = new Map([['a', 900], ['b', 3], ['c', 50], ['d', 7000], ['e', 12]]);
    // 6 grams, at least 3 shared: 4 probes.
    expect(probeGrams(['a', 'b', 'c', 'd', 'e', 'z'], freq)).toEqual(['z', 'b', 'e', 'c']);
  });
});
