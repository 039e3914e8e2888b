import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { ageBands, type StandardTable, type StandardTableQuery } from '../../../contracts/stats.js';
import { ageBandLabel, ageGroupLabels, type Label, victimStatusLabels } from './labels.js';

/**
 * The standard tables as a PDF for the annual country report (issue 6): Thai first with English beside it,
 * years in the Buddhist Era, the suppression note, who it was made for and when, page numbers, the column
 * header repeated on every page, landscape A4 when the table is too wide for portrait.
 *
 * The numbers are the ones the CSV and XLSX carry (the same TableData, already suppressed): this file only
 * lays them out. Text is drawn in Noto Sans Thai (the Google Fonts build, which also covers Latin), embedded
 * and subset by pdfkit; fontkit applies the font's GSUB/GPOS (ccmp, mark, mkmk) so vowels and tone marks sit
 * where they should. Lines are broken here, not by pdfkit: its UAX #14 breaker finds no break inside Thai
 * (no spaces between words) and would cut a word between a consonant and its marks, so words come from
 * Intl.Segmenter and an over-long word is cut between grapheme clusters.
 */

export type PdfCell = Label | string | number | null;
/** `group`: a label repeated from the line above (on the same page) is left blank, like the annual report's grouped lines. */
export interface PdfColumn { label: Label; kind: 'label' | 'number'; width: number; group?: boolean }
export interface PdfRow { kind: 'data' | 'total' | 'section'; cells: PdfCell[] }
export interface PdfTable { columns: PdfColumn[]; rows: PdfRow[]; notes: Label[] }

export interface PdfMeta {
  title: Label;
  query: Pick<StandardTableQuery, 'year' | 'yearType'>;
  /** Whose numbers these are: the caller's scope, and the provinces asked for. */
  scope: Label;
  generatedAt: Date;
  threshold: number;
  suppressedMark: string;
}

type Value = string | number | null;
interface TableData { columns: string[]; rows: Value[][] }

// ── Fonts ────────────────────────────────────────────────────────────────────────────────────────

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Noto Sans Thai from the npm package @expo-google-fonts/noto-sans-thai (TTF, SIL OFL 1.1), read once. */
export function thaiFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-thai/700Bold/NotoSansThai_700Bold.ttf')),
  };
  return fonts;
}

// ── From the exported rows to a printable table ─────────────────────────────────────────────────

const col = (label: Label, kind: PdfColumn['kind'] = 'number', width = kind === 'number' ? 52 : 150): PdfColumn => ({ label, kind, width });
const COUNT: Label = { th: 'จำนวน', en: 'Count' };
const pair = (th: Value, en: Value): Label => ({ th: String(th ?? ''), en: String(en ?? '') });

