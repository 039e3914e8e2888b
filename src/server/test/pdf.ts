import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reading PDFs in tests: the text of each page (pdf.js, the parser browsers use) and the embedded fonts.
 *
 * pdf.js ignores ActualText, so Thai SARA AM drawn as NIKHAHIT + SARA AA (see thaiSaraAm in
 * modules/stats/table-pdf.ts) comes back as those two characters; `pdfText` puts SARA AM back.
 */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      pages.push(text.replace(/\u0E4D([\u0E31\u0E34-\u0E37\u0E47-\u0E4C\u0E4E]*)\u0E32/g, '$1\u0E33'));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The fonts a PDF embeds: `/FontName` of each font descriptor that has a font file. Object dictionaries are not compressed by pdfkit. */
export function pdfEmbeddedFonts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const names: string[] = [];
  for (const m of raw.matchAll(/<<[^<>]*\/Type \/FontDescriptor[^<>]*>>/g)) {
    const name = /\/FontName \/([^\s/<>]+)/.exec(m[0])?.[1];
    if (name && /\/FontFile[23]? \d+ 0 R/.test(m[0])) names.push(name);
  }
  return names;
}

/** Page sizes in points, from each page's /MediaBox. */
export function pdfPageSizes(pdf: Buffer): [number, number][] {
  return [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
