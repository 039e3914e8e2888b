import { and, asc, desc, eq, exists, isNull, not, sql, type SQL } from 'drizzle-orm';
import type { Consent, ConsentCreate, ConsentPurpose } from '../../../contracts/referral.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import { casePersons, cases, consents, persons } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { isChild } from '../persons/persons.service.js';
import { loadCase, requireOpen, requireWrite } from './cases.access.js';
import { bumpCase, recordCaseChange } from './cases.activity.js';

type ConsentRow = typeof consents.$inferSelect;

/** A little slack for clocks of the devices consent is recorded on. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function toConsent(r: ConsentRow): Consent {
  return {
    id: r.id,
    caseId: r.caseId,
    casePersonId: r.casePersonId,
    purposes: r.purposes as ConsentPurpose[],
    givenBy: r.givenBy as Consent['givenBy'],
    guardianCasePersonId: r.guardianCasePersonId,
    givenAt: r.givenAt.toISOString(),
    method: r.method as Consent['method'],
    recordedBy: r.recordedBy,
    recordedAt: r.createdAt.toISOString(),
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawnBy: r.withdrawnBy,
  };
}

/** A victim of the case with what the consent rule needs; 404 / NOT_A_VICTIM otherwise. */
export async function findVictim(db: Db, caseId: string, casePersonId: string) {
  const [found] = await db.select({ id: casePersons.id, role: casePersons.role, birthDate: persons.birthDate, estimatedAge: persons.estimatedAge })
    .from(casePersons).innerJoin(persons, eq(persons.id, casePersons.personId))
    .where(and(eq(casePersons.id, casePersonId), eq(casePersons.caseId, caseId)));
  if (!found) throw new AppError('CASE_PERSON_NOT_FOUND', [{ path: 'casePersonId', message: 'not a person of this case' }]);
  if (found.role !== 'victim') throw new AppError('NOT_A_VICTIM', [{ path: 'casePersonId', message: 'consent and referral concern a victim' }]);
  return found;
}

/**
 * Act s.4: under 18 is a child. An unknown age is treated as a child's, as the UNICEF guidelines on
 * child victims of trafficking ask ("presumption of age") — the safer side for consent.
 */
export const needsGuardian = (v: { birthDate: string | null; estimatedAge: number | null }) => isChild(v.birthDate, v.estimatedAge) !== false;

/**
 * The consent rule of a referral (purpose `referral`) or a transfer (`sharing`): a recorded consent of
 * the victim that has not been withdrawn, given by a guardian when the victim is a child. Answers the
 * consent's id, or the error that explains what is missing.
 */
export async function findConsentFor(
  db: Db, caseId: string, victim: { id: string; birthDate: string | null; estimatedAge: number | null }, purpose: ConsentPurpose,
): Promise<{ consentId: string } | { missing: 'CONSENT_REQUIRED' | 'GUARDIAN_CONSENT_REQUIRED' }> {
  const valid = await db.select({ id: consents.id, givenBy: consents.givenBy }).from(consents)
    .where(and(
      eq(consents.caseId, caseId), eq(consents.casePersonId, victim.id), isNull(consents.withdrawnAt),
      sql`${consents.purposes} @> ARRAY[${purpose}]::text[]`,
    ))
    .orderBy(desc(consents.givenAt));
  if (needsGuardian(victim)) {
    const byGuardian = valid.find((c) => c.givenBy === 'guardian');
    return byGuardian ? { consentId: byGuardian.id } : { missing: 'GUARDIAN_CONSENT_REQUIRED' };
  }
  return valid[0] ? { consentId: valid[0].id } : { missing: 'CONSENT_REQUIRED' };
}

/**
 * The same rule over a set of cases, as a condition on `cases` (so a page of an export stays full): the
 * case has at least one victim, and every victim has a current consent for `purpose`, given by a guardian
 * unless the victim is known to be an adult (needsGuardian: a child or of unknown age). Used by the HTCDS
 * export ("only cases whose consent allows sharing").
 */
