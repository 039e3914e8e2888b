import { scopeLevels, type Permission, type RoleName, type ScopeLevel } from '../../../contracts/access.js';
import type { Page } from '../../../contracts/common.js';
import type { HtcdsImportReport } from '../../../contracts/exchange.js';
import type { HtcdsExportJobRequest, HtcdsImportJobRequest, Job, JobKind } from '../../../contracts/jobs.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import type { JobActor } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { tokenActor, userActor } from '../../platform/access/guard.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError, errorCatalogue, type ErrorCode } from '../../platform/errors.js';
import { decodeCursor, isoOrNull, pageOf } from '../../platform/pagination.js';
import type { JobQueue } from './job-queue.js';
import * as repo from './jobs.repository.js';
import type { JobRow } from './jobs.repository.js';

/** Records per stored part: a job reads, checks and writes one part at a time. */
export const JOB_PART_RECORDS = 1000;

/** Which permission a job's kind needs, to start it and to download its result. */
export const jobPermission: Record<JobKind, Permission> = { htcds_import: 'exchange.write', htcds_export: 'exchange.read' };

export function actorSnapshot(a: Actor): JobActor {
  return {
    kind: a.kind, userId: a.userId, tokenId: a.tokenId, organisationId: a.organisationId, provinceCode: a.provinceCode,
    roles: [...a.roles], permissions: [...a.permissions], scope: a.scope,
  };
}

export function actorOfSnapshot(s: JobActor): Actor {
  return {
    kind: s.kind, userId: s.userId, tokenId: s.tokenId, sessionId: null, organisationId: s.organisationId, provinceCode: s.provinceCode,
    roles: s.roles as RoleName[], permissions: new Set(s.permissions as Permission[]), scope: s.scope as ScopeLevel,
  };
}

/**
 * Whom a job acts as when it runs: no more than its starter held when starting it (the snapshot) and no
 * more than they hold now, built as the access guard builds a signed-in user or a token (guard.ts). A role or a
 * permission taken away since, or a narrower scope, applies to a job already queued. A changed
 * organisation or province is not narrowed but refused ('moved'): the snapshot's records would be
 * another organisation's or province's, and the job was asked for where the starter was then.
 */
export function actorNow(snapshot: Actor, now: repo.StarterNow): Actor | 'moved' {
  if (now.organisationId !== snapshot.organisationId || now.provinceCode !== snapshot.provinceCode) return 'moved';
  const current = snapshot.kind === 'token'
    ? tokenActor({ id: snapshot.tokenId!, organisationId: now.organisationId, provinceCode: now.provinceCode, permissions: now.grants })
    : userActor({ userId: snapshot.userId!, organisationId: now.organisationId, provinceCode: now.provinceCode, roles: now.grants, complete: true });
  const narrower = (a: ScopeLevel, b: ScopeLevel) => (scopeLevels.indexOf(a) <= scopeLevels.indexOf(b) ? a : b);
  return {
    ...snapshot,
    roles: snapshot.roles.filter((r) => current.roles.includes(r)),
    permissions: new Set([...current.permissions].filter((p) => snapshot.permissions.has(p))),
    scope: narrower(snapshot.scope, current.scope),
  };
}

export function toJob(r: JobRow): Job {
  const err = r.errorCode ? errorCatalogue[r.errorCode as ErrorCode] : undefined;
  return {
    id: r.id,
    kind: r.kind as Job['kind'],
    status: r.status as Job['status'],
    phase: r.phase as Job['phase'],
    progressDone: r.progressDone,
    progressTotal: r.progressTotal,
    summary: r.summary ?? null,
    error: r.errorCode ? { code: r.errorCode, message: err?.en ?? r.errorCode, messageTh: err?.th ?? r.errorCode } : null,
    resultName: r.resultEnc ? r.resultName : null,
    createdAt: r.createdAt.toISOString(),
    startedAt: isoOrNull(r.startedAt),
    finishedAt: isoOrNull(r.finishedAt),
  };
}

