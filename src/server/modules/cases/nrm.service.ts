import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Case, CasePart, CaseStage } from '../../../contracts/case.js';
import type {
  CaseClose, CaseReopen, FollowUp, FollowUpPlan, FollowUpVisit, IdentificationRecord, ProtectionRecord, ReturnRecord, Screening,
  ScreeningCreate,
} from '../../../contracts/nrm.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import {
  casePersons, cases, countries, followUps, languages, organisations, provinces, referrals, reports, screeningIndicators, screenings, users,
} from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditAction, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { loadCase, personCondition, personParts, requireOpen, requirePart, requireWrite, type CaseRow } from './cases.access.js';
import { bumpCase, recordCaseChange } from './cases.activity.js';
import { createCaseService } from './cases.service.js';
import {
  atLeast, bangkokDate, countYes, followUpSchedule, identificationViolations, isVictimDecision, openStatusFor, planViolations,
  protectionPlan, returnViolations, screeningViolations, visitViolations, type Violation,
} from './nrm.rules.js';

type CasePersonRow = typeof casePersons.$inferSelect;
type Details = Record<string, string | number | boolean | null | string[]>;

/** The form's mistakes first, then the order of dates, then what the stage forbids. */
const PRIORITY = ['VALIDATION_FAILED', 'DATES_OUT_OF_ORDER', 'STAGE_NOT_ALLOWED'] as const;

/** A field error in both languages (AppError's type names only the English message). */
function field(path: string, message: string, messageTh: string): { path: string; message: string } {
  const f = { path, message, messageTh };
  return f;
}

function refuse(violations: Violation[]): void {
  const code = PRIORITY.find((c) => violations.some((x) => x.code === c));
  if (!code) return;
  throw new AppError(code, violations.filter((x) => x.code === code).map((x) => field(x.path, x.message, x.messageTh)));
}

/** What a stage action changed, for the case row, the audit entry and the timeline. */
interface Outcome {
  action: AuditAction;
  part: CasePart;
  /** The stage the recorded fact puts the case in at least. */
  stage?: CaseStage;
  status?: 'Active' | 'FollowUp';
  targetType?: string;
  targetId?: string;
  details: Details;
}

/**
 * The NRM stage actions (issue 5, "The NRM path"). Each runs in one transaction: the case's version
 * is bumped first (a stale version is 409 and the row stays locked against other writers for the
 * rest of the transaction), the facts are read and checked inside it, then the change, the stage,
 * the audit entry and the timeline row are written together. A refusal rolls all of it back.
 */
