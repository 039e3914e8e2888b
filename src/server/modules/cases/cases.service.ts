import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Case, CaseCreate, CasePart, CaseEventCreate, CaseIdentitySearch, CasePersonCreate, CasePersonUpdate, CaseSearchQuery, CaseSummary, CaseUpdate,
  TeamMemberAdd,
} from '../../../contracts/case.js';
import { roles as roleDefs, type RoleName } from '../../../contracts/access.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import {
  caseActivity, caseEvents, casePersons, cases, caseNumberCounters, caseServices, districts, followUps, persons,
  provinces, referrals, reports, screenings, teamMemberships, userRoles, users,
} from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { provinceQueueCondition } from '../../platform/access/scope.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, isoOrNull, msOf, pageOf } from '../../platform/pagination.js';
import { notifyUsers } from '../notifications/notify.js';
import {
  caseScopeCondition, fullScope, loadCase, referralsToMe, personParts, publicAccess, requireOpen, requirePerson, requireWrite, withoutIdentity,
  type CaseRow, type ScopedAccess,
} from './cases.access.js';
import { bumpCase, recordCaseChange } from './cases.activity.js';
import {
  checkPersonCodes, derivedOf, insertCasePerson, refreshCaseDerived, toCasePerson,
} from './cases.persons.js';
import { findByIdentity } from './cases.search.js';
import { loadCaseView, readCaseView, type CaseView } from './cases.view.js';

/** Buddhist-Era year in Thailand's time zone: a case opened at 23:30 on 31 December belongs to the old year. */
export function buddhistYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3600_000).getUTCFullYear() + 543;
}

/** A case number: province, Buddhist-Era year, sequence of the province's year. */
export function caseNumberOf(provinceCode: string, yearBe: number, seq: number): string {
  return `${provinceCode}-${yearBe}-${String(seq).padStart(5, '0')}`;
}

/** Next number of the province's year, taken under the counter row's lock, so numbers never repeat or skip. */
async function nextCaseNumber(trx: Db, provinceCode: string, yearBe: number): Promise<{ seq: number; caseNumber: string }> {
  const [row] = await trx.insert(caseNumberCounters).values({ provinceCode, yearBe, lastSeq: 1 })
    .onConflictDoUpdate({ target: [caseNumberCounters.provinceCode, caseNumberCounters.yearBe], set: { lastSeq: sql`${caseNumberCounters.lastSeq} + 1` } })
    .returning({ seq: caseNumberCounters.lastSeq });
  const seq = row!.seq;
  return { seq, caseNumber: caseNumberOf(provinceCode, yearBe, seq) };
}

/**
 * A case's summary. `seen`: the victims a referral recipient sees (loadCase), whose count, child flag and
 * forms of exploitation it shows instead of the whole case's; undefined for full access.
 */
function toSummary(r: CaseRow, victims: number, seen?: Parameters<typeof derivedOf>[0]): CaseSummary {
  const derived = seen ? derivedOf(seen) : { involvesChild: r.involvesChild, exploitationTypes: r.exploitationTypes };
  return {
    id: r.id,
    caseNumber: r.caseNumber,
    provinceCode: r.provinceCode.trim(),
    organisationId: r.organisationId,
    status: r.status as CaseSummary['status'],
    stage: r.stage as CaseSummary['stage'],
    involvesChild: derived.involvesChild,
    exploitationTypes: derived.exploitationTypes,
    victims: seen ? seen.length : victims,
    openedAt: r.openedAt.toISOString(),
    closedAt: isoOrNull(r.closedAt),
    version: r.version,
  };
}

const CASEWORK_ROLES = (Object.keys(roleDefs) as RoleName[]).filter((r) => roleDefs[r].permissions.includes('case.read') && roleDefs[r].scope !== 'national');

/**
 * Cases (issue 5): opening (from a report or directly), the people in them, their team, search and
 * the timeline. NRM stage actions, referrals and the rest build on `loadCase` and `bumpCase`.
 */
