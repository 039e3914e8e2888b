import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens, backgroundJobParts, backgroundJobs, organisations, userRoles, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';

export type JobRow = typeof backgroundJobs.$inferSelect;
type JobChanges = Partial<typeof backgroundJobs.$inferInsert>;

/** A running job that has not reported for this long belonged to a server that stopped: it is run again. */
export const STALE_AFTER_SECONDS = 120;

/** Queued, or running on a server that stopped reporting: what a worker may take. */
const claimable = sql`(${backgroundJobs.status} = 'queued'
  OR (${backgroundJobs.status} = 'running' AND ${backgroundJobs.heartbeatAt} < now() - make_interval(secs => ${STALE_AFTER_SECONDS})))`;

/** The jobs a caller started: a user's own, or a token's own. */
const ownedBy = (actor: Actor) =>
  actor.kind === 'token' ? eq(backgroundJobs.tokenId, actor.tokenId!) : eq(backgroundJobs.userId, actor.userId!);

export async function insertJob(db: Db, values: typeof backgroundJobs.$inferInsert): Promise<JobRow> {
  const [row] = await db.insert(backgroundJobs).values(values).returning();
  return row!;
}

export async function insertJobPart(db: Db, values: typeof backgroundJobParts.$inferInsert): Promise<void> {
  await db.insert(backgroundJobParts).values(values);
}

export async function findOwnJob(db: Db, actor: Actor, id: string): Promise<JobRow | undefined> {
  return (await db.select().from(backgroundJobs).where(and(eq(backgroundJobs.id, id), ownedBy(actor))))[0];
}

/** A caller's jobs, newest first, after the cursor. */
export async function listOwnJobs(db: Db, actor: Actor, cur: { sortKey: string; id: string } | undefined, limit: number): Promise<JobRow[]> {
  return db.select().from(backgroundJobs).where(and(
    ownedBy(actor),
    cur ? or(sql`${backgroundJobs.createdAt} < ${cur.sortKey}::timestamptz`,
      and(sql`${backgroundJobs.createdAt} = ${cur.sortKey}::timestamptz`, sql`${backgroundJobs.id} < ${cur.id}::uuid`)) : undefined,
  )).orderBy(desc(backgroundJobs.createdAt), desc(backgroundJobs.id)).limit(limit);
}

/** Progress, and the heartbeat that tells other servers this job is in hand. */
export async function reportJob(db: Db, id: string, changes: JobChanges): Promise<void> {
  await db.update(backgroundJobs).set({ ...changes, heartbeatAt: new Date() }).where(eq(backgroundJobs.id, id));
}

export async function jobParts(db: Db, jobId: string): Promise<{ seq: number; records: number }[]> {
  return db.select({ seq: backgroundJobParts.seq, records: backgroundJobParts.records }).from(backgroundJobParts)
    .where(eq(backgroundJobParts.jobId, jobId)).orderBy(asc(backgroundJobParts.seq));
}

export async function jobPartData(db: Db, jobId: string, seq: number): Promise<string> {
  const [p] = await db.select({ dataEnc: backgroundJobParts.dataEnc }).from(backgroundJobParts)
    .where(and(eq(backgroundJobParts.jobId, jobId), eq(backgroundJobParts.seq, seq)));
  return p!.dataEnc;
}

/** The job's outcome; its input is dropped, as it is not needed once the job has ended. */
export async function endJob(db: Db, id: string, changes: JobChanges): Promise<void> {
  await db.update(backgroundJobs).set({ ...changes, finishedAt: new Date(), heartbeatAt: new Date() }).where(eq(backgroundJobs.id, id));
  await db.delete(backgroundJobParts).where(eq(backgroundJobParts.jobId, id));
}

/** Takes a claimable job for this server; undefined when it is done or another server has it in hand. */
export async function claimJob(db: Db, id: string): Promise<JobRow | undefined> {
  const [job] = await db.update(backgroundJobs).set({
    status: 'running', heartbeatAt: new Date(), startedAt: sql`coalesce(${backgroundJobs.startedAt}, now())`,
  }).where(and(eq(backgroundJobs.id, id), claimable)).returning();
  return job;
}

/** Back in the queue as it was, for the next server start. */
export async function requeueJob(db: Db, id: string): Promise<void> {
  await db.update(backgroundJobs).set({ status: 'queued', heartbeatAt: null }).where(eq(backgroundJobs.id, id));
}

export async function claimableJobs(db: Db): Promise<{ id: string; status: string }[]> {
  return db.select({ id: backgroundJobs.id, status: backgroundJobs.status }).from(backgroundJobs).where(claimable);
}

/** What a job's starter holds now: where they work and what they may do (roles of a user, permissions of a token). */
export interface StarterNow {
  organisationId: string;
  provinceCode: string | null;
  /** A user's roles, or a token's permissions, as stored (unknown names are dropped by the caller). */
  grants: string[];
}

/** A user's organisation, its province and the user's roles, as sign-in reads them (sessions.ts). */
export async function userNow(db: Db, userId: string): Promise<StarterNow | undefined> {
  const [u] = await db.select({ organisationId: users.organisationId, provinceCode: organisations.provinceCode }).from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.id, userId));
  if (!u) return undefined;
  const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return { organisationId: u.organisationId, provinceCode: u.provinceCode?.trim() ?? null, grants: roles.map((r) => r.role) };
}

/** A token's organisation, its province and the token's permissions, as the API reads them (tokens.ts). */
export async function tokenNow(db: Db, tokenId: string): Promise<StarterNow | undefined> {
  const [t] = await db.select({ organisationId: apiTokens.organisationId, provinceCode: organisations.provinceCode, grants: apiTokens.permissions })
    .from(apiTokens).innerJoin(organisations, eq(organisations.id, apiTokens.organisationId)).where(eq(apiTokens.id, tokenId));
  return t ? { organisationId: t.organisationId, provinceCode: t.provinceCode?.trim() ?? null, grants: t.grants } : undefined;
}
