import { describe, expect, it } from 'vitest';
import { HtcdsExportJobRequest, IMPORT_JOB_BODY_LIMIT } from '../../../contracts/jobs.js';
import en from '../../i18n/exchange.en.json';
import th from '../../i18n/exchange.th.json';
import {
  anyActive, fileSizeProblem, HTCDS_IMPORT_JOB_MAX, IMPORT_FILE_MAX_BYTES, invalidRows, jobProgress, recordsOfJson, sinceOfDate, summaryCount,
} from './records.js';

describe('reading an import file', () => {
  it('takes a list of records, an export ({items}) or an import body ({cases})', () => {
    expect(recordsOfJson('[{"id":"a"},{"id":"b"}]')).toEqual({ ok: true, records: [{ id: 'a' }, { id: 'b' }] });
    expect(recordsOfJson('{"items":[{"id":"a"}],"nextCursor":null}')).toEqual({ ok: true, records: [{ id: 'a' }] });
    expect(recordsOfJson('{"skipInvalid":true,"cases":[{"id":"a"}]}')).toEqual({ ok: true, records: [{ id: 'a' }] });
  });

  it('reads a file saved with a byte-order mark and surrounding white space', () => {
    expect(recordsOfJson('\uFEFF\n [ {"id":"a"} ]\n')).toEqual({ ok: true, records: [{ id: 'a' }] });
  });

  it('keeps records as they are: the server checks each one and names the bad ones', () => {
    const r = recordsOfJson('[1, null, "x", {"prs_Gender":"Unknown"}]');
    expect(r).toEqual({ ok: true, records: [1, null, 'x', { prs_Gender: 'Unknown' }] });
  });

  it('says a file is not JSON', () => {
    for (const text of ['', 'id,name\n1,a', '{"items": [', '<html></html>']) expect(recordsOfJson(text)).toEqual({ ok: false, problem: 'notJson' });
  });

  it('says a file has no records: an empty list, no list, or something else', () => {
    for (const text of ['[]', '{"items":[]}', '{"cases":[]}', '{}', '{"items":{"id":"a"}}', 'null', '42', '"text"', '{"data":[{"id":"a"}]}']) {
      expect(recordsOfJson(text), text).toEqual({ ok: false, problem: 'noRecords' });
    }
  });

  it(`refuses more than ${HTCDS_IMPORT_JOB_MAX.toLocaleString('en')} records, the job's limit`, () => {
    const at = `[${Array.from({ length: HTCDS_IMPORT_JOB_MAX }, () => '0').join(',')}]`;
    expect(recordsOfJson(at)).toMatchObject({ ok: true });
    expect(recordsOfJson(`[0,${at.slice(1)}`)).toEqual({ ok: false, problem: 'tooMany' });
  });

  it('refuses a file that could not fit in the 128 MB request with its wrapper', () => {
    expect(IMPORT_FILE_MAX_BYTES).toBeLessThan(IMPORT_JOB_BODY_LIMIT);
    expect(IMPORT_JOB_BODY_LIMIT - IMPORT_FILE_MAX_BYTES).toBeGreaterThanOrEqual(`{"cases":,"skipInvalid":false,"provinceCode":"57"}`.length);
    expect(fileSizeProblem(IMPORT_FILE_MAX_BYTES)).toBeNull();
    expect(fileSizeProblem(IMPORT_FILE_MAX_BYTES + 1)).toBe('tooLarge');
    expect(fileSizeProblem(200 * 1024 * 1024)).toBe('tooLarge');
  });
});

