import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { roles as roleDefs, type RoleName } from '../../../contracts/access.js';
import type {
  PublicReportCreate, Report, ReportAssign, ReportClose, ReportFields, ReportMarkDuplicate, ReportNoteCreate, ReportOpenCase,
  ReportQueueQuery, ReportStatus, StaffReportCreate,
} from '../../../contracts/report.js';
import type { AppDeps } from '../../deps.js';
import { organisations, reports } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { provinceQueueCondition, scopeCondition } from '../../platform/access/scope.js';
import { writeAudit, type AuditAction, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { isoOrNull } from '../../platform/pagination.js';
import { enforceRateLimit, useOnce } from '../../platform/rate-limit.js';
import { findOrganisation, provinceExists } from '../organisations/organisations.repository.js';
import { countryExists } from '../persons/persons.repository.js';
import { checkChallenge } from './proof-of-work.js';
import { segmentWords } from './segment.js';
import * as repo from './reports.repository.js';

/** Act s.29 and the NRM: urgent reports are acknowledged within 1 hour and acted on within 24. */
export const ACK_WITHIN_MS = 60 * 60_000;
export const ACT_WITHIN_MS = 24 * 60 * 60_000;
const DUPLICATE_MIN_SCORE = 0.35;

export interface ReportLimits {
  /** Public reports per address per hour. */
  publicReportsPerHour: number;
  /** Public status checks per address per 15 minutes. */
  statusChecksPer15Min: number;
}
export const defaultReportLimits: ReportLimits = { publicReportsPerHour: 10, statusChecksPer15Min: 10 };

// Crockford base32 without look-alikes: a reference read over the phone is not misheard.
const REF_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
  return `R-${s.slice(0, 4)}-${s.slice(4)}`;
}

const publicStatusOf = (s: string): 'received' | 'being_handled' | 'closed' =>
  s === 'received' ? 'received' : s === 'duplicate' || s === 'closed' ? 'closed' : 'being_handled';

