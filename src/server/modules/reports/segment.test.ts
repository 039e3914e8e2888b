import { describe, expect, it } from 'vitest';
import { segmentWords } from './segment.js';

describe('word segmentation', () => {
  it('splits Thai into words', () => {
    expect(segmentWords('มีเด็กถูกบังคับทำงาน')).toBe('มี เด็ก ถูก บังคับ ทำงาน');
  });
  it('drops punctuation and lower-cases Latin', () => {
    expect(segmentWords('Girls, forced to WORK!')).toBe('girls forced to work');
  });
});
