import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ActionItem, ActionItemCreate, ActionItemQuery, ActionItemUpdate, AppointmentOrder, AppointmentOrderCreate, AppointmentOrderUpdate,
  Committee, CommitteeCreate, CommitteeMember, CommitteeMemberCreate, CommitteeMemberQuery, CommitteeMemberUpdate, CommitteeQuery,
  CommitteeUpdate, Meeting, MeetingCreate, MeetingUpdate, OrgRef,
} from '../../../contracts/structures.js';
import type { Page } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import {
  actionItems, appointmentOrders, committeeMembers, committees, documents, meetingAgendaItems, meetingAttendees, meetingGuests,
  meetingResolutions, meetings,
} from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, isoOrNull, pageOf } from '../../platform/pagination.js';
import { decodeUpload, documentMetaColumns, findDocument, storeDocument, toDocumentMeta, type DocumentRow } from './documents.js';
import {
  checkOrganisations, checkProvince, code, daysBetween, isUniqueViolation, keysetAfter, keysetOrder, orgRefs, requireManage,
  staleUnless, todayInThailand,
} from './structures.common.js';

type CommitteeRow = typeof committees.$inferSelect;
type MemberRow = typeof committeeMembers.$inferSelect;
type ActionRow = typeof actionItems.$inferSelect;

const kindKey = sql`(CASE ${committees.kind} WHEN 'national' THEN '0' WHEN 'coordinating' THEN '1' WHEN 'provincial' THEN '2' ELSE '3' END
  || coalesce(${committees.provinceCode}, ''))`;
const roleKey = sql`(CASE ${committeeMembers.role} WHEN 'chair' THEN '0' WHEN 'vice_chair' THEN '1' WHEN 'member' THEN '2'
  WHEN 'advisor' THEN '3' WHEN 'secretary' THEN '4' ELSE '5' END || lower(${committeeMembers.personName}))`;
const dueKey = sql`coalesce(${actionItems.dueDate}::text, '9999-12-31')`;
const openStatuses = ['open', 'in_progress'];
/** One person, however their name was spaced or cased. */
const sameName = (name: string): SQL =>
  sql`lower(regexp_replace(btrim(${committeeMembers.personName}), '\\s+', ' ', 'g')) = lower(regexp_replace(btrim(${name}::text), '\\s+', ' ', 'g'))`;