export function createCaseService({ database, cipher }: AppDeps) {
  const db = database.db;

  async function assemble(row: CaseRow, access: ScopedAccess, given?: CaseView): Promise<Case> {
    const view = given ?? await readCaseView(db, row.id, access.full);
    // Victims the caller may see; other people with the `persons` part (a recipient: only those its referrals cover).
    const visible = view.people.filter((x) => {
      const parts = personParts(access, x.cp.id);
      return parts !== undefined && (x.cp.role === 'victim' || parts.includes('persons'));
    });
    return {
      ...toSummary(row, visible.filter((x) => x.cp.role === 'victim').length, access.persons
        ? visible.filter((x) => x.cp.role === 'victim').map((x) => ({ birthDate: x.p.birthDate, estimatedAge: x.p.estimatedAge, types: x.cp.exploitationTypes }))
        : undefined),
      reportId: access.full ? row.reportId : null,
      organisationNameTh: view.organisationNameTh,
      organisationNameEn: view.organisationNameEn,
      ownerUserId: access.full ? row.ownerUserId : null,
      reflectionDays: row.reflectionDays,
      closureReason: row.closureReason,
      access: publicAccess(access),
      persons: visible.map((x) => toCasePerson(x.cp, x.p, access, personParts(access, x.cp.id)?.includes('trafficking') ? x.events : [], cipher)),
      team: access.full ? view.team : [],
    };
  }

  /** A person of the case the caller may see (a referral recipient: one its referrals cover), or 404. */
  async function findCasePerson(access: ScopedAccess, caseId: string, casePersonId: string) {
    const [found] = await db.select({ cp: casePersons, p: persons }).from(casePersons).innerJoin(persons, eq(persons.id, casePersons.personId))
      .where(and(eq(casePersons.id, casePersonId), eq(casePersons.caseId, caseId)));
    if (!found) throw new AppError('CASE_PERSON_NOT_FOUND');
    return { ...found, parts: requirePerson(access, found.cp.id) };
  }

  /**
   * What a referral recipient reads of the timeline, beyond the part filter: consent records and other
   * organisations' referrals and transfers are the case side's business (they are logged under `summary`);
   * an entry about a person (or about a row of one: an event, a screening, a service, a follow-up) shows
   * only when the recipient sees that person, with that part.
   */
  async function recipientTimelineFilter(actor: Actor, caseId: string, access: ScopedAccess) {
    const owner = new Map<string, string>();
    const own = (rows: { id: string; cp: string }[]) => { for (const r of rows) owner.set(r.id, r.cp); };
    own(await db.select({ id: casePersons.id, cp: casePersons.id }).from(casePersons).where(eq(casePersons.caseId, caseId)));
    own(await db.select({ id: caseEvents.id, cp: caseEvents.casePersonId }).from(caseEvents)
      .innerJoin(casePersons, eq(casePersons.id, caseEvents.casePersonId)).where(eq(casePersons.caseId, caseId)));
    own(await db.select({ id: screenings.id, cp: screenings.casePersonId }).from(screenings).where(eq(screenings.caseId, caseId)));
    own(await db.select({ id: caseServices.id, cp: caseServices.casePersonId }).from(caseServices).where(eq(caseServices.caseId, caseId)));
    own(await db.select({ id: followUps.id, cp: followUps.casePersonId }).from(followUps).where(eq(followUps.caseId, caseId)));
    const mine = new Set((await db.select({ id: referrals.id }).from(referrals).where(and(
      eq(referrals.caseId, caseId), eq(referrals.toOrganisationId, actor.organisationId), eq(referrals.kind, 'referral'),
    ))).map((r) => r.id));
    return (a: typeof caseActivity.$inferSelect): boolean => {
      const ref = typeof a.details.id === 'string' ? a.details.id : undefined;
      if (a.kind.startsWith('consent_')) return false;
      if (a.kind.startsWith('referral_') || a.kind === 'transferred') return ref !== undefined && mine.has(ref);
      const person = typeof a.details.casePersonId === 'string' ? a.details.casePersonId : ref !== undefined ? owner.get(ref) : undefined;
      return person === undefined || (personParts(access, person)?.includes(a.part as CasePart) ?? false);
    };
  }

  async function openFromReport(actor: Actor, reportId: string) {
    if (!actor.permissions.has('report.triage')) throw new AppError('FORBIDDEN');
    const [report] = await db.select().from(reports)
      .where(and(eq(reports.id, reportId), provinceQueueCondition(actor, reports.routedProvinceCode))).limit(1);
    if (!report) throw new AppError('NOT_FOUND', [{ path: 'reportId', message: 'no such report in your queue' }]);
    if (report.caseId) throw new AppError('REPORT_ALREADY_HAS_CASE');
    if (report.closedAt && report.status !== 'case_opened') throw new AppError('REPORT_NOT_OPEN');
    return report;
  }

  return {
    async create(actor: Actor, input: CaseCreate, ctx: AuditContext): Promise<Case> {
      const report = input.reportId ? await openFromReport(actor, input.reportId) : null;
      const provinceCode = input.provinceCode ?? report?.routedProvinceCode?.trim() ?? actor.provinceCode;
      if (!provinceCode) throw new AppError('VALIDATION_FAILED', [{ path: 'provinceCode', message: 'the province responsible for the case is required' }]);
      const [prov] = await db.select({ code: provinces.code }).from(provinces).where(eq(provinces.code, provinceCode));
      if (!prov) throw new AppError('UNKNOWN_PROVINCE', [{ path: 'provinceCode', message: 'unknown province code' }]);
      if (actor.scope !== 'national' && actor.provinceCode !== provinceCode) {
        throw new AppError('FORBIDDEN', [{ path: 'provinceCode', message: 'cases are opened by the centre of their own province' }]);
      }
      for (const [i, p] of input.persons.entries()) await checkPersonCodes(db, p, `persons.${i}.`);
      if (input.persons.some((p) => p.guardianOf)) {
        throw new AppError('VALIDATION_FAILED', [{ path: 'persons', message: 'add guardians after the case exists (they link to a case person id)' }]);
      }
      const openedAt = new Date();
      const yearBe = buddhistYear(openedAt);
      return db.transaction(async (trx) => {
        const { seq, caseNumber } = await nextCaseNumber(trx, provinceCode, yearBe);
        const [row] = await trx.insert(cases).values({
          caseNumber, provinceCode, yearBe, seq, organisationId: actor.organisationId, reportId: report?.id ?? null,
          ownerUserId: actor.userId, reflectionDays: input.reflectionDays ?? 45, openedAt, createdBy: actor.userId,
        }).returning();
        const kase = row!;
        if (actor.userId) {
          await trx.insert(teamMemberships).values({ recordType: 'case', recordId: kase.id, userId: actor.userId, role: 'case_manager' });
        }
        for (const p of input.persons) await insertCasePerson(trx, cipher, { ...kase, provinceCode }, p, actor.userId);
        await refreshCaseDerived(trx, kase.id);
        if (report) {
          const now = new Date();
          await trx.update(reports).set({
            caseId: kase.id, status: 'case_opened', caseDecisionAt: report.caseDecisionAt ?? now, caseDecisionBy: report.caseDecisionBy ?? actor.userId,
            closedAt: report.closedAt ?? now, actionedAt: report.actionedAt ?? now, version: sql`${reports.version} + 1`, updatedAt: now,
          }).where(eq(reports.id, report.id));
          await writeAudit(trx, ctx, { action: 'report.case_opened', targetType: 'report', targetId: report.id, details: { caseId: kase.id } });
        }
        await recordCaseChange(trx, ctx, {
          caseId: kase.id, action: 'case.created', part: 'summary',
          details: { caseNumber, provinceCode, reportId: report?.id ?? null, persons: input.persons.length },
        });
        const [fresh] = await trx.select().from(cases).where(eq(cases.id, kase.id));
        return { row: fresh! };
      }).then(async ({ row }) => {
        const { access } = await loadCase(db, actor, row.id);
        return assemble(row, access);
      });
    },

    async get(actor: Actor, id: string, ctx: AuditContext): Promise<Case> {
      const { row, access, view } = await loadCaseView(db, actor, id);
      await writeAudit(db, ctx, { action: 'case.viewed', targetType: 'case', targetId: id, details: { parts: access.parts } });
      return assemble(row, access, view);
    },

    async update(actor: Actor, id: string, input: z.infer<typeof CaseUpdate>, ctx: AuditContext): Promise<Case> {
      const { row, access } = await loadCase(db, actor, id);
      requireWrite(access);
      requireOpen(row);
      if (input.ownerUserId) {
        const [member] = await db.select({ u: teamMemberships.userId }).from(teamMemberships).where(and(
          eq(teamMemberships.recordType, 'case'), eq(teamMemberships.recordId, id), eq(teamMemberships.userId, input.ownerUserId)));
        if (!member) throw new AppError('TEAM_MEMBER_NOT_ALLOWED', [{ path: 'ownerUserId', message: 'the owner must be on the case team' }]);
      }
      const updated = await db.transaction(async (trx) => {
        const next = await bumpCase(trx, row, input.version, {
          ...(input.reflectionDays !== undefined ? { reflectionDays: input.reflectionDays } : {}),
          ...(input.ownerUserId !== undefined ? { ownerUserId: input.ownerUserId } : {}),
        });
        await recordCaseChange(trx, ctx, {
          caseId: id, action: 'case.updated', part: 'summary',
          details: { fields: Object.keys(input).filter((k) => k !== 'version') },
        });
        if (input.ownerUserId && input.ownerUserId !== row.ownerUserId) {
          await notifyUsers(trx, [input.ownerUserId], { kind: 'case_assigned', caseId: id, caseNumber: row.caseNumber });
        }
        return next;
      });
      return assemble(updated, access);
    },

    async list(actor: Actor, q: z.infer<typeof CaseSearchQuery>, ctx: AuditContext) {
      const after = decodeCursor(q.cursor);
      const conds: (SQL | undefined)[] = [caseScopeCondition(actor)];
      if (q.number) conds.push(sql`${cases.caseNumber} LIKE ${q.number.replace(/[%_\\]/g, '') + '%'}`);
      if (q.provinceCode) conds.push(eq(cases.provinceCode, q.provinceCode));
      if (q.stage) conds.push(eq(cases.stage, q.stage));
      if (q.status) conds.push(eq(cases.status, q.status));
      // On a case the caller sees only through a referral, these test the victims it was referred, as its
      // view of the case shows them (toSummary), not the case's stored flags: those would give away a
      // hidden victim's age or exploitation.
      const full = fullScope(actor) ?? sql`true`;
      const referred = (test: SQL) => sql`EXISTS (SELECT 1 FROM ${referrals}
          JOIN ${casePersons} rcp ON rcp.id = ${referrals.casePersonId} JOIN ${persons} rp ON rp.id = rcp.person_id
         WHERE ${referrals.caseId} = "cases"."id" AND ${referralsToMe(actor)} AND ${test})`;
      const byView = (whole: SQL, named: SQL) => sql`((${full}) AND ${whole} OR NOT (${full}) AND ${referred(named)})`;
      if (q.ageGroup) {
        // A child as isChild (persons.service.ts) decides: under 18 by the date of birth, else by the estimated age.
        const child = sql`(CASE WHEN rp.birth_date IS NOT NULL THEN rp.birth_date + interval '18 years' > current_date ELSE rp.estimated_age < 18 END)`;
        conds.push(q.ageGroup === 'child'
          ? byView(sql`${cases.involvesChild}`, child)
          : byView(sql`NOT ${cases.involvesChild}`, sql`NOT (${referred(child)})`));
      }
      if (q.exploitation) conds.push(byView(sql`${cases.exploitationTypes} @> ARRAY[${q.exploitation}]::text[]`, sql`rcp.exploitation_types @> ARRAY[${q.exploitation}]::text[]`));
      if (q.openedFrom) conds.push(gte(cases.openedAt, new Date(q.openedFrom + 'T00:00:00+07:00')));
      if (q.openedTo) conds.push(lt(cases.openedAt, new Date(new Date(q.openedTo + 'T00:00:00+07:00').getTime() + 86_400_000)));
      if (after) conds.push(sql`(${msOf(cases.openedAt)}, ${cases.id}) < (${after.sortKey}::timestamptz, ${after.id}::uuid)`);
      const rows = await db.select({
        row: cases,
        // Spelled out: drizzle leaves columns of a one-table select unqualified, and a bare "id" here
        // would be case_persons.id (the count was always 0).
        victims: sql<number>`(SELECT count(*)::int FROM case_persons cp WHERE cp.case_id = "cases"."id" AND cp.role = 'victim')`,
        full: sql<boolean>`${fullScope(actor) ?? sql`true`}`,
      }).from(cases).where(and(...conds)).orderBy(desc(msOf(cases.openedAt)), desc(cases.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.row.openedAt.toISOString(), r.row.id]);
      // A referral recipient sees the victims its referrals name (loadCase): the case's other victims do
      // not exist for it, in the count, the child flag or the forms of exploitation.
      const partial = page.items.filter((r) => !r.full).map((r) => r.row.id);
      const named = new Map<string, { cp: string; birthDate: string | null; estimatedAge: number | null; types: string[] }[]>();
      if (partial.length > 0) {
        const victims = await db.selectDistinct({
          caseId: referrals.caseId, cp: casePersons.id, birthDate: persons.birthDate, estimatedAge: persons.estimatedAge, types: casePersons.exploitationTypes,
        }).from(referrals)
          .innerJoin(casePersons, eq(casePersons.id, referrals.casePersonId))
          .innerJoin(persons, eq(persons.id, casePersons.personId))
          .where(and(
            inArray(referrals.caseId, partial), referralsToMe(actor),
          ));
        for (const v of victims) named.set(v.caseId, [...(named.get(v.caseId) ?? []), v]);
      }
      await writeAudit(db, ctx, { action: 'case.listed', targetType: 'case', details: { count: page.items.length } });
      return { items: page.items.map((r) => toSummary(r.row, Number(r.victims), r.full ? undefined : named.get(r.row.id) ?? [])), nextCursor: page.nextCursor };
    },

    /**
     * Name (typo-tolerant) and document (exact) search. Both carry identity, so they need
     * `case.identity.read`, travel in the body and are audited with the number of matches only. A match
     * confirms who is in a case: a referral recipient matches only the people its referrals share
     * identity for (identitySearchScope), not every case it can open.
     */
    async searchIdentity(actor: Actor, q: z.infer<typeof CaseIdentitySearch>, ctx: AuditContext) {
      const ranked = await findByIdentity(db, cipher, actor, q);
      await writeAudit(db, ctx, {
        action: 'case.identity_search', targetType: 'case',
        details: { by: [q.name ? 'name' : null, q.document ? 'document' : null].filter((x): x is string => x !== null), matches: ranked.length },
      });
      return { items: ranked.map((m) => ({ ...toSummary(m.row, 0), score: Math.round(m.score * 100) / 100, casePersonIds: m.casePersonIds })) };
    },

    async addPerson(actor: Actor, id: string, input: CasePersonCreate, ctx: AuditContext) {
      const { row, access } = await loadCase(db, actor, id);
      requireWrite(access);
      requireOpen(row);
      await checkPersonCodes(db, input, '');
      const cp = await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        const inserted = await insertCasePerson(trx, cipher, { ...row, provinceCode: row.provinceCode.trim() }, input, actor.userId);
        await refreshCaseDerived(trx, id);
        await recordCaseChange(trx, ctx, { caseId: id, action: 'case.person_added', part: input.role === 'victim' ? 'summary' : 'persons', targetType: 'case_person', targetId: inserted.id, details: { role: input.role } });
        return inserted;
      });
      const { cp: fresh, p } = await findCasePerson(access, id, cp.id);
      return toCasePerson(fresh, p, access, [], cipher);
    },

    async updatePerson(actor: Actor, id: string, casePersonId: string, input: z.infer<typeof CasePersonUpdate>, ctx: AuditContext) {
      const { row, access } = await loadCase(db, actor, id);
      requireWrite(access);
      requireOpen(row);
      const { cp } = await findCasePerson(access, id, casePersonId);
      await checkPersonCodes(db, { nationality: input.nationality, languages: input.languages }, '');
      const t = input.trafficking;
      await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        const [updated] = await trx.update(casePersons).set({
          ...(input.relationship !== undefined ? { relationship: input.relationship } : {}),
          ...(t?.exploitationTypes ? { exploitationTypes: t.exploitationTypes } : {}),
          ...(t?.meansOfControl ? { meansOfControl: t.meansOfControl } : {}),
          ...(t?.recruitmentMethods ? { recruitmentMethods: t.recruitmentMethods } : {}),
          ...(t?.relationshipToTrafficker !== undefined ? { relationshipToTrafficker: t.relationshipToTrafficker } : {}),
          ...(t?.industry !== undefined ? { industry: t.industry } : {}),
          ...(t?.sexExploitationTypes ? { sexExploitationTypes: t.sexExploitationTypes } : {}),
          ...(t?.recruitmentApps ? { recruitmentApps: t.recruitmentApps } : {}),
          ...(t?.exploitationApps ? { exploitationApps: t.exploitationApps } : {}),
          ...(t?.ageWhenTrafficked !== undefined ? { ageWhenTrafficked: t.ageWhenTrafficked } : {}),
          version: sql`${casePersons.version} + 1`, updatedAt: new Date(),
        }).where(and(eq(casePersons.id, casePersonId), eq(casePersons.version, input.version))).returning({ id: casePersons.id });
        if (!updated) throw new AppError('STALE_VERSION', undefined, undefined, { current: { id: casePersonId, version: cp.version } });
        const demographic = {
          ...(input.gender !== undefined ? { gender: input.gender } : {}),
          ...(input.birthDate !== undefined ? { birthDate: input.birthDate } : {}),
          ...(input.estimatedAge !== undefined ? { estimatedAge: input.estimatedAge } : {}),
          ...(input.nationality !== undefined ? { nationality: input.nationality } : {}),
          ...(input.languages !== undefined ? { languages: input.languages } : {}),
          ...(input.needsInterpreter !== undefined ? { needsInterpreter: input.needsInterpreter } : {}),
          ...(input.disability !== undefined ? { disability: input.disability } : {}),
          ...(input.vulnerabilities !== undefined ? { vulnerabilities: input.vulnerabilities } : {}),
        };
        if (Object.keys(demographic).length > 0) {
          await trx.update(persons).set({ ...demographic, version: sql`${persons.version} + 1`, updatedAt: new Date() }).where(eq(persons.id, cp.personId));
        }
        await refreshCaseDerived(trx, id);
        await recordCaseChange(trx, ctx, {
          caseId: id, action: 'case.person_updated', part: t ? 'trafficking' : 'summary', targetType: 'case_person', targetId: casePersonId,
          details: { fields: Object.keys(input).filter((k) => k !== 'version') },
        });
      });
      const { cp: fresh, p } = await findCasePerson(access, id, casePersonId);
      const events = await db.select().from(caseEvents).where(eq(caseEvents.casePersonId, casePersonId));
      // Without identity: event places, identification reasons and travel documents are read through the
      // audited identity route or the case itself, not as a side effect of an edit.
      return toCasePerson(fresh, p, withoutIdentity(access), events, cipher);
    },

    async personIdentity(actor: Actor, id: string, casePersonId: string, ctx: AuditContext) {
      const { access } = await loadCase(db, actor, id);
      const { p, cp, parts } = await findCasePerson(access, id, casePersonId);
      if (!parts.includes('identity') || (cp.role !== 'victim' && !parts.includes('persons'))) throw new AppError('FORBIDDEN');
      await writeAudit(db, ctx, { action: 'case.person_identity_viewed', targetType: 'person', targetId: p.id, details: { caseId: id, casePersonId } });
      return {
        givenName: cipher.decryptOpt(p.givenNameEnc),
        familyName: cipher.decryptOpt(p.familyNameEnc),
        latinName: cipher.decryptOpt(p.latinNameEnc),
        otherNames: cipher.decryptOpt(p.otherNamesEnc),
        nationalId: cipher.decryptOpt(p.nationalIdEnc),
        documentType: p.documentType,
        documentNumber: cipher.decryptOpt(p.documentNumberEnc),
        phone: cipher.decryptOpt(p.phoneEnc),
        address: cipher.decryptOpt(p.addressEnc),
      };
    },

    async addEvent(actor: Actor, id: string, casePersonId: string, input: z.infer<typeof CaseEventCreate>, ctx: AuditContext) {
      const { row, access } = await loadCase(db, actor, id);
      requireWrite(access);
      requireOpen(row);
      const { cp } = await findCasePerson(access, id, casePersonId);
      if (cp.role !== 'victim') throw new AppError('NOT_A_VICTIM');
      if (input.provinceCode && input.country && input.country !== 'THA') {
        throw new AppError('VALIDATION_FAILED', [{ path: 'provinceCode', message: 'a Thai province goes with country THA' }]);
      }
      if (input.districtCode) {
        const [d] = await db.select({ p: districts.provinceCode }).from(districts).where(eq(districts.code, input.districtCode));
        if (!d || (input.provinceCode && d.p.trim() !== input.provinceCode)) throw new AppError('UNKNOWN_DISTRICT', [{ path: 'districtCode', message: 'not in the chosen province' }]);
      }
      if (input.provinceCode) {
        const [p] = await db.select({ c: provinces.code }).from(provinces).where(eq(provinces.code, input.provinceCode));
        if (!p) throw new AppError('UNKNOWN_PROVINCE', [{ path: 'provinceCode', message: 'unknown province code' }]);
      }
      await checkPersonCodes(db, { nationality: input.country }, 'country:');
      const ev = await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        const [e] = await trx.insert(caseEvents).values({
          casePersonId, type: input.type, eventDate: input.eventDate ?? null, country: input.country ?? (input.provinceCode ? 'THA' : null),
          provinceCode: input.provinceCode ?? null, districtCode: input.districtCode ?? null,
          placeEnc: cipher.encryptOpt(input.place), descriptionEnc: cipher.encryptOpt(input.description), createdBy: actor.userId,
        }).returning();
        await recordCaseChange(trx, ctx, { caseId: id, action: 'case.event_added', part: 'trafficking', targetType: 'case_event', targetId: e!.id, details: { type: input.type } });
        return e!;
      });
      return {
        id: ev.id, type: ev.type as 'Recruitment', eventDate: ev.eventDate, country: ev.country, provinceCode: ev.provinceCode?.trim() ?? null,
        districtCode: ev.districtCode?.trim() ?? null, createdAt: ev.createdAt.toISOString(),
        ...(access.parts.includes('identity') ? { place: input.place ?? null, description: input.description ?? null } : {}),
      };
    },

    async addTeamMember(actor: Actor, id: string, input: z.infer<typeof TeamMemberAdd>, ctx: AuditContext) {
      const { row, access } = await loadCase(db, actor, id);
      requireWrite(access);
      requireOpen(row);
      const [u] = await db.select({ id: users.id, active: users.active }).from(users).where(eq(users.id, input.userId));
      const theirRoles = u ? (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, u.id))).map((r) => r.role) : [];
      if (!u || !u.active || !theirRoles.some((r) => (CASEWORK_ROLES as string[]).includes(r))) {
        throw new AppError('TEAM_MEMBER_NOT_ALLOWED', [{ path: 'userId', message: 'inactive, or a role without case work' }]);
      }
      await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        await trx.insert(teamMemberships).values({ recordType: 'case', recordId: id, userId: input.userId, role: input.role })
          .onConflictDoUpdate({ target: [teamMemberships.recordType, teamMemberships.recordId, teamMemberships.userId], set: { role: input.role } });
        await recordCaseChange(trx, ctx, { caseId: id, action: 'case.team_added', part: 'summary', targetType: 'user', targetId: input.userId, details: { role: input.role } });
        await notifyUsers(trx, [input.userId], { kind: 'team_added', caseId: id, caseNumber: row.caseNumber });
      });
      return (await this.get(actor, id, ctx)).team;
    },

    async removeTeamMember(actor: Actor, id: string, userId: string, ctx: AuditContext) {
      const { row, access } = await loadCase(db, actor, id);
      requireWrite(access);
      await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        const removed = await trx.delete(teamMemberships).where(and(
          eq(teamMemberships.recordType, 'case'), eq(teamMemberships.recordId, id), eq(teamMemberships.userId, userId))).returning({ u: teamMemberships.userId });
        if (removed.length === 0) throw new AppError('USER_NOT_FOUND');
        if (row.ownerUserId === userId) await trx.update(cases).set({ ownerUserId: null }).where(eq(cases.id, id));
        await recordCaseChange(trx, ctx, { caseId: id, action: 'case.team_removed', part: 'summary', targetType: 'user', targetId: userId });
      });
      return { ok: true as const };
    },

    async timeline(actor: Actor, id: string, ctx: AuditContext) {
      const { access } = await loadCase(db, actor, id);
      const rows = await db.select({ a: caseActivity, actorName: users.displayName }).from(caseActivity)
        .leftJoin(users, eq(users.id, caseActivity.actorUserId))
        .where(and(eq(caseActivity.caseId, id), inArray(caseActivity.part, access.parts)))
        .orderBy(asc(caseActivity.at), asc(caseActivity.id)).limit(2000);
      const shown = access.persons ? await recipientTimelineFilter(actor, id, access) : () => true;
      await writeAudit(db, ctx, { action: 'case.timeline_viewed', targetType: 'case', targetId: id });
      return {
        items: rows.filter(({ a }) => shown(a)).map(({ a, actorName }) => ({
          id: a.id, at: a.at.toISOString(), kind: a.kind, part: a.part as 'summary', actorUserId: a.actorUserId, actorName,
          actorOrganisationId: a.actorOrganisationId, details: a.details,
        })),
      };
    },
  };
}
export type CaseService = ReturnType<typeof createCaseService>;