describe('job progress', () => {
  const job = { kind: 'htcds_import' as const, status: 'running' as const, phase: 'validating' as const, progressDone: 0, progressTotal: 2000 };

  it('counts an import in its phase: records checked, then records written (the server counts each twice)', () => {
    expect(jobProgress({ ...job, progressDone: 500 })).toEqual({ percent: 25, done: 500, total: 2000, stepDone: 500, stepTotal: 1000 });
    expect(jobProgress({ ...job, phase: 'writing', progressDone: 1000 })).toMatchObject({ percent: 50, stepDone: 0, stepTotal: 1000 });
    expect(jobProgress({ ...job, phase: 'writing', progressDone: 1750 })).toMatchObject({ percent: 88, stepDone: 750 });
    expect(jobProgress({ ...job, status: 'succeeded', phase: 'writing', progressDone: 2000 })).toMatchObject({ percent: 100, stepDone: 1000, stepTotal: 1000 });
  });

  it('shows a failed check where it stopped', () => {
    expect(jobProgress({ ...job, status: 'failed', progressDone: 1000 })).toMatchObject({ percent: 50, stepDone: 1000, stepTotal: 1000 });
  });

  it('counts an export in cases, and an export of nothing as done when it succeeded', () => {
    const ex = { kind: 'htcds_export' as const, status: 'running' as const, phase: 'exporting' as const, progressDone: 200, progressTotal: 450 };
    expect(jobProgress(ex)).toEqual({ percent: 44, done: 200, total: 450, stepDone: 200, stepTotal: 450 });
    expect(jobProgress({ ...ex, status: 'succeeded', progressDone: 0, progressTotal: 0 }).percent).toBe(100);
    expect(jobProgress({ ...ex, status: 'queued', phase: null, progressDone: 0, progressTotal: 0 }).percent).toBe(0);
  });

  it('never draws beyond the bar, whatever the counts', () => {
    expect(jobProgress({ ...job, progressDone: 2500 }).percent).toBe(100);
    expect(jobProgress({ ...job, progressDone: -3 }).percent).toBe(0);
  });

  it('keeps polling while any job of any page is queued or running', () => {
    expect(anyActive(undefined)).toBe(false);
    expect(anyActive([{ items: [{ status: 'succeeded' }, { status: 'failed' }] }])).toBe(false);
    expect(anyActive([{ items: [{ status: 'succeeded' }] }, { items: [{ status: 'queued' }] }])).toBe(true);
    expect(anyActive([{ items: [{ status: 'running' }] }])).toBe(true);
  });
});

describe('an import report', () => {
  const issue = (path: string) => ({ path, message: `${path} is wrong`, messageTh: `${path} ไม่ถูกต้อง` });
  const rec = (index: number, errors: ReturnType<typeof issue>[]) => ({
    index, id: `c${index}`, outcome: errors.length ? 'invalid' as const : 'created' as const, caseId: null, caseNumber: null, errors, warnings: [],
  });

  it('lists one row per problem of the invalid records, in file order, the first ones only', () => {
    const results = [rec(5, [issue('persons.0.prs_Gender'), issue('persons.0.con_Consent')]), rec(0, []), rec(2, [issue('id')]), rec(9, [issue('cas_Status')])];
    const r = invalidRows({ results }, 2);
    expect(r.invalidRecords).toBe(3);
    expect(r.shownRecords).toBe(2);
    expect(r.rows.map((x) => [x.index, x.path])).toEqual([[2, 'id'], [5, 'persons.0.prs_Gender'], [5, 'persons.0.con_Consent']]);
    expect(r.rows[0]).toMatchObject({ id: 'c2', message: 'id is wrong', messageTh: 'id ไม่ถูกต้อง' });
  });

  it('has nothing to list for a clean report', () => {
    expect(invalidRows({ results: [rec(0, [])] })).toEqual({ rows: [], shownRecords: 0, invalidRecords: 0 });
  });
});

describe('small helpers', () => {
  it('starts "changed since" at midnight in Thailand', () => {
    expect(sinceOfDate('2026-01-31')).toBe('2026-01-31T00:00:00+07:00');
    expect(new Date(sinceOfDate('2026-01-31')!).toISOString()).toBe('2026-01-30T17:00:00.000Z');
    // The server's request schema takes it as it is.
    expect(HtcdsExportJobRequest.parse({ since: sinceOfDate('2026-01-31') })).toEqual({ since: '2026-01-31T00:00:00+07:00' });
    expect(sinceOfDate('')).toBeUndefined();
    expect(sinceOfDate('31/01/2569')).toBeUndefined();
  });

  it('reads numbers only from a summary', () => {
    expect(summaryCount({ cases: 3, since: null, bad: '4' }, 'cases')).toBe(3);
    expect(summaryCount({ bad: '4' }, 'bad')).toBeNull();
    expect(summaryCount(null, 'cases')).toBeNull();
  });
});

describe('the page strings', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

  it('has the same keys in Thai and English, none empty', () => {
    expect(keys(th).sort()).toEqual(keys(en).sort());
    const values = (o: object): unknown[] => Object.values(o).flatMap((v) => (v && typeof v === 'object' ? values(v) : [v]));
    for (const v of [...values(th), ...values(en)]) expect(typeof v === 'string' && v.trim().length > 0).toBe(true);
  });

  it('names every status, phase and kind a job can have', async () => {
    const { jobKinds, jobPhases, jobStatuses } = await import('../../../contracts/jobs.js');
    for (const s of jobStatuses) expect(th.exchange.jobs.status[s]).toBeTruthy();
    for (const p of jobPhases) expect(th.exchange.jobs.phase[p] && th.exchange.jobs.progress[p]).toBeTruthy();
    for (const k of jobKinds) expect(en.exchange.jobs.kind[k]).toBeTruthy();
  });
});
