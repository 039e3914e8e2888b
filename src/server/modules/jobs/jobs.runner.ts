import type { HtcdsImportRecord } from '../../../contracts/exchange.js';
import type { JobKind } from '../../../contracts/jobs.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AuditContext } from '../../platform/audit.js';
import { isAccountActive } from '../../platform/auth/sessions.js';
import { isTokenLive } from '../../platform/auth/tokens.js';
import { AppError } from '../../platform/errors.js';
import { createExchangeService } from '../exchange/exchange.service.js';
import { auditImport, createHtcdsImport, newImportSeen, reportOf, resultsOf } from '../exchange/htcds.import.js';
import type { JobQueue, JobQueueLog } from './job-queue.js';
import { actorNow, actorOfSnapshot, importSummary, jobPermission } from './jobs.service.js';
import * as repo from './jobs.repository.js';
import type { JobRow } from './jobs.repository.js';

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

  const progress = (id: string, set: Parameters<typeof repo.reportJob>[2]) => repo.reportJob(db, id, set);
  const checkpoint = () => {
    if (stopping) throw new Interrupted();
  };

  /** The caller must still be able to act, as sign-in and the API decide: an account, token or organisation deactivated since stops the job. */
  const ownerActive = (actor: Actor) => actor.kind === 'token' ? isTokenLive(db, actor.tokenId!) : isAccountActive(db, actor.userId!);

  async function runImport(job: JobRow, actor: Actor, ctx: AuditContext): Promise<void> {
    const params = job.params as { provinceCode: string; skipInvalid: boolean };
    // The province was allowed when the job started; the starter's scope may have narrowed since (throws FORBIDDEN).
    await importer.resolveProvince(actor, params.provinceCode);
    const parts = await repo.jobParts(db, job.id);
    const load = async (seq: number) => JSON.parse(cipher.decrypt(await repo.jobPartData(db, job.id, seq))) as unknown[];
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
    await repo.endJob(db, id, {
      status, errorCode: r.errorCode ?? null, summary: r.summary ?? null,
      ...(body !== undefined ? { resultEnc: cipher.encrypt(body), resultType: 'application/json', resultName: r.name ?? 'result.json' } : {}),
    });
  }

  async function run(jobId: string): Promise<void> {
    // Claim: a queued job, or a running one whose server stopped reporting. Anything else is done or in hand.
    const job = await repo.claimJob(db, jobId);
    if (!job) return;
    const started = actorOfSnapshot(job.actor);
    try {
      if (!(await ownerActive(started))) {
        await finish(job.id, 'failed', { errorCode: 'JOB_OWNER_INACTIVE' });
        return;
      }
      // Acts as the starter is now, within what they held then (actorNow): roles, permissions and scope
      // taken away while the job waited are not used.
      const now = started.kind === 'token' ? await repo.tokenNow(db, started.tokenId!) : await repo.userNow(db, started.userId!);
      const actor = now ? actorNow(started, now) : undefined;
      if (!actor) {
        await finish(job.id, 'failed', { errorCode: 'JOB_OWNER_INACTIVE' });
        return;
      }
      if (actor === 'moved') {
        await finish(job.id, 'failed', { errorCode: 'JOB_OWNER_MOVED' });
        return;
      }
      const ctx: AuditContext = { actor, requestId: `job:${job.id}` };
      if (!actor.permissions.has(jobPermission[job.kind as JobKind])) {
        await finish(job.id, 'failed', { errorCode: 'FORBIDDEN' });
        return;
      }
      if (job.kind === 'htcds_import') await runImport(job, actor, ctx);
      else await runExport(job, actor, ctx);
    } catch (err) {
      if (err instanceof Interrupted) {
        // Back in the queue as it was: the next start runs it from its first part (imports update what they wrote).
        await repo.requeueJob(db, job.id);
        throw err;
      }
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      if (!(err instanceof AppError)) log.error({ err: { type: (err as Error).name } }, 'background job failed');
      await finish(job.id, 'failed', { errorCode: code });
    }
  }

  async function recover(): Promise<number> {
    const rows = await repo.claimableJobs(db);
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
