import ExcelJS from 'exceljs';
import {
  ageBands, SUPPRESSION_THRESHOLD, standardTableLabels, type StandardTable, type StandardTableQuery, type StatsFilter,
} from '../../../contracts/stats.js';
import { exploitationType, gender } from '../../../contracts/htcds.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import type { Db } from '../../db/client.js';
import { toCsv } from '../../platform/tabular.js';
import { exploitationLabel, genderLabel, UNKNOWN } from './labels.js';
import type { StatsService } from './stats.service.js';
import { suppress, type Line } from './suppression.js';
import { pdfLayout, renderTablePdf } from './table-pdf.js';

/**
 * The standard tables of an annual country report (issue 6), for one calendar or fiscal year, as CSV, XLSX
 * or PDF (laid out in table-pdf.ts), with small cells suppressed. A suppressed cell reads "<5" (see Cell in
 * src/contracts/stats.ts).
 */

const T = SUPPRESSION_THRESHOLD;
export const SUPPRESSED_MARK = '<5';
type Value = string | number | null;

export interface TableData {
  title: { th: string; en: string };
  columns: string[];
  rows: Value[][];
}

const shown = (n: number, hidden: boolean): Value => (hidden ? SUPPRESSED_MARK : n);
const cell = (c: { count: number | null; suppressed: boolean }): Value => (c.suppressed ? SUPPRESSED_MARK : c.count);

export async function buildTable(svc: StatsService, actor: Actor, table: StandardTable, q: StandardTableQuery): Promise<TableData> {
  const filter: StatsFilter = { year: q.year, yearType: q.yearType, province: q.province };
  const title = standardTableLabels[table];
  if (table === 'victims_profile') return { title, ...(await profile(svc, actor, filter)) };
  if (table === 'victims_by_province') return { title, ...(await byProvince(svc, actor, filter)) };
  if (table === 'services') {
    const s = await svc.services(actor, filter);
    const rows: Value[][] = [];
    for (const [section, b] of [['service_delivered', s.deliveredByType], ['provider', s.deliveredByProvider], ['referral', s.referralsByStatus]] as const) {
      for (const i of b.items) rows.push([section, i.key, i.labelTh, i.labelEn, cell(i)]);
      rows.push([section, 'total', 'รวม', 'Total', cell(b.total)]);
    }
    return { title, columns: ['section', 'code', 'label_th', 'label_en', 'count'], rows };
  }
  const t = await svc.timeliness(actor, filter);
  const rows: Value[][] = t.measures.map((m) => [m.key, m.labelTh, m.labelEn, cell(m.n), m.medianDays, m.p90Days, null]);
  rows.push(['s29_custody_clocks', 'การควบคุมตัวตามมาตรา 29 ที่ทันกำหนด', 'Act s.29 custody clocks met', cell(t.s29.clocks), null, null,
    t.s29.share === null ? null : t.s29.share]);
  rows.push(['s29_met', 'ทันกำหนด', 'Met', cell(t.s29.met), null, null, null]);
  rows.push(['s29_not_met', 'ไม่ทันกำหนด', 'Not met', cell(t.s29.notMet), null, null, null]);
  return { title, columns: ['measure', 'label_th', 'label_en', 'n', 'median_days', 'p90_days', 'share_met'], rows };
}

/**
 * Persons by form of exploitation × citizenship × gender × age band, every combination listed (zeros
 * too, so which rows appear says nothing). Protected lines: every value of every dimension (its cells'
 * sum is, or is close to, a number the dashboard publishes) and the whole table.
 */