/**
 * Starting, listing and downloading background jobs. A job records who started it (permissions and
 * scope as they were) and runs as that caller, narrowed to what they hold when it runs (actorNow); its
 * input and result are encrypted with the data key.
 */
export function createJobService({ database, cipher }: AppDeps, queue: JobQueue) {
  const db = database.db;

  async function enqueue(actor: Actor, kind: JobKind, params: Record<string, unknown>, parts: unknown[][], ctx: AuditContext): Promise<Job> {
    const row = await db.transaction(async (trx: Db) => {
      const job = await repo.insertJob(trx, {
        kind, organisationId: actor.organisationId, userId: actor.userId, tokenId: actor.tokenId, actor: actorSnapshot(actor), params,
        progressTotal: parts.reduce((n, p) => n + p.length, 0) * (kind === 'htcds_import' ? 2 : 1),
      });
      for (const [seq, records] of parts.entries()) {
        await repo.insertJobPart(trx, { jobId: job.id, seq, records: records.length, dataEnc: cipher.encrypt(JSON.stringify(records)) });
      }
      await writeAudit(trx, ctx, { action: 'job.created', targetType: 'background_job', targetId: job.id, details: { kind, ...params } });
      return job;
    });
    // After the commit: the worker must find the row. Should this fail, the runner's check re-sends queued jobs.
    await queue.send(row.id).catch(() => undefined);
    return toJob(row);
  }

  async function own(actor: Actor, id: string): Promise<JobRow> {
    const row = await repo.findOwnJob(db, actor, id);
    if (!row) throw new AppError('JOB_NOT_FOUND');
    return row;
  }

  return {
    startImport(actor: Actor, req: HtcdsImportJobRequest, provinceCode: string, ctx: AuditContext): Promise<Job> {
      const parts: unknown[][] = [];
      for (let i = 0; i < req.cases.length; i += JOB_PART_RECORDS) parts.push(req.cases.slice(i, i + JOB_PART_RECORDS));
      return enqueue(actor, 'htcds_import', { provinceCode, skipInvalid: req.skipInvalid, records: req.cases.length }, parts, ctx);
    },

    startExport(actor: Actor, req: HtcdsExportJobRequest, ctx: AuditContext): Promise<Job> {
      return enqueue(actor, 'htcds_export', { since: req.since ?? null }, [], ctx);
    },

    async list(actor: Actor, q: Page) {
      const cur = decodeCursor(q.cursor);
      const rows = await repo.listOwnJobs(db, actor, cur, q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(toJob), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string): Promise<Job> {
      return toJob(await own(actor, id));
    },

    /**
     * The result, decrypted for the one who started the job while they still hold the kind's permission,
     * and case.identity.read if the job held it (its result may carry names and ID numbers).
     */
    async result(actor: Actor, id: string, ctx: AuditContext): Promise<{ name: string; type: string; body: string }> {
      const row = await own(actor, id);
      if (!actor.permissions.has(jobPermission[row.kind as JobKind])) throw new AppError('FORBIDDEN');
      if (row.actor.permissions.includes('case.identity.read') && !actor.permissions.has('case.identity.read')) throw new AppError('FORBIDDEN');
      if (!row.resultEnc) throw new AppError('JOB_RESULT_NOT_READY');
      await writeAudit(db, ctx, {
        action: 'job.result_downloaded', targetType: 'background_job', targetId: id, details: { kind: row.kind, ...(row.summary ?? {}) } as Record<string, string | number | boolean | null>,
      });
      return { name: row.resultName ?? `${row.kind}.json`, type: row.resultType ?? 'application/json', body: cipher.decrypt(row.resultEnc) };
    },
  };
}

/** The import's report as the job keeps it: every record's outcome, the invalid ones with their errors. */
export function importSummary(r: HtcdsImportReport): Record<string, unknown> {
  return { records: r.records, created: r.created, updated: r.updated, invalid: r.invalid, committed: r.committed };
}
