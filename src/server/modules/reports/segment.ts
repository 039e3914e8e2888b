/**
 * PostgreSQL's text search cannot split Thai (no spaces between words): split with ICU's word
 * segmenter and join with spaces, so trigram similarity compares words (ENGINEERING.md).
 * Other scripts (Burmese, Lao, Khmer, Latin) segment the same way.
 */
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

export function segmentWords(text: string): string {
  const words: string[] = [];
  for (const s of segmenter.segment(text.normalize('NFC').toLowerCase())) {
    if (s.isWordLike) words.push(s.segment);
  }
  return words.join(' ');
}