async function profile(svc: StatsService, actor: Actor, filter: StatsFilter): Promise<{ columns: string[]; rows: Value[][] }> {
  const { f } = await svc.resolve(filter);
  const cube = await svc.repo.profileCube(actor, f);
  const natTotals = new Map<string, number>();
  // Citizenship keys as on the dashboard: decided from per-person counts, not from the cube's (multi-valued) rows.
  const dims = await svc.repo.victimBreakdowns(actor, f);
  for (const r of dims) if (r.dim === 'nationality') natTotals.set(r.key, Number(r.n));
  const natKeys = await svc.nationalityKeys(natTotals, f);
  const listed = new Set(natKeys.map((k) => k.key));
  const expl = [...exploitationType.values, 'unknown'] as string[];
  const sexes = [...gender.values] as string[];
  const bands = [...ageBands] as string[];
  const idx = (e: number, n: number, s: number, a: number) => ((e * natKeys.length + n) * sexes.length + s) * bands.length + a;
  const values = new Array<number>(expl.length * natKeys.length * sexes.length * bands.length).fill(0);
  for (const r of cube) {
    const e = expl.indexOf(r.exploitation) >= 0 ? expl.indexOf(r.exploitation) : expl.indexOf('unknown');
    const nat = natKeys.findIndex((k) => k.key === (listed.has(r.nationality) ? r.nationality : 'other'));
    const s = sexes.indexOf(r.sex) >= 0 ? sexes.indexOf(r.sex) : sexes.indexOf('NonSpecifiedUnknown');
    const a = bands.indexOf(r.age_band);
    values[idx(e, nat, s, a)]! += Number(r.n);
  }
  const lines: Line[] = [];
  const all: number[] = [];
  const byDim: number[][][] = [expl.map(() => []), natKeys.map(() => []), sexes.map(() => []), bands.map(() => [])];
  for (let e = 0; e < expl.length; e++) for (let n = 0; n < natKeys.length; n++) for (let s = 0; s < sexes.length; s++) for (let a = 0; a < bands.length; a++) {
    const i = idx(e, n, s, a);
    all.push(i);
    byDim[0]![e]!.push(i); byDim[1]![n]!.push(i); byDim[2]![s]!.push(i); byDim[3]![a]!.push(i);
  }
  lines.push({ cells: all, total: null });
  for (const d of byDim) for (const cells of d) lines.push({ cells, total: null });
  const hidden = suppress(values, lines, { threshold: T, complements: 'positive-first' });
  const rows: Value[][] = [];
  for (let e = 0; e < expl.length; e++) for (let n = 0; n < natKeys.length; n++) for (let s = 0; s < sexes.length; s++) for (let a = 0; a < bands.length; a++) {
    const i = idx(e, n, s, a);
    const el = expl[e] === 'unknown' ? UNKNOWN : exploitationLabel(expl[e]!);
    const nk = natKeys[n]!;
    const gl = genderLabel(sexes[s]!);
    rows.push([expl[e]!, el.th, el.en, nk.key, nk.label.th, nk.label.en, sexes[s]!, gl.th, gl.en, bands[a]!, shown(values[i]!, hidden[i]!)]);
  }
  return {
    columns: ['exploitation', 'exploitation_th', 'exploitation_en', 'citizenship', 'citizenship_th', 'citizenship_en', 'gender', 'gender_th', 'gender_en',
      'age_band', 'victims'],
    rows,
  };
}

/** Persons by province: identified / possible, child / adult / age unknown, with a national total row. */
async function byProvince(svc: StatsService, actor: Actor, filter: StatsFilter): Promise<{ columns: string[]; rows: Value[][] }> {
  const { f } = await svc.resolve(filter);
  const [rows, provs] = await Promise.all([svc.repo.provinceTable(actor, f), svc.provinceKeys(f)]);
  const cols = ['victims', 'identified', 'possible', 'child', 'adult', 'age_unknown'] as const;
  const P = provs.length;
  // values[p * 6 + c] for provinces, then the total row at P * 6 + c.
  const values = new Array<number>((P + 1) * cols.length).fill(0);
  const pIndex = new Map(provs.map((p, i) => [p.key, i]));
  for (const r of rows) {
    const p = pIndex.get(r.province_code.trim());
    if (p === undefined) continue;
    const n = Number(r.n);
    for (const target of [p, P]) {
      values[target * 6 + 0]! += n;
      values[target * 6 + (r.status === 'identified' ? 1 : 2)]! += n;
      values[target * 6 + (r.age_group === 'child' ? 3 : r.age_group === 'adult' ? 4 : 5)]! += n;
    }
  }
  const lines: Line[] = [];
  for (let p = 0; p <= P; p++) {
    lines.push({ cells: [p * 6 + 1, p * 6 + 2], total: p * 6 });
    lines.push({ cells: [p * 6 + 3, p * 6 + 4, p * 6 + 5], total: p * 6 });
  }
  for (let c = 0; c < cols.length; c++) lines.push({ cells: provs.map((_, p) => p * 6 + c), total: P * 6 + c });
  const hidden = suppress(values, lines, { threshold: T, complements: 'positive-first' });
  const out: Value[][] = provs.map((p, i) => [p.key, p.label.th, p.label.en, ...cols.map((_, c) => shown(values[i * 6 + c]!, hidden[i * 6 + c]!))]);
  out.push(['total', 'รวม', 'Total', ...cols.map((_, c) => shown(values[P * 6 + c]!, hidden[P * 6 + c]!))]);
  return { columns: ['province', 'province_th', 'province_en', ...cols], rows: out };
}