export function createCommitteeService({ database }: AppDeps) {
  const db = database.db;

  function toCommittee(c: CommitteeRow, orgs: Map<string, OrgRef>): Committee {
    return {
      id: c.id, kind: c.kind as Committee['kind'], provinceCode: code(c.provinceCode), nameTh: c.nameTh, nameEn: c.nameEn,
      secretariat: c.secretariatOrganisationId ? orgs.get(c.secretariatOrganisationId) ?? null : null, active: c.active, version: c.version,
    };
  }
  function toMember(m: MemberRow, orgs: Map<string, OrgRef>, today: string): CommitteeMember {
    return {
      id: m.id, committeeId: m.committeeId, personName: m.personName, position: m.position,
      organisation: m.organisationId ? orgs.get(m.organisationId) ?? null : null, role: m.role as CommitteeMember['role'],
      termStart: m.termStart, termEnd: m.termEnd, current: m.termStart <= today && (m.termEnd === null || m.termEnd >= today), version: m.version,
    };
  }
  function toAction(a: ActionRow, orgs: Map<string, OrgRef>, today: string): ActionItem {
    return {
      id: a.id, meetingId: a.meetingId, committeeId: a.committeeId, text: a.text,
      responsibleOrganisation: orgs.get(a.responsibleOrganisationId) ?? { id: a.responsibleOrganisationId, nameTh: '', nameEn: '' },
      dueDate: a.dueDate, status: a.status as ActionItem['status'], completedAt: isoOrNull(a.completedAt),
      overdue: a.dueDate !== null && a.dueDate < today && openStatuses.includes(a.status), version: a.version,
    };
  }
  function toOrder(o: typeof appointmentOrders.$inferSelect, doc: DocumentRow | undefined): AppointmentOrder {
    return {
      id: o.id, committeeId: o.committeeId, orderNumber: o.orderNumber, orderDate: o.orderDate, signedBy: o.signedBy, subject: o.subject,
      document: doc ? toDocumentMeta(doc) : null, version: o.version,
    };
  }

  async function getCommitteeRow(tx: Db, id: string, lock = false): Promise<CommitteeRow> {
    const q = tx.select().from(committees).where(eq(committees.id, id)).limit(1);
    const [c] = lock ? await q.for('update') : await q;
    if (!c) throw new AppError('COMMITTEE_NOT_FOUND');
    return c;
  }
  /** The committee, if the caller may edit it (403 otherwise). */
  async function managedCommittee(actor: Actor, id: string): Promise<CommitteeRow> {
    const c = await getCommitteeRow(db, id);
    requireManage(actor, c.provinceCode);
    return c;
  }

  /**
   * The same person may sit on a committee again, but not in two terms at once (an open end is
   * "until further notice"). Called with the committee row locked, so two requests cannot both pass.
   */
  async function checkNoOverlap(tx: Db, committeeId: string, m: { personName: string; termStart: string; termEnd: string | null }, exceptId?: string) {
    const clash = await tx.select({ id: committeeMembers.id }).from(committeeMembers).where(and(
      eq(committeeMembers.committeeId, committeeId), sameName(m.personName),
      sql`daterange(${committeeMembers.termStart}, ${committeeMembers.termEnd}, '[]') && daterange(${m.termStart}::date, ${m.termEnd}::date, '[]')`,
      exceptId ? ne(committeeMembers.id, exceptId) : undefined,
    )).limit(1);
    if (clash.length) throw new AppError('MEMBER_TERM_OVERLAP', [{ path: 'termStart', message: `overlaps the term of member ${clash[0]!.id}` }]);
  }

  async function actionItemsOut(tx: Db, rows: ActionRow[]): Promise<ActionItem[]> {
    const orgs = await orgRefs(tx, rows.map((r) => r.responsibleOrganisationId));
    const today = todayInThailand();
    return rows.map((r) => toAction(r, orgs, today));
  }

  async function meetingOut(tx: Db, id: string): Promise<Meeting> {
    const [m] = await tx.select().from(meetings).where(eq(meetings.id, id)).limit(1);
    if (!m) throw new AppError('MEETING_NOT_FOUND');
    // One after another: `tx` may be a transaction, and a PostgreSQL connection runs one query at a time.
    const agenda = await tx.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, id)).orderBy(asc(meetingAgendaItems.position));
    const resolutions = await tx.select().from(meetingResolutions).where(eq(meetingResolutions.meetingId, id)).orderBy(asc(meetingResolutions.position));
    const attendees = await tx.select({ m: committeeMembers }).from(meetingAttendees).innerJoin(committeeMembers, eq(committeeMembers.id, meetingAttendees.memberId))
      .where(eq(meetingAttendees.meetingId, id)).orderBy(roleKey, committeeMembers.id);
    const guests = await tx.select().from(meetingGuests).where(eq(meetingGuests.meetingId, id)).orderBy(meetingGuests.id);
    // By due date (undated last), as the committee's list: what is due first comes first.
    const actions = await tx.select().from(actionItems).where(eq(actionItems.meetingId, id)).orderBy(...keysetOrder(dueKey, actionItems.id));
    const orgs = await orgRefs(tx, [...attendees.map((a) => a.m.organisationId), ...guests.map((g) => g.organisationId)]);
    return {
      id: m.id, committeeId: m.committeeId, meetingDate: m.meetingDate, place: m.place, title: m.title, version: m.version,
      agenda: agenda.map((a) => ({ position: a.position, title: a.title, detail: a.detail })),
      resolutions: resolutions.map((r) => ({ position: r.position, text: r.text })),
      attendees: attendees.map(({ m: a }) => ({ memberId: a.id, personName: a.personName, role: a.role as CommitteeMember['role'], organisation: a.organisationId ? orgs.get(a.organisationId) ?? null : null })),
      guests: guests.map((g) => ({ id: g.id, organisation: orgs.get(g.organisationId)!, personName: g.personName, position: g.position })),
      actionItems: await actionItemsOut(tx, actions),
    };
  }

  async function checkAttendees(tx: Db, committeeId: string, ids: string[]) {
    const unique = [...new Set(ids)];
    if (!unique.length) return unique;
    const rows = await tx.select({ id: committeeMembers.id }).from(committeeMembers)
      .where(and(eq(committeeMembers.committeeId, committeeId), inArray(committeeMembers.id, unique)));
    if (rows.length !== unique.length) {
      const found = new Set(rows.map((r) => r.id));
      throw new AppError('MEMBER_NOT_IN_COMMITTEE', unique.filter((i) => !found.has(i)).map((i) => ({ path: `attendeeMemberIds.${ids.indexOf(i)}`, message: 'not a member of this committee' })));
    }
    return unique;
  }

  async function writeMeetingLists(tx: Db, meetingId: string, input: Partial<Pick<z.infer<typeof MeetingCreate>, 'agenda' | 'guests' | 'resolutions'>> & { attendees?: string[] }, replace: boolean) {
    if (input.agenda) {
      if (replace) await tx.delete(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId));
      if (input.agenda.length) await tx.insert(meetingAgendaItems).values(input.agenda.map((a, i) => ({ meetingId, position: i + 1, title: a.title, detail: a.detail ?? null })));
    }
    if (input.resolutions) {
      if (replace) await tx.delete(meetingResolutions).where(eq(meetingResolutions.meetingId, meetingId));
      if (input.resolutions.length) await tx.insert(meetingResolutions).values(input.resolutions.map((text, i) => ({ meetingId, position: i + 1, text })));
    }
    if (input.attendees) {
      if (replace) await tx.delete(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId));
      if (input.attendees.length) await tx.insert(meetingAttendees).values(input.attendees.map((memberId) => ({ meetingId, memberId })));
    }
    if (input.guests) {
      if (replace) await tx.delete(meetingGuests).where(eq(meetingGuests.meetingId, meetingId));
      if (input.guests.length) await tx.insert(meetingGuests).values(input.guests.map((g) => ({ meetingId, organisationId: g.organisationId, personName: g.personName ?? null, position: g.position ?? null })));
    }
  }

  return {
    // ------------------------------------------------------------ committees
    async list(q: z.infer<typeof CommitteeQuery>) {
      const rows = await db.select({ c: committees, sortKey: sql<string>`(${kindKey})::text` }).from(committees).where(and(
        q.kind ? eq(committees.kind, q.kind) : undefined,
        q.province ? eq(committees.provinceCode, q.province) : undefined,
        keysetAfter(kindKey, committees.id, decodeCursor(q.cursor)),
      )).orderBy(...keysetOrder(kindKey, committees.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.c.id]);
      const orgs = await orgRefs(db, page.items.map((r) => r.c.secretariatOrganisationId));
      return { items: page.items.map((r) => toCommittee(r.c, orgs)), nextCursor: page.nextCursor };
    },

    async get(id: string) {
      const c = await getCommitteeRow(db, id);
      return toCommittee(c, await orgRefs(db, [c.secretariatOrganisationId]));
    },

    async create(actor: Actor, input: z.infer<typeof CommitteeCreate>, ctx: AuditContext) {
      const provinceCode = input.provinceCode ?? null;
      // National-level committees (no province) are the national scope's to create.
      requireManage(actor, provinceCode);
      if (provinceCode) await checkProvince(db, provinceCode);
      await checkOrganisations(db, [{ id: input.secretariatOrganisationId, path: 'secretariatOrganisationId' }]);
      try {
        return await db.transaction(async (trx) => {
          const [row] = await trx.insert(committees).values({
            kind: input.kind, provinceCode, nameTh: input.nameTh, nameEn: input.nameEn, secretariatOrganisationId: input.secretariatOrganisationId ?? null,
          }).returning();
          await writeAudit(trx, ctx, { action: 'committee.created', targetType: 'committee', targetId: row!.id, details: { kind: input.kind, provinceCode } });
          return toCommittee(row!, await orgRefs(trx, [row!.secretariatOrganisationId]));
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('COMMITTEE_EXISTS');
        throw err;
      }
    },

    async update(actor: Actor, id: string, input: z.infer<typeof CommitteeUpdate>, ctx: AuditContext) {
      await managedCommittee(actor, id);
      await checkOrganisations(db, [{ id: input.secretariatOrganisationId, path: 'secretariatOrganisationId' }]);
      const { version, ...changes } = input;
      return db.transaction(async (trx) => {
        const row = staleUnless((await trx.update(committees).set({ ...changes, version: sql`${committees.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(committees.id, id), eq(committees.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'committee.updated', targetType: 'committee', targetId: id, details: { fields: Object.keys(changes) } });
        return toCommittee(row, await orgRefs(trx, [row.secretariatOrganisationId]));
      });
    },

    // ------------------------------------------------------------ members
    async members(committeeId: string, q: z.infer<typeof CommitteeMemberQuery>) {
      await getCommitteeRow(db, committeeId);
      const today = todayInThailand();
      const rows = await db.select({ m: committeeMembers, sortKey: sql<string>`(${roleKey})::text` }).from(committeeMembers).where(and(
        eq(committeeMembers.committeeId, committeeId),
        q.current === undefined ? undefined
          : q.current ? sql`${committeeMembers.termStart} <= ${today}::date AND (${committeeMembers.termEnd} IS NULL OR ${committeeMembers.termEnd} >= ${today}::date)`
            : sql`NOT (${committeeMembers.termStart} <= ${today}::date AND (${committeeMembers.termEnd} IS NULL OR ${committeeMembers.termEnd} >= ${today}::date))`,
        keysetAfter(roleKey, committeeMembers.id, decodeCursor(q.cursor)),
      )).orderBy(...keysetOrder(roleKey, committeeMembers.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.m.id]);
      const orgs = await orgRefs(db, page.items.map((r) => r.m.organisationId));
      return { items: page.items.map((r) => toMember(r.m, orgs, today)), nextCursor: page.nextCursor };
    },

    async addMember(actor: Actor, committeeId: string, input: z.infer<typeof CommitteeMemberCreate>, ctx: AuditContext) {
      await managedCommittee(actor, committeeId);
      await checkOrganisations(db, [{ id: input.organisationId, path: 'organisationId' }]);
      return db.transaction(async (trx) => {
        await getCommitteeRow(trx, committeeId, true);
        const termEnd = input.termEnd ?? null;
        await checkNoOverlap(trx, committeeId, { personName: input.personName, termStart: input.termStart, termEnd });
        const [row] = await trx.insert(committeeMembers).values({
          committeeId, personName: input.personName, position: input.position ?? null, organisationId: input.organisationId ?? null,
          role: input.role, termStart: input.termStart, termEnd,
        }).returning();
        await writeAudit(trx, ctx, { action: 'committee.member_added', targetType: 'committee_member', targetId: row!.id, details: { committeeId, role: input.role } });
        return toMember(row!, await orgRefs(trx, [row!.organisationId]), todayInThailand());
      });
    },

    async updateMember(actor: Actor, memberId: string, input: z.infer<typeof CommitteeMemberUpdate>, ctx: AuditContext) {
      const [current] = await db.select().from(committeeMembers).where(eq(committeeMembers.id, memberId)).limit(1);
      if (!current) throw new AppError('NOT_FOUND');
      await managedCommittee(actor, current.committeeId);
      await checkOrganisations(db, [{ id: input.organisationId, path: 'organisationId' }]);
      const { version, ...changes } = input;
      return db.transaction(async (trx) => {
        await getCommitteeRow(trx, current.committeeId, true);
        const [now] = await trx.select().from(committeeMembers).where(eq(committeeMembers.id, memberId)).limit(1);
        if (!now || now.version !== version) throw new AppError('STALE_VERSION');
        const next = {
          personName: changes.personName ?? now.personName, termStart: changes.termStart ?? now.termStart,
          termEnd: changes.termEnd === undefined ? now.termEnd : changes.termEnd,
        };
        if (next.termEnd !== null && next.termEnd < next.termStart) throw new AppError('VALIDATION_FAILED', [{ path: 'termEnd', message: 'the end date is before the start date' }]);
        await checkNoOverlap(trx, current.committeeId, next, memberId);
        const row = staleUnless((await trx.update(committeeMembers).set({ ...changes, version: sql`${committeeMembers.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(committeeMembers.id, memberId), eq(committeeMembers.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'committee.member_updated', targetType: 'committee_member', targetId: memberId, details: { committeeId: current.committeeId, fields: Object.keys(changes) } });
        return toMember(row, await orgRefs(trx, [row.organisationId]), todayInThailand());
      });
    },

    // ------------------------------------------------------------ appointment orders and their documents
    async orders(committeeId: string, q: Page) {
      await getCommitteeRow(db, committeeId);
      const key = sql`${appointmentOrders.orderDate}::text`;
      const rows = await db.select({ o: appointmentOrders, sortKey: sql<string>`(${key})::text` }).from(appointmentOrders)
        .where(and(eq(appointmentOrders.committeeId, committeeId), keysetAfter(key, appointmentOrders.id, decodeCursor(q.cursor), true)))
        .orderBy(...keysetOrder(key, appointmentOrders.id, true)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.o.id]);
      const docIds = page.items.map((r) => r.o.documentId).filter((x): x is string => !!x);
      const docs = docIds.length ? await db.select(documentMetaColumns).from(documents).where(inArray(documents.id, docIds)) : [];
      const byId = new Map(docs.map((d) => [d.id, d]));
      return { items: page.items.map((r) => toOrder(r.o, r.o.documentId ? byId.get(r.o.documentId) : undefined)), nextCursor: page.nextCursor };
    },

    async addOrder(actor: Actor, committeeId: string, input: z.infer<typeof AppointmentOrderCreate>, ctx: AuditContext) {
      await managedCommittee(actor, committeeId);
      const upload = input.document ? decodeUpload(input.document) : undefined;
      return db.transaction(async (trx) => {
        const doc = upload ? await storeDocument(trx, upload, ctx) : undefined;
        const [row] = await trx.insert(appointmentOrders).values({
          committeeId, orderNumber: input.orderNumber, orderDate: input.orderDate, signedBy: input.signedBy, subject: input.subject ?? null, documentId: doc?.id ?? null,
        }).returning();
        await writeAudit(trx, ctx, { action: 'committee.order_added', targetType: 'appointment_order', targetId: row!.id, details: { committeeId, documentId: doc?.id ?? null, ...(doc ? { sha256: doc.sha256 } : {}) } });
        return toOrder(row!, doc);
      });
    },

    async updateOrder(actor: Actor, orderId: string, input: z.infer<typeof AppointmentOrderUpdate>, ctx: AuditContext) {
      const [current] = await db.select().from(appointmentOrders).where(eq(appointmentOrders.id, orderId)).limit(1);
      if (!current) throw new AppError('NOT_FOUND');
      await managedCommittee(actor, current.committeeId);
      const upload = input.document ? decodeUpload(input.document) : undefined;
      const { version, document: _document, ...changes } = input;
      void _document;
      return db.transaction(async (trx) => {
        // A replaced document stays stored (the old order's file is still the record of what was signed then).
        const doc = upload ? await storeDocument(trx, upload, ctx) : undefined;
        const documentId = input.document === undefined ? current.documentId : doc?.id ?? null;
        const row = staleUnless((await trx.update(appointmentOrders).set({ ...changes, documentId, version: sql`${appointmentOrders.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(appointmentOrders.id, orderId), eq(appointmentOrders.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'committee.order_updated', targetType: 'appointment_order', targetId: orderId, details: { committeeId: current.committeeId, fields: Object.keys(input).filter((k) => k !== 'version'), documentId } });
        const meta = documentId ? (await trx.select(documentMetaColumns).from(documents).where(eq(documents.id, documentId)).limit(1))[0] : undefined;
        return toOrder(row, meta);
      });
    },

    /** The file itself; every download is on record. */
    async download(id: string, ctx: AuditContext) {
      const d = await findDocument(db, id);
      if (!d) throw new AppError('DOCUMENT_NOT_FOUND');
      await writeAudit(db, ctx, { action: 'document.downloaded', targetType: 'document', targetId: id, details: { contentType: d.contentType, sizeBytes: d.sizeBytes } });
      return d;
    },

    // ------------------------------------------------------------ meetings
    async meetings(committeeId: string, q: Page) {
      await getCommitteeRow(db, committeeId);
      const key = sql`${meetings.meetingDate}::text`;
      const rows = await db.select({ m: meetings, sortKey: sql<string>`(${key})::text` }).from(meetings)
        .where(and(eq(meetings.committeeId, committeeId), keysetAfter(key, meetings.id, decodeCursor(q.cursor), true)))
        .orderBy(...keysetOrder(key, meetings.id, true)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.m.id]);
      return {
        items: page.items.map(({ m }) => ({ id: m.id, committeeId: m.committeeId, meetingDate: m.meetingDate, place: m.place, title: m.title, version: m.version })),
        nextCursor: page.nextCursor,
      };
    },

    meeting: (id: string) => meetingOut(db, id),

    async createMeeting(actor: Actor, committeeId: string, input: z.infer<typeof MeetingCreate>, ctx: AuditContext) {
      await managedCommittee(actor, committeeId);
      await checkOrganisations(db, [
        ...input.guests.map((g, i) => ({ id: g.organisationId, path: `guests.${i}.organisationId` })),
        ...input.actionItems.map((a, i) => ({ id: a.responsibleOrganisationId, path: `actionItems.${i}.responsibleOrganisationId` })),
      ]);
      return db.transaction(async (trx) => {
        const attendees = await checkAttendees(trx, committeeId, input.attendeeMemberIds);
        const [m] = await trx.insert(meetings).values({ committeeId, meetingDate: input.meetingDate, place: input.place ?? null, title: input.title ?? null }).returning();
        await writeMeetingLists(trx, m!.id, { ...input, attendees }, false);
        if (input.actionItems.length) {
          await trx.insert(actionItems).values(input.actionItems.map((a) => ({
            meetingId: m!.id, committeeId, text: a.text, responsibleOrganisationId: a.responsibleOrganisationId, dueDate: a.dueDate ?? null,
            status: a.status ?? 'open', completedAt: a.status === 'done' ? new Date() : null,
          })));
        }
        await writeAudit(trx, ctx, { action: 'meeting.created', targetType: 'meeting', targetId: m!.id, details: { committeeId, agendaItems: input.agenda.length, actionItems: input.actionItems.length } });
        return meetingOut(trx, m!.id);
      });
    },

    async updateMeeting(actor: Actor, id: string, input: z.infer<typeof MeetingUpdate>, ctx: AuditContext) {
      const [current] = await db.select().from(meetings).where(eq(meetings.id, id)).limit(1);
      if (!current) throw new AppError('MEETING_NOT_FOUND');
      await managedCommittee(actor, current.committeeId);
      await checkOrganisations(db, (input.guests ?? []).map((g, i) => ({ id: g.organisationId, path: `guests.${i}.organisationId` })));
      const { version, agenda, attendeeMemberIds, guests, resolutions, ...changes } = input;
      return db.transaction(async (trx) => {
        const attendees = attendeeMemberIds ? await checkAttendees(trx, current.committeeId, attendeeMemberIds) : undefined;
        staleUnless((await trx.update(meetings).set({ ...changes, version: sql`${meetings.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(meetings.id, id), eq(meetings.version, version))).returning({ id: meetings.id }))[0]);
        await writeMeetingLists(trx, id, { agenda, guests, resolutions, attendees }, true);
        await writeAudit(trx, ctx, { action: 'meeting.updated', targetType: 'meeting', targetId: id, details: { committeeId: current.committeeId, fields: Object.keys(input).filter((k) => k !== 'version') } });
        return meetingOut(trx, id);
      });
    },

    // ------------------------------------------------------------ action items
    async addActionItem(actor: Actor, meetingId: string, input: z.infer<typeof ActionItemCreate>, ctx: AuditContext) {
      const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId)).limit(1);
      if (!m) throw new AppError('MEETING_NOT_FOUND');
      await managedCommittee(actor, m.committeeId);
      await checkOrganisations(db, [{ id: input.responsibleOrganisationId, path: 'responsibleOrganisationId' }]);
      return db.transaction(async (trx) => {
        const [row] = await trx.insert(actionItems).values({
          meetingId, committeeId: m.committeeId, text: input.text, responsibleOrganisationId: input.responsibleOrganisationId,
          dueDate: input.dueDate ?? null, status: input.status ?? 'open', completedAt: input.status === 'done' ? new Date() : null,
        }).returning();
        await writeAudit(trx, ctx, { action: 'action_item.created', targetType: 'action_item', targetId: row!.id, details: { committeeId: m.committeeId, meetingId, responsibleOrganisationId: input.responsibleOrganisationId } });
        return (await actionItemsOut(trx, [row!]))[0]!;
      });
    },

    async updateActionItem(actor: Actor, id: string, input: z.infer<typeof ActionItemUpdate>, ctx: AuditContext) {
      const [current] = await db.select().from(actionItems).where(eq(actionItems.id, id)).limit(1);
      if (!current) throw new AppError('NOT_FOUND');
      await managedCommittee(actor, current.committeeId);
      await checkOrganisations(db, [{ id: input.responsibleOrganisationId, path: 'responsibleOrganisationId' }]);
      const { version, ...changes } = input;
      // Done is stamped when it becomes done; reopening or cancelling clears the stamp.
      const completedAt = changes.status === undefined ? {} : changes.status === 'done'
        ? (current.status === 'done' ? {} : { completedAt: new Date() }) : { completedAt: null };
      return db.transaction(async (trx) => {
        const row = staleUnless((await trx.update(actionItems).set({ ...changes, ...completedAt, version: sql`${actionItems.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(actionItems.id, id), eq(actionItems.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'action_item.updated', targetType: 'action_item', targetId: id, details: { committeeId: current.committeeId, fields: Object.keys(changes), status: row.status } });
        return (await actionItemsOut(trx, [row]))[0]!;
      });
    },

    async committeeActionItems(committeeId: string, q: z.infer<typeof ActionItemQuery>) {
      await getCommitteeRow(db, committeeId);
      const today = todayInThailand();
      const rows = await db.select({ a: actionItems, sortKey: sql<string>`(${dueKey})::text` }).from(actionItems).where(and(
        eq(actionItems.committeeId, committeeId),
        q.status ? eq(actionItems.status, q.status) : undefined,
        q.overdue === undefined ? undefined : q.overdue ? overdueCondition(today) : sql`NOT (${overdueCondition(today)})`,
        keysetAfter(dueKey, actionItems.id, decodeCursor(q.cursor)),
      )).orderBy(...keysetOrder(dueKey, actionItems.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.a.id]);
      return { items: await actionItemsOut(db, page.items.map((r) => r.a)), nextCursor: page.nextCursor };
    },

    /**
     * Overdue action items for the caller to chase: those of committees whose secretariat is the
     * caller's organisation; network managers also see every committee they may edit.
     */
    async overdue(actor: Actor, q: Page) {
      const today = todayInThailand();
      const manager = actor.permissions.has('network.manage');
      const visible = manager && actor.scope === 'national' ? undefined
        : or(
          eq(committees.secretariatOrganisationId, actor.organisationId),
          manager && actor.scope === 'province' && actor.provinceCode ? eq(committees.provinceCode, actor.provinceCode) : undefined,
        );
      const rows = await db.select({ a: actionItems, c: committees, meetingDate: meetings.meetingDate, sortKey: sql<string>`(${dueKey})::text` })
        .from(actionItems)
        .innerJoin(committees, eq(committees.id, actionItems.committeeId))
        .innerJoin(meetings, eq(meetings.id, actionItems.meetingId))
        .where(and(overdueCondition(today), visible, keysetAfter(dueKey, actionItems.id, decodeCursor(q.cursor))))
        .orderBy(...keysetOrder(dueKey, actionItems.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.a.id]);
      const items = await actionItemsOut(db, page.items.map((r) => r.a));
      return {
        items: items.map((a, i) => {
          const { c, meetingDate } = page.items[i]!;
          return {
            ...a, meetingDate, daysOverdue: daysBetween(a.dueDate!, today),
            committee: { id: c.id, kind: c.kind as Committee['kind'], provinceCode: code(c.provinceCode), nameTh: c.nameTh, nameEn: c.nameEn },
          };
        }),
        nextCursor: page.nextCursor,
      };
    },
  };
}

function overdueCondition(today: string): SQL {
  // Never NULL (an undated item is simply not overdue), so NOT (…) lists undated items too.
  return sql`(${actionItems.dueDate} IS NOT NULL AND ${actionItems.dueDate} < ${today}::date AND ${actionItems.status} IN ('open', 'in_progress'))`;
}
