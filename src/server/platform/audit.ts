import { isTransaction, type Db, type SqlSession } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';
import { insertRows } from '../db/bulk-insert.js';
import type { Actor } from './access/actor.js';
import { GroupCommit } from './group-commit.js';

/** Every audited operation has one typed action name; the viewer filters on these. */
export type AuditAction =
  | 'auth.login' | 'auth.login_failed' | 'auth.login_locked' | 'auth.mfa' | 'auth.mfa_failed' | 'auth.logout'
  | 'auth.logout_all' | 'auth.mfa_enrolled' | 'auth.password_changed' | 'auth.password_change_failed' | 'session.revoked'
  | 'request.replayed'
  | 'organisation.created' | 'organisation.updated'
  | 'user.created' | 'user.updated' | 'user.password_reset' | 'user.mfa_reset'
  | 'token.created' | 'token.revoked'
  | 'audit.viewed'
  | 'person.created' | 'person.viewed' | 'person.identity_viewed' | 'person.lookup'
  | 'report.received' | 'report.created' | 'report.viewed' | 'report.contact_viewed' | 'report.acknowledged'
  | 'report.assigned' | 'report.note_added' | 'report.info_requested' | 'report.marked_duplicate' | 'report.closed'
  | 'report.case_opened' | 'report.duplicate_dismissed' | 'report.listed' | 'report.notes_viewed' | 'report.duplicates_viewed'
  | 'network.contacts_viewed' | 'network.partner_updated' | 'network.service_added' | 'network.service_updated'
  | 'network.service_removed' | 'network.contact_added' | 'network.contact_updated' | 'network.contact_removed'
  | 'committee.created' | 'committee.updated' | 'committee.member_added' | 'committee.member_updated'
  | 'committee.order_added' | 'committee.order_updated' | 'document.downloaded'
  | 'meeting.created' | 'meeting.updated' | 'action_item.created' | 'action_item.updated'
  | 'mdt.created' | 'mdt.updated' | 'mdt.member_added' | 'mdt.member_updated' | 'mdt.roster_updated'
  | 'border_centre.created' | 'border_centre.updated' | 'border_centre.staff_added' | 'border_centre.staff_updated'
  | 'subdistrict_centre.created' | 'subdistrict_centre.updated' | 'subdistrict_centre.list_viewed' | 'subdistrict_centre.viewed'
  | 'volunteer.created' | 'volunteer.updated' | 'volunteer.list_viewed' | 'volunteer.viewed'
  | 'network.imported' | 'network.exported'
  | 'case.created' | 'case.viewed' | 'case.updated' | 'case.listed' | 'case.identity_search' | 'case.person_added'
  | 'case.person_updated' | 'case.person_identity_viewed' | 'case.event_added' | 'case.team_added' | 'case.team_removed'
  | 'case.timeline_viewed' | 'case.screened' | 'case.protection_recorded' | 'case.identified' | 'case.return_recorded'
  | 'case.closed' | 'case.reopened' | 'case.follow_up_scheduled' | 'case.follow_up_recorded'
  | 'case.consent_recorded' | 'case.consent_withdrawn' | 'case.service_added' | 'case.service_updated'
  | 'case.referral_requested' | 'case.referral_accepted' | 'case.referral_declined' | 'case.referral_revoked'
  | 'case.referral_withdrawn' | 'case.referral_consent_override' | 'case.transferred'
  | 'case.consents_viewed' | 'case.referrals_viewed' | 'case.referrals_listed' | 'case.services_viewed'
  | 'case.screenings_viewed' | 'case.follow_ups_viewed'
  | 'case.note_added' | 'case.notes_viewed' | 'case.attachment_added' | 'case.attachment_downloaded' | 'case.attachments_viewed'
  | 'screening_indicator.created' | 'screening_indicator.updated' | 'notification.outbox_viewed'
  | 'stats.ctdc_exported'
  | 'stats.table_exported'
  | 'exchange.htcds_exported' | 'exchange.htcds_imported' | 'job.created' | 'job.result_downloaded'
  | 'access.denied';

export interface AuditEntryInput {
  action: AuditAction;
  outcome?: 'success' | 'denied' | 'failure';
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** Ids and codes only: never names, ID numbers, phone numbers or free text. */
  details?: Record<string, string | number | boolean | null | string[]>;
}

export interface AuditContext {
  actor: Pick<Actor, 'userId' | 'tokenId' | 'organisationId'> | null;
  requestId: string;
}

/** Written with explicit arguments inside the caller's transaction, so the entry and the change commit together. */
export async function writeAudit(db: Db, ctx: AuditContext, entry: AuditEntryInput): Promise<void> {
  await writeAuditMany(db, ctx, [entry]);
}

type AuditRow = typeof auditLog.$inferInsert;

/**
 * Entries written outside a transaction (the audit of a read) are group-committed: those of concurrent
 * requests share one insert and one commit. The caller still resumes only once its entry is committed.
 */
const outsideTransaction = new WeakMap<Db, GroupCommit<AuditRow>>();

/** PostgreSQL refused a value (SQLSTATE class 22, data exception, or 23, integrity constraint): one row's fault. */
function refusedValue(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** Several entries in one statement (a bulk import); the chain trigger links them in order. */
export async function writeAuditMany(db: Db, ctx: AuditContext, entries: readonly AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  const rows: AuditRow[] = entries.map((entry) => ({
    actorUserId: ctx.actor?.userId ?? null,
    actorTokenId: ctx.actor?.tokenId ?? null,
    actorOrganisationId: ctx.actor?.organisationId ?? null,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: ctx.requestId,
    details: entry.details ?? {},
  }));
  if (isTransaction(db) || rows.length > 1) {
    await insertRows(db, auditLog, rows);
    return;
  }
  let group = outsideTransaction.get(db);
  if (!group) {
    group = new GroupCommit<AuditRow>((batch) => insertRows(db, auditLog, batch), { itemAtFault: refusedValue });
    outsideTransaction.set(db, group);
  }
  await group.add(rows[0]!);
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry whose stored hash or link does not match. */
  firstBroken: { seq: number; reason: 'hash_mismatch' | 'broken_link' | 'gap' } | null;
}

/** Recomputes the chain with the same SQL function the trigger uses, in pages. */
export async function verifyAuditChain(s: SqlSession): Promise<AuditVerifyResult> {
  let prevHash: string | null = null;
  let prevSeq = 0;
  let entries = 0;
  const pageSize = 5000;
  for (;;) {
    // ORDER BY the table's bigint column: a bare `seq` would name the text output column (1, 10, 11, 2 …).
    const rows: { seq: string; prev_hash: string | null; hash: string; computed: string }[] = await s.query(
      `SELECT seq::text, prev_hash, hash,
              audit_entry_hash(prev_hash, seq, at, actor_user_id, actor_token_id, actor_organisation_id,
                               action, target_type, target_id, request_id, outcome, details) AS computed
         FROM audit_log WHERE seq > $1 ORDER BY audit_log.seq LIMIT ${pageSize}`,
      [prevSeq],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== prevSeq + 1) return { ok: false, entries, firstBroken: { seq, reason: 'gap' } };
      if ((r.prev_hash ?? null) !== prevHash) return { ok: false, entries, firstBroken: { seq, reason: 'broken_link' } };
      if (r.hash !== r.computed) return { ok: false, entries, firstBroken: { seq, reason: 'hash_mismatch' } };
      prevHash = r.hash;
      prevSeq = seq;
      entries++;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, entries, firstBroken: null };
}

