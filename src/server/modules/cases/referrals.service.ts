import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { caseParts, type CasePart } from '../../../contracts/case.js';
import type {
  ConsentPurpose, Referral, ReferralCreate, ReferralItem, ReferralListQuery, TransferCreate,
} from '../../../contracts/referral.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import { casePersons, cases, organisations, organisationServices, persons, referrals } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, isoOrNull, msOf, pageOf } from '../../platform/pagination.js';
import { isChild } from '../persons/persons.service.js';
import { notifyUsers, usersOfOrganisation, type NotificationKind } from '../notifications/notify.js';
import { fullScope, loadCase, referralsToMe, requireOpen, requireWrite, type CaseRow } from './cases.access.js';
import { bumpCase, recordCaseChange } from './cases.activity.js';
import { findConsentFor, findVictim } from './consents.service.js';

type ReferralRow = typeof referrals.$inferSelect;

/** Who at a recipient organisation answers a referral (both hold `referral.accept`). */
const REFERRAL_ANSWERERS = ['service_provider', 'provincial_officer'] as const;
/** A transfer moves the whole case: only a centre's officers (`case.write` + `referral.accept`) take it. */
const TRANSFER_ANSWERERS = ['provincial_officer'] as const;

const fromOrg = alias(organisations, 'from_org');
const toOrg = alias(organisations, 'to_org');

/** "Outgoing" lists referrals of cases the caller works on (full access), not ones shared with it. */
const caseWorkScope = fullScope;

function selectReferrals(db: Db) {
  return db.select({
    r: referrals,
    caseNumber: cases.caseNumber,
    caseStage: cases.stage,
    involvesChild: cases.involvesChild,
    birthDate: persons.birthDate,
    estimatedAge: persons.estimatedAge,
    fromTh: fromOrg.nameTh, fromEn: fromOrg.nameEn, toTh: toOrg.nameTh, toEn: toOrg.nameEn,
  }).from(referrals)
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .innerJoin(fromOrg, eq(fromOrg.id, referrals.fromOrganisationId))
    .innerJoin(toOrg, eq(toOrg.id, referrals.toOrganisationId))
    .leftJoin(casePersons, eq(casePersons.id, referrals.casePersonId))
    .leftJoin(persons, eq(persons.id, casePersons.personId));
}
type Selected = Awaited<ReturnType<ReturnType<typeof selectReferrals>['where']>>[number];

function toItem(x: Selected): ReferralItem {
  const r = x.r;
  return {
    id: r.id,
    kind: r.kind as ReferralItem['kind'],
    caseId: r.caseId,
    caseNumber: x.caseNumber,
    caseStage: x.caseStage as ReferralItem['caseStage'],
    child: r.casePersonId ? isChild(x.birthDate, x.estimatedAge) : x.involvesChild,
    service: r.service as ReferralItem['service'],
    reason: r.reason as ReferralItem['reason'],
    sharedParts: r.sharedParts as CasePart[],
    status: r.status as ReferralItem['status'],
    fromOrganisationId: r.fromOrganisationId,
    fromOrganisationNameTh: x.fromTh,
    fromOrganisationNameEn: x.fromEn,
    toOrganisationId: r.toOrganisationId,
    toOrganisationNameTh: x.toTh,
    toOrganisationNameEn: x.toEn,
    consentOverridden: r.overrideBy !== null,
    requestedAt: r.requestedAt.toISOString(),
    answeredAt: isoOrNull(r.answeredAt),
    revokedAt: isoOrNull(r.revokedAt),
    version: r.version,
  };
}

/**
 * Referrals to other organisations and transfers of responsibility to another province's centre
 * (issue 5, NRM step 5). A request needs the victim's recorded consent (a guardian's for a child) or a
 * written override; the recipient's answer is dated and audited; acceptance of a referral gives the
 * recipient exactly the shared parts (cases.access.ts reads accepted referrals), revocation takes them
 * back; acceptance of a transfer moves the case to the recipient's centre and province.
 */