export function createNrmService(deps: AppDeps) {
  const { database, cipher } = deps;
  const db = database.db;
  const caseSvc = createCaseService(deps);

  async function stageAction(
    actor: Actor, caseId: string, version: number, ctx: AuditContext, body: (trx: Db, row: CaseRow) => Promise<Outcome>,
  ): Promise<Case> {
    const { row, access } = await loadCase(db, actor, caseId);
    requireWrite(access);
    requireOpen(row);
    await db.transaction(async (trx) => {
      const bumped = await bumpCase(trx, row, version);
      requireOpen(bumped);
      const out = await body(trx, bumped);
      const from = bumped.stage as CaseStage;
      const stage = out.stage ? atLeast(from, out.stage) : from;
      const status = out.status ?? bumped.status;
      if (stage !== from || status !== bumped.status) {
        await trx.update(cases).set({ stage, status }).where(eq(cases.id, caseId));
      }
      await recordCaseChange(trx, ctx, {
        caseId, action: out.action, part: out.part,
        ...(out.targetType ? { targetType: out.targetType } : {}), ...(out.targetId ? { targetId: out.targetId } : {}),
        details: { ...out.details, ...(stage !== from ? { fromStage: from, stage } : {}) },
      });
    });
    return caseSvc.get(actor, caseId, ctx);
  }

  /** A person of the case named in the path: 404 if not in it, 422 if not a victim. */
  async function victimOf(trx: Db, caseId: string, casePersonId: string): Promise<CasePersonRow> {
    const [cp] = await trx.select().from(casePersons).where(and(eq(casePersons.id, casePersonId), eq(casePersons.caseId, caseId)));
    if (!cp) throw new AppError('CASE_PERSON_NOT_FOUND');
    if (cp.role !== 'victim') throw new AppError('NOT_A_VICTIM');
    return cp;
  }

  /** Return and follow-up are for people the team identified as (possible) victims. */
  function requireIdentifiedVictim(cp: CasePersonRow): Date {
    if (!cp.identifiedAt || !isVictimDecision(cp.traffickingStatus)) throw new AppError('NOT_IDENTIFIED');
    return cp.identifiedAt;
  }

  async function activeOrganisation(trx: Db, id: string | undefined, path: string): Promise<void> {
    if (!id) return;
    const [org] = await trx.select({ active: organisations.active }).from(organisations).where(eq(organisations.id, id));
    if (!org?.active) throw new AppError('UNKNOWN_ORGANISATION', [field(path, 'no such active organisation', 'ไม่มีหน่วยงานนี้หรือหน่วยงานถูกปิดใช้งาน')]);
  }

  return {
    async screen(actor: Actor, caseId: string, input: ScreeningCreate, ctx: AuditContext): Promise<Case> {
      return stageAction(actor, caseId, input.version, ctx, async (trx, row) => {
        const [cp] = await trx.select().from(casePersons).where(and(eq(casePersons.id, input.casePersonId), eq(casePersons.caseId, caseId)));
        if (!cp || cp.role !== 'victim') throw new AppError('NOT_A_VICTIM', [field('casePersonId', 'not a victim of this case', 'ไม่ใช่ผู้เสียหายในกรณีนี้')]);
        const [lang] = await trx.select({ code: languages.code }).from(languages).where(eq(languages.code, input.language));
        if (!lang) throw new AppError('UNKNOWN_LANGUAGE', [field('language', 'unknown language code', 'ไม่มีรหัสภาษานี้')]);
        const codes = Object.keys(input.answers);
        const known = new Set((await trx.select({ code: screeningIndicators.code }).from(screeningIndicators)
          .where(and(inArray(screeningIndicators.code, codes), eq(screeningIndicators.active, true)))).map((r) => r.code));
        const unknown = codes.filter((c) => !known.has(c));
        if (unknown.length > 0) {
          throw new AppError('UNKNOWN_INDICATOR', unknown.slice(0, 20).map((c) => field(`answers.${c}`, 'unknown or inactive indicator', 'ไม่มีตัวชี้วัดนี้หรือถูกปิดใช้งาน')));
        }
        const [report] = row.reportId ? await trx.select({ at: reports.createdAt }).from(reports).where(eq(reports.id, row.reportId)) : [];
        const screenedAt = new Date(input.screenedAt);
        refuse(screeningViolations(screenedAt, { now: new Date(), openedAt: row.openedAt, reportAt: report?.at ?? null, identifiedAt: cp.identifiedAt }));
        const indicatorsMet = countYes(input.answers);
        const [s] = await trx.insert(screenings).values({
          caseId, casePersonId: cp.id, screenedAt, interviewerUserId: actor.userId, interviewerOrganisationId: actor.organisationId,
          language: input.language, interpreterUsed: input.interpreterUsed, answers: input.answers, indicatorsMet,
          summaryEnc: cipher.encryptOpt(input.summary),
        }).returning({ id: screenings.id });
        return {
          action: 'case.screened', part: 'screening', stage: 'temporary_protection', targetType: 'screening', targetId: s!.id,
          details: { casePersonId: cp.id, indicatorsMet, answered: codes.length, language: input.language, interpreterUsed: input.interpreterUsed },
        };
      });
    },

    async listScreenings(actor: Actor, caseId: string, ctx: AuditContext): Promise<{ items: Screening[] }> {
      const { access } = await loadCase(db, actor, caseId);
      requirePart(access, 'screening');
      // A referral recipient: the screenings of the victims it sees with this part; summaries with their identity part.
      const rows = await db.select({ s: screenings, name: users.displayName, orgTh: organisations.nameTh, orgEn: organisations.nameEn })
        .from(screenings)
        .leftJoin(users, eq(users.id, screenings.interviewerUserId))
        .leftJoin(organisations, eq(organisations.id, screenings.interviewerOrganisationId))
        .where(and(eq(screenings.caseId, caseId), personCondition(access, 'screening', screenings.casePersonId)))
        .orderBy(asc(screenings.screenedAt), asc(screenings.id));
      const summaryOf = (casePersonId: string) => personParts(access, casePersonId)?.includes('identity') ?? false;
      const withSummary = rows.some(({ s }) => summaryOf(s.casePersonId));
      await writeAudit(db, ctx, {
        action: 'case.screenings_viewed', targetType: 'case', targetId: caseId, details: { count: rows.length, withSummary },
      });
      return {
        items: rows.map(({ s, name, orgTh, orgEn }) => ({
          id: s.id, casePersonId: s.casePersonId, screenedAt: s.screenedAt.toISOString(),
          interviewerUserId: s.interviewerUserId, interviewerName: name, interviewerOrganisationId: s.interviewerOrganisationId,
          interviewerOrganisationNameTh: orgTh, interviewerOrganisationNameEn: orgEn,
          language: s.language, interpreterUsed: s.interpreterUsed, answers: s.answers, indicatorsMet: s.indicatorsMet,
          ...(summaryOf(s.casePersonId) ? { summary: cipher.decryptOpt(s.summaryEnc) } : {}),
          createdAt: s.createdAt.toISOString(),
        })),
      };
    },

    async protect(actor: Actor, caseId: string, casePersonId: string, input: ProtectionRecord, ctx: AuditContext): Promise<Case> {
      return stageAction(actor, caseId, input.version, ctx, async (trx, row) => {
        const cp = await victimOf(trx, caseId, casePersonId);
        const at = (s: string | undefined) => (s === undefined ? undefined : new Date(s));
        const takenIntoCareAt = new Date(input.takenIntoCareAt);
        const custodyExtendedUntil = at(input.custodyExtendedUntil);
        const temporaryShelterUntil = at(input.temporaryShelterUntil);
        const plan = protectionPlan({
          takenIntoCareAt, custodyExtendedUntil, custodyCourtOrder: input.custodyCourtOrder,
          temporaryShelterOrganisationId: input.temporaryShelterOrganisationId, temporaryShelterUntil, reflectionUntil: at(input.reflectionUntil),
        }, { now: new Date(), reflectionDays: row.reflectionDays, identifiedAt: cp.identifiedAt });
        refuse(plan.violations);
        await activeOrganisation(trx, input.temporaryShelterOrganisationId, 'temporaryShelterOrganisationId');
        // The record replaces the previous one: a correction, or the court's later extension.
        await trx.update(casePersons).set({
          takenIntoCareAt, custodyExtendedUntil: custodyExtendedUntil ?? null, custodyCourtOrder: input.custodyCourtOrder ?? null,
          temporaryShelterOrganisationId: input.temporaryShelterOrganisationId ?? null, temporaryShelterUntil: temporaryShelterUntil ?? null,
          reflectionUntil: plan.reflectionUntil, version: sql`${casePersons.version} + 1`, updatedAt: new Date(),
        }).where(eq(casePersons.id, cp.id));
        return {
          action: 'case.protection_recorded', part: 'protection', stage: 'identification', targetType: 'case_person', targetId: cp.id,
          details: {
            extended: custodyExtendedUntil !== undefined, shelterOrganisationId: input.temporaryShelterOrganisationId ?? null,
            replaced: cp.takenIntoCareAt !== null,
          },
        };
      });
    },

    async identify(actor: Actor, caseId: string, casePersonId: string, input: IdentificationRecord, ctx: AuditContext): Promise<Case> {
      return stageAction(actor, caseId, input.version, ctx, async (trx, row) => {
        const cp = await victimOf(trx, caseId, casePersonId);
        const screened = await trx.select({ at: screenings.screenedAt }).from(screenings).where(eq(screenings.casePersonId, cp.id));
        if (screened.length === 0) throw new AppError('NOT_SCREENED');
        const [visits] = await trx.select({ first: sql<string | null>`min(${followUps.visitedAt})::text`, n: sql<number>`count(*)::int` })
          .from(followUps).where(eq(followUps.casePersonId, cp.id));
        const others = await trx.select({ id: casePersons.id }).from(casePersons).where(and(
          eq(casePersons.caseId, caseId), ne(casePersons.id, cp.id), eq(casePersons.role, 'victim'),
          inArray(casePersons.traffickingStatus, ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking']),
        )).limit(1);
        const identifiedAt = new Date(input.identifiedAt);
        refuse(identificationViolations({ identifiedAt, decision: input.decision }, {
          now: new Date(), stage: row.stage as CaseStage, screenings: screened.map((s) => s.at), takenIntoCareAt: cp.takenIntoCareAt,
          returnDate: cp.returnDate, firstVisit: visits?.first ?? null, followUpPlanned: Number(visits?.n ?? 0) > 0,
          otherVictimIdentified: others.length > 0,
        }));
        await trx.update(casePersons).set({
          traffickingStatus: input.decision, identifiedAt, identificationOrgType: input.decidingOrgType,
          identificationReasons: cipher.encryptOpt(input.reasons), identifiedBy: actor.userId,
          version: sql`${casePersons.version} + 1`, updatedAt: new Date(),
        }).where(eq(casePersons.id, cp.id));
        const victim = isVictimDecision(input.decision) || others.length > 0;
        return {
          action: 'case.identified', part: 'protection', stage: victim ? 'assistance' : 'identification', targetType: 'case_person', targetId: cp.id,
          details: { decision: input.decision, decidingOrgType: input.decidingOrgType, previous: cp.traffickingStatus },
        };
      });
    },

    async recordReturn(actor: Actor, caseId: string, casePersonId: string, input: ReturnRecord, ctx: AuditContext): Promise<Case> {
      return stageAction(actor, caseId, input.version, ctx, async (trx) => {
        const cp = await victimOf(trx, caseId, casePersonId);
        const identifiedAt = requireIdentifiedVictim(cp);
        refuse(returnViolations(input, { today: bangkokDate(new Date()), identifiedOn: bangkokDate(identifiedAt) }));
        await activeOrganisation(trx, input.partnerId, 'partnerId');
        if (input.kind === 'repatriation') {
          const [c] = await trx.select({ c: countries.alpha3 }).from(countries).where(eq(countries.alpha3, input.country!));
          if (!c) throw new AppError('UNKNOWN_COUNTRY', [field('country', 'unknown country code', 'ไม่มีรหัสประเทศนี้')]);
        } else {
          const [p] = await trx.select({ c: provinces.code }).from(provinces).where(eq(provinces.code, input.provinceCode!));
          if (!p) throw new AppError('UNKNOWN_PROVINCE', [field('provinceCode', 'unknown province code', 'ไม่มีรหัสจังหวัดนี้')]);
        }
        await trx.update(casePersons).set({
          returnKind: input.kind, returnPartnerId: input.partnerId ?? null, returnDate: input.date,
          returnCountry: input.kind === 'repatriation' ? input.country! : 'THA',
          returnProvinceCode: input.kind === 'domicile' ? input.provinceCode! : null,
          travelDocuments: cipher.encryptOpt(input.travelDocuments), version: sql`${casePersons.version} + 1`, updatedAt: new Date(),
        }).where(eq(casePersons.id, cp.id));
        return {
          action: 'case.return_recorded', part: 'return', stage: 'return', targetType: 'case_person', targetId: cp.id,
          details: {
            kind: input.kind, country: input.kind === 'repatriation' ? input.country! : 'THA', provinceCode: input.provinceCode ?? null,
            partnerId: input.partnerId ?? null,
          },
        };
      });
    },

    async planFollowUps(actor: Actor, caseId: string, casePersonId: string, input: FollowUpPlan, ctx: AuditContext): Promise<Case> {
      return stageAction(actor, caseId, input.version, ctx, async (trx) => {
        const cp = await victimOf(trx, caseId, casePersonId);
        const identifiedAt = requireIdentifiedVictim(cp);
        refuse(planViolations(input.startDate, { today: bangkokDate(new Date()), identifiedOn: bangkokDate(identifiedAt) }));
        // A new plan replaces the visits still to come; visits already made stay.
        const replaced = await trx.delete(followUps)
          .where(and(eq(followUps.casePersonId, cp.id), isNull(followUps.visitedAt))).returning({ id: followUps.id });
        const dates = followUpSchedule(input.startDate, input.months, input.everyMonths);
        await trx.insert(followUps).values(dates.map((scheduledFor) => ({ caseId, casePersonId: cp.id, scheduledFor })));
        return {
          action: 'case.follow_up_scheduled', part: 'followups', stage: 'reintegration', status: 'FollowUp', targetType: 'case_person', targetId: cp.id,
          details: { visits: dates.length, months: input.months, everyMonths: input.everyMonths, replaced: replaced.length },
        };
      });
    },

    async recordVisit(actor: Actor, caseId: string, followUpId: string, input: FollowUpVisit, ctx: AuditContext): Promise<Case> {
      return stageAction(actor, caseId, input.version, ctx, async (trx) => {
        const [fu] = await trx.select().from(followUps).where(and(eq(followUps.id, followUpId), eq(followUps.caseId, caseId)));
        if (!fu) throw new AppError('FOLLOW_UP_NOT_FOUND');
        const [cp] = await trx.select().from(casePersons).where(eq(casePersons.id, fu.casePersonId));
        const identifiedAt = requireIdentifiedVictim(cp!);
        refuse(visitViolations(input.visitedAt, { today: bangkokDate(new Date()), identifiedOn: bangkokDate(identifiedAt) }));
        await trx.update(followUps).set({
          visitedAt: input.visitedAt, visitedBy: actor.userId, livelihood: input.livelihood, family: input.family, justice: input.justice,
          future: input.future, compensationReceived: input.compensationReceived ?? null, notesEnc: cipher.encryptOpt(input.notes),
          version: sql`${followUps.version} + 1`,
        }).where(eq(followUps.id, fu.id));
        return {
          action: 'case.follow_up_recorded', part: 'followups', stage: 'reintegration', status: 'FollowUp', targetType: 'follow_up', targetId: fu.id,
          details: {
            casePersonId: fu.casePersonId, livelihood: input.livelihood, family: input.family, justice: input.justice, future: input.future,
            compensationReceived: input.compensationReceived ?? null, corrected: fu.visitedAt !== null,
          },
        };
      });
    },

    async listFollowUps(actor: Actor, caseId: string, ctx: AuditContext): Promise<{ items: FollowUp[] }> {
      const { access } = await loadCase(db, actor, caseId);
      requirePart(access, 'followups');
      // A referral recipient: the visits of the victims it sees with this part; notes with their identity part.
      const rows = await db.select().from(followUps)
        .where(and(eq(followUps.caseId, caseId), personCondition(access, 'followups', followUps.casePersonId)))
        .orderBy(asc(sql`coalesce(${followUps.visitedAt}, ${followUps.scheduledFor})`), asc(followUps.scheduledFor), asc(followUps.id));
      const notesOf = (casePersonId: string) => personParts(access, casePersonId)?.includes('identity') ?? false;
      const withNotes = rows.some((f) => notesOf(f.casePersonId));
      await writeAudit(db, ctx, { action: 'case.follow_ups_viewed', targetType: 'case', targetId: caseId, details: { count: rows.length, withNotes } });
      const today = bangkokDate(new Date());
      return {
        items: rows.map((f) => ({
          id: f.id, casePersonId: f.casePersonId, scheduledFor: f.scheduledFor, visitedAt: f.visitedAt, visitedBy: f.visitedBy,
          livelihood: f.livelihood, family: f.family, justice: f.justice, future: f.future, compensationReceived: f.compensationReceived,
          overdue: f.visitedAt === null && f.scheduledFor < today,
          ...(notesOf(f.casePersonId) ? { notes: cipher.decryptOpt(f.notesEnc) } : {}),
          version: f.version,
        })),
      };
    },

    async close(actor: Actor, caseId: string, input: CaseClose, ctx: AuditContext): Promise<Case> {
      return stageAction(actor, caseId, input.version, ctx, async (trx, row) => {
        const open = await trx.select({ id: referrals.id }).from(referrals)
          .where(and(eq(referrals.caseId, caseId), eq(referrals.status, 'requested'))).limit(1);
        if (open.length > 0) throw new AppError('OPEN_REFERRALS');
        await trx.update(cases).set({
          stage: 'closed', stageBeforeClose: row.stage, status: input.status, closedAt: new Date(), closureReason: input.reason,
        }).where(eq(cases.id, caseId));
        return { action: 'case.closed', part: 'summary', details: { status: input.status, reason: input.reason, stageBeforeClose: row.stage } };
      });
    },

    async reopen(actor: Actor, caseId: string, input: CaseReopen, ctx: AuditContext): Promise<Case> {
      const { row, access } = await loadCase(db, actor, caseId);
      requireWrite(access);
      if (row.stage !== 'closed') throw new AppError('CASE_NOT_CLOSED');
      await db.transaction(async (trx) => {
        const bumped = await bumpCase(trx, row, input.version);
        if (bumped.stage !== 'closed') throw new AppError('CASE_NOT_CLOSED');
        const stage = (bumped.stageBeforeClose ?? 'screening') as CaseStage;
        await trx.update(cases).set({ stage, status: openStatusFor(stage), stageBeforeClose: null, closedAt: null, closureReason: null })
          .where(eq(cases.id, caseId));
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.reopened', part: 'summary',
          details: { reason: input.reason, stage, closedStatus: bumped.status, closureReason: bumped.closureReason },
        });
      });
      return caseSvc.get(actor, caseId, ctx);
    },
  };
}
export type NrmService = ReturnType<typeof createNrmService>;
