import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  BorderCentre, BorderCentreCreate, BorderCentreQuery, BorderCentreStaff, BorderCentreStaffCreate, BorderCentreStaffQuery,
  BorderCentreStaffUpdate, BorderCentreUpdate, Mdt, MdtCreate, MdtMember, MdtMemberCreate, MdtMemberQuery, MdtMemberUpdate, MdtQuery,
  MdtUpdate, OrgRef, RosterQuery, RosterUpdate,
} from '../../../contracts/structures.js';
import type { Contact } from '../../../contracts/network.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import { borderCentreStaff, borderCentres, mdtMembers, mdtOnCall, mdts, organisationContacts, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import {
  checkArea, checkOrganisations, checkUser, code, daysBetween, keysetAfter, keysetOrder, orgRefs, requireManage, staleUnless, todayInThailand,
} from './structures.common.js';

type MdtRow = typeof mdts.$inferSelect;
type CentreRow = typeof borderCentres.$inferSelect;
type StaffRow = typeof borderCentreStaff.$inferSelect;
type MemberRow = typeof mdtMembers.$inferSelect & { displayName: string | null };

const centreKey = sql`(${borderCentres.provinceCode} || ${borderCentres.nameEn})`;
const mdtKey = sql`(${mdts.provinceCode} || ${mdts.nameEn})`;
const staffKey = sql`${borderCentreStaff.fromDate}::text`;
const memberKey = sql`${mdtMembers.role}`;
/** A roster is read or written at most this many days at a time. */
const MAX_ROSTER_DAYS = 93;

