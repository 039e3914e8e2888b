import { describe, expect, it } from 'vitest';
import { ageBands, standardTableLabels } from '../../../contracts/stats.js';
import { pdfEmbeddedFonts, pdfPageSizes, pdfText } from '../../test/pdf.js';
import type { Actor } from '../../platform/access/actor.js';
import type { StatsService } from './stats.service.js';
import { generatedLabel, pdfLayout, periodLabel, renderTablePdf, thaiSaraAm, type PdfMeta } from './table-pdf.js';
import { scopeLabel } from './tables.js';

/** The PDF layout of the standard tables (issue 6); the route, its numbers and its audit are tested in stats.test.ts. */

const meta = (over: Partial<PdfMeta> = {}): PdfMeta => ({
  title: standardTableLabels.victims_profile, query: { year: 2025, yearType: 'calendar' },
  scope: { th: 'ทั้งประเทศ', en: 'National' }, generatedAt: new Date('2026-01-31T17:30:00Z'), threshold: 4, suppressedMark: '<5', ...over,
});

const profileColumns = ['exploitation', 'exploitation_th', 'exploitation_en', 'citizenship', 'citizenship_th', 'citizenship_en', 'gender', 'gender_th', 'gender_en',
  'age_band', 'victims'];
/** Every combination, as buildTable gives it; `value(e, n, s, band)` fills the count column. */
function profileData(lines: number, value: (line: number, band: number) => string | number) {
  const rows: (string | number | null)[][] = [];
  for (let l = 0; l < lines; l++) {
    const e = Math.floor(l / 6);
    ageBands.forEach((b, bi) => rows.push([`E${e}`, `การแสวงประโยชน์แบบที่ ${e}`, `Exploitation ${e}`, `N${l % 6}`, `สัญชาติที่ ${l % 6}`, `Country ${l % 6}`,
      'Feminine', 'หญิง', 'Female', b, value(l, bi)]));
  }
  return { columns: profileColumns, rows };
}

