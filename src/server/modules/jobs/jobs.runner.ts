import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { HtcdsImportRecord } from '../../../contracts/exchange.js';
import type { AppDeps } from '../../deps.js';
import { apiTokens, backgroundJobParts, backgroundJobs, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { createExchangeService } from '../exchange/exchange.service.js';
import { auditImport, createHtcdsImport, newImportSeen, reportOf, resultsOf } from '../exchange/htcds.import.js';
import type { JobQueue, JobQueueLog } from './job-queue.js';
import { actorOfSnapshot, importSummary, type JobRow } from './jobs.service.js';

/** A running job that has not reported for this long belonged to a server that stopped: it is run again. */
export const STALE_AFTER_SECONDS = 120;
const EXPORT_PAGE = 200;

class Interrupted extends Error {}

export interface JobRunner {
  /** Takes jobs from the queue and re-sends the ones a stopped server left behind (now and every `checkEveryMs`). */
  start(): Promise<void>;
  /** Stops taking jobs; a job under way stops after its current part and waits in the queue for the next start. */
  stop(): Promise<void>;
  /** Runs one job now (the queue's handler; tests call it directly). */
  run(jobId: string): Promise<void>;
  /** Re-sends queued jobs without a queue message and running jobs whose server stopped. */
  recover(): Promise<number>;
}

export function createJobRunner(deps: AppDeps, queue: JobQueue, log: JobQueueLog, opts: { checkEveryMs?: number } = {}): JobRunner {
  const db = deps.database.db;
  const cipher = deps.cipher;
  const importer = createHtcdsImport(deps);
  const exchange = createExchangeService(deps);
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const progress = (id: string, set: Partial<typeof backgroundJobs.$inferInsert>) =>
    db.update(backgroundJobs).set({ ...set, heartbeatAt: new Date() }).where(eq(backgroundJobs.id, id));
  const checkpoint = () => {
    if (stopping) throw new Interrupted();
  };

  /** The caller must still be able to act: an account deactivated or a token revoked since stops the job. */
  async function ownerActive(actor: Actor): Promise<boolean> {
    if (actor.kind === 'token') {
      const [t] = await db.select({ id: apiTokens.id }).from(apiTokens)
        .where(and(eq(apiTokens.id, actor.tokenId!), isNull(apiTokens.revokedAt), sql`${apiTokens.expiresAt} > now()`));
      return Boolean(t);
    }
    const [u] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, actor.userId!), eq(users.active, true)));
    return Boolean(u);
  }

  async function runImport(job: JobRow, actor: Actor, ctx: AuditContext): Promise<void> {
    const params = job.params as { provinceCode: string; skipInvalid: boolean };
    const parts = await db.select({ seq: backgroundJobParts.seq, records: backgroundJobParts.records }).from(backgroundJobParts)
      .where(eq(backgroundJobParts.jobId, job.id)).orderBy(asc(backgroundJobParts.seq));
    const load = async (seq: number) => {
      const [p] = await db.select({ dataEnc: backgroundJobParts.dataEnc }).from(backgroundJobParts)
        .where(and(eq(backgroundJobParts.jobId, job.id), eq(backgroundJobParts.seq, seq)));
      return JSON.parse(cipher.decrypt(p!.dataEnc)) as unknown[];
    };
    // 1. Check every record before the first write; only the bad ones are kept in memory.
    const seen = newImportSeen();
    const results: HtcdsImportRecord[] = [];
    let done = 0;
    await progress(job.id, { phase: 'validating', progressDone: 0 });
    for (const part of parts) {
      checkpoint();
      const checked = await importer.check(db, actor, await load(part.seq), done, seen);
      results.push(...resultsOf(checked.batch));
      done += part.records;
      await progress(job.id, { progressDone: done });
    }
    const invalid = results.filter((r) => r.outcome === 'invalid').length;
    if (invalid > 0 && !params.skipInvalid) {
      const report = reportOf(results, false, false);
      await finish(job.id, 'failed', { errorCode: 'HTCDS_IMPORT_HAS_ERRORS', summary: importSummary(report), result: report, name: 'htcds-import-report.json' });
      return;
    }
    // 2. Write part by part, each part one transaction under the sender's lock. A part checked again
    // here sees what earlier parts wrote, so a record is created once and updated after.
    await progress(job.id, { phase: 'writing' });
    const written: HtcdsImportRecord[] = [];
    let offset = 0;
    const seenAgain = newImportSeen();
    for (const part of parts) {
      checkpoint();
      const records = await load(part.seq);
      const partResults = await db.transaction(async (trx) => {
        await importer.lockSender(trx, actor);
        const checked = await importer.check(trx, actor, records, offset, seenAgain);
        return importer.write(trx, actor, params.provinceCode, checked, ctx);
      });
      written.push(...partResults);
      offset += part.records;
      await progress(job.id, { progressDone: done + offset });
    }
    const report = reportOf(written, true, false);
    await db.transaction(async (trx) => {
      await auditImport(trx, ctx, report, { provinceCode: params.provinceCode, skipInvalid: params.skipInvalid, jobId: job.id });
    });
    await finish(job.id, 'succeeded', { summary: importSummary(report), result: report, name: 'htcds-import-report.json' });
  }

  async function runExport(job: JobRow, actor: Actor, ctx: AuditContext): Promise<void> {
    const since = (job.params as { since: string | null }).since ?? undefined;
    const total = await exchange.countCases(actor, since);
    await progress(job.id, { phase: 'exporting', progressTotal: total, progressDone: 0 });
    const items: string[] = [];
    let persons = 0;
    let cursor: string | undefined;
    do {
      checkpoint();
      const page = await exchange.exportCases(actor, { limit: EXPORT_PAGE, ...(since ? { since } : {}), ...(cursor ? { cursor } : {}) }, ctx);
      for (const c of page.items) {
        items.push(JSON.stringify(c));
        persons += c.persons.length;
      }
      cursor = page.nextCursor ?? undefined;
      await progress(job.id, { progressDone: items.length, progressTotal: Math.max(total, items.length) });
    } while (cursor);
    await finish(job.id, 'succeeded', {
      summary: { cases: items.length, persons, since: since ?? null },
      body: `{"items":[${items.join(',')}]}`, name: 'htcds-cases.json',
    });
  }

  async function finish(id: string, status: 'succeeded' | 'failed', r: { errorCode?: string; summary?: Record<string, unknown>; result?: unknown; body?: string; name?: string }) {
    const body = r.body ?? (r.result !== undefined ? JSON.stringify(r.result) : undefined);
    await db.update(backgroundJobs).set({
      status, errorCode: r.errorCode ?? null, summary: r.summary ?? null, finishedAt: new Date(), heartbeatAt: new Date(),
      ...(body !== undefined ? { resultEnc: cipher.encrypt(body), resultType: 'application/json', resultName: r.name ?? 'result.json' } : {}),
    }).where(eq(backgroundJobs.id, id));
    // The input is not needed once the job has ended.
    await db.delete(backgroundJobParts).where(eq(backgroundJobParts.jobId, id));
  }

  async function run(jobId: string): Promise<void> {
    // Claim: a queued job, or a running one whose server stopped reporting. Anything else is done or in hand.
    const [job] = await db.update(backgroundJobs).set({
      status: 'running', heartbeatAt: new Date(), startedAt: sql`coalesce(${backgroundJobs.startedAt}, now())`,
    }).where(and(eq(backgroundJobs.id, jobId), sql`(${backgroundJobs.status} = 'queued'
      OR (${backgroundJobs.status} = 'running' AND ${backgroundJobs.heartbeatAt} < now() - make_interval(secs => ${STALE_AFTER_SECONDS})))`))
      .returning();
    if (!job) return;
    const actor = actorOfSnapshot(job.actor);
    const ctx: AuditContext = { actor, requestId: `job:${job.id}` };
    try {
      if (!(await ownerActive(actor))) {
        await finish(job.id, 'failed', { errorCode: 'JOB_OWNER_INACTIVE' });
        return;
      }
      if (job.kind === 'htcds_import') await runImport(job, actor, ctx);
      else await runExport(job, actor, ctx);
    } catch (err) {
      if (err instanceof Interrupted) {
        // Back in the queue as it was: the next start runs it from its first part (imports update what they wrote).
        await db.update(backgroundJobs).set({ status: 'queued', heartbeatAt: null }).where(eq(backgroundJobs.id, job.id));
        throw err;
      }
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      if (!(err instanceof AppError)) log.error({ err: { type: (err as Error).name } }, 'background job failed');
      await finish(job.id, 'failed', { errorCode: code });
    }
  }

  async function recover(): Promise<number> {
    const rows = await db.select({ id: backgroundJobs.id, status: backgroundJobs.status }).from(backgroundJobs).where(sql`${backgroundJobs.status} = 'queued'
      OR (${backgroundJobs.status} = 'running' AND ${backgroundJobs.heartbeatAt} < now() - make_interval(secs => ${STALE_AFTER_SECONDS}))`);
    let sent = 0;
    for (const { id, status } of rows) {
      // A stale running job's message is still "active" for its dead server: send a new one regardless
      // (the claim in `run` lets only one of them work).
      if (status === 'queued' && (await queue.pending(id))) continue;
      await queue.send(id);
      sent++;
    }
    return sent;
  }

  return {
    async start() {
      await queue.work((id) => run(id));
      await recover();
      timer = setInterval(() => {
        recover().catch((err: Error) => log.error({ err: { type: err.name } }, 'job recovery failed'));
      }, opts.checkEveryMs ?? 60_000);
      timer.unref();
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await queue.stop();
    },
    run,
    recover,
  };
}