export function createReferralService({ database, cipher }: AppDeps) {
  const db = database.db;

  function toReferral(x: Selected, opts: { caseSide: boolean }): Referral {
    const r = x.r;
    return {
      ...toItem(x),
      casePersonId: r.casePersonId,
      consentId: r.consentId,
      details: cipher.decryptOpt(r.detailsEnc),
      ...(opts.caseSide ? { overrideReason: cipher.decryptOpt(r.overrideReasonEnc) } : {}),
      answerReason: r.answerReason,
      requestedBy: r.requestedBy,
      answeredBy: r.answeredBy,
      revokedBy: r.revokedBy,
    };
  }

  async function readOne(trx: Db, id: string): Promise<Selected> {
    const [x] = await selectReferrals(trx).where(eq(referrals.id, id));
    if (!x) throw new AppError('REFERRAL_NOT_FOUND');
    return x;
  }

  async function recipientOrganisation(id: string) {
    const [org] = await db.select({ id: organisations.id, active: organisations.active, provinceCode: organisations.provinceCode })
      .from(organisations).where(eq(organisations.id, id));
    if (!org || !org.active) throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'toOrganisationId', message: 'no such active organisation' }]);
    return { ...org, provinceCode: org.provinceCode?.trim() ?? null };
  }

  /**
   * The consent rule for each victim concerned, or a written override by a holder of
   * `referral.consent_override`. An override sent without that permission is refused outright (403),
   * so nobody mistakes a written reason for an authorisation.
   */
  async function consentOrOverride(
    actor: Actor, caseId: string, victims: { id: string; birthDate: string | null; estimatedAge: number | null }[],
    purpose: ConsentPurpose, overrideReason: string | undefined,
  ): Promise<{ consentIds: string[]; override: boolean }> {
    if (overrideReason !== undefined && !actor.permissions.has('referral.consent_override')) {
      throw new AppError('FORBIDDEN', [{ path: 'overrideReason', message: 'overriding consent needs the referral.consent_override permission' }]);
    }
    const consentIds: string[] = [];
    const missing: { code: 'CONSENT_REQUIRED' | 'GUARDIAN_CONSENT_REQUIRED'; casePersonId: string }[] = [];
    for (const v of victims) {
      const found = await findConsentFor(db, caseId, v, purpose);
      if ('consentId' in found) consentIds.push(found.consentId);
      else missing.push({ code: found.missing, casePersonId: v.id });
    }
    if (missing.length === 0) return { consentIds, override: false };
    if (overrideReason !== undefined) return { consentIds, override: true };
    const code = missing.some((m) => m.code === 'GUARDIAN_CONSENT_REQUIRED') ? 'GUARDIAN_CONSENT_REQUIRED' : 'CONSENT_REQUIRED';
    throw new AppError(code, missing.map((m) => ({
      path: 'casePersonId',
      message: `${m.casePersonId}: ${m.code === 'GUARDIAN_CONSENT_REQUIRED' ? `no guardian's consent to ${purpose}` : `no consent to ${purpose}`} on record`,
    })));
  }

  /** A referral the caller's organisation received; anything else is 404 (its existence is not leaked). */
  async function findIncoming(actor: Actor, id: string): Promise<ReferralRow> {
    const [r] = await db.select().from(referrals).where(and(eq(referrals.id, id), eq(referrals.toOrganisationId, actor.organisationId)));
    if (!r) throw new AppError('REFERRAL_NOT_FOUND');
    return r;
  }

  /** A referral of a case the caller works on (full access and `case.write`); 404 when the case is not visible to it. */
  async function findOutgoing(actor: Actor, id: string): Promise<{ ref: ReferralRow; row: CaseRow }> {
    const [ref] = await db.select().from(referrals).where(eq(referrals.id, id));
    if (!ref) throw new AppError('REFERRAL_NOT_FOUND');
    const { row, access } = await loadCase(db, actor, ref.caseId).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'CASE_NOT_FOUND' ? new AppError('REFERRAL_NOT_FOUND') : e;
    });
    requireWrite(access);
    return { ref, row };
  }

  /** A request still waiting for its answer, at the version the caller saw. */
  function requirePending(ref: ReferralRow, version: number): void {
    if (ref.status !== 'requested') throw new AppError('REFERRAL_NOT_PENDING');
    if (ref.version !== version) throw new AppError('STALE_VERSION', undefined, undefined, { current: { id: ref.id, version: ref.version, status: ref.status } });
  }

  /** Moves a still-pending referral on, or explains (from the row as it now is) why it could not. */
  async function answer(trx: Db, ref: ReferralRow, version: number, change: Partial<typeof referrals.$inferInsert>): Promise<ReferralRow> {
    const [updated] = await trx.update(referrals).set({ ...change, version: sql`${referrals.version} + 1` })
      .where(and(eq(referrals.id, ref.id), eq(referrals.version, version), eq(referrals.status, 'requested'))).returning();
    if (updated) return updated;
    const [now] = await trx.select().from(referrals).where(eq(referrals.id, ref.id));
    requirePending(now!, version);
    throw new AppError('STALE_VERSION');
  }

  async function notifyRequester(trx: Db, ref: ReferralRow, kind: NotificationKind, caseNumber: string) {
    if (ref.requestedBy) await notifyUsers(trx, [ref.requestedBy], { kind, caseId: ref.caseId, caseNumber });
  }

  return {
    async request(actor: Actor, caseId: string, input: ReferralCreate, ctx: AuditContext): Promise<Referral> {
      const { row, access } = await loadCase(db, actor, caseId);
      requireWrite(access);
      requireOpen(row);
      const victim = await findVictim(db, caseId, input.casePersonId);
      const org = await recipientOrganisation(input.toOrganisationId);
      if (org.id === row.organisationId) throw new AppError('REFERRAL_TO_SELF', [{ path: 'toOrganisationId', message: 'the organisation holding the case' }]);
      const offered = await db.select({ id: organisationServices.id }).from(organisationServices)
        .where(and(eq(organisationServices.organisationId, org.id), eq(organisationServices.service, input.service))).limit(1);
      if (offered.length === 0) throw new AppError('SERVICE_NOT_OFFERED', [{ path: 'service', message: 'not in the organisation\'s services in the network directory' }]);
      const consent = await consentOrOverride(actor, caseId, [victim], 'referral', input.overrideReason);
      const sharedParts = caseParts.filter((p) => p === 'summary' || input.sharedParts.includes(p));
      const id = await db.transaction(async (trx) => {
        await bumpCase(trx, row, input.version);
        const [ref] = await trx.insert(referrals).values({
          caseId, kind: 'referral', casePersonId: victim.id, fromOrganisationId: row.organisationId, toOrganisationId: org.id,
          service: input.service, reason: input.reason, detailsEnc: cipher.encryptOpt(input.details), sharedParts,
          consentId: consent.consentIds[0] ?? null,
          overrideReasonEnc: consent.override ? cipher.encryptOpt(input.overrideReason) : null,
          overrideBy: consent.override ? actor.userId : null,
          requestedBy: actor.userId,
        }).returning({ id: referrals.id });
        const refId = ref!.id;
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.referral_requested', part: 'summary', targetType: 'referral', targetId: refId,
          details: {
            kind: 'referral', casePersonId: victim.id, toOrganisationId: org.id, service: input.service, reason: input.reason,
            sharedParts, consentId: consent.consentIds[0] ?? null, consentOverridden: consent.override,
          },
        });
        if (consent.override) {
          await recordCaseChange(trx, ctx, {
            caseId, action: 'case.referral_consent_override', part: 'summary', targetType: 'referral', targetId: refId,
            details: { casePersonId: victim.id, purpose: 'referral' },
          });
        }
        await notifyUsers(trx, await usersOfOrganisation(trx, org.id, REFERRAL_ANSWERERS), { kind: 'referral_requested', caseId, caseNumber: row.caseNumber });
        return refId;
      });
      return toReferral(await readOne(db, id), { caseSide: true });
    },

    /**
     * Transfer of responsibility to another province's centre. The consent rule applies to every
     * victim of the case, with the purpose `sharing`: the whole case goes to the new centre.
     */
    async transfer(actor: Actor, caseId: string, input: TransferCreate, ctx: AuditContext): Promise<Referral> {
      const { row, access } = await loadCase(db, actor, caseId);
      requireWrite(access);
      requireOpen(row);
      const org = await recipientOrganisation(input.toOrganisationId);
      if (org.id === row.organisationId) throw new AppError('REFERRAL_TO_SELF', [{ path: 'toOrganisationId', message: 'the organisation holding the case' }]);
      if (!org.provinceCode || org.provinceCode === row.provinceCode.trim()) {
        throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'toOrganisationId', message: 'a centre in another province' }]);
      }
      const officers = await usersOfOrganisation(db, org.id, TRANSFER_ANSWERERS);
      if (officers.length === 0) {
        throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'toOrganisationId', message: 'no provincial centre officer there could accept the case' }]);
      }
      const [pending] = await db.select({ id: referrals.id }).from(referrals)
        .where(and(eq(referrals.caseId, caseId), eq(referrals.kind, 'transfer'), eq(referrals.status, 'requested'))).limit(1);
      if (pending) throw new AppError('TRANSFER_PENDING');
      const victims = await db.select({ id: casePersons.id, birthDate: persons.birthDate, estimatedAge: persons.estimatedAge })
        .from(casePersons).innerJoin(persons, eq(persons.id, casePersons.personId))
        .where(and(eq(casePersons.caseId, caseId), eq(casePersons.role, 'victim')));
      const consent = await consentOrOverride(actor, caseId, victims, 'sharing', input.overrideReason);
      const id = await db.transaction(async (trx) => {
        await bumpCase(trx, row, input.version);
        const [ref] = await trx.insert(referrals).values({
          caseId, kind: 'transfer', casePersonId: null, fromOrganisationId: row.organisationId, toOrganisationId: org.id,
          service: null, reason: input.reason, detailsEnc: cipher.encryptOpt(input.details), sharedParts: [...caseParts],
          // One victim: its consent; several: each is named in the audit entry.
          consentId: victims.length === 1 ? (consent.consentIds[0] ?? null) : null,
          overrideReasonEnc: consent.override ? cipher.encryptOpt(input.overrideReason) : null,
          overrideBy: consent.override ? actor.userId : null,
          requestedBy: actor.userId,
        }).returning({ id: referrals.id });
        const refId = ref!.id;
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.referral_requested', part: 'summary', targetType: 'referral', targetId: refId,
          details: {
            kind: 'transfer', toOrganisationId: org.id, toProvinceCode: org.provinceCode, reason: input.reason,
            consentIds: consent.consentIds, consentOverridden: consent.override,
          },
        });
        if (consent.override) {
          await recordCaseChange(trx, ctx, {
            caseId, action: 'case.referral_consent_override', part: 'summary', targetType: 'referral', targetId: refId,
            details: { purpose: 'sharing', victims: victims.length },
          });
        }
        await notifyUsers(trx, officers, { kind: 'transfer_requested', caseId, caseNumber: row.caseNumber });
        return refId;
      });
      return toReferral(await readOne(db, id), { caseSide: true });
    },

    async accept(actor: Actor, id: string, input: { version: number }, ctx: AuditContext): Promise<Referral> {
      const ref = await findIncoming(actor, id);
      // Taking responsibility for a case is case work, not only answering a request.
      if (ref.kind === 'transfer' && !actor.permissions.has('case.write')) throw new AppError('FORBIDDEN');
      requirePending(ref, input.version);
      await db.transaction(async (trx) => {
        // A transfer rewrites the case row: hold it while the answer and the move commit together.
        const lookup = trx.select().from(cases).where(eq(cases.id, ref.caseId));
        const [kase] = ref.kind === 'transfer' ? await lookup.for('update') : await lookup;
        await answer(trx, ref, input.version, { status: 'accepted', answeredAt: new Date(), answeredBy: actor.userId });
        await recordCaseChange(trx, ctx, {
          caseId: ref.caseId, action: 'case.referral_accepted', part: 'summary', targetType: 'referral', targetId: ref.id,
          details: { kind: ref.kind, toOrganisationId: ref.toOrganisationId, sharedParts: ref.sharedParts },
        });
        if (ref.kind === 'transfer') {
          const [org] = await trx.select({ provinceCode: organisations.provinceCode }).from(organisations).where(eq(organisations.id, ref.toOrganisationId));
          const toProvince = org?.provinceCode?.trim();
          if (!toProvince) throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'toOrganisationId', message: 'the receiving centre has no province' }]);
          // The old centre keeps only what its people hold by explicit team membership.
          await bumpCase(trx, kase!, undefined, { organisationId: ref.toOrganisationId, provinceCode: toProvince });
          // The case's people (each case person has a person record of its own) are in the people register
          // under the case's centre and province: they move too, or the old centre would still read them there.
          await trx.update(persons).set({ organisationId: ref.toOrganisationId, provinceCode: toProvince, version: sql`${persons.version} + 1`, updatedAt: new Date() })
            .where(inArray(persons.id, trx.select({ id: casePersons.personId }).from(casePersons).where(eq(casePersons.caseId, ref.caseId))));
          await recordCaseChange(trx, ctx, {
            caseId: ref.caseId, action: 'case.transferred', part: 'summary', targetType: 'referral', targetId: ref.id,
            details: {
              fromOrganisationId: kase!.organisationId, toOrganisationId: ref.toOrganisationId,
              fromProvinceCode: kase!.provinceCode.trim(), toProvinceCode: toProvince,
            },
          });
        }
        await notifyRequester(trx, ref, ref.kind === 'transfer' ? 'transfer_accepted' : 'referral_accepted', kase!.caseNumber);
      });
      return toReferral(await readOne(db, id), { caseSide: false });
    },

    async decline(actor: Actor, id: string, input: { version: number; reason: string }, ctx: AuditContext): Promise<Referral> {
      const ref = await findIncoming(actor, id);
      if (ref.kind === 'transfer' && !actor.permissions.has('case.write')) throw new AppError('FORBIDDEN');
      requirePending(ref, input.version);
      await db.transaction(async (trx) => {
        await answer(trx, ref, input.version, { status: 'declined', answeredAt: new Date(), answeredBy: actor.userId, answerReason: input.reason });
        await recordCaseChange(trx, ctx, {
          caseId: ref.caseId, action: 'case.referral_declined', part: 'summary', targetType: 'referral', targetId: ref.id,
          details: { kind: ref.kind, toOrganisationId: ref.toOrganisationId },
        });
        const [kase] = await trx.select({ caseNumber: cases.caseNumber }).from(cases).where(eq(cases.id, ref.caseId));
        await notifyRequester(trx, ref, ref.kind === 'transfer' ? 'transfer_declined' : 'referral_declined', kase!.caseNumber);
      });
      return toReferral(await readOne(db, id), { caseSide: false });
    },

    /** Takes back what an accepted referral shared; past access stays in the audit log. Changes the case: its version. */
    async revoke(actor: Actor, id: string, input: { version: number; reason: string }, ctx: AuditContext): Promise<Referral> {
      const { ref, row } = await findOutgoing(actor, id);
      if (ref.kind !== 'referral' || ref.status !== 'accepted') throw new AppError('REFERRAL_NOT_ACTIVE');
      await db.transaction(async (trx) => {
        await bumpCase(trx, row, input.version);
        const [updated] = await trx.update(referrals).set({
          status: 'revoked', revokedAt: new Date(), revokedBy: actor.userId, answerReason: input.reason, version: sql`${referrals.version} + 1`,
        }).where(and(eq(referrals.id, id), eq(referrals.status, 'accepted'))).returning({ id: referrals.id });
        if (!updated) throw new AppError('REFERRAL_NOT_ACTIVE');
        await recordCaseChange(trx, ctx, {
          caseId: ref.caseId, action: 'case.referral_revoked', part: 'summary', targetType: 'referral', targetId: id,
          details: { toOrganisationId: ref.toOrganisationId, sharedParts: ref.sharedParts },
        });
        await notifyUsers(trx, await usersOfOrganisation(trx, ref.toOrganisationId, REFERRAL_ANSWERERS), {
          kind: 'referral_revoked', caseId: ref.caseId, caseNumber: row.caseNumber,
        });
      });
      return toReferral(await readOne(db, id), { caseSide: true });
    },

    /** The case side takes back a request nobody has answered yet (the referral's version). */
    async withdraw(actor: Actor, id: string, input: { version: number }, ctx: AuditContext): Promise<Referral> {
      const { ref } = await findOutgoing(actor, id);
      requirePending(ref, input.version);
      await db.transaction(async (trx) => {
        // answeredAt/answeredBy date the step that ended the request, here its withdrawal.
        await answer(trx, ref, input.version, { status: 'withdrawn', answeredAt: new Date(), answeredBy: actor.userId });
        await recordCaseChange(trx, ctx, {
          caseId: ref.caseId, action: 'case.referral_withdrawn', part: 'summary', targetType: 'referral', targetId: id,
          details: { kind: ref.kind, toOrganisationId: ref.toOrganisationId },
        });
      });
      return toReferral(await readOne(db, id), { caseSide: true });
    },

    /** Incoming: referrals to my organisation. Outgoing: referrals of cases I work on. No identity, no free text. */
    async list(actor: Actor, q: z.infer<typeof ReferralListQuery>, ctx: AuditContext) {
      const after = decodeCursor(q.cursor);
      const conds: (SQL | undefined)[] = [q.direction === 'incoming' ? eq(referrals.toOrganisationId, actor.organisationId) : caseWorkScope(actor)];
      if (q.status) conds.push(eq(referrals.status, q.status));
      if (q.kind) conds.push(eq(referrals.kind, q.kind));
      if (after) conds.push(sql`(${msOf(referrals.requestedAt)}, ${referrals.id}) < (${after.sortKey}::timestamptz, ${after.id}::uuid)`);
      const rows = await selectReferrals(db).where(and(...conds))
        .orderBy(desc(msOf(referrals.requestedAt)), desc(referrals.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (x) => [x.r.requestedAt.toISOString(), x.r.id]);
      await writeAudit(db, ctx, { action: 'case.referrals_listed', targetType: 'referral', details: { direction: q.direction, count: page.items.length } });
      return { items: page.items.map(toItem), nextCursor: page.nextCursor };
    },

    /** One referral with its details: for its recipient, or for whoever works on the case. */
    async get(actor: Actor, id: string, ctx: AuditContext): Promise<Referral> {
      const x = await readOne(db, id);
      const seen = await loadCase(db, actor, x.r.caseId).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'CASE_NOT_FOUND') return null;
        throw e;
      });
      const caseSide = seen?.access.full ?? false;
      if (!caseSide && x.r.toOrganisationId !== actor.organisationId) throw new AppError('REFERRAL_NOT_FOUND');
      await writeAudit(db, ctx, { action: 'case.referrals_viewed', targetType: 'referral', targetId: id, details: { caseId: x.r.caseId } });
      return toReferral(x, { caseSide });
    },

    /** Every referral and transfer of the case, with their free text: the case side only. */
    async forCase(actor: Actor, caseId: string, ctx: AuditContext): Promise<{ items: Referral[] }> {
      const { access } = await loadCase(db, actor, caseId);
      if (!access.full) throw new AppError('FORBIDDEN');
      const rows = await selectReferrals(db).where(eq(referrals.caseId, caseId)).orderBy(desc(referrals.requestedAt), desc(referrals.id));
      await writeAudit(db, ctx, { action: 'case.referrals_viewed', targetType: 'case', targetId: caseId, details: { count: rows.length } });
      return { items: rows.map((x) => toReferral(x, { caseSide: true })) };
    },
  };
}
export type ReferralService = ReturnType<typeof createReferralService>;

/** Accepted referrals of the case to the organisation that share the part (for writers outside the case team). */
export async function acceptedReferralsSharing(db: Db, caseId: string, actor: Actor, part: CasePart): Promise<ReferralRow[]> {
  return db.select().from(referrals).where(and(
    eq(referrals.caseId, caseId), referralsToMe(actor), sql`${referrals.sharedParts} @> ARRAY[${part}]::text[]`,
  ));
}

