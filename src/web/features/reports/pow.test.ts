import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, sha256Hex, sha256Words, solveChallenge } from './pow.js';

const enc = new TextEncoder();

describe('proof of work', () => {
  it('SHA-256 matches node:crypto for lengths around the block boundaries', () => {
    for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 200]) {
      const s = 'ก'.repeat(Math.floor(len / 3)) + 'x'.repeat(len % 3);
      expect(sha256Hex(enc.encode(s))).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });

  it('finds the smallest counter with the leading zero bits', () => {
    const token = 'abc.def-123';
    const difficulty = 10;
    const counter = solveChallenge(token, difficulty);
    const zeros = (c: number) => leadingZeroBits(sha256Words(enc.encode(`${token}:${c}`)));
    expect(zeros(counter)).toBeGreaterThanOrEqual(difficulty);
    for (let c = 0; c < counter; c++) expect(zeros(c)).toBeLessThan(difficulty);
    const hex = createHash('sha256').update(`${token}:${counter}`).digest('hex');
    expect(parseInt(hex.slice(0, 3), 16) >> 2).toBe(0); // first 10 bits
  });
});