export function toReport(r: repo.ReportRow, now = Date.now()): Report {
  const ackOverdue = !!r.ackDueAt && !r.acknowledgedAt && r.ackDueAt.getTime() < now;
  const actionOverdue = !!r.actionDueAt && !r.actionedAt && r.actionDueAt.getTime() < now;
  return {
    id: r.id,
    reference: r.reference,
    source: r.source as Report['source'],
    channel: r.channel as Report['channel'],
    language: r.language as Report['language'],
    sourceOrganisationId: r.sourceOrganisationId,
    description: r.description,
    provinceCode: r.provinceCode?.trim() ?? null,
    districtCode: r.districtCode?.trim() ?? null,
    placeDescription: r.placeDescription,
    happenedOn: r.happenedOn,
    whenDescription: r.whenDescription,
    peopleCount: r.peopleCount,
    approxAge: r.approxAge,
    sexOfPeople: r.sexOfPeople as Report['sexOfPeople'],
    nationality: r.nationality,
    childrenInvolved: r.childrenInvolved as Report['childrenInvolved'],
    immediateDanger: r.immediateDanger,
    urgent: r.urgent,
    hasContact: !!(r.contactNameEnc || r.contactPhoneEnc || r.contactLineEnc),
    routedProvinceCode: r.routedProvinceCode?.trim() ?? null,
    status: r.status as ReportStatus,
    assignedTo: r.assignedTo,
    acknowledgedAt: isoOrNull(r.acknowledgedAt),
    actionedAt: isoOrNull(r.actionedAt),
    ackDueAt: isoOrNull(r.ackDueAt),
    actionDueAt: isoOrNull(r.actionDueAt),
    ackOverdue,
    actionOverdue,
    closedAt: isoOrNull(r.closedAt),
    closeReason: r.closeReason as Report['closeReason'],
    duplicateOf: r.duplicateOf,
    caseDecisionAt: isoOrNull(r.caseDecisionAt),
    caseId: r.caseId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

const triageRoles = (Object.keys(roleDefs) as RoleName[]).filter((r) => roleDefs[r].permissions.includes('report.triage'));

export function createReportService({ database, cipher }: AppDeps, limits: ReportLimits = defaultReportLimits) {
  const db = database.db;
  const scope = (actor: Actor) => provinceQueueCondition(actor, reports.routedProvinceCode);

  /** Area and country codes must exist, and a district must lie in the chosen province. */
  async function checkFields(f: z.infer<typeof ReportFields>) {
    if (f.provinceCode && !(await provinceExists(db, f.provinceCode))) {
      throw new AppError('UNKNOWN_PROVINCE', [{ path: 'provinceCode', message: 'unknown province code' }]);
    }
    if (f.districtCode) {
      const p = await repo.districtProvince(db, f.districtCode);
      if (!p || !f.provinceCode || p !== f.provinceCode) {
        throw new AppError('UNKNOWN_DISTRICT', [{ path: 'districtCode', message: 'district not in the chosen province' }]);
      }
    }
    if (f.nationality && !(await countryExists(db, f.nationality))) {
      throw new AppError('UNKNOWN_COUNTRY', [{ path: 'nationality', message: 'unknown country code' }]);
    }
  }

  function valuesOf(f: z.infer<typeof ReportFields>, now: Date) {
    const urgent = f.immediateDanger || f.childrenInvolved === 'yes' || (f.approxAge !== undefined && f.approxAge < 18);
    const phone = f.contactPhone?.replace(/[\s()-]/g, '');
    return {
      language: f.language,
      description: f.description,
      descriptionSegmented: segmentWords(f.description),
      provinceCode: f.provinceCode ?? null,
      districtCode: f.districtCode ?? null,
      placeDescription: f.placeDescription ?? null,
      happenedOn: f.happenedOn ?? null,
      whenDescription: f.whenDescription ?? null,
      peopleCount: f.peopleCount ?? null,
      approxAge: f.approxAge ?? null,
      sexOfPeople: f.sexOfPeople,
      nationality: f.nationality ?? null,
      childrenInvolved: f.childrenInvolved,
      immediateDanger: f.immediateDanger,
      urgent,
      contactNameEnc: cipher.encryptOpt(f.contactName),
      contactPhoneEnc: cipher.encryptOpt(f.contactPhone),
      contactLineEnc: cipher.encryptOpt(f.contactLine),
      contactPhoneIndex: phone ? cipher.blindIndex('report-contact-phone', phone) : null,
      contactLineIndex: f.contactLine ? cipher.blindIndex('report-contact-line', f.contactLine.toLowerCase()) : null,
      routedProvinceCode: f.provinceCode ?? null,
      ackDueAt: urgent ? new Date(now.getTime() + ACK_WITHIN_MS) : null,
      actionDueAt: urgent ? new Date(now.getTime() + ACT_WITHIN_MS) : null,
      createdAt: now,
    };
  }

  /** Inserts, proposes possible duplicates and audits, in one transaction. */
  async function record(values: typeof reports.$inferInsert, ctx: AuditContext, action: 'report.received' | 'report.created') {
    return db.transaction(async (trx) => {
      const row = await repo.insertReport(trx, values);
      const candidates = await repo.findDuplicateCandidates(trx, row);
      const proposed = candidates
        .map((c) => {
          const reasons = (['same_area', 'neighbouring_area', 'close_in_time', 'same_contact'] as const).filter((k) => c[k]);
          if (c.similarity >= 0.3) reasons.push('similar_text' as never);
          const score = Math.min(1, c.similarity * 0.6 + (c.same_contact ? 0.4 : 0) + (c.same_area ? 0.2 : c.neighbouring_area ? 0.1 : 0) + (c.close_in_time ? 0.1 : 0));
          return { reportId: row.id, candidateId: c.id, score, reasons: reasons as string[] };
        })
        .filter((c) => c.score >= DUPLICATE_MIN_SCORE);
      await repo.insertCandidates(trx, proposed);
      await writeAudit(trx, ctx, {
        action, targetType: 'report', targetId: row.id,
        details: { channel: row.channel, routedProvince: row.routedProvinceCode?.trim() ?? null, urgent: row.urgent, duplicateCandidates: proposed.length },
      });
      return row;
    });
  }

  async function getInScope(actor: Actor, id: string) {
    const row = await repo.findReport(db, id, scope(actor));
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  /** One triage step: version-checked, open reports only, audited with the new status. */
  async function act(
    actor: Actor, id: string, version: number, ctx: AuditContext, action: AuditAction,
    change: (r: repo.ReportRow) => Partial<typeof reports.$inferInsert>,
    extra?: (trx: typeof db, r: repo.ReportRow) => Promise<void>,
  ) {
    const current = await getInScope(actor, id);
    if (current.closedAt) throw new AppError('REPORT_CLOSED');
    return db.transaction(async (trx) => {
      const row = await repo.updateReport(trx, id, version, change(current));
      if (!row) throw new AppError('STALE_VERSION');
      await extra?.(trx, row);
      await writeAudit(trx, ctx, {
        action, targetType: 'report', targetId: id, details: { from: current.status, to: row.status },
      });
      return toReport(row);
    });
  }
  const now = () => new Date();

  return {
    async createPublic(input: z.infer<typeof PublicReportCreate>, ip: string | null, ctx: AuditContext) {
      await enforceRateLimit(db, `public-report:${ip ?? 'unknown'}`, limits.publicReportsPerHour, 3600, 'REPORTS_LIMITED');
      if (input.website) throw new AppError('REPORT_REJECTED');
      const check = checkChallenge(cipher, input.challenge.token, input.challenge.counter);
      if (check === 'invalid') throw new AppError('CHALLENGE_INVALID', [{ path: 'challenge', message: 'invalid or expired' }]);
      if (check === 'too_fast') throw new AppError('CHALLENGE_TOO_FAST', [{ path: 'challenge', message: 'too fast' }]);
      const { challenge, website, ...fields } = input;
      void website;
      await checkFields(fields);
      if (!(await useOnce(db, `challenge:${challenge.token}`))) {
        throw new AppError('CHALLENGE_INVALID', [{ path: 'challenge', message: 'already used' }]);
      }
      const reference = newReference();
      const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await record({
        ...valuesOf(fields, now()), reference, pinHash: cipher.blindIndex('report-pin', `${reference}:${pin}`),
        source: 'public', channel: 'public_web',
      }, ctx, 'report.received');
      return { reference, pin };
    },

    /** Says nothing about whether the reference exists when the PIN is wrong; throttled per address. */
    async publicStatus(reference: string, pin: string, ip: string | null) {
      await enforceRateLimit(db, `report-status:${ip ?? 'unknown'}`, limits.statusChecksPer15Min, 900, 'STATUS_CHECKS_LIMITED');
      const row = await repo.findByReference(db, reference.toUpperCase());
      const expected = cipher.blindIndex('report-pin', `${reference.toUpperCase()}:${pin}`);
      if (!row || row.pinHash !== expected) throw new AppError('REPORT_NOT_FOUND');
      return { reference: row.reference, status: publicStatusOf(row.status) };
    },

    async createStaff(actor: Actor, input: z.infer<typeof StaffReportCreate>, ctx: AuditContext) {
      const { channel, sourceOrganisationId, ...fields } = input;
      await checkFields(fields);
      if (sourceOrganisationId && sourceOrganisationId !== actor.organisationId) {
        // An id that names no organisation would fail the foreign key inside the insert (a 500).
        if (!(await findOrganisation(db, sourceOrganisationId))) {
          throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'sourceOrganisationId', message: 'unknown organisation' }]);
        }
        // A report counts in its source's statistics: staff record for their own organisation, or for one
        // in their scope (a provincial centre for a partner of its province), not for any organisation.
        if (!(await findOrganisation(db, sourceOrganisationId, scopeCondition(actor, { organisationId: organisations.id, provinceCode: organisations.provinceCode })))) {
          throw new AppError('SOURCE_ORGANISATION_OUT_OF_SCOPE', [{ path: 'sourceOrganisationId', message: 'not your organisation nor one in your scope' }]);
        }
      }
      const row = await record({
        ...valuesOf(fields, now()), reference: newReference(), source: 'staff', channel,
        sourceOrganisationId: sourceOrganisationId ?? actor.organisationId, createdBy: actor.userId,
      }, ctx, 'report.created');
      return toReport(row);
    },

    /** The page carries every report's free text (names, phones): each read is audited by the ids it returned. */
    async queue(actor: Actor, q: z.infer<typeof ReportQueueQuery>, ctx: AuditContext) {
      let after: repo.QueueFilter['after'];
      if (q.cursor) {
        const [u, c, i] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
        if (!c || !i || Number.isNaN(Date.parse(c)) || !/^[0-9a-f-]{36}$/.test(i)) {
          throw new AppError('VALIDATION_FAILED', [{ path: 'query.cursor', message: 'invalid cursor' }]);
        }
        after = { urgent: u === '1', createdAt: c, id: i };
      }
      const rows = await repo.listQueue(db, {
        status: q.status, province: q.province, after, limit: q.limit,
        urgent: q.urgent === undefined ? undefined : q.urgent === 'true',
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        assignedTo: q.assignedToMe === 'true' ? actor.userId ?? undefined : undefined,
      }, scope(actor));
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      const nextCursor = rows.length > q.limit && last
        ? Buffer.from(`${last.urgent ? 1 : 0}|${last.createdAtExact}|${last.id}`).toString('base64url') : null;
      await writeAudit(db, ctx, { action: 'report.listed', targetType: 'report', details: { count: items.length, ids: items.map((r) => r.id) } });
      return { items: items.map((r) => toReport(r)), nextCursor };
    },

    async get(actor: Actor, id: string, ctx: AuditContext) {
      const row = await getInScope(actor, id);
      await writeAudit(db, ctx, { action: 'report.viewed', targetType: 'report', targetId: id });
      return toReport(row);
    },

    async contact(actor: Actor, id: string, ctx: AuditContext) {
      const row = await getInScope(actor, id);
      await writeAudit(db, ctx, { action: 'report.contact_viewed', targetType: 'report', targetId: id });
      return { name: cipher.decryptOpt(row.contactNameEnc), phone: cipher.decryptOpt(row.contactPhoneEnc), line: cipher.decryptOpt(row.contactLineEnc) };
    },

    async notes(actor: Actor, id: string, ctx: AuditContext) {
      await getInScope(actor, id);
      const rows = await repo.listNotes(db, id);
      await writeAudit(db, ctx, {
        action: 'report.notes_viewed', targetType: 'report', targetId: id,
        details: { count: rows.length, noteIds: rows.map(({ n }) => String(n.id)) },
      });
      return {
        items: rows.map(({ n, authorName }) => ({
          id: n.id, kind: n.kind, body: n.body, authorId: n.authorId, authorName, createdAt: n.createdAt.toISOString(),
        })),
      };
    },

    acknowledge(actor: Actor, id: string, version: number, ctx: AuditContext) {
      return act(actor, id, version, ctx, 'report.acknowledged', (r) => ({ acknowledgedAt: r.acknowledgedAt ?? now() }));
    },

    async assign(actor: Actor, id: string, input: z.infer<typeof ReportAssign>, ctx: AuditContext) {
      const current = await getInScope(actor, id);
      const assignee = input.userId ?? actor.userId;
      const allowed = await repo.triageUsers(db, current.routedProvinceCode?.trim() ?? null, triageRoles);
      if (!assignee || !allowed.some((u) => u.id === assignee)) {
        throw new AppError('ASSIGNEE_NOT_ALLOWED', [{ path: 'userId', message: 'cannot handle this province' }]);
      }
      return act(actor, id, input.version, ctx, 'report.assigned', (r) => ({
        assignedTo: assignee, acknowledgedAt: r.acknowledgedAt ?? now(), status: r.status === 'received' ? 'assigned' : r.status,
      }));
    },

    async assignees(actor: Actor, id: string) {
      const current = await getInScope(actor, id);
      return { items: await repo.triageUsers(db, current.routedProvinceCode?.trim() ?? null, triageRoles) };
    },

    addNote(actor: Actor, id: string, input: z.infer<typeof ReportNoteCreate>, ctx: AuditContext) {
      return act(actor, id, input.version, ctx, input.kind === 'info_request' ? 'report.info_requested' : 'report.note_added', (r) => ({
        acknowledgedAt: r.acknowledgedAt ?? now(),
        actionedAt: r.actionedAt ?? now(),
        status: input.kind === 'info_request' ? 'info_requested' : r.status,
      }), (trx) => repo.insertNote(trx, { reportId: id, authorId: actor.userId, kind: input.kind, body: input.body }));
    },

    async markDuplicate(actor: Actor, id: string, input: z.infer<typeof ReportMarkDuplicate>, ctx: AuditContext) {
      if (input.duplicateOf === id) throw new AppError('DUPLICATE_OF_SELF', [{ path: 'duplicateOf', message: 'same report' }]);
      // The original must be a report the officer may see.
      await getInScope(actor, input.duplicateOf).catch(() => {
        throw new AppError('NOT_FOUND', [{ path: 'duplicateOf', message: 'no such report' }]);
      });
      return act(actor, id, input.version, ctx, 'report.marked_duplicate', (r) => ({
        status: 'duplicate', duplicateOf: input.duplicateOf, closedAt: now(),
        acknowledgedAt: r.acknowledgedAt ?? now(), actionedAt: r.actionedAt ?? now(),
      }), async (trx) => {
        await repo.decideCandidate(trx, id, input.duplicateOf, 'confirmed', actor.userId);
      });
    },

    close(actor: Actor, id: string, input: z.infer<typeof ReportClose>, ctx: AuditContext) {
      return act(actor, id, input.version, ctx, 'report.closed', (r) => ({
        status: 'closed', closeReason: input.reason, closedAt: now(),
        acknowledgedAt: r.acknowledgedAt ?? now(), actionedAt: r.actionedAt ?? now(),
      }), input.body ? (trx) => repo.insertNote(trx, { reportId: id, authorId: actor.userId, kind: 'closure', body: input.body! }) : undefined);
    },

    /** The case module (issue 5) will create the case; until then the decision and its link are recorded here. */
    openCase(actor: Actor, id: string, input: z.infer<typeof ReportOpenCase>, ctx: AuditContext) {
      return act(actor, id, input.version, ctx, 'report.case_opened', (r) => ({
        status: 'case_opened', caseDecisionAt: now(), caseDecisionBy: actor.userId, closedAt: now(),
        acknowledgedAt: r.acknowledgedAt ?? now(), actionedAt: r.actionedAt ?? now(),
      }), input.body ? (trx) => repo.insertNote(trx, { reportId: id, authorId: actor.userId, kind: 'case_decision', body: input.body! }) : undefined);
    },

    /** Shows excerpts of other reports: audited on this report, naming the candidates shown. */
    async duplicates(actor: Actor, id: string, ctx: AuditContext) {
      await getInScope(actor, id);
      const rows = await repo.listCandidates(db, id, scope(actor));
      await writeAudit(db, ctx, {
        action: 'report.duplicates_viewed', targetType: 'report', targetId: id,
        details: { count: rows.length, candidateIds: rows.map(({ c }) => c.candidateId) },
      });
      return {
        items: rows.map(({ c, reference, description, createdAt }) => ({
          candidateId: c.candidateId, reference, score: Math.round(c.score * 100) / 100,
          reasons: c.reasons as never, status: c.status as 'proposed' | 'confirmed' | 'dismissed',
          createdAt: createdAt.toISOString(), descriptionExcerpt: description.slice(0, 200),
        })),
      };
    },

    async dismissCandidate(actor: Actor, id: string, candidateId: string, ctx: AuditContext) {
      await getInScope(actor, id);
      await db.transaction(async (trx) => {
        if (!(await repo.decideCandidate(trx, id, candidateId, 'dismissed', actor.userId))) throw new AppError('NOT_FOUND');
        await writeAudit(trx, ctx, { action: 'report.duplicate_dismissed', targetType: 'report', targetId: id, details: { candidateId } });
      });
      return this.duplicates(actor, id, ctx);
    },

    async overdue(actor: Actor) {
      return { items: await repo.overdueCounts(db, scope(actor)) };
    },
  };
}