/** The flat rows of `buildTable` (the CSV's columns) arranged for reading on paper. */
export function pdfLayout(table: StandardTable, data: TableData): PdfTable {
  const at = (name: string) => {
    const i = data.columns.indexOf(name);
    if (i < 0) throw new Error(`standard table ${table} has no column ${name}`);
    return i;
  };
  if (table === 'victims_profile') {
    // One line per form of exploitation × citizenship × gender, the age bands across (as in the annual report).
    // No total column: line totals are not protected by the suppression and could reveal a hidden cell.
    const [e, eTh, eEn, n, nTh, nEn, s, sTh, sEn, a, v] = ['exploitation', 'exploitation_th', 'exploitation_en', 'citizenship', 'citizenship_th',
      'citizenship_en', 'gender', 'gender_th', 'gender_en', 'age_band', 'victims'].map(at) as number[] as [number, number, number, number, number, number, number, number, number, number, number];
    const lines = new Map<string, { labels: Label[]; values: Map<string, Value> }>();
    for (const r of data.rows) {
      const key = `${r[e]}|${r[n]}|${r[s]}`;
      let line = lines.get(key);
      if (!line) lines.set(key, line = { labels: [pair(r[eTh]!, r[eEn]!), pair(r[nTh]!, r[nEn]!), pair(r[sTh]!, r[sEn]!)], values: new Map() });
      line.values.set(String(r[a]), r[v]!);
    }
    const rows: PdfRow[] = [];
    for (const line of lines.values()) {
      const values = ageBands.map((b) => line.values.get(b) ?? 0);
      if (values.every((x) => x === 0)) continue;
      rows.push({ kind: 'data', cells: [...line.labels, ...values] });
    }
    return {
      columns: [
        { ...col({ th: 'รูปแบบการแสวงประโยชน์', en: 'Form of exploitation' }, 'label', 130), group: true },
        { ...col({ th: 'สัญชาติ', en: 'Citizenship' }, 'label', 95), group: true },
        col({ th: 'เพศ', en: 'Gender' }, 'label', 70),
        ...ageBands.map((b) => (b === 'unknown' ? col({ th: 'ไม่ทราบอายุ', en: 'Age unknown' }, 'number', 58) : col(ageBandLabel(b), 'number', 44))),
      ],
      rows,
      notes: [
        { th: 'ตารางแสดงเฉพาะแถวที่มีผู้เสียหายอย่างน้อยหนึ่งช่อง แถวที่ไม่แสดงมีค่าเป็น 0 ทุกช่อง (ไฟล์ CSV และ XLSX แสดงครบทุกแถว)',
          en: 'Only lines with at least one non-zero cell are printed; every line left out is 0 in every cell (the CSV and XLSX list them all).' },
        { th: 'ผู้เสียหายที่มีหลายรูปแบบการแสวงประโยชน์ถูกนับในทุกรูปแบบ จึงไม่มีแถวรวม',
          en: 'A victim with several forms of exploitation is counted under each, so there is no total line.' },
      ],
    };
  }
  if (table === 'victims_by_province') {
    const cols = ['victims', 'identified', 'possible', 'child', 'adult', 'age_unknown'] as const;
    const labels: Record<(typeof cols)[number], Label> = {
      victims: { th: 'ผู้เสียหายทั้งหมด', en: 'All victims' },
      identified: victimStatusLabels.identified,
      possible: victimStatusLabels.possible,
      child: ageGroupLabels.child,
      adult: ageGroupLabels.adult,
      age_unknown: ageGroupLabels.unknown,
    };
    const [p, th, en] = ['province', 'province_th', 'province_en'].map(at) as [number, number, number];
    const idx = cols.map(at);
    return {
      columns: [col({ th: 'จังหวัด', en: 'Province' }, 'label', 140), ...cols.map((c) => col(labels[c], 'number', 60))],
      rows: data.rows.map((r) => ({ kind: r[p] === 'total' ? 'total' : 'data', cells: [pair(r[th]!, r[en]!), ...idx.map((i) => r[i]!)] })),
      notes: [],
    };
  }
  if (table === 'services') {
    const sections: Record<string, Label> = {
      service_delivered: { th: 'บริการที่ให้ จำแนกตามประเภทบริการ', en: 'Services delivered, by type of service' },
      provider: { th: 'บริการที่ให้ จำแนกตามหน่วยงานผู้ให้บริการ', en: 'Services delivered, by provider' },
      referral: { th: 'การส่งต่อ จำแนกตามผล', en: 'Referrals, by outcome' },
    };
    const [sec, code, th, en, count] = ['section', 'code', 'label_th', 'label_en', 'count'].map(at) as [number, number, number, number, number];
    const rows: PdfRow[] = [];
    let current: Value = null;
    for (const r of data.rows) {
      if (r[sec] !== current) {
        current = r[sec]!;
        rows.push({ kind: 'section', cells: [sections[String(current)] ?? pair(current, current)] });
      }
      rows.push({ kind: r[code] === 'total' ? 'total' : 'data', cells: [pair(r[th]!, r[en]!), r[count]!] });
    }
    return { columns: [col({ th: 'รายการ', en: 'Item' }, 'label', 300), col(COUNT, 'number', 80)], rows, notes: [] };
  }
  const [th, en, n, median, p90, share] = ['label_th', 'label_en', 'n', 'median_days', 'p90_days', 'share_met'].map(at) as [number, number, number, number, number, number];
  return {
    columns: [
      col({ th: 'ขั้นตอน', en: 'Measure' }, 'label', 190),
      col({ th: 'จำนวนที่วัดได้', en: 'Measured (n)' }, 'number', 64),
      col({ th: 'มัธยฐาน (วัน)', en: 'Median (days)' }, 'number', 64),
      col({ th: 'เปอร์เซ็นไทล์ที่ 90 (วัน)', en: '90th percentile (days)' }, 'number', 72),
      col({ th: 'สัดส่วนที่ทันกำหนด', en: 'Share met' }, 'number', 64),
    ],
    rows: data.rows.map((r) => ({
      kind: 'data',
      cells: [pair(r[th]!, r[en]!), r[n]!, r[median]!, r[p90]!, typeof r[share] === 'number' ? `${(r[share] * 100).toFixed(1)}%` : r[share]!],
    })),
    notes: [
      { th: 'ระยะเวลาเป็นวัน (ทศนิยมหนึ่งตำแหน่ง) "–" หมายถึง ไม่มีช่วงเวลาที่วัดได้ หรือจำนวนที่วัดได้ถูกปกปิด',
        en: 'Durations in days (one decimal). "–": nothing was measured, or the number measured is hidden.' },
      { th: 'มาตรา 29: ผู้ถูกควบคุมตัวที่คัดแยกเสร็จภายใน 24 ชั่วโมง หรือภายในระยะเวลาที่ศาลขยาย (ไม่เกิน 7 วัน) ไม่นับกรณีที่ยังอยู่ระหว่างควบคุมตัว',
        en: 'Act s.29: persons taken into care who were identified within 24 hours, or within a court\'s extension (at most 7 days); clocks still running are not counted.' },
    ],
  };
}

