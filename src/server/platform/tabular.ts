import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError } from './errors.js';

/** A spreadsheet read as header names and rows of text cells; row numbers are as the user sees them (header = 1). */
export interface Table {
  columns: string[];
  rows: { row: number; cells: Record<string, string> }[];
}

export const MAX_IMPORT_ROWS = 20_000;

export async function readTable(format: 'csv' | 'xlsx', data: Buffer): Promise<Table> {
  if (format === 'csv') {
    let records: string[][];
    try {
      records = parse(data, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: `not a readable CSV file: ${(err as Error).message.slice(0, 120)}` }]);
    }
    return toTable(records);
  }
  // XLSX files are ZIP archives: refuse anything else before handing it to the parser.
  if (data.subarray(0, 4).toString('hex') !== '504b0304') {
    throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: 'not an XLSX file' }]);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: 'not a readable XLSX file' }]);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: 'the workbook has no sheet' }]);
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const values = (r.values as unknown[]).slice(1);
    records.push(values.map(cellText));
  });
  return toTable(records);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[]; hyperlink?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return String(o.result);
    return '';
  }
  return String(v);
}

function toTable(records: string[][]): Table {
  const [header, ...body] = records;
  if (!header) throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: 'the file is empty' }]);
  if (body.length > MAX_IMPORT_ROWS) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: `at most ${MAX_IMPORT_ROWS} rows per file` }]);
  }
  const columns = header.map((h) => h.trim().toLowerCase());
  return {
    columns,
    rows: body.map((cells, i) => ({
      row: i + 2,
      cells: Object.fromEntries(columns.map((c, j) => [c, (cells[j] ?? '').replace(ESCAPED_FORMULA, '').trim()])),
    })),
  };
}

/**
 * CSV lines. A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first; names and
 * notes come from users and partner files) is written with a leading apostrophe (OWASP "CSV injection");
 * readTable takes it off again, so an exported file imports unchanged. Numbers are written as they are.
 */
export function csvLines(rows: (string | number | boolean | null)[][]): string {
  return stringify(rows.map((r) => r.map((v) => (v === null ? '' : v))), { escape_formulas: true });
}

export function toCsv(columns: string[], rows: (string | number | boolean | null)[][]): string {
  // A byte-order mark so Excel opens Thai text as UTF-8.
  return '\uFEFF' + csvLines([columns, ...rows]);
}

/** The apostrophe csvLines puts before a formula-like cell. */
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/;

export async function toXlsx(sheetName: string, columns: string[], rows: (string | number | boolean | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Phakhi';
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(columns).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
  ws.columns.forEach((c) => { c.width = 24; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
