import { describe, expect, it } from 'vitest';
import { createDataCipher, generateDataKey, parseDataKey } from '../../platform/crypto.js';
import { foldName, nameGrams, trigramsOf } from './name-grams.js';

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