export function everyVictimConsented(purpose: ConsentPurpose): SQL {
  const victim = sql`cp.case_id = ${cases.id} AND cp.role = 'victim'`;
  const adult = sql`(p.birth_date IS NOT NULL AND p.birth_date + interval '18 years' <= current_date)
    OR (p.birth_date IS NULL AND p.estimated_age IS NOT NULL AND p.estimated_age >= 18)`;
  const consented = sql`EXISTS (SELECT 1 FROM ${consents} c WHERE c.case_id = cp.case_id AND c.case_person_id = cp.id
    AND c.withdrawn_at IS NULL AND c.purposes @> ARRAY[${purpose}]::text[] AND (c.given_by = 'guardian' OR ${adult}))`;
  return and(
    exists(sql`(SELECT 1 FROM ${casePersons} cp WHERE ${victim})`),
    not(exists(sql`(SELECT 1 FROM ${casePersons} cp JOIN ${persons} p ON p.id = cp.person_id WHERE ${victim} AND NOT ${consented})`)),
  )!;
}

export function createConsentService({ database }: AppDeps) {
  const db = database.db;

  return {
    async record(actor: Actor, caseId: string, input: ConsentCreate, ctx: AuditContext): Promise<Consent> {
      const { row, access } = await loadCase(db, actor, caseId);
      requireWrite(access);
      requireOpen(row);
      await findVictim(db, caseId, input.casePersonId);
      const givenAt = new Date(input.givenAt);
      if (givenAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
        throw new AppError('DATES_OUT_OF_ORDER', [{ path: 'givenAt', message: 'consent cannot be given in the future' }]);
      }
      if (input.guardianCasePersonId) {
        const [g] = await db.select({ role: casePersons.role, guardianOf: casePersons.guardianOf }).from(casePersons)
          .where(and(eq(casePersons.id, input.guardianCasePersonId), eq(casePersons.caseId, caseId)));
        if (!g || g.role !== 'guardian' || g.guardianOf !== input.casePersonId) {
          throw new AppError('GUARDIAN_NOT_VICTIM', [{ path: 'guardianCasePersonId', message: 'a guardian of this victim in this case' }]);
        }
      }
      const saved = await db.transaction(async (trx) => {
        await bumpCase(trx, row, input.version);
        const [c] = await trx.insert(consents).values({
          caseId, casePersonId: input.casePersonId, purposes: [...input.purposes], givenBy: input.givenBy,
          guardianCasePersonId: input.guardianCasePersonId ?? null, givenAt, method: input.method, recordedBy: actor.userId,
        }).returning();
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.consent_recorded', part: 'summary', targetType: 'consent', targetId: c!.id,
          details: { casePersonId: input.casePersonId, purposes: [...input.purposes], givenBy: input.givenBy, method: input.method },
        });
        return c!;
      });
      return toConsent(saved);
    },

    /** Withdrawal stops new sharing (referrals and transfers asked from now on); what was shared stays shared. */
    async withdraw(actor: Actor, caseId: string, consentId: string, input: { version: number }, ctx: AuditContext): Promise<Consent> {
      const { row, access } = await loadCase(db, actor, caseId);
      requireWrite(access);
      const [found] = await db.select().from(consents).where(and(eq(consents.id, consentId), eq(consents.caseId, caseId)));
      if (!found) throw new AppError('CONSENT_NOT_FOUND');
      if (found.withdrawnAt) throw new AppError('CONSENT_WITHDRAWN');
      const saved = await db.transaction(async (trx) => {
        await bumpCase(trx, row, input.version);
        const [c] = await trx.update(consents).set({ withdrawnAt: new Date(), withdrawnBy: actor.userId })
          .where(and(eq(consents.id, consentId), isNull(consents.withdrawnAt))).returning();
        if (!c) throw new AppError('CONSENT_WITHDRAWN');
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.consent_withdrawn', part: 'summary', targetType: 'consent', targetId: consentId,
          details: { casePersonId: c.casePersonId, purposes: c.purposes },
        });
        return c;
      });
      return toConsent(saved);
    },

    async list(actor: Actor, caseId: string, ctx: AuditContext): Promise<{ items: Consent[] }> {
      const { access } = await loadCase(db, actor, caseId);
      // Consent records are the case side's business: a referral recipient sees the outcome (its referral), not these.
      if (!access.full) throw new AppError('FORBIDDEN');
      const rows = await db.select().from(consents).where(eq(consents.caseId, caseId)).orderBy(asc(consents.givenAt), asc(consents.id));
      await writeAudit(db, ctx, { action: 'case.consents_viewed', targetType: 'case', targetId: caseId, details: { count: rows.length } });
      return { items: rows.map(toConsent) };
    },
  };
}
