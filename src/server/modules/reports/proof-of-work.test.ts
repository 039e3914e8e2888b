import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDataCipher, generateDataKey, parseDataKey } from '../../platform/crypto.js';
import { checkChallenge, issueChallenge, leadingZeroBits, solve } from './proof-of-work.js';

describe('proof of work', () => {
  const cipher = createDataCipher(parseDataKey(generateDataKey()));

  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Buffer.from([0, 0, 0x0f, 0xff]))).toBe(20);
    expect(leadingZeroBits(Buffer.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Buffer.from([0x01]))).toBe(7);
  });

  it('accepts a solved, signed, old-enough challenge and refuses the rest', () => {
    const t0 = 1_800_000_000_000;
    const c = issueChallenge(cipher, 8, t0);
    const counter = solve(c.token, 8);
    expect(checkChallenge(cipher, c.token, counter, t0 + 5000)).toBe('ok');
    expect(checkChallenge(cipher, c.token, counter, t0 + 1000)).toBe('too_fast');
    expect(checkChallenge(cipher, c.token, counter, t0 + 3 * 60 * 60_000)).toBe('invalid');
    // A wrong counter almost never has 8 zero bits; find one that does not.
    let wrong = counter + 1;
    while (leadingZeroBits(createHash('sha256').update(`${c.token}:${wrong}`).digest()) >= 8) wrong++;
    expect(checkChallenge(cipher, c.token, wrong, t0 + 5000)).toBe('invalid');
    const other = createDataCipher(parseDataKey(generateDataKey()));
    expect(checkChallenge(other, c.token, counter, t0 + 5000)).toBe('invalid');
    const [body] = c.token.split('.');
    const forged = Buffer.from(JSON.stringify({ n: 'x', t: t0, d: 0 })).toString('base64url');
    expect(checkChallenge(cipher, `${forged}.${c.token.split('.')[1]}`, 0, t0 + 5000)).toBe('invalid');
    expect(body).toBeTruthy();
  });
});