// ── Words used on every page ─────────────────────────────────────────────────────────────────────

const thMonths = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
const enMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The year in พ.ศ. (CE + 543) for Thai; a fiscal year is named by the year it ends (1 October – 30 September). */
export function periodLabel(q: Pick<StandardTableQuery, 'year' | 'yearType'>): { title: Label; range: Label } {
  const y = q.year;
  if (q.yearType === 'fiscal') {
    return {
      title: { th: `ปีงบประมาณ พ.ศ. ${y + 543}`, en: `Fiscal year ${y}` },
      range: { th: `1 ตุลาคม ${y - 1 + 543} – 30 กันยายน ${y + 543}`, en: `1 October ${y - 1} – 30 September ${y}` },
    };
  }
  return {
    title: { th: `ปี พ.ศ. ${y + 543}`, en: `Calendar year ${y}` },
    range: { th: `1 มกราคม – 31 ธันวาคม ${y + 543}`, en: `1 January – 31 December ${y}` },
  };
}

/** Thai time (UTC+7, no daylight saving): "27 พฤศจิกายน 2569 เวลา 14:05 น." / "27 November 2026, 14:05 (Thai time, UTC+7)". */
export function generatedLabel(at: Date): Label {
  const t = new Date(at.getTime() + 7 * 3_600_000);
  const [d, m, y] = [t.getUTCDate(), t.getUTCMonth(), t.getUTCFullYear()];
  const hm = `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
  return { th: `${d} ${thMonths[m]} ${y + 543} เวลา ${hm} น.`, en: `${d} ${enMonths[m]} ${y}, ${hm} (Thai time, UTC+7)` };
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
function cellText(v: PdfCell): string {
  if (v === null || v === '') return '–';
  if (typeof v === 'number') return numberFormat.format(v);
  if (typeof v === 'string') return v;
  return v.th;
}

// ── Drawing ──────────────────────────────────────────────────────────────────────────────────────

const A4 = { short: 595.28, long: 841.89 };
const M = { side: 36, top: 36, bottom: 42 };
const SIZE = { title: 15, subtitle: 11, text: 8.5, cell: 8, cellEn: 7, foot: 7.5 };
/** Line height for Thai: room for a tone mark above an upper vowel and for a lower vowel. */
const LEAD = 1.5;
const PAD = 3;
const GREY = '#555555';
const RULE = '#9a9a9a';

/**
 * SARA AM (ำ) as HarfBuzz's Thai shaper prepares it: decomposed into NIKHAHIT + SARA AA, the NIKHAHIT moved
 * before the above-base marks in front of it, so that a tone mark sits above the circle (น้ำ, ต่ำ). fontkit has
 * no Thai shaper: the font's ccmp decomposes SARA AM but leaves the NIKHAHIT after the tone mark, drawing the
 * circle on top, and the decomposed SARA AA glyph carries no text, so a PDF whose first า came from an ำ lost
 * every า when copied. The drawn text is wrapped in an ActualText span holding the original.
 */
export const thaiSaraAm = (text: string) => text.replace(/([\u0E31\u0E34-\u0E37\u0E47-\u0E4E]*)\u0E33/g, '\u0E4D$1\u0E32');

const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });

export async function renderTablePdf(table: PdfTable, meta: PdfMeta): Promise<Buffer> {
  const f = thaiFonts();
  // Landscape when the columns do not fit across portrait A4.
  const wanted = table.columns.reduce((s, c) => s + c.width, 0);
  const landscape = wanted > A4.short - 2 * M.side;
  const pageW = landscape ? A4.long : A4.short;
  const pageH = landscape ? A4.short : A4.long;
  const contentW = pageW - 2 * M.side;
  // Spread the spare width over the label columns (or shrink everything when even landscape is too narrow).
  const spare = contentW - wanted;
  const flex = table.columns.filter((c) => c.kind === 'label').reduce((s, c) => s + c.width, 0);
  const widths = table.columns.map((c) => (spare < 0 ? c.width * (contentW / wanted) : c.width + (c.kind === 'label' && flex > 0 ? spare * (c.width / flex) : 0)));
  const lefts = widths.map((_, i) => M.side + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const period = periodLabel(meta.query);
  const generated = generatedLabel(meta.generatedAt);

  const doc = new PDFDocument({
    size: 'A4', layout: landscape ? 'landscape' : 'portrait', margins: { top: M.top, bottom: M.bottom, left: M.side, right: M.side },
    bufferPages: true, autoFirstPage: true, lang: 'th-TH', displayTitle: true,
    info: { Title: `${meta.title.th} / ${meta.title.en} — ${period.title.th} / ${period.title.en}`, Author: 'Phakhi', Creator: 'Phakhi', CreationDate: meta.generatedAt },
  });
  doc.registerFont('th', f.regular);
  doc.registerFont('th-bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const use = (font: 'th' | 'th-bold', size: number) => doc.font(font).fontSize(size);
  // Text reaches fontkit only with SARA AM prepared (see thaiSaraAm), measuring included: fontkit keeps the
  // characters of the first layout that made a glyph, and pdfkit's ToUnicode map uses them.
  const measure = (text: string) => doc.widthOfString(thaiSaraAm(text));
  /** Greedy line breaking on Thai/English word boundaries, measured with the current font. */
  const wrap = (text: string, width: number): string[] => {
    const out: string[] = [];
    for (const para of text.split('\n')) {
      let line = '';
      for (const { segment } of words.segment(para)) {
        if (measure(line + segment) <= width) { line += segment; continue; }
        if (line.trim() !== '') out.push(line.trimEnd());
        line = segment.trimStart();
        // A single word wider than the cell: cut it between grapheme clusters (never between a consonant and its marks).
        while (measure(line) > width) {
          let part = '';
          for (const { segment: g } of graphemes.segment(line)) {
            if (part !== '' && measure(part + g) > width) break;
            part += g;
          }
          out.push(part);
          line = line.slice(part.length);
        }
      }
      if (line.trim() !== '' || out.length === 0) out.push(line.trimEnd());
    }
    return out;
  };
  const lineH = (size: number) => size * LEAD;
  const put = (text: string, x: number, y: number) => {
    const shaped = thaiSaraAm(text);
    if (shaped === text) return doc.text(text, x, y, { lineBreak: false });
    // The real text for copying and searching (ActualText), since the glyphs now read NIKHAHIT + SARA AA.
    doc.markContent('Span', { actual: text });
    doc.text(shaped, x, y, { lineBreak: false });
    return doc.endMarkedContent();
  };
  /** A Thai block then its English beside or under it, in grey; returns the height used. */
  const bilingual = (label: Label, x: number, y: number, width: number, thFont: 'th' | 'th-bold', thSize: number, enSize: number, dry = false): number => {
    let h = 0;
    use(thFont, thSize);
    for (const l of wrap(label.th, width)) { if (!dry) put(l, x, y + h); h += lineH(thSize); }
    if (label.en !== '' && label.en !== label.th) {
      use('th', enSize);
      if (!dry) doc.fillColor(GREY);
      for (const l of wrap(label.en, width)) { if (!dry) put(l, x, y + h); h += lineH(enSize); }
      if (!dry) doc.fillColor('black');
    }
    return h;
  };
  const note = (label: Label, y: number) => {
    // Thai, then English, each as a paragraph.
    let h = 0;
    use('th', SIZE.text);
    for (const l of wrap(label.th, contentW)) { put(l, M.side, y + h); h += lineH(SIZE.text); }
    use('th', SIZE.text - 0.5);
    doc.fillColor(GREY);
    for (const l of wrap(label.en, contentW)) { put(l, M.side, y + h); h += lineH(SIZE.text - 0.5); }
    doc.fillColor('black');
    return h + 2;
  };

  // First page: what, when, whose, how the numbers are protected.
  let y = M.top;
  use('th', SIZE.foot);
  doc.fillColor(GREY);
  put('ภาคี · ตารางมาตรฐานสำหรับรายงานประจำปีของประเทศ   Phakhi · Standard table for the annual country report', M.side, y);
  doc.fillColor('black');
  y += lineH(SIZE.foot) + 4;
  y += bilingual(meta.title, M.side, y, contentW, 'th-bold', SIZE.title, SIZE.subtitle);
  y += 4;
  const facts: [Label, Label][] = [
    [{ th: 'ช่วงเวลา', en: 'Period' }, { th: `${period.title.th} (${period.range.th})`, en: `${period.title.en} (${period.range.en})` }],
    [{ th: 'ขอบเขตข้อมูล', en: 'Scope' }, meta.scope],
    [{ th: 'จัดทำเมื่อ', en: 'Generated' }, generated],
  ];
  const factLabelW = 120;
  for (const [k, v] of facts) {
    const h1 = bilingual({ th: `${k.th}`, en: k.en }, M.side, y, factLabelW - 6, 'th-bold', SIZE.text, SIZE.cellEn);
    const h2 = bilingual(v, M.side + factLabelW, y, contentW - factLabelW, 'th', SIZE.text, SIZE.cellEn);
    y += Math.max(h1, h2) + 3;
  }
  y += 2;
  const mark = meta.suppressedMark;
  const notes: Label[] = [
    {
      th: `"${mark}" หมายถึง จำนวนตั้งแต่ 1 ถึง ${meta.threshold} หรือช่องที่ปกปิดร่วมด้วยเพื่อไม่ให้คำนวณย้อนกลับจากยอดรวมได้ (เกณฑ์การปกปิด: จำนวน ${meta.threshold} หรือน้อยกว่า ยกเว้น 0)`,
      en: `"${mark}": a count from 1 to ${meta.threshold}, or a cell hidden with one so that it cannot be worked out by subtraction from a total (suppression threshold: counts of 1–${meta.threshold} are hidden; 0 is shown).`,
    },
    { th: 'บุคคลเดียวกันที่บันทึกโดยหลายหน่วยงานนับเป็นหนึ่งคน ปีนับตามวันที่เปิดกรณี (เวลาประเทศไทย)',
      en: 'A person recorded by several agencies is counted once; the year is that of the date the case was opened (Thai time).' },
    ...table.notes,
  ];
  doc.rect(M.side - 2, y - 2, contentW + 4, 0.6).fill(RULE).fillColor('black');
  y += 4;
  for (const n of notes) y += note(n, y);
  y += 6;

  // The table: the header on every page, a row never split across pages.
  const headerH = Math.max(...table.columns.map((c, i) => bilingual(c.label, 0, 0, widths[i]! - 2 * PAD, 'th-bold', SIZE.cell, SIZE.cellEn, true))) + 2 * PAD;
  const drawHeader = () => {
    doc.rect(M.side, y, contentW, headerH).fill('#e8eef5').fillColor('black');
    table.columns.forEach((c, i) => {
      const w = widths[i]! - 2 * PAD;
      if (c.kind === 'number') {
        // Right-aligned like the numbers under it.
        let h = 0;
        use('th-bold', SIZE.cell);
        for (const l of wrap(c.label.th, w)) { put(l, lefts[i]! + widths[i]! - PAD - measure(l), y + PAD + h); h += lineH(SIZE.cell); }
        use('th', SIZE.cellEn);
        doc.fillColor(GREY);
        for (const l of wrap(c.label.en, w)) { put(l, lefts[i]! + widths[i]! - PAD - measure(l), y + PAD + h); h += lineH(SIZE.cellEn); }
        doc.fillColor('black');
      } else {
        bilingual(c.label, lefts[i]! + PAD, y + PAD, w, 'th-bold', SIZE.cell, SIZE.cellEn);
      }
    });
    y += headerH;
    doc.rect(M.side, y - 0.8, contentW, 0.8).fill('#333333').fillColor('black');
  };
  const rowHeight = (r: PdfRow) => {
    if (r.kind === 'section') return bilingual(r.cells[0] as Label, 0, 0, contentW - 2 * PAD, 'th-bold', SIZE.cell, SIZE.cellEn, true) + 2 * PAD;
    return Math.max(...r.cells.map((c, i) => (c !== null && typeof c === 'object'
      ? bilingual(c, 0, 0, widths[i]! - 2 * PAD, r.kind === 'total' ? 'th-bold' : 'th', SIZE.cell, SIZE.cellEn, true)
      : lineH(SIZE.cell)))) + 2 * PAD;
  };
  const bottom = pageH - M.bottom;
  let prev: PdfRow | null = null;
  const same = (a: PdfCell | undefined, b: PdfCell | undefined) => a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && a.th === b.th && a.en === b.en;
  /** A grouped column's label is blank when it and every grouped column before it repeat the line above. */
  const repeated = (r: PdfRow, i: number) => prev !== null && prev.kind === r.kind
    && table.columns.slice(0, i + 1).every((c, j) => !c.group || same(r.cells[j], prev!.cells[j])) && table.columns[i]!.group === true;
  const newPage = () => {
    prev = null;
    doc.addPage();
    y = M.top;
    use('th', SIZE.foot);
    doc.fillColor(GREY);
    put(`${meta.title.th} · ${period.title.th}   ${meta.title.en} · ${period.title.en}`, M.side, y);
    doc.fillColor('black');
    y += lineH(SIZE.foot) + 4;
    drawHeader();
  };
  if (y + headerH + rowHeight(table.rows[0] ?? { kind: 'data', cells: [] }) > bottom) newPage();
  else drawHeader();
  let stripe = false;
  for (const r of table.rows) {
    const h = rowHeight(r);
    if (y + h > bottom) newPage();
    if (r.kind === 'section') {
      doc.rect(M.side, y, contentW, h).fill('#f1f1f1').fillColor('black');
      bilingual(r.cells[0] as Label, M.side + PAD, y + PAD, contentW - 2 * PAD, 'th-bold', SIZE.cell, SIZE.cellEn);
      stripe = false;
    } else {
      if (r.kind === 'total') doc.rect(M.side, y, contentW, h).fill('#eef2ee').fillColor('black');
      else if (stripe) doc.rect(M.side, y, contentW, h).fill('#f8f8f8').fillColor('black');
      stripe = !stripe;
      const font = r.kind === 'total' ? 'th-bold' : 'th';
      r.cells.forEach((c, i) => {
        const x = lefts[i]!;
        const w = widths[i]!;
        if (c !== null && typeof c === 'object') {
          if (!repeated(r, i)) bilingual(c, x + PAD, y + PAD, w - 2 * PAD, font, SIZE.cell, SIZE.cellEn);
          return;
        }
        const s = cellText(c);
        use(font, SIZE.cell);
        if (s === mark) doc.fillColor('#7a4a00');
        put(s, x + w - PAD - measure(s), y + PAD);
        doc.fillColor('black');
      });
    }
    y += h;
    doc.rect(M.side, y - 0.3, contentW, 0.3).fill('#c8c8c8').fillColor('black');
    prev = r;
  }
  if (table.rows.length === 0) {
    use('th', SIZE.cell);
    put('ไม่มีข้อมูล · No data', M.side + PAD, y + PAD);
  }

  // Footers once the number of pages is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const fy = pageH - M.bottom + 14;
    use('th', SIZE.foot);
    doc.fillColor(GREY);
    put(`ภาคี · Phakhi   ${generated.th}`, M.side, fy);
    const pageNo = `หน้า ${i + 1} จาก ${range.count} · Page ${i + 1} of ${range.count}`;
    put(pageNo, pageW - M.side - measure(pageNo), fy);
    doc.fillColor('black');
  }
  doc.end();
  return done;
}