export function createTeamService({ database }: AppDeps) {
  const db = database.db;

  const memberColumns = { m: mdtMembers, displayName: users.displayName };
  async function memberRows(tx: Db, where: ReturnType<typeof and>): Promise<MemberRow[]> {
    const rows = await tx.select(memberColumns).from(mdtMembers).leftJoin(users, eq(users.id, mdtMembers.userId)).where(where)
      .orderBy(...keysetOrder(memberKey, mdtMembers.id));
    return rows.map((r) => ({ ...r.m, displayName: r.displayName }));
  }
  function toMember(m: MemberRow, orgs: Map<string, OrgRef>): MdtMember {
    return {
      id: m.id, mdtId: m.mdtId, userId: m.userId, name: m.personName ?? m.displayName ?? '', organisation: orgs.get(m.organisationId)!,
      role: m.role as MdtMember['role'], active: m.active, version: m.version,
    };
  }
  async function membersOut(tx: Db, rows: MemberRow[]) {
    const orgs = await orgRefs(tx, rows.map((r) => r.organisationId));
    return rows.map((r) => toMember(r, orgs));
  }

  async function toMdts(tx: Db, rows: MdtRow[]): Promise<Mdt[]> {
    const centreIds = [...new Set(rows.map((r) => r.borderCentreId).filter((x): x is string => !!x))];
    const centres = centreIds.length ? await tx.select({ id: borderCentres.id, nameTh: borderCentres.nameTh, nameEn: borderCentres.nameEn }).from(borderCentres).where(inArray(borderCentres.id, centreIds)) : [];
    const byId = new Map(centres.map((c) => [c.id, c]));
    const orgs = await orgRefs(tx, rows.map((r) => r.coordinatorOrganisationId));
    return rows.map((r) => ({
      id: r.id, nameTh: r.nameTh, nameEn: r.nameEn, provinceCode: code(r.provinceCode)!,
      borderCentre: r.borderCentreId ? byId.get(r.borderCentreId) ?? null : null,
      coordinatorOrganisation: r.coordinatorOrganisationId ? orgs.get(r.coordinatorOrganisationId) ?? null : null,
      active: r.active, version: r.version,
    }));
  }
  async function toCentres(tx: Db, rows: CentreRow[]): Promise<BorderCentre[]> {
    const orgs = await orgRefs(tx, rows.map((r) => r.organisationId));
    return rows.map((r) => ({
      id: r.id, nameTh: r.nameTh, nameEn: r.nameEn, provinceCode: code(r.provinceCode)!, districtCode: code(r.districtCode),
      organisation: r.organisationId ? orgs.get(r.organisationId) ?? null : null, address: r.address, active: r.active, version: r.version,
    }));
  }
  async function toStaff(tx: Db, rows: StaffRow[]): Promise<BorderCentreStaff[]> {
    const orgs = await orgRefs(tx, rows.map((r) => r.homeOrganisationId));
    const today = todayInThailand();
    return rows.map((r) => ({
      id: r.id, centreId: r.centreId, personName: r.personName, homeOrganisation: orgs.get(r.homeOrganisationId)!, role: r.role,
      fromDate: r.fromDate, toDate: r.toDate, current: r.fromDate <= today && (r.toDate === null || r.toDate >= today), version: r.version,
    }));
  }

  async function getMdtRow(id: string): Promise<MdtRow> {
    const [m] = await db.select().from(mdts).where(eq(mdts.id, id)).limit(1);
    if (!m) throw new AppError('MDT_NOT_FOUND');
    return m;
  }
  async function getCentreRow(id: string): Promise<CentreRow> {
    const [c] = await db.select().from(borderCentres).where(eq(borderCentres.id, id)).limit(1);
    if (!c) throw new AppError('BORDER_CENTRE_NOT_FOUND');
    return c;
  }
  async function checkCentreFor(provinceCode: string, centreId: string | null | undefined) {
    if (!centreId) return;
    const [c] = await db.select({ p: borderCentres.provinceCode }).from(borderCentres).where(eq(borderCentres.id, centreId)).limit(1);
    if (!c) throw new AppError('VALIDATION_FAILED', [{ path: 'borderCentreId', message: 'unknown border centre' }]);
    if (c.p.trim() !== provinceCode) throw new AppError('BORDER_CENTRE_ELSEWHERE', [{ path: 'borderCentreId', message: 'the centre is in another province' }]);
  }

  async function rosterOut(tx: Db, mdt: { id: string; version: number }, from: string, to: string) {
    const rows = await tx.select({ onDate: mdtOnCall.onDate, ...memberColumns }).from(mdtOnCall)
      .innerJoin(mdtMembers, eq(mdtMembers.id, mdtOnCall.memberId)).leftJoin(users, eq(users.id, mdtMembers.userId))
      .where(and(eq(mdtOnCall.mdtId, mdt.id), gte(mdtOnCall.onDate, from), lte(mdtOnCall.onDate, to)))
      .orderBy(mdtOnCall.onDate, ...keysetOrder(memberKey, mdtMembers.id));
    const members = await membersOut(tx, rows.map((r) => ({ ...r.m, displayName: r.displayName })));
    const days = new Map<string, MdtMember[]>();
    rows.forEach((r, i) => {
      const list = days.get(r.onDate) ?? [];
      list.push(members[i]!);
      days.set(r.onDate, list);
    });
    return { mdtId: mdt.id, version: mdt.version, days: [...days].map(([date, m]) => ({ date, members: m })) };
  }

  return {
    // ------------------------------------------------------------ multidisciplinary teams
    async listMdts(q: z.infer<typeof MdtQuery>) {
      const rows = await db.select({ m: mdts, sortKey: sql<string>`(${mdtKey})::text` }).from(mdts).where(and(
        q.province ? eq(mdts.provinceCode, q.province) : undefined,
        q.borderCentre ? eq(mdts.borderCentreId, q.borderCentre) : undefined,
        keysetAfter(mdtKey, mdts.id, decodeCursor(q.cursor)),
      )).orderBy(...keysetOrder(mdtKey, mdts.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.m.id]);
      return { items: await toMdts(db, page.items.map((r) => r.m)), nextCursor: page.nextCursor };
    },

    async getMdt(id: string) {
      return (await toMdts(db, [await getMdtRow(id)]))[0]!;
    },

    async createMdt(actor: Actor, input: z.infer<typeof MdtCreate>, ctx: AuditContext) {
      await checkArea(db, { provinceCode: input.provinceCode });
      requireManage(actor, input.provinceCode);
      await checkCentreFor(input.provinceCode, input.borderCentreId);
      await checkOrganisations(db, [{ id: input.coordinatorOrganisationId, path: 'coordinatorOrganisationId' }]);
      return db.transaction(async (trx) => {
        const [row] = await trx.insert(mdts).values({
          nameTh: input.nameTh, nameEn: input.nameEn, provinceCode: input.provinceCode, borderCentreId: input.borderCentreId ?? null,
          coordinatorOrganisationId: input.coordinatorOrganisationId ?? null,
        }).returning();
        await writeAudit(trx, ctx, { action: 'mdt.created', targetType: 'mdt', targetId: row!.id, details: { provinceCode: input.provinceCode } });
        return (await toMdts(trx, [row!]))[0]!;
      });
    },

    async updateMdt(actor: Actor, id: string, input: z.infer<typeof MdtUpdate>, ctx: AuditContext) {
      const current = await getMdtRow(id);
      requireManage(actor, current.provinceCode);
      await checkCentreFor(current.provinceCode.trim(), input.borderCentreId);
      await checkOrganisations(db, [{ id: input.coordinatorOrganisationId, path: 'coordinatorOrganisationId' }]);
      const { version, ...changes } = input;
      return db.transaction(async (trx) => {
        const row = staleUnless((await trx.update(mdts).set({ ...changes, version: sql`${mdts.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(mdts.id, id), eq(mdts.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'mdt.updated', targetType: 'mdt', targetId: id, details: { fields: Object.keys(changes) } });
        return (await toMdts(trx, [row]))[0]!;
      });
    },

    async mdtMembers(mdtId: string, q: z.infer<typeof MdtMemberQuery>) {
      await getMdtRow(mdtId);
      const rows = await db.select({ ...memberColumns, sortKey: sql<string>`(${memberKey})::text` }).from(mdtMembers)
        .leftJoin(users, eq(users.id, mdtMembers.userId)).where(and(
          eq(mdtMembers.mdtId, mdtId), q.active === undefined ? undefined : eq(mdtMembers.active, q.active),
          keysetAfter(memberKey, mdtMembers.id, decodeCursor(q.cursor)),
        )).orderBy(...keysetOrder(memberKey, mdtMembers.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.m.id]);
      return { items: await membersOut(db, page.items.map((r) => ({ ...r.m, displayName: r.displayName }))), nextCursor: page.nextCursor };
    },

    async addMdtMember(actor: Actor, mdtId: string, input: z.infer<typeof MdtMemberCreate>, ctx: AuditContext) {
      const mdt = await getMdtRow(mdtId);
      requireManage(actor, mdt.provinceCode);
      const user = input.userId ? await checkUser(db, input.userId, 'userId') : undefined;
      const organisationId = input.organisationId ?? user!.organisationId;
      await checkOrganisations(db, [{ id: organisationId, path: 'organisationId' }]);
      return db.transaction(async (trx) => {
        const [row] = await trx.insert(mdtMembers).values({
          mdtId, userId: input.userId ?? null, personName: input.personName ?? null, organisationId, role: input.role,
        }).returning({ id: mdtMembers.id });
        await writeAudit(trx, ctx, { action: 'mdt.member_added', targetType: 'mdt_member', targetId: row!.id, details: { mdtId, role: input.role, organisationId } });
        return (await membersOut(trx, await memberRows(trx, eq(mdtMembers.id, row!.id))))[0]!;
      });
    },

    async updateMdtMember(actor: Actor, memberId: string, input: z.infer<typeof MdtMemberUpdate>, ctx: AuditContext) {
      const [current] = await db.select().from(mdtMembers).where(eq(mdtMembers.id, memberId)).limit(1);
      if (!current) throw new AppError('NOT_FOUND');
      const mdt = await getMdtRow(current.mdtId);
      requireManage(actor, mdt.provinceCode);
      if (input.personName !== undefined && current.userId) {
        throw new AppError('VALIDATION_FAILED', [{ path: 'personName', message: 'this member is a user: the name comes from the account' }]);
      }
      await checkOrganisations(db, [{ id: input.organisationId, path: 'organisationId' }]);
      const { version, ...changes } = input;
      return db.transaction(async (trx) => {
        staleUnless((await trx.update(mdtMembers).set({ ...changes, version: sql`${mdtMembers.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(mdtMembers.id, memberId), eq(mdtMembers.version, version))).returning({ id: mdtMembers.id }))[0]);
        await writeAudit(trx, ctx, { action: 'mdt.member_updated', targetType: 'mdt_member', targetId: memberId, details: { mdtId: current.mdtId, fields: Object.keys(changes) } });
        return (await membersOut(trx, await memberRows(trx, eq(mdtMembers.id, memberId))))[0]!;
      });
    },

    async roster(mdtId: string, q: z.infer<typeof RosterQuery>) {
      const mdt = await getMdtRow(mdtId);
      if (daysBetween(q.from, q.to) >= MAX_ROSTER_DAYS) throw new AppError('VALIDATION_FAILED', [{ path: 'query.to', message: `at most ${MAX_ROSTER_DAYS} days at a time` }]);
      return rosterOut(db, mdt, q.from, q.to);
    },

    /** The days given replace who is on call on those days; the team's version guards against two editors. */
    async setRoster(actor: Actor, mdtId: string, input: z.infer<typeof RosterUpdate>, ctx: AuditContext) {
      const mdt = await getMdtRow(mdtId);
      requireManage(actor, mdt.provinceCode);
      const dates = input.days.map((d) => d.date).sort();
      const from = dates[0]!;
      const to = dates.at(-1)!;
      const memberIds = [...new Set(input.days.flatMap((d) => d.memberIds))];
      return db.transaction(async (trx) => {
        if (memberIds.length) {
          const ok = await trx.select({ id: mdtMembers.id }).from(mdtMembers)
            .where(and(eq(mdtMembers.mdtId, mdtId), eq(mdtMembers.active, true), inArray(mdtMembers.id, memberIds)));
          if (ok.length !== memberIds.length) {
            const found = new Set(ok.map((r) => r.id));
            throw new AppError('MEMBER_NOT_IN_TEAM', memberIds.filter((m) => !found.has(m)).map((m) => ({ path: 'days', message: `member ${m} is not an active member of this team` })));
          }
        }
        const row = staleUnless((await trx.update(mdts).set({ version: sql`${mdts.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(mdts.id, mdtId), eq(mdts.version, input.version))).returning())[0]);
        await trx.delete(mdtOnCall).where(and(eq(mdtOnCall.mdtId, mdtId), inArray(mdtOnCall.onDate, dates)));
        const values = input.days.flatMap((d) => [...new Set(d.memberIds)].map((memberId) => ({ mdtId, onDate: d.date, memberId })));
        if (values.length) await trx.insert(mdtOnCall).values(values);
        await writeAudit(trx, ctx, { action: 'mdt.roster_updated', targetType: 'mdt', targetId: mdtId, details: { from, to, days: dates.length } });
        return rosterOut(trx, row, from, to);
      });
    },

    /**
     * Who is on call on a day, with their organisation's 24-hour line. The line is a contact: showing
     * it is recorded like any other contact read.
     */
    async onCall(mdtId: string, date: string, ctx: AuditContext) {
      const mdt = await getMdtRow(mdtId);
      const r = await rosterOut(db, mdt, date, date);
      const members = r.days[0]?.members ?? [];
      const orgIds = [...new Set(members.map((m) => m.organisation.id))];
      const contacts = orgIds.length ? await db.select().from(organisationContacts)
        .where(and(inArray(organisationContacts.organisationId, orgIds), eq(organisationContacts.urgent24h, true)))
        .orderBy(organisationContacts.name, organisationContacts.id) : [];
      const first = new Map<string, Contact>();
      for (const c of contacts) {
        if (!first.has(c.organisationId)) {
          first.set(c.organisationId, {
            id: c.id, organisationId: c.organisationId, name: c.name, role: c.role, officePhone: c.officePhone, mobile: c.mobile,
            lineId: c.lineId, email: c.email, urgent24h: c.urgent24h, version: c.version,
          });
        }
      }
      if (first.size) {
        await writeAudit(db, ctx, { action: 'network.contacts_viewed', targetType: 'mdt', targetId: mdtId, details: { organisations: [...first.keys()], via: 'mdt_on_call', date } });
      }
      return { mdtId, date, items: members.map((member) => ({ member, urgentContact: first.get(member.organisation.id) ?? null })) };
    },

    // ------------------------------------------------------------ border integration centres
    async listCentres(q: z.infer<typeof BorderCentreQuery>) {
      const rows = await db.select({ c: borderCentres, sortKey: sql<string>`(${centreKey})::text` }).from(borderCentres).where(and(
        q.province ? eq(borderCentres.provinceCode, q.province) : undefined,
        keysetAfter(centreKey, borderCentres.id, decodeCursor(q.cursor)),
      )).orderBy(...keysetOrder(centreKey, borderCentres.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.c.id]);
      return { items: await toCentres(db, page.items.map((r) => r.c)), nextCursor: page.nextCursor };
    },

    async getCentre(id: string) {
      return (await toCentres(db, [await getCentreRow(id)]))[0]!;
    },

    async createCentre(actor: Actor, input: z.infer<typeof BorderCentreCreate>, ctx: AuditContext) {
      const area = await checkArea(db, { provinceCode: input.provinceCode, districtCode: input.districtCode });
      requireManage(actor, area.provinceCode);
      await checkOrganisations(db, [{ id: input.organisationId, path: 'organisationId' }]);
      return db.transaction(async (trx) => {
        const [row] = await trx.insert(borderCentres).values({
          nameTh: input.nameTh, nameEn: input.nameEn, provinceCode: area.provinceCode, districtCode: area.districtCode,
          organisationId: input.organisationId ?? null, address: input.address ?? null,
        }).returning();
        await writeAudit(trx, ctx, { action: 'border_centre.created', targetType: 'border_centre', targetId: row!.id, details: { provinceCode: area.provinceCode, districtCode: area.districtCode } });
        return (await toCentres(trx, [row!]))[0]!;
      });
    },

    async updateCentre(actor: Actor, id: string, input: z.infer<typeof BorderCentreUpdate>, ctx: AuditContext) {
      const current = await getCentreRow(id);
      requireManage(actor, current.provinceCode);
      if (input.districtCode) await checkArea(db, { provinceCode: current.provinceCode.trim(), districtCode: input.districtCode });
      await checkOrganisations(db, [{ id: input.organisationId, path: 'organisationId' }]);
      const { version, ...changes } = input;
      return db.transaction(async (trx) => {
        const row = staleUnless((await trx.update(borderCentres).set({ ...changes, version: sql`${borderCentres.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(borderCentres.id, id), eq(borderCentres.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'border_centre.updated', targetType: 'border_centre', targetId: id, details: { fields: Object.keys(changes) } });
        return (await toCentres(trx, [row]))[0]!;
      });
    },

    async staff(centreId: string, q: z.infer<typeof BorderCentreStaffQuery>) {
      await getCentreRow(centreId);
      const today = todayInThailand();
      const current = sql`(${borderCentreStaff.fromDate} <= ${today}::date AND (${borderCentreStaff.toDate} IS NULL OR ${borderCentreStaff.toDate} >= ${today}::date))`;
      const rows = await db.select({ s: borderCentreStaff, sortKey: sql<string>`(${staffKey})::text` }).from(borderCentreStaff).where(and(
        eq(borderCentreStaff.centreId, centreId),
        q.current === undefined ? undefined : q.current ? current : sql`NOT ${current}`,
        keysetAfter(staffKey, borderCentreStaff.id, decodeCursor(q.cursor), true),
      )).orderBy(...keysetOrder(staffKey, borderCentreStaff.id, true)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.s.id]);
      return { items: await toStaff(db, page.items.map((r) => r.s)), nextCursor: page.nextCursor };
    },

    async addStaff(actor: Actor, centreId: string, input: z.infer<typeof BorderCentreStaffCreate>, ctx: AuditContext) {
      const centre = await getCentreRow(centreId);
      requireManage(actor, centre.provinceCode);
      await checkOrganisations(db, [{ id: input.homeOrganisationId, path: 'homeOrganisationId' }]);
      return db.transaction(async (trx) => {
        const [row] = await trx.insert(borderCentreStaff).values({
          centreId, personName: input.personName, homeOrganisationId: input.homeOrganisationId, role: input.role,
          fromDate: input.fromDate, toDate: input.toDate ?? null,
        }).returning();
        await writeAudit(trx, ctx, { action: 'border_centre.staff_added', targetType: 'border_centre_staff', targetId: row!.id, details: { centreId, homeOrganisationId: input.homeOrganisationId } });
        return (await toStaff(trx, [row!]))[0]!;
      });
    },

    async updateStaff(actor: Actor, staffId: string, input: z.infer<typeof BorderCentreStaffUpdate>, ctx: AuditContext) {
      const [current] = await db.select().from(borderCentreStaff).where(eq(borderCentreStaff.id, staffId)).limit(1);
      if (!current) throw new AppError('NOT_FOUND');
      const centre = await getCentreRow(current.centreId);
      requireManage(actor, centre.provinceCode);
      await checkOrganisations(db, [{ id: input.homeOrganisationId, path: 'homeOrganisationId' }]);
      const { version, ...changes } = input;
      const fromDate = changes.fromDate ?? current.fromDate;
      const toDate = changes.toDate === undefined ? current.toDate : changes.toDate;
      if (toDate !== null && toDate < fromDate) throw new AppError('VALIDATION_FAILED', [{ path: 'toDate', message: 'the end date is before the start date' }]);
      return db.transaction(async (trx) => {
        const row = staleUnless((await trx.update(borderCentreStaff).set({ ...changes, version: sql`${borderCentreStaff.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(borderCentreStaff.id, staffId), eq(borderCentreStaff.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'border_centre.staff_updated', targetType: 'border_centre_staff', targetId: staffId, details: { centreId: current.centreId, fields: Object.keys(changes) } });
        return (await toStaff(trx, [row]))[0]!;
      });
    },
  };
}
