import { randomBytes } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import { csvLines } from '../../platform/tabular.js';
import type { CtdcExportQuery } from '../../../contracts/ctdc.js';
import { SUPPRESSION_THRESHOLD } from '../../../contracts/stats.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { fullScope } from '../cases/cases.access.js';
import { chooseLevel, csvHeader, levels, rowOf } from './ctdc.anonymise.js';
import { classesQuery, createClassesTable, levelCountsQuery, parseLevelCounts, type ClassRow, type ExportFilter } from './ctdc.repository.js';
import { SUPPRESSED_MARK } from './tables.js';

export interface CtdcExportInfo {
  k: number;
  level: number;
  levelName: string;
  /** Victims in scope and period, each person once. */
  records: number;
  released: number;
  suppressed: number;
}

/** The counts as the response headers state them: a number, or "<5". */
export interface CtdcHeaderCounts { records: string; released: string; suppressed: string }

/**
 * The counts of an export as they may be published, by the small-cell rule of the statistics (a count from 1
 * to the threshold reads "<5", as in tables.ts): a filter that matches one victim must not answer "1 record,
 * 1 withheld". The released lines are counted in the file itself, so `records` (= released + suppressed) is
 * hidden with a hidden suppressed count, else subtraction gives it back; it is also a count of victims on
 * its own and follows the same rule. The audit log keeps the exact counts.
 */
export function headerCounts(info: Pick<CtdcExportInfo, 'records' | 'released' | 'suppressed'>): CtdcHeaderCounts {
  const small = (n: number) => n >= 1 && n <= SUPPRESSION_THRESHOLD;
  const hideSuppressed = small(info.suppressed);
  const hideRecords = hideSuppressed || small(info.records);
  return {
    records: hideRecords ? SUPPRESSED_MARK : String(info.records),
    released: String(info.released),
    suppressed: hideSuppressed ? SUPPRESSED_MARK : String(info.suppressed),
  };
}

export interface CtdcExport {
  info: CtdcExportInfo;
  /** The CSV, streamed: header line, then each released class's row as many times as it has victims. */
  body: NodeJS.ReadableStream;
}

const FETCH_ROWS = 1000;
/** Rows of one class are written in chunks of about this many bytes. */
const CHUNK_BYTES = 64 * 1024;

const line = (cells: readonly string[]) => csvLines([[...cells]]);

/** Resolves when the stream can take more, or has been closed (the client went away). */
function drained(s: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });
}

/**
 * The anonymised CTDC export (issue 6, API.md), on one connection (ctdc.repository.ts):
 *  1. one pass over the victims into a temporary table of full-detail classes and their sizes;
 *  2. for every generalisation level, how many victims sit in classes smaller than k;
 *  3. the classes of the chosen level that hold at least k victims, read through a cursor.
 * Steps 2 and 3 read the same table, so the counts in the headers describe exactly the rows sent, on
 * both engines, without holding a transaction open. A released row is its class's values, so the CSV is
 * each class's line repeated n times: memory holds one fetch of classes, never the victims.
 */
export function createCtdcService(deps: AppDeps) {
  const { database } = deps;

  async function exportCtdc(actor: Actor, q: CtdcExportQuery, audit: AuditContext): Promise<CtdcExport> {
    if (q.k < 2) throw new AppError('CTDC_K_TOO_SMALL', [{ path: 'query.k', message: 'must be at least 2' }]);
    if (q.from > q.to) throw new AppError('CTDC_PERIOD_REVERSED', [{ path: 'query.to', message: 'before from' }]);
    // Full access only: a referral recipient sees the parts it was given, not the victim context to republish.
    const filter: ExportFilter = { from: q.from, to: q.to, k: q.k, scope: fullScope(actor) };
    const body = new PassThrough();
    let ready!: (info: CtdcExportInfo) => void;
    let failed!: (err: unknown) => void;
    const started = new Promise<CtdcExportInfo>((res, rej) => {
      ready = res;
      failed = rej;
    });
    let headerSent = false;

    void database.withSession(async (s) => {
      const id = randomBytes(8).toString('hex');
      const table = `ctdc_classes_${id}`;
      const cursor = `ctdc_${id}`;
      let created = false;
      let declared = false;
      try {
        const ct = createClassesTable(table, filter);
        await s.query(ct.text, ct.params);
        created = true;
        const lc = levelCountsQuery(table, filter);
        const [row] = await s.query<Record<string, unknown>>(lc.text, lc.params);
        const counts = parseLevelCounts(row!);
        const level = chooseLevel(counts.suppressedByLevel, counts.total);
        const cq = classesQuery(table, filter, level);
        // WITH HOLD, outside a transaction: the result is kept when the statement ends, so the table can go now.
        await s.query(`DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR ${cq.text}`, cq.params);
        declared = true;
        await s.exec(`DROP TABLE ${table}`);
        created = false;
        let batch = await s.query<ClassRow>(`FETCH ${FETCH_ROWS} FROM ${cursor}`);
        const suppressed = counts.suppressedByLevel[level]!;
        ready({ k: q.k, level, levelName: levels[level]!.name, records: counts.total, released: counts.total - suppressed, suppressed });
        headerSent = true;
        if (!body.write(line(csvHeader))) await drained(body);
        while (batch.length > 0 && !body.destroyed) {
          for (const c of batch) {
            const text = line(rowOf({ year: c.y, gender: c.g, age: c.a, citizenship: c.c, country: c.o, months: c.m, flags: Number(c.f) }));
            const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / text.length));
            for (let left = Number(c.n); left > 0 && !body.destroyed; left -= perChunk) {
              if (!body.write(text.repeat(Math.min(left, perChunk)))) await drained(body);
            }
          }
          if (body.destroyed) break;
          batch = await s.query<ClassRow>(`FETCH ${FETCH_ROWS} FROM ${cursor}`);
        }
        await s.exec(`CLOSE ${cursor}`);
        declared = false;
        if (!body.destroyed) body.end();
      } finally {
        if (declared) await s.exec(`CLOSE ${cursor}`).catch(() => undefined);
        if (created) await s.exec(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      }
    }).catch((err: unknown) => {
      if (headerSent) body.destroy(err as Error);
      else failed(err);
    });

    const info = await started;
    try {
      await writeAudit(database.db, audit, {
        action: 'stats.ctdc_exported',
        details: {
          format: 'ctdc_csv', from: q.from, to: q.to, k: q.k, scope: actor.scope, provinceCode: actor.provinceCode,
          generalisation: info.levelName, records: info.records, released: info.released, suppressed: info.suppressed,
        },
      });
    } catch (err) {
      body.destroy();
      throw err;
    }
    return { info, body };
  }

  return { exportCtdc };
}
