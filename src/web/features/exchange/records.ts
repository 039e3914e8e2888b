import type { HtcdsImportReport } from '../../../contracts/exchange.js';
import { HTCDS_IMPORT_JOB_MAX, IMPORT_JOB_BODY_LIMIT, type Job } from '../../../contracts/jobs.js';

/**
 * Pure helpers of the HTCDS exchange page: what a chosen file holds, how far a job has come, and the
 * rows of an import report's errors. No React, no fetch: unit-tested in records.test.ts.
 */

export type FileProblem = 'tooLarge' | 'notJson' | 'noRecords' | 'tooMany';
export type ImportFile = { ok: true; records: unknown[] } | { ok: false; problem: FileProblem };

/**
 * The request body may be at most 128 MB (the server's limit); the records are sent again as JSON inside
 * `{"cases": …}`, so a file at the limit would not fit: a little room is kept for the wrapper.
 */
export const IMPORT_FILE_MAX_BYTES = IMPORT_JOB_BODY_LIMIT - 64 * 1024;
export { HTCDS_IMPORT_JOB_MAX };

/** Whether a file of `bytes` may be read at all (checked before reading it into memory). */
export function fileSizeProblem(bytes: number): FileProblem | null {
  return bytes > IMPORT_FILE_MAX_BYTES ? 'tooLarge' : null;
}

/**
 * The HTCDS case records in a file's text: a JSON array of records, or an object with `items` (what an
 * export gives) or `cases` (an import request's body). A byte-order mark is allowed. The records are
 * not checked here: the server checks each and names the bad ones.
 */
export function recordsOfJson(text: string): ImportFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: 'notJson' };
  }
  let records: unknown;
  if (Array.isArray(data)) records = data;
  else if (data !== null && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    records = Array.isArray(o.items) ? o.items : Array.isArray(o.cases) ? o.cases : undefined;
  }
  if (!Array.isArray(records) || records.length === 0) return { ok: false, problem: 'noRecords' };
  if (records.length > HTCDS_IMPORT_JOB_MAX) return { ok: false, problem: 'tooMany' };
  return { ok: true, records };
}

export const isActive = (j: Pick<Job, 'status'>) => j.status === 'queued' || j.status === 'running';

/** Whether the page should keep asking: some listed job is still queued or running. */
export function anyActive(pages: { items: Pick<Job, 'status'>[] }[] | undefined): boolean {
  return !!pages?.some((p) => p.items.some(isActive));
}

export interface JobProgress {
  /** 0–100 for the bar. */
  percent: number;
  /** The server's counts, as they are. */
  done: number;
  total: number;
  /**
   * The current phase's own count: an import counts every record twice (checked, then written), so
   * in "writing" the records written are `done − records`; otherwise `done` of `total`.
   */
  stepDone: number;
  stepTotal: number;
}

export function jobProgress(j: Pick<Job, 'kind' | 'status' | 'phase' | 'progressDone' | 'progressTotal'>): JobProgress {
  const total = Math.max(0, j.progressTotal);
  const done = Math.min(Math.max(0, j.progressDone), total);
  // An export of nothing has a total of 0: it is still done when it succeeded.
  const percent = total > 0 ? Math.round((done / total) * 100) : j.status === 'succeeded' ? 100 : 0;
  if (j.kind === 'htcds_import') {
    const records = Math.floor(total / 2);
    const writing = j.phase === 'writing';
    return { percent, done, total, stepDone: writing ? Math.max(0, done - records) : Math.min(done, records), stepTotal: records };
  }
  return { percent, done, total, stepDone: done, stepTotal: total };
}

export interface InvalidRow {
  index: number;
  id: string | null;
  path: string;
  message: string;
  messageTh: string;
}

/**
 * One row per error of the first `maxRecords` invalid records of an import report, in file order.
 * `shownRecords` is how many invalid records the rows cover, `invalidRecords` how many there are.
 */
export function invalidRows(report: Pick<HtcdsImportReport, 'results'>, maxRecords = 20): { rows: InvalidRow[]; shownRecords: number; invalidRecords: number } {
  const invalid = report.results.filter((r) => r.outcome === 'invalid').sort((a, b) => a.index - b.index);
  const shown = invalid.slice(0, maxRecords);
  const rows = shown.flatMap((r) =>
    r.errors.length > 0
      ? r.errors.map((e) => ({ index: r.index, id: r.id, path: e.path, message: e.message, messageTh: e.messageTh }))
      : [{ index: r.index, id: r.id, path: '', message: '', messageTh: '' }],
  );
  return { rows, shownRecords: shown.length, invalidRecords: invalid.length };
}

/** The instant an export's "changed since" date starts: midnight in Thailand, where the network works. */
export function sinceOfDate(date: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00+07:00` : undefined;
}

/** A count from a job's summary, or null when it is not a number. */
export function summaryCount(summary: Job['summary'], key: string): number | null {
  const v = summary?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