describe('standard table PDF', () => {
  it('names the year in the Buddhist Era, and a fiscal year by the year it ends', () => {
    expect(periodLabel({ year: 2025, yearType: 'calendar' })).toEqual({
      title: { th: 'ปี พ.ศ. 2568', en: 'Calendar year 2025' }, range: { th: '1 มกราคม – 31 ธันวาคม 2568', en: '1 January – 31 December 2025' },
    });
    expect(periodLabel({ year: 2026, yearType: 'fiscal' })).toEqual({
      title: { th: 'ปีงบประมาณ พ.ศ. 2569', en: 'Fiscal year 2026' },
      range: { th: '1 ตุลาคม 2568 – 30 กันยายน 2569', en: '1 October 2025 – 30 September 2026' },
    });
    // 17:30 UTC on 31 January is 00:30 on 1 February in Thailand.
    expect(generatedLabel(new Date('2026-01-31T17:30:00Z'))).toEqual({ th: '1 กุมภาพันธ์ 2569 เวลา 00:30 น.', en: '1 February 2026, 00:30 (Thai time, UTC+7)' });
  });

  it('prints whose numbers these are: the caller\'s scope and the provinces asked for', async () => {
    const svc = {
      repo: {
        provinces: async () => [{ code: '10', name_th: 'กรุงเทพมหานคร', name_en: 'Bangkok' }, { code: '57', name_th: 'เชียงราย', name_en: 'Chiang Rai' }],
        organisations: async () => [{ id: 'o1', name_th: 'บ้านพัก', name_en: 'Shelter' }],
      },
    } as unknown as StatsService;
    const actor = (scope: Actor['scope'], provinceCode: string | null) => ({ scope, provinceCode, organisationId: 'o1' }) as Actor;
    const q = { year: 2025, yearType: 'calendar' as const, format: 'pdf' as const };
    expect(await scopeLabel(svc, actor('national', null), q)).toEqual({ th: 'ทั้งประเทศ', en: 'National (the whole country)' });
    expect(await scopeLabel(svc, actor('province', '57'), q)).toEqual({ th: 'จังหวัดเชียงราย', en: 'Chiang Rai province' });
    expect(await scopeLabel(svc, actor('province', '10'), q)).toEqual({ th: 'กรุงเทพมหานคร', en: 'Bangkok' });
    expect((await scopeLabel(svc, actor('organisation', '57'), q)).en).toBe('Shelter (its own cases and those referred to it)');
    expect(await scopeLabel(svc, actor('national', null), { ...q, province: ['57', '10'] }))
      .toEqual({ th: 'ทั้งประเทศ · เฉพาะจังหวัด เชียงราย, กรุงเทพมหานคร', en: 'National (the whole country) · provinces: Chiang Rai, Bangkok' });
  });

  it('prepares SARA AM as HarfBuzz does: NIKHAHIT before the tone mark, then SARA AA', () => {
    expect(thaiSaraAm('น้ำ')).toBe('น\u0E4D\u0E49\u0E32');
    expect(thaiSaraAm('จำนวน ต่ำกว่า')).toBe('จ\u0E4D\u0E32นวน ต\u0E4D\u0E48\u0E32กว่า');
    expect(thaiSaraAm('ผู้เสียหาย Victims')).toBe('ผู้เสียหาย Victims');
  });

  it('lays the profile out with age bands across, leaving out the lines that are 0 in every cell', () => {
    const data = profileData(3, (l, b) => (l === 1 ? 0 : b === 2 ? '<5' : b * 10 + l));
    const t = pdfLayout('victims_profile', data);
    expect(t.columns.map((c) => c.label.en)).toEqual(['Form of exploitation', 'Citizenship', 'Gender', ...ageBands.slice(0, -1).map((b) => `${b}${b.endsWith('+') ? '' : ' years'}`), 'Age unknown']);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]!.cells.slice(0, 3)).toEqual([{ th: 'การแสวงประโยชน์แบบที่ 0', en: 'Exploitation 0' }, { th: 'สัญชาติที่ 0', en: 'Country 0' }, { th: 'หญิง', en: 'Female' }]);
    expect(t.rows[0]!.cells.slice(3)).toEqual([0, 10, '<5', 30, 40, 50, 60, 70, 80, 90]);
    expect(t.rows[1]!.cells.slice(3, 6)).toEqual([2, 12, '<5']);
  });

  it('keeps the province table\'s total line, and the services table\'s sections', () => {
    const prov = pdfLayout('victims_by_province', {
      columns: ['province', 'province_th', 'province_en', 'victims', 'identified', 'possible', 'child', 'adult', 'age_unknown'],
      rows: [['57', 'เชียงราย', 'Chiang Rai', 16, 5, 11, 5, 11, 0], ['total', 'รวม', 'Total', 16, 5, 11, 5, 11, 0]],
    });
    expect(prov.rows.map((r) => r.kind)).toEqual(['data', 'total']);
    expect(prov.rows[0]!.cells).toEqual([{ th: 'เชียงราย', en: 'Chiang Rai' }, 16, 5, 11, 5, 11, 0]);
    const services = pdfLayout('services', {
      columns: ['section', 'code', 'label_th', 'label_en', 'count'],
      rows: [['service_delivered', 'shelter', 'ที่พัก', 'Shelter', 5], ['service_delivered', 'total', 'รวม', 'Total', 5], ['referral', 'accepted', 'ตอบรับแล้ว', 'Accepted', '<5']],
    });
    expect(services.rows.map((r) => r.kind)).toEqual(['section', 'data', 'total', 'section', 'data']);
  });

  it('a wide table is landscape A4 with the column header and page numbers on every page; a narrow one is portrait', async () => {
    // 60 lines of the profile: several pages.
    const wide = await renderTablePdf(pdfLayout('victims_profile', profileData(60, (l, b) => (b === 9 ? '<5' : 100 + l))), meta());
    expect(wide.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const sizes = pdfPageSizes(wide);
    expect(sizes.length).toBeGreaterThan(2);
    for (const s of sizes) expect(s).toEqual([841.89, 595.28]);
    expect(pdfEmbeddedFonts(wide)).toEqual([expect.stringMatching(/^[A-Z]{6}\+NotoSansThai-Regular$/), expect.stringMatching(/^[A-Z]{6}\+NotoSansThai-Bold$/)]);
    const pages = await pdfText(wide);
    expect(pages).toHaveLength(sizes.length);
    pages.forEach((p, i) => {
      expect(p).toContain('รูปแบบการแสวงประโยชน์');
      expect(p).toContain('Form of exploitation');
      expect(p).toContain('ไม่ทราบอายุ');
      expect(p).toContain(`หน้า ${i + 1} จาก ${pages.length} · Page ${i + 1} of ${pages.length}`);
    });
    // Each line once, in order, across the pages.
    const all = pages.join('\n');
    for (let l = 0; l < 60; l++) expect(all).toContain(String(100 + l));
    expect(pages[0]).toContain('ผู้เสียหายจำแนกตามรูปแบบการแสวงประโยชน์ สัญชาติ เพศ และช่วงอายุ');
    expect(pages[0]).toContain('ปี พ.ศ. 2568');
    expect(pages[0]).toContain('1 กุมภาพันธ์ 2569 เวลา 00:30 น.');

    const narrow = await renderTablePdf(pdfLayout('timeliness', {
      columns: ['measure', 'label_th', 'label_en', 'n', 'median_days', 'p90_days', 'share_met'],
      rows: [['report_to_screening', 'จากรับแจ้งถึงคัดกรอง', 'Report to screening', 10, 4.5, 6.1, null], ['s29', 'การควบคุมตัวตามมาตรา 29 ที่ทันกำหนด', 'Act s.29', 10, null, null, 0.5]],
    }), meta({ title: standardTableLabels.timeliness, query: { year: 2026, yearType: 'fiscal' } }));
    expect(pdfPageSizes(narrow)).toEqual([[595.28, 841.89]]);
    const [text] = await pdfText(narrow);
    expect(text).toContain('ปีงบประมาณ พ.ศ. 2569 (1 ตุลาคม 2568 – 30 กันยายน 2569)');
    expect(text).toContain('Fiscal year 2026');
    expect(text).toMatch(/10\s*4\.5\s*6\.1\s*–/);
    expect(text).toContain('50.0%');
  });
});