/** What a PDF prints besides the numbers: whose numbers they are and when they were made. */
export interface PrintContext { table: StandardTable; scope: { th: string; en: string }; generatedAt: Date }

export async function renderTable(data: TableData, format: StandardTableQuery['format'], q: StandardTableQuery, print?: PrintContext): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(toCsv(data.columns, data.rows), 'utf8');
  if (format === 'pdf') {
    if (!print) throw new Error('a PDF needs the scope and generation time');
    return renderTablePdf(pdfLayout(print.table, data), {
      title: data.title, query: q, scope: print.scope, generatedAt: print.generatedAt, threshold: T, suppressedMark: SUPPRESSED_MARK,
    });
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Phakhi';
  const ws = wb.addWorksheet('table');
  ws.addRow(data.columns).font = { bold: true };
  for (const r of data.rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
  ws.columns.forEach((c) => { c.width = 18; });
  const notes = wb.addWorksheet('notes');
  const period = q.yearType === 'fiscal' ? `fiscal year ${q.year} (1 Oct ${q.year - 1} – 30 Sep ${q.year}); ปีงบประมาณ ${q.year + 543}` : `calendar year ${q.year}; พ.ศ. ${q.year + 543}`;
  for (const line of [
    [data.title.th], [data.title.en], [`Period: ${period}`],
    [`"${SUPPRESSED_MARK}": a count from 1 to ${T}, or a cell hidden with one so that it cannot be worked out by subtraction (complementary suppression).`],
    [`"${SUPPRESSED_MARK}": จำนวน 1–${T} หรือช่องที่ปกปิดร่วมด้วยเพื่อไม่ให้คำนวณย้อนกลับได้`],
    ['Persons are counted once even when several agencies recorded them (identity document blind index).'],
  ]) notes.addRow(line);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The caller's scope in words (and the provinces asked for), printed on a PDF. */
export async function scopeLabel(svc: StatsService, actor: Actor, q: StandardTableQuery): Promise<{ th: string; en: string }> {
  const provinces = new Map((await svc.repo.provinces()).map((p) => [p.code.trim(), { th: p.name_th, en: p.name_en }]));
  const province = (code: string | null) => provinces.get(code ?? '') ?? { th: code ?? '?', en: code ?? '?' };
  let base: { th: string; en: string };
  if (actor.scope === 'national') base = { th: 'ทั้งประเทศ', en: 'National (the whole country)' };
  else if (actor.scope === 'province') {
    const p = province(actor.provinceCode);
    // Bangkok is not a จังหวัด (changwat) but a special administrative area.
    base = actor.provinceCode === '10' ? p : { th: `จังหวัด${p.th}`, en: `${p.en} province` };
  } else {
    const [org] = await svc.repo.organisations([actor.organisationId]);
    const name = { th: org?.name_th ?? actor.organisationId, en: org?.name_en ?? actor.organisationId };
    base = actor.scope === 'team'
      ? { th: `กรณีที่ทีมของผู้ใช้รับผิดชอบ (${name.th})`, en: `Cases of the caller's teams (${name.en})` }
      : { th: `หน่วยงาน ${name.th} (กรณีของหน่วยงานและที่ส่งต่อมา)`, en: `${name.en} (its own cases and those referred to it)` };
  }
  const chosen = q.province ?? [];
  if (chosen.length === 0) return base;
  const names = chosen.map(province);
  return {
    th: `${base.th} · เฉพาะจังหวัด ${names.map((n) => n.th).join(', ')}`,
    en: `${base.en} · provinces: ${names.map((n) => n.en).join(', ')}`,
  };
}

export async function exportTable(db: Db, svc: StatsService, actor: Actor, table: StandardTable, q: StandardTableQuery, ctx: AuditContext) {
  const data = await buildTable(svc, actor, table, q);
  const print = q.format === 'pdf' ? { table, scope: await scopeLabel(svc, actor, q), generatedAt: new Date() } : undefined;
  const body = await renderTable(data, q.format, q, print);
  // Who, what filter, how many rows (issue 6): codes and numbers only.
  await writeAudit(db, ctx, {
    action: 'stats.table_exported', targetType: 'stats_table', targetId: table,
    details: { format: q.format, year: q.year, yearType: q.yearType, province: q.province ?? [], rows: data.rows.length },
  });
  return { body, rows: data.rows.length };
}
